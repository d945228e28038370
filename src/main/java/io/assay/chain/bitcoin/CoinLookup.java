package io.assay.chain.bitcoin;

import java.util.List;

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
 * <p>Implementations: {@link CoreHistory} (Bitcoin Core: the blocks themselves, all of them or, with
 * {@code getblockfilter}, only those whose BIP 158 filter matches).
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
     * @param unspent outputs paying the scripts and not spent by block {@code to}, in chain order
     * @param paid    the scripts that received any output in the range (spent or not): their children are used
     * @param blocksRead blocks fetched to answer (for logs and tests)
     */
    record History(List<Coin> unspent, List<byte[]> paid, long blocksRead) {
    }
}
