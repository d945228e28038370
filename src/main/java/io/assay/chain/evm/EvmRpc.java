package io.assay.chain.evm;

import com.fasterxml.jackson.databind.JsonNode;
import io.assay.chain.BlockRef;
import io.assay.chain.EndpointPool;
import io.assay.chain.Tip;
import io.assay.chain.rpc.JsonRpcClient;
import io.assay.chain.rpc.RpcException;
import io.assay.config.Finality;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The EVM JSON-RPC calls the indexer makes, over an {@link EndpointPool}: typed answers, shape-checked, with
 * requests for many blocks sent as JSON-RPC batches of at most {@code batchSize} calls.
 */
public final class EvmRpc {
    private final EndpointPool pool;
    private final int batchSize;

    public EvmRpc(EndpointPool pool, int batchSize) {
        this.pool = pool;
        this.batchSize = Math.max(1, batchSize);
    }

    public EndpointPool pool() {
        return pool;
    }

    /** Excludes endpoints on another chain; halts if none is left (see {@link EndpointPool#requireIdentity}). */
    public void requireChainId(long chainId) {
        pool.requireIdentity("chain id", c -> EvmHex.hex(EvmHex.quantity(c.call("eth_chainId").asText())),
                EvmHex.hex(chainId));
    }

    public Tip tip(Finality finality) {
        if (!finality.byTag()) {
            long head = pool.call("eth_blockNumber", c -> EvmHex.quantity(c.call("eth_blockNumber").asText()));
            return new Tip(head, head - finality.confirmations());
        }
        return pool.call("tip", c -> {
            List<JsonNode> r = c.batch(List.of(new JsonRpcClient.Call("eth_blockNumber"),
                    new JsonRpcClient.Call("eth_getBlockByNumber", finality.tag(), false)));
            long head = EvmHex.quantity(text(r.get(0), "eth_blockNumber"));
            JsonNode tagged = r.get(1);
            long fin = tagged == null || tagged.isNull() ? -1 : EvmHex.quantity(text(tagged.get("number"), "number"));
            return new Tip(head, Math.min(head, fin));
        });
    }

    /** The block at {@code height} from the pool, or null if the endpoint does not have it. */
    public BlockRef block(long height) {
        return pool.call("block " + height, c -> block(c, height));
    }

    /** The block at {@code height} from one endpoint, or null if it does not have it. */
    public static BlockRef block(JsonRpcClient c, long height) {
        return parseBlock(c.call("eth_getBlockByNumber", EvmHex.hex(height), false), height);
    }

    /** Blocks at {@code heights} (each must exist), in the same order, fetched in batches. */
    public List<BlockRef> blocks(List<Long> heights) {
        List<BlockRef> out = new ArrayList<>(heights.size());
        for (int i = 0; i < heights.size(); i += batchSize) {
            List<Long> part = heights.subList(i, Math.min(heights.size(), i + batchSize));
            out.addAll(pool.call("blocks " + part.get(0) + "..", c -> {
                List<JsonRpcClient.Call> calls = new ArrayList<>(part.size());
                for (long h : part) {
                    calls.add(new JsonRpcClient.Call("eth_getBlockByNumber", EvmHex.hex(h), false));
                }
                List<JsonNode> r = c.batch(calls);
                List<BlockRef> refs = new ArrayList<>(part.size());
                for (int k = 0; k < part.size(); k++) {
                    BlockRef b = parseBlock(r.get(k), part.get(k));
                    if (b == null) {
                        throw new InconsistentAnswerException(c.label() + ": block " + part.get(k)
                                + " is not known (endpoint behind the others?)");
                    }
                    refs.add(b);
                }
                return refs;
            }));
        }
        return out;
    }

    static BlockRef parseBlock(JsonNode b, long expectHeight) {
        if (b == null || b.isNull()) {
            return null;
        }
        if (!b.isObject()) {
            throw RpcException.malformed("eth_getBlockByNumber: answer is not an object", null);
        }
        long n = EvmHex.quantity(text(b.get("number"), "block number"));
        if (expectHeight >= 0 && n != expectHeight) {
            throw RpcException.malformed("eth_getBlockByNumber(" + expectHeight + ") answered block " + n, null);
        }
        try {
            return new BlockRef(n, text(b.get("hash"), "block hash"), text(b.get("parentHash"), "parentHash"),
                    EvmHex.quantity(text(b.get("timestamp"), "timestamp")) * 1000);
        } catch (IllegalArgumentException e) {
            throw RpcException.malformed("eth_getBlockByNumber(" + n + "): " + e.getMessage(), e);
        }
    }

    /**
     * Transfer logs of {@code tokens} in {@code [from, to]} whose {@code side} topic is one of {@code parties},
     * as per-block changes. A range the endpoint refuses as too large throws {@link RangeRefusedException}.
     */
    List<BlockChange> transfers(EvmTracking tracking, TransferLogReader.Side side, long from, long to,
                                List<String> parties, long[] logCount) {
        Map<String, Object> filter = new LinkedHashMap<>();
        filter.put("fromBlock", EvmHex.hex(from));
        filter.put("toBlock", EvmHex.hex(to));
        List<String> addresses = tracking.tokens().stream().map(EvmTracking.Token::address).toList();
        filter.put("address", addresses);
        List<Object> topics = new ArrayList<>();
        topics.add(EvmHex.TRANSFER_TOPIC);
        if (side == TransferLogReader.Side.FROM) {
            topics.add(parties);
        } else {
            topics.add(null);
            topics.add(parties);
        }
        filter.put("topics", topics);
        return pool.call("eth_getLogs " + from + "-" + to, c -> {
            TransferLogReader reader = new TransferLogReader(tracking, side, from, to);
            try {
                List<BlockChange> out = c.stream("eth_getLogs", reader, filter);
                logCount[0] = reader.logs();
                return out == null ? List.of() : out;
            } catch (RpcException e) {
                if (!(e instanceof InconsistentAnswerException) && AdaptiveRange.isRangeError(e)) {
                    throw new RangeRefusedException(e);
                }
                throw e;
            }
        });
    }

