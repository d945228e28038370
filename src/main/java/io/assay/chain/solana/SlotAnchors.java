package io.assay.chain.solana;

import io.assay.chain.BlockRef;
import io.assay.chain.rpc.RpcException;
import org.bitcoinj.base.Base58;
import org.bitcoinj.base.exceptions.AddressFormatException;

import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Gives every slot a {@link BlockRef} for the indexer loop, although many Solana slots have no block (skipped):
 * the <em>anchor</em> of slot {@code s} is the last produced block at or below {@code s}; its hash, parent hash
 * and time become those of {@code s}, with {@code s} as height. A Solana block's {@code previousBlockhash} is
 * the hash of the previous produced block, so a segment starting at {@code s + 1} links to the anchor of
 * {@code s} exactly as an EVM segment links to its parent block.
 *
 * <p>Slots below the node's first available block anchor to a zero hash and the first block's time (nothing
 * about them can be read, and the indexer only commits there when a chain's history starts before the
 * node's). Hashes are the base58 blockhash decoded to 32 bytes, as lowercase hex.
 */
final class SlotAnchors {
    static final String ZERO_HASH = "00".repeat(32);
    private static final int CACHE = 256;
    /** {@code getBlocks} refuses ranges wider than this on real nodes. */
    private static final long MAX_RANGE = 500_000;

    private final Map<Long, BlockRef> cache = new ConcurrentHashMap<>();
    private volatile long firstAvailable = -1;
    private volatile long floorTime;

    /** Reads the node's first available block and its time. */
    void prepare(SolanaRpc rpc) {
        long first = rpc.call("getFirstAvailableBlock", SolanaClient::firstAvailableBlock);
        Long t = null;
        try {
            t = rpc.blockTime(first);
        } catch (RpcException e) {
            if (e.retryable()) {
                throw e;
            }
            // an old first block without a recorded time: anchors below it get time 0
        }
        floorTime = t == null ? 0 : t * 1000;
        firstAvailable = first;
        cache.clear();
    }

    long firstAvailable() {
        return firstAvailable;
    }

    /** The anchor of {@code slot} (which must not be above the final tip), through the pool with caching. */
    BlockRef anchor(SolanaRpc rpc, long slot) {
        BlockRef c = cache.get(slot);
        if (c != null) {
            return c;
        }
        BlockRef r = lookup(rpc, slot);
        if (cache.size() >= CACHE) {
            cache.clear();
        }
        cache.put(slot, r);
        return r;
    }

    /** The anchor of {@code slot} from {@code rpc} without the cache (cross-checks ask each endpoint anew). */
    BlockRef lookup(SolanaRpc rpc, long slot) {
        long first = firstAvailable;
        if (first < 0) {
            throw new IllegalStateException("anchors used before prepare()");
        }
        if (slot < first) {
            return new BlockRef(slot, ZERO_HASH, "", floorTime);
        }
        long hi = slot;
        long width = 64;
        long found = -1;
        while (found < 0) {
            long lo = Math.max(first, hi - width + 1);
            List<Long> blocks = rpc.blocks(lo, hi);
            if (!blocks.isEmpty()) {
                found = blocks.get(blocks.size() - 1);
            } else if (lo == first) {
                return new BlockRef(slot, ZERO_HASH, "", floorTime);
            } else {
                hi = lo - 1;
                width = Math.min(width * 16, MAX_RANGE);
            }
        }
        SolanaClient.BlockHeader h = rpc.header(found);
        if (h == null) {
            throw RpcException.malformed("slot " + found + " is listed by getBlocks but getBlock says it was skipped"
                    + " (endpoint inconsistent)", null);
        }
        Long t = h.blockTime() != null ? h.blockTime() : rpc.blockTime(found);
        if (t == null) {
            throw RpcException.malformed("block " + found + " has no block time", null);
        }
        return new BlockRef(slot, hex(h.blockhash()), hex(h.previousBlockhash()), t * 1000);
    }

    /** A base58 32-byte hash as lowercase hex. */
    static String hex(String base58) {
        byte[] b;
        try {
            b = Base58.decode(base58);
        } catch (AddressFormatException e) {
            throw RpcException.malformed("blockhash is not base58: '" + base58 + "'", e);
        }
        if (b.length != 32) {
            throw RpcException.malformed("blockhash '" + base58 + "' is " + b.length + " bytes, expected 32", null);
        }
        return HexFormat.of().formatHex(b);
    }
}
