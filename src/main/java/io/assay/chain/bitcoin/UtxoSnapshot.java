package io.assay.chain.bitcoin;

import java.util.List;
import java.util.Map;

/**
 * The indexer's tracked UTXO set at one committed height, copied for a reconciliation that runs on another thread.
 *
 * @param chain        chain profile name
 * @param height       the committed height it describes
 * @param hash         that block's hash (display-order hex)
 * @param utxos        every tracked UTXO: outpoint (36 bytes, serialized form), satoshis, counting sources
 * @param scriptOwners for every watched script (lowercase hex), the sources an output paying it counts for
 * @param balances     each source's indexed balance at {@code height}, satoshis
 */
record UtxoSnapshot(String chain, long height, String hash, List<Utxo> utxos, Map<String, int[]> scriptOwners,
                    long[] balances) {

    record Utxo(byte[] outpoint, long sats, int[] owners) {
    }
}