    /**
     * A block parameter pinned to one block by hash (EIP-1898): the answer then describes exactly that block,
     * whichever endpoint serves it, or fails if the endpoint does not have it.
     */
    public static Object at(BlockRef b) {
        return Map.of("blockHash", "0x" + b.hash());
    }

    /** A block parameter by number. */
    public static Object at(long height) {
        return EvmHex.hex(height);
    }

    /** One {@code eth_call} per (to, data) at {@code block}, raw hex answers ({@code 0x} = no code), batched. */
    public List<String> rawCalls(List<String[]> toAndData, Object block) {
        List<String> out = new ArrayList<>(toAndData.size());
        for (int i = 0; i < toAndData.size(); i += batchSize) {
            List<String[]> part = toAndData.subList(i, Math.min(toAndData.size(), i + batchSize));
            out.addAll(pool.call("eth_call x" + part.size(), c -> {
                List<JsonRpcClient.Call> calls = new ArrayList<>();
                for (String[] td : part) {
                    calls.add(new JsonRpcClient.Call("eth_call", Map.of("to", td[0], "data", td[1]), block));
                }
                List<String> values = new ArrayList<>();
                for (JsonNode n : c.batch(calls)) {
                    values.add(text(n, "eth_call result"));
                }
                return values;
            }));
        }
        return out;
    }

    /** {@code eth_getLogs} of {@code addresses} with a first topic in {@code topics0}, blocks {@code [from, to]}. */
    public List<JsonNode> logs(long from, long to, List<String> addresses, List<String> topics0) {
        Map<String, Object> filter = new LinkedHashMap<>();
        filter.put("fromBlock", EvmHex.hex(from));
        filter.put("toBlock", EvmHex.hex(to));
        filter.put("address", addresses);
        filter.put("topics", List.of(topics0));
        return pool.call("eth_getLogs", c -> {
            JsonNode r = c.call("eth_getLogs", filter);
            if (r == null || !r.isArray()) {
                throw RpcException.malformed("expected eth_getLogs result as an array, found " + r, null);
            }
            List<JsonNode> out = new ArrayList<>();
            r.forEach(out::add);
            return out;
        });
    }

    /** One {@code eth_call} per (to, data) at its own block parameter {@code blocks[i]}, raw hex answers, batched. */
    public List<String> rawCallsAt(List<String[]> toAndData, List<Object> blocks) {
        List<String> out = new ArrayList<>(toAndData.size());
        for (int i = 0; i < toAndData.size(); i += batchSize) {
            int end = Math.min(toAndData.size(), i + batchSize);
            List<String[]> part = toAndData.subList(i, end);
            List<Object> at = blocks.subList(i, end);
            out.addAll(pool.call("eth_call x" + part.size(), c -> {
                List<JsonRpcClient.Call> calls = new ArrayList<>();
                for (int k = 0; k < part.size(); k++) {
                    calls.add(new JsonRpcClient.Call("eth_call", Map.of("to", part.get(k)[0], "data", part.get(k)[1]),
                            at.get(k)));
                }
                List<String> values = new ArrayList<>();
                for (JsonNode n : c.batch(calls)) {
                    values.add(text(n, "eth_call result"));
                }
                return values;
            }));
        }
        return out;
    }

    /** One {@code eth_call} per (to, data) at {@code block}, each a uint256 (no code = 0), batched. */
    public List<BigInteger> calls(List<String[]> toAndData, Object block) {
        return rawCalls(toAndData, block).stream().map(EvmHex::word).toList();
    }

    /** Native balances: {@code holders[i]} at block parameter {@code blocks[i]} (see {@link #at}), batched. */
    public List<BigInteger> balances(List<String> holders, List<Object> heights) {
        List<BigInteger> out = new ArrayList<>(holders.size());
        for (int i = 0; i < holders.size(); i += batchSize) {
            int end = Math.min(holders.size(), i + batchSize);
            List<String> hs = holders.subList(i, end);
            List<Object> ns = heights.subList(i, end);
            out.addAll(pool.call("eth_getBalance x" + hs.size(), c -> {
                List<JsonRpcClient.Call> calls = new ArrayList<>();
                for (int k = 0; k < hs.size(); k++) {
                    calls.add(new JsonRpcClient.Call("eth_getBalance", hs.get(k), ns.get(k)));
                }
                List<BigInteger> values = new ArrayList<>();
                for (JsonNode n : c.batch(calls)) {
                    values.add(EvmHex.bigQuantity(text(n, "eth_getBalance result")));
                }
                return values;
            }));
        }
        return out;
    }

    static String text(JsonNode n, String what) {
        if (n == null || !n.isTextual()) {
            throw RpcException.malformed("expected " + what + " as a string, found " + n, null);
        }
        return n.asText();
    }
}
