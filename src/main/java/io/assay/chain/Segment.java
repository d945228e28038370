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

    /**
     * Every block of the segment at which it changes a tracked value, ascending, with its hash (an all-zero hash when
     * the family does not know it) and indexed time; it may list more blocks. The loop logs them, so an answer as of a
     * moment can name the block its values come from on every node alike (docs/consistent-cut.md).
     */
    default List<BlockRef> changedBlocks() {
        return List.of();
    }

    /**
     * The segment's first block ({@link #from()}) with its hash and time, if the family read it; null otherwise. The
     * chain's first segment logs it: the chain's start, from which every series has a value (zero before any change).
     */
    default BlockRef firstBlock() {
        return null;
    }

    /** Chain events (EVM: Transfer logs) the segment applies, for rates. */
    long events();
}
