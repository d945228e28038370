package io.assay.chain.bitcoin;

import java.util.List;
import java.util.Map;

/**
 * Finds the coins that already exist for scripts newly added to the watch set: when a gap window grows, the
 * children it reaches may have been paid while they were beyond it (and, later, when a reserve's list of scripts
 * changes, a script added to it may hold coins already). The writer asks, applies what is returned at the block
 * where the scripts were added, and counts it from there.
 *
 * <p>The answer is the <em>history</em> of the scripts over blocks {@code from..to} of one chain: every output that
 * paid them, and which of those are still unspent after block {@code to}. A backend that cannot give the history of
 * exactly that chain throws {@link io.assay.chain.rpc.RpcException} (retried) rather than guess.
 *
 * <p>The answer also holds each script's <em>balance history</em> over the range ({@link History#balances()}): its
 * balance after every block that changed it, counting only outputs created from block {@code from} on (as the
 * indexer does). A reserve set's member that enters late gets its balance series filled from it
 * (docs/reserve-sets.md).
 *
 * <p>Implementations: {@link CoreHistory} (Bitcoin Core: the blocks themselves, all of them or, with
 * {@code getblockfilter}, only those whose BIP 158 filter matches) and {@link EsploraClient} (the scripts' confirmed
 * transactions).
 */
public interface CoinLookup {
    /**
     * @param scripts scriptPubKeys to look up (raw bytes)
     * @param from    first height to search (the chain's start height: nothing before it is ever counted)
     * @param to      last height to search
     * @param toHash  hash of block {@code to} as the indexer has it (display hex); the answer must be of that chain
     */
    History history(List<byte[]> scripts, long from, long to, String toHash);

    /**
     * An unspent output.
     *
     * @param outpoint serialized outpoint: 32-byte txid (internal byte order) and 4-byte little-endian index
     * @param height   height of the block that created it
     */
    record Coin(byte[] outpoint, byte[] script, long sats, long height) {
    }

    /**
     * A script's balance after block {@code height} (whose hash is {@code blockHash}, display hex), in satoshis.
     */
    record Step(long height, String blockHash, long balance) {
    }

    /**
     * @param unspent    outputs paying the scripts and not spent by block {@code to}, in chain order
     * @param paid       the scripts that received any output in the range (spent or not): their children are used
     * @param blocksRead blocks fetched to answer (for logs and tests)
     * @param balances   per script (hex) that any block of the range changed: its balance after each such block,
     *                   heights ascending, each differing from the one before (a script absent held nothing)
     */
    record History(List<Coin> unspent, List<byte[]> paid, long blocksRead, Map<String, List<Step>> balances) {
        History(List<Coin> unspent, List<byte[]> paid, long blocksRead) {
            this(unspent, paid, blocksRead, Map.of());
        }
    }
}
