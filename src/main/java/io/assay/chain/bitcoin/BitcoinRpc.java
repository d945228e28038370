package io.assay.chain.bitcoin;

import com.fasterxml.jackson.databind.JsonNode;
import io.assay.chain.BlockRef;
import io.assay.chain.EndpointPool;
import io.assay.chain.rpc.JsonRpcClient;
import io.assay.chain.rpc.RpcException;
import io.assay.config.ChainProfile;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The Bitcoin Core calls the indexer makes, over an {@link EndpointPool} (retries, failover): chain identity,
 * block count, block hashes by height (one JSON-RPC batch per segment), headers, and raw blocks by hash through
 * {@link RestBlocks} (REST, falling back to {@code getblock <hash> 0}). Answers are checked for shape; hashes are
 * lowercase display-order hex. Thread-safe.
 */
public final class BitcoinRpc implements BlockSource {
    private final ChainProfile profile;
    private final EndpointPool pool;
    private final RestBlocks blocks;

    public BitcoinRpc(ChainProfile profile, EndpointPool pool) {
        this.profile = profile;
        this.pool = pool;
        this.blocks = new RestBlocks(profile, pool);
    }

    public EndpointPool pool() {
        return pool;
    }

    RestBlocks blocks() {
        return blocks;
    }

    /** Core's {@code getblockchaininfo.chain} for a profile network. */
    static String coreChain(String network) {
        return switch (network.toLowerCase(Locale.ROOT)) {
            case "mainnet", "main", "bitcoin" -> "main";
            case "testnet", "test", "testnet3" -> "test";
            case "signet" -> "signet";
            case "regtest" -> "regtest";
            default -> throw new IllegalArgumentException("unknown Bitcoin network '" + network + "'");
        };
    }

    /**
     * Every endpoint must report the profile's network ({@code getblockchaininfo.chain}); one reporting another is
     * excluded. (The genesis hash is not compared: the devnet's litecoind regtest has its own genesis block.)
     */
    public void requireNetwork() {
        pool.requireIdentity("chain", c -> text(c.call("getblockchaininfo").path("chain"), "getblockchaininfo.chain"),
                coreChain(profile.network()));
    }

    @Override
    public long tipHeight() {
        return blockCount();
    }

    public long blockCount() {
        return pool.call("getblockcount", c -> {
            JsonNode n = c.call("getblockcount");
            if (!n.canConvertToLong() || n.asLong() < 0) {
                throw RpcException.malformed(c.label() + ": getblockcount answered " + n, null);
            }
            return n.asLong();
        });
    }

    /** Hashes of blocks {@code from..to} of the node's active chain, in one batch. */
    public List<String> blockHashes(long from, long to) {
        return pool.call("getblockhash " + from + "-" + to, c -> {
            List<JsonRpcClient.Call> calls = new ArrayList<>();
            for (long h = from; h <= to; h++) {
                calls.add(new JsonRpcClient.Call("getblockhash", h));
            }
            List<JsonNode> r = c.batch(calls);
            List<String> out = new ArrayList<>(r.size());
            for (int i = 0; i < r.size(); i++) {
                out.add(hash(r.get(i), c, "getblockhash " + (from + i)));
            }
            return out;
        });
    }

    /**
     * The 80-byte headers of blocks {@code hashes} ({@code getblockheader <hash> false}, one batch), each checked to
     * hash to its hash.
     */
    public List<byte[]> headers(List<String> hashes) {
        return pool.call("getblockheader " + hashes.size() + " blocks", c -> {
            List<JsonRpcClient.Call> calls = new ArrayList<>(hashes.size());
            for (String h : hashes) {
                calls.add(new JsonRpcClient.Call("getblockheader", h, false));
            }
            List<JsonNode> r = c.batch(calls);
            List<byte[]> out = new ArrayList<>(r.size());
            for (int i = 0; i < r.size(); i++) {
                String hex = r.get(i).asText("");
                byte[] h;
                try {
                    h = java.util.HexFormat.of().parseHex(hex);
                } catch (IllegalArgumentException e) {
                    h = new byte[0];
                }
                if (h.length != 80 || !BitcoinChainReader.reversedHex(CompactFilter.sha256d(h), 0).equals(hashes.get(i))) {
                    throw RpcException.malformed(c.label() + ": getblockheader " + hashes.get(i) + " answered a header"
                            + " that is not that block's", null);
                }
                out.add(h);
            }
            return out;
        });
    }

    /** The block at {@code height} from the pool, or null if the node's chain is shorter. */
    public BlockRef block(long height) {
        return pool.call("block " + height, c -> block(c, height));
    }

    /** The block at {@code height} from one endpoint, or null if its chain is shorter. */
    public static BlockRef block(JsonRpcClient c, long height) {
        String hash;
        try {
            hash = hash(c.call("getblockhash", height), c, "getblockhash " + height);
        } catch (RpcException e) {
            if (e.code() == -8) {
                return null; // "Block height out of range"
            }
            throw e;
        }
        JsonNode h = c.call("getblockheader", hash, true);
        if (!h.isObject() || h.path("height").asLong(-1) != height || !hash.equals(h.path("hash").asText())) {
            throw RpcException.malformed(c.label() + ": getblockheader " + hash + " does not describe block " + height
                    + " (chain moving?)", null);
        }
        String prev = height == 0 ? "" : text(h.path("previousblockhash"), "previousblockhash");
        return new BlockRef(height, hash, prev, h.path("time").asLong() * 1000L);
    }

    /** Raw bytes of block {@code hash} (not yet verified). */
    @Override
    public byte[] rawBlock(String hash) {
        return pool.call("block " + hash, c -> blocks.block(c, hash));
    }

    private static String hash(JsonNode n, JsonRpcClient c, String what) {
        String s = n == null ? "" : n.asText("");
        if (s.length() != 64 || !s.chars().allMatch(ch -> (ch >= '0' && ch <= '9') || (ch >= 'a' && ch <= 'f'))) {
            throw RpcException.malformed(c.label() + ": " + what + " answered '" + s + "', not a block hash", null);
        }
        return s;
    }

    private static String text(JsonNode n, String what) {
        if (n == null || !n.isTextual()) {
            throw RpcException.malformed("answer lacks " + what, null);
        }
        return n.asText();
    }
}
