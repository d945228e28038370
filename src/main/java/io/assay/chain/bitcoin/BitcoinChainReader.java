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
    private final TrackedScripts tracked;
    private final BlockClock clock;
    private final ThreadLocal<BlockScanner> scanners = ThreadLocal.withInitial(BlockScanner::new);
    private volatile double averageBlockBytes = 64 * 1024;

    public BitcoinChainReader(ChainProfile profile, BitcoinRpc rpc, TrackedScripts tracked, BlockClock clock) {
        this.profile = profile;
        this.rpc = rpc;
        this.tracked = tracked;
        this.clock = clock;
    }

    public BitcoinRpc rpc() {
        return rpc;
    }

    /** Blocks fetched over REST since start. */
    public long blocksViaRest() {
        return rpc.blocks().viaRest();
    }

    /** Blocks fetched with {@code getblock} over JSON-RPC since start (REST off or failing). */
    public long blocksViaRpc() {
        return rpc.blocks().viaRpc();
    }

    @Override
    public void prepare() {
        rpc.requireNetwork();
    }

    @Override
    public Tip tip() {
        long head = rpc.blockCount();
        return new Tip(head, head - profile.finality().confirmations());
    }

    @Override
    public BlockRef block(long height) {
        return rpc.block(height);
    }

    @Override
    public BlockRef block(JsonRpcClient client, long height) {
        return BitcoinRpc.block(client, height);
    }

    @Override
    public BitcoinSegment initial(long height) {
        BlockRef b = rpc.block(height);
        if (b == null) {
            throw new RpcException(profile.name() + ": block " + height + " (before the start height) is not known yet",
                    0, 0, true, 0, null);
        }
        return BitcoinSegment.initial(b, clock);
    }

    @Override
    public BitcoinSegment fetch(long from, long to, boolean dense) {
        List<String> hashes = rpc.blockHashes(from, to);
        List<FetchedBlock> blocks = new ArrayList<>(hashes.size());
        BlockScanner scanner = scanners.get();
        long bytes = 0;
        for (int i = 0; i < hashes.size(); i++) {
            long height = from + i;
            String hash = hashes.get(i);
            byte[] raw = rpc.rawBlock(hash);
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
        if (!blocks.isEmpty()) {
            double avg = (double) bytes / blocks.size();
            averageBlockBytes = averageBlockBytes * 0.5 + avg * 0.5;
        }
        return new BitcoinSegment(from, to, blocks.get(0).prevHash, blocks, dense, clock);
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
