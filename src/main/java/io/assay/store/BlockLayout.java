package io.assay.store;

/**
 * How a series' points are split into blocks of the data file. A point is a 32-byte record
 * {@code height:long | time:long | hi:long | lo:long} (little endian). Block {@code k} of a series holds
 * {@code 4 << k} records for {@code k < 8} and 1024 records from then on, so a series of one point costs 128 bytes
 * and a series of ten million points needs under ten thousand blocks (the in-memory index stays small and a search
 * ends in one block of at most 32 KiB). Point {@code i} of a series lives in block {@link #blockOf(long)} at
 * {@code i - start(block)}. Part of format version 1.
 */
final class BlockLayout {
    static final int RECORD = 32;
    static final int MIN_SHIFT = 2;
    static final int MAX_SHIFT = 10;
    /** Blocks of growing size before the blocks of {@code 1 << MAX_SHIFT} records. */
    static final int GROWING = MAX_SHIFT - MIN_SHIFT;
    /** Index of the first point of block {@link #GROWING}. */
    static final long GROWING_POINTS = (1L << MAX_SHIFT) - (1L << MIN_SHIFT);
    static final int MAX_BLOCK_BYTES = RECORD << MAX_SHIFT;
    /**
     * Points between two marks of the in-memory time sub-index ({@link SeriesState.BlockIndex#marks}): point
     * {@code i} is marked when {@code i + 4} is a multiple of 64, i.e. every 64th point of a block from its first.
     */
    static final int MARK_SHIFT = 6;

    private BlockLayout() {
    }

    /** Records in block {@code k}. */
    static int capacity(int k) {
        return k < GROWING ? 1 << (MIN_SHIFT + k) : 1 << MAX_SHIFT;
    }

    static int bytes(int k) {
        return capacity(k) * RECORD;
    }

    /** Index of the first point of block {@code k}. */
    static long start(int k) {
        return k <= GROWING
                ? (1L << (MIN_SHIFT + k)) - (1L << MIN_SHIFT)
                : GROWING_POINTS + ((long) (k - GROWING) << MAX_SHIFT);
    }

    /** The block holding point {@code index}. */
    static int blockOf(long index) {
        if (index < GROWING_POINTS) {
            return 63 - Long.numberOfLeadingZeros((index >>> MIN_SHIFT) + 1);
        }
        return GROWING + (int) ((index - GROWING_POINTS) >>> MAX_SHIFT);
    }

    /** Whether point {@code index} has a mark (blocks start at {@code 2^k - 4}, so marks line up with blocks). */
    static boolean marked(long index) {
        return ((index + (1 << MIN_SHIFT)) & ((1 << MARK_SHIFT) - 1)) == 0;
    }

    /** Slot of point {@code index} in the marks array (for a marked point; block {@code k}'s first when {@code k >= 4}). */
    static int markSlot(long index) {
        return (int) ((index + (1 << MIN_SHIFT)) >>> MARK_SHIFT);
    }

    /** Length of the marks array of an index with room for {@code blocks} blocks (covers every marked point). */
    static int marks(int blocks) {
        return blocks == 0 ? 0 : markSlot(start(blocks));
    }

    /** Blocks needed for {@code count} points. */
    static int blocksFor(long count) {
        return count == 0 ? 0 : blockOf(count - 1) + 1;
    }
}
