package io.assay.chain.bitcoin;

import io.assay.chain.BlockRef;
import io.assay.chain.BlockSpan;

import java.util.ArrayList;
import java.util.List;

/**
 * Blocks {@code [from, to]} of a Bitcoin chain as fetched and verified: each block's raw bytes, linked by parent
 * hashes, with its scan for tracked outputs. An <em>initial</em> segment ({@link #initial}) holds no block, only the
 * block before the start height, at which the indexer writes its starting values.
 *
 * <h2>Times</h2>
 * Commit points carry {@link BlockClock indexed times} (never decreasing). They depend on the blocks applied before
 * this segment, so {@link #commits()} resolves them on its first call, from the writer's clock: the indexer loop
 * calls it on its own thread only once every earlier segment has been applied. Until then the segment holds only
 * header times.
 */
public final class BitcoinSegment extends BlockSpan {
    final List<FetchedBlock> blocks;
    private final BlockRef initialRef;
    private final boolean dense;
    private final BlockClock clock;
    private List<BlockRef> commits;
    private long[] times;
    /** Index into {@link #blocks} of the next block to apply (the writer's progress). */
    int applied;

    BitcoinSegment(long from, long to, String parentHash, List<FetchedBlock> blocks, boolean dense, BlockClock clock) {
        super(from, to, parentHash, transactions(blocks));
        this.blocks = List.copyOf(blocks);
        this.initialRef = null;
        this.dense = dense;
        this.clock = clock;
    }

    private static long transactions(List<FetchedBlock> blocks) {
        long n = 0;
        for (FetchedBlock b : blocks) {
            n += b.txCount;
        }
        return n;
    }

    private BitcoinSegment(BlockRef initial, BlockClock clock) {
        super(initial.height(), initial.height(), initial.parentHash(), 0);
        this.blocks = List.of();
        this.initialRef = initial;
        this.dense = true;
        this.clock = clock;
    }

    /** The block before the start height, with {@code ref.time()} in milliseconds of its header. */
    static BitcoinSegment initial(BlockRef ref, BlockClock clock) {
        return new BitcoinSegment(ref, clock);
    }

    boolean isInitial() {
        return initialRef != null;
    }

    @Override
    public synchronized List<BlockRef> commits() {
        if (commits == null) {
            long t = clock.current();
            if (initialRef != null) {
                t = Math.max(t, initialRef.time());
                times = new long[]{t};
                commits = List.of(new BlockRef(initialRef.height(), initialRef.hash(), initialRef.parentHash(), t));
                return commits;
            }
            times = new long[blocks.size()];
            List<BlockRef> c = new ArrayList<>();
            for (int i = 0; i < blocks.size(); i++) {
                FetchedBlock b = blocks.get(i);
                t = Math.max(t, b.headerTime * 1000L);
                times[i] = t;
                if (dense || i == blocks.size() - 1) {
                    c.add(new BlockRef(b.height, b.hash, b.prevHash, t));
                }
            }
            commits = List.copyOf(c);
        }
        return commits;
    }

    /** Every block of the segment (the initial segment: the block before the start height), with indexed times. */
    @Override
    public synchronized List<BlockRef> changedBlocks() {
        List<BlockRef> c = commits();
        if (initialRef != null || dense) {
            return c;
        }
        List<BlockRef> out = new ArrayList<>(blocks.size());
        for (int i = 0; i < blocks.size(); i++) {
            FetchedBlock b = blocks.get(i);
            out.add(new BlockRef(b.height, b.hash, b.prevHash, times[i]));
        }
        return out;
    }

    /** Indexed time of block {@code i} (after {@link #commits()} resolved them). */
    synchronized long time(int i) {
        commits();
        return times[i];
    }

    /** Bytes of raw block data held. */
    long bytes() {
        long n = 0;
        for (FetchedBlock b : blocks) {
            n += b.raw.length;
        }
        return n;
    }

    @Override
    public String toString() {
        return describe(blocks.size() + " blocks, " + events() + " transactions");
    }
}
