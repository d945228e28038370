package io.assay.chain.bitcoin;

import io.assay.chain.BlockRef;
import io.assay.chain.ChainReader;
import io.assay.chain.Tip;
import io.assay.chain.rpc.JsonRpcClient;
import io.assay.chain.rpc.RpcException;
import io.assay.config.ChainProfile;

import java.util.ArrayList;
import java.util.List;

/**
 * Reads a Bitcoin chain for {@link io.assay.chain.ChainIndexer}: hashes of a segment's heights in one JSON-RPC
 * batch, then each block's raw bytes by hash (REST, or {@code getblock <hash> 0}), verified and scanned for outputs
 * paying tracked scripts on the fetch thread, so that parsing runs in parallel and the writer only applies.
 *
 * <p>A segment is self-consistent or it is not returned: every block must hash to the hash asked for, carry a Merkle
 * root covering its transactions, and name the previous block of the segment as its parent; otherwise the chain
 * moved while it was read (retried) or the endpoint served something else (retried on another endpoint).
 *
 * <p>Finality: a block is final with {@code confirmations} blocks on top of it ({@code finalized = head -
 * confirmations}; Core's {@code confirmations} field counts the block itself, so it shows one more).
 */
public final class BitcoinChainReader implements ChainReader<BitcoinSegment> {
    /** Raw block bytes a sparse segment aims for (spans adapt to the observed block size). */
    static final long TARGET_SEGMENT_BYTES = 4L << 20;
    static final int MAX_SPAN = 1000;

    private final ChainProfile profile;
    private final BitcoinRpc rpc;
    private final BlockSource source;
    private final TrackedScripts tracked;
    private final BlockClock clock;
    private final BlockFilters filters;
    private final java.util.concurrent.atomic.AtomicLong skipped = new java.util.concurrent.atomic.AtomicLong();
    private final java.util.concurrent.atomic.AtomicLong fetched = new java.util.concurrent.atomic.AtomicLong();
    private final ThreadLocal<BlockScanner> scanners = ThreadLocal.withInitial(BlockScanner::new);
    private volatile double averageBlockBytes = 64 * 1024;

    public BitcoinChainReader(ChainProfile profile, BitcoinRpc rpc, TrackedScripts tracked, BlockClock clock) {
        this(profile, rpc, tracked, clock, null);
    }

    /**
     * @param filters compact block filters to skip blocks with ({@code backfill: filters}), or null to read every
     *                block
     */
    public BitcoinChainReader(ChainProfile profile, BitcoinRpc rpc, TrackedScripts tracked, BlockClock clock,
                              BlockFilters filters) {
        this(profile, rpc, rpc, tracked, clock, filters);
    }

    /**
     * @param rpc    the Core endpoints, or null when blocks come from elsewhere
     * @param source where blocks come from (Core: {@code rpc} itself; Esplora)
     */
    BitcoinChainReader(ChainProfile profile, BitcoinRpc rpc, BlockSource source, TrackedScripts tracked,
                       BlockClock clock, BlockFilters filters) {
        this.profile = profile;
        this.rpc = rpc;
        this.source = source;
        this.tracked = tracked;
        this.clock = clock;
        this.filters = filters;
    }

    /** Blocks whose raw bytes were fetched since start. */
    public long blocksFetched() {
        return fetched.get();
    }

    /** Blocks skipped because their compact filter matched no watched script, since start. */
    public long blocksSkipped() {
        return skipped.get();
    }

    public BitcoinRpc rpc() {
        return rpc;
    }

    /** Blocks fetched over REST since start. */
    public long blocksViaRest() {
        return rpc == null ? 0 : rpc.blocks().viaRest();
    }

    /** Blocks fetched with {@code getblock} over JSON-RPC since start (REST off or failing). */
    public long blocksViaRpc() {
        return rpc == null ? 0 : rpc.blocks().viaRpc();
    }

    @Override
    public void prepare() {
        source.requireNetwork();
    }

    @Override
    public Tip tip() {
        long head = source.tipHeight();
        return new Tip(head, head - profile.finality().confirmations());
    }

    @Override
    public BlockRef block(long height) {
        return source.block(height);
    }

    @Override
    public BlockRef block(JsonRpcClient client, long height) {
        if (rpc == null) {
            throw RpcException.malformed(profile.name() + ": endpoints of this chain are not cross-checked over"
                    + " JSON-RPC", null);
        }
        return BitcoinRpc.block(client, height);
    }

    @Override
    public BitcoinSegment initial(long height) {
        BlockRef b = source.block(height);
        if (b == null) {
            throw new RpcException(profile.name() + ": block " + height + " (before the start height) is not known yet",
                    0, 0, true, 0, null);
        }
        return BitcoinSegment.initial(b, clock);
    }

