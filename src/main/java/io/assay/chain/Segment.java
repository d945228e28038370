package io.assay.chain;

import java.util.List;

/**
 * A fetched, self-consistent run of blocks {@code [from, to]} ready to apply in order. The family decides what
 * it holds; the indexer loop only needs its ends and its commit points.
 */
public interface Segment {
    long from();

    long to();

    /** Hash of the parent of block {@code from}: must equal the recorded hash at {@code from - 1}. */
    String parentHash();

    /**
     * Blocks at which the store is committed, ascending, the last being {@code to}. Near the head every block
     * is a commit point (so a reorg can be rolled back to the exact common ancestor); deep in a backfill only
     * {@code to} is.
     */
    List<BlockRef> commits();

    /** Chain events (EVM: Transfer logs) the segment applies, for rates. */
    long events();
}
