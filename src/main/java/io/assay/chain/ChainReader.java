package io.assay.chain;

import io.assay.chain.rpc.JsonRpcClient;

/**
 * A chain family's read side for {@link ChainIndexer}: everything that talks to the nodes. Implementations
 * are thread-safe: the loop fetches several segments in parallel.
 *
 * @param <S> the family's segment type
 */
public interface ChainReader<S extends Segment> {
    /**
     * Checks to run before indexing and again after an endpoint change: chain identity, profile facts (an
     * EVM token's decimals). Throws {@link ChainHaltedException} when indexing must not start, or an
     * {@link io.assay.chain.rpc.RpcException} to be retried.
     */
    void prepare();

    Tip tip();

    /** The block at {@code height} from the pool (with retries and failover), or null if unknown. */
    BlockRef block(long height);

    /** The block at {@code height} from one endpoint (a cross-check), or null if that endpoint lacks it. */
    BlockRef block(JsonRpcClient client, long height);

    /**
     * The tracked values as they stand at {@code height}, for a chain whose indexing starts at
     * {@code height + 1}: a segment with {@code from == to == height} and one commit point.
     */
    S initial(long height);

    /**
     * Fetches {@code [from, to]}. With {@code dense} every block is a commit point (near the head); without,
     * only {@code to}. Throws if the answers are inconsistent (the chain moved while it was read).
     */
    S fetch(long from, long to, boolean dense);

    /** Blocks the next sparse segment should cover (adaptive). */
    long span();

    /** Blocks a dense segment may cover at most. */
    int denseSpan();
}