    @Override
    public BitcoinSegment fetch(long from, long to, boolean dense) {
        if (filters != null) {
            return fetchFiltered(from, to, dense);
        }
        List<String> hashes = source.blockHashes(from, to);
        List<FetchedBlock> blocks = new ArrayList<>(hashes.size());
        BlockScanner scanner = scanners.get();
        long bytes = 0;
        for (int i = 0; i < hashes.size(); i++) {
            long height = from + i;
            String hash = hashes.get(i);
            byte[] raw = source.rawBlock(hash);
            FetchedBlock b;
            try {
                b = scanner.read(height, hash, raw, tracked.table());
            } catch (BlockFormatException e) {
                throw RpcException.malformed(profile.name() + ": block " + height + " " + hash + ": " + e.getMessage(), e);
            }
            if (i > 0 && !b.prevHash.equals(blocks.get(i - 1).hash)) {
                throw new RpcException(profile.name() + ": block " + height + " " + hash + " does not extend block "
                        + (height - 1) + " " + blocks.get(i - 1).hash + " (chain moving)", 0, 0, true, 0, null);
            }
            blocks.add(b);
            bytes += raw.length;
        }
        fetched.addAndGet(blocks.size());
        if (!blocks.isEmpty()) {
            double avg = (double) bytes / blocks.size();
            averageBlockBytes = averageBlockBytes * 0.5 + avg * 0.5;
        }
        return new BitcoinSegment(from, to, blocks.get(0).prevHash, blocks, dense, clock);
    }

    /**
     * A segment read with compact filters: the hashes and headers of every block (one batch each), the filters with
     * their header chain checked ({@link BlockFilters}), and the raw bytes only of blocks whose filter matches a
     * watched script, a look-ahead script of a ranged descriptor, or (the same set) the script of a tracked unspent
     * output, so blocks that spend one are read too. The others are kept as header-only blocks that carry their
     * filter: the writer asks it again if the watched scripts changed by the time it applies them.
     */
    private BitcoinSegment fetchFiltered(long from, long to, boolean dense) {
        List<String> all = rpc.blockHashes(Math.max(0, from - 1), to);
        String parent = from == 0 ? null : all.get(0);
        List<String> hashes = from == 0 ? all : all.subList(1, all.size());
        List<byte[]> headers = rpc.headers(hashes);
        List<BlockFilters.Filter> fs = filters.filters(parent, hashes);
        ScriptTable table = tracked.table();
        List<byte[]> scripts = new ArrayList<>(table.size() + 64);
        scripts.addAll(table.scripts());
        scripts.addAll(tracked.lookaheadSnapshot());
        List<FetchedBlock> blocks = new ArrayList<>(hashes.size());
        BlockScanner scanner = scanners.get();
        long bytes = 0;
        int read = 0;
        for (int i = 0; i < hashes.size(); i++) {
            long height = from + i;
            String hash = hashes.get(i);
            byte[] h = headers.get(i);
            String prev = reversedHex(h, 4);
            String expectedPrev = i > 0 ? hashes.get(i - 1) : parent;
            if (expectedPrev != null && !prev.equals(expectedPrev)) {
                throw new RpcException(profile.name() + ": block " + height + " " + hash + " does not extend block "
                        + (height - 1) + " " + expectedPrev + " (chain moving)", 0, 0, true, 0, null);
            }
            FetchedBlock b;
            if (fs.get(i).matchesAny(scripts)) {
                b = fetchOne(scanner, height, hash, table);
                bytes += b.raw.length;
                read++;
            } else {
                long time = (h[68] & 0xffL) | (h[69] & 0xffL) << 8 | (h[70] & 0xffL) << 16 | (h[71] & 0xffL) << 24;
                b = FetchedBlock.skipped(height, hash, prev, time, fs.get(i), table);
            }
            blocks.add(b);
        }
        fetched.addAndGet(read);
        skipped.addAndGet(hashes.size() - read);
        if (read > 0) {
            averageBlockBytes = averageBlockBytes * 0.5 + (double) bytes / read * 0.5;
        }
        return new BitcoinSegment(from, to, blocks.get(0).prevHash, blocks, dense, clock);
    }

    /** Display hex of the 32 bytes at {@code off} (internal byte order). */
    static String reversedHex(byte[] b, int off) {
        byte[] r = new byte[32];
        for (int i = 0; i < 32; i++) {
            r[i] = b[off + 31 - i];
        }
        return java.util.HexFormat.of().formatHex(r);
    }

    /** One block's raw bytes, verified and scanned with {@code table}. */
    FetchedBlock fetchOne(BlockScanner scanner, long height, String hash, ScriptTable table) {
        byte[] raw = source.rawBlock(hash);
        try {
            return scanner.read(height, hash, raw, table);
        } catch (BlockFormatException e) {
            throw RpcException.malformed(profile.name() + ": block " + height + " " + hash + ": " + e.getMessage(), e);
        }
    }

    /**
     * The block a filter skipped, if the scripts watched now may be in it (the writer calls this when the watch set
     * changed after the filter was matched); null if the filter still matches none of them.
     */
    FetchedBlock refetchIfMatching(FetchedBlock skippedBlock, ScriptTable now, BlockScanner scanner) {
        List<byte[]> scripts = new ArrayList<>(now.scripts());
        scripts.addAll(tracked.lookaheadSnapshot());
        if (!skippedBlock.filter.matchesAny(scripts)) {
            return null;
        }
        FetchedBlock b = fetchOne(scanner, skippedBlock.height, skippedBlock.hash, now);
        if (!b.prevHash.equals(skippedBlock.prevHash)) {
            throw RpcException.malformed(profile.name() + ": block " + b.height + " " + b.hash + " names another parent"
                    + " than its header did", null);
        }
        fetched.incrementAndGet();
        return b;
    }

    @Override
    public long span() {
        long s = (long) (TARGET_SEGMENT_BYTES / Math.max(1, averageBlockBytes));
        return Math.max(1, Math.min(MAX_SPAN, s));
    }

    @Override
    public int denseSpan() {
        return Math.max(1, profile.limits().batchSize());
    }
}
