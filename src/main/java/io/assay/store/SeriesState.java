package io.assay.store;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * In-memory state of one series: its committed watermark, its block index and the writer's view of its tail.
 *
 * <p>Ownership: everything but {@code committed} and {@code version} belongs to the writer thread of the series'
 * chain. Readers on other threads acquire {@code committed} and then read only points below it and blocks below
 * {@code blocksFor(committed)}, all written before the matching release. A truncation (reorg) bumps {@code version}
 * before any committed point is overwritten; a reader that sees {@code version} change during a read retries.
 */
final class SeriesState {
    private static final VarHandle COMMITTED;
    private static final VarHandle VERSION;

    static {
        try {
            MethodHandles.Lookup l = MethodHandles.lookup();
            COMMITTED = l.findVarHandle(SeriesState.class, "committed", long.class);
            VERSION = l.findVarHandle(SeriesState.class, "version", long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /**
     * Block addresses and first point of each block, and the time sub-index. Arrays are replaced (copied) on growth;
     * final fields make a racy read of a newer index safe, and entries below the watermark were written before its
     * release.
     */
    static final class BlockIndex {
        final long[] addr;
        final long[] firstTime;
        final long[] firstHeight;
        /** Entry number of the block in blocks.dat. */
        final long[] entry;
        /**
         * Time sub-index, in memory only: slot {@link BlockLayout#markSlot} of every marked point (every 64th point of
         * a block, {@link BlockLayout#marked}) holds its time, or {@link #UNKNOWN}. Written with the point by the
         * writer; a store opens with every slot unknown (opening reads no point) and a search fills a block's slots
         * from the records the first time it needs them ({@link SeriesIo#search}). Only a guide for the search, which
         * checks every answer against the records: a slot past the committed points, or one a racing rollback left
         * stale, costs time, never a wrong answer.
         */
        final long[] marks;

        BlockIndex(int capacity) {
            this(new long[capacity], new long[capacity], new long[capacity], new long[capacity],
                    unknownMarks(new long[BlockLayout.marks(capacity)], 0));
        }

        private BlockIndex(long[] addr, long[] firstTime, long[] firstHeight, long[] entry, long[] marks) {
            this.addr = addr;
            this.firstTime = firstTime;
            this.firstHeight = firstHeight;
            this.entry = entry;
            this.marks = marks;
        }

        BlockIndex grow(int capacity) {
            return new BlockIndex(java.util.Arrays.copyOf(addr, capacity), java.util.Arrays.copyOf(firstTime, capacity),
                    java.util.Arrays.copyOf(firstHeight, capacity), java.util.Arrays.copyOf(entry, capacity),
                    unknownMarks(java.util.Arrays.copyOf(marks, BlockLayout.marks(capacity)), marks.length));
        }

        /** A mark not known yet (no block time is this small). */
        static final long UNKNOWN = Long.MIN_VALUE;

        private static long[] unknownMarks(long[] marks, int from) {
            java.util.Arrays.fill(marks, from, marks.length, UNKNOWN);
            return marks;
        }
    }

    final int id;
    final SeriesKey key;
    final ChainCommitState chain;

    @SuppressWarnings("unused") // accessed through COMMITTED
    private long committed;
    @SuppressWarnings("unused") // accessed through VERSION
    private long version;

    /** Blocks allocated to this series (some may lie beyond the points after a truncation). */
    int blocks;
    BlockIndex index = new BlockIndex(2);

    // ---- writer-side tail ----
    /** Points written (committed or not). */
    long written;
    /**
     * Where point {@code written} goes and how many more fit in the same block after it; 0 means "compute it". Any
     * change of {@code written} other than an append must set it to 0.
     */
    long tailAddr;
    int tailRoom;
    /** True while the series is on its chain's dirty list. */
    boolean dirty;
    /** Whether last* mirror point {@code written - 1} (loaded lazily from the data file). */
    boolean lastLoaded;
    long lastHeight;
    long lastTime;
    long lastHi;
    long lastLo;

    SeriesState(int id, SeriesKey key, ChainCommitState chain) {
        this.id = id;
        this.key = key;
        this.chain = chain;
    }

    long committedAcquire() {
        return (long) COMMITTED.getAcquire(this);
    }

    void publish(long count) {
        COMMITTED.setRelease(this, count);
    }

    long versionAcquire() {
        return (long) VERSION.getAcquire(this);
    }

    /** Called before committed points may be overwritten; a full fence keeps later data writes after it. */
    void bumpVersion() {
        VERSION.setVolatile(this, (long) VERSION.getVolatile(this) + 1);
    }

    void addBlock(long addr, long entry) {
        if (blocks == index.addr.length) {
            index = index.grow(blocks * 2);
        }
        index.addr[blocks] = addr;
        index.entry[blocks] = entry;
        blocks++;
    }
}
