package io.assay.chain.bitcoin;

import com.fasterxml.jackson.databind.JsonNode;
import io.assay.chain.rpc.JsonRpcClient;
import io.assay.chain.rpc.RpcException;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * BIP 158 basic filters of a run of blocks from Bitcoin Core ({@code getblockfilter <hash>}, one JSON-RPC batch per
 * run; the node needs {@code -blockfilterindex=1}), checked against the filter header chain: the header of each
 * block must equal {@code sha256d(sha256d(filter) || previous header)}, from the header of the block before the run
 * (the zero header before the genesis block). So no filter of the run can be skipped or altered without the headers
 * disagreeing. Headers computed here are remembered by block hash (a bounded map), and a run whose parent header was
 * computed earlier must start from that same header, so consecutive runs chain to each other too.
 *
 * <p>Thread-safe.
 */
final class BlockFilters {
    private static final HexFormat HEX = HexFormat.of();
    private static final int REMEMBERED = 4096;

    private final BitcoinRpc rpc;
    private final Map<String, byte[]> headers = new ConcurrentHashMap<>();

    BlockFilters(BitcoinRpc rpc) {
        this.rpc = rpc;
    }

    /** A block's filter and the block hash (internal byte order) that keys it. */
    record Filter(String hash, CompactFilter filter, byte[] key) {
        boolean matchesAny(List<byte[]> scripts) {
            return filter.matchesAny(key, scripts);
        }
    }

    /**
     * Filters of blocks {@code hashes} (consecutive, in chain order), whose parent is {@code parentHash} (null for a
     * run starting at the genesis block).
     *
     * @throws RpcException if the node has no filter index (not retryable: a configuration error) or its filters and
     *                      headers do not chain (retried, possibly on another endpoint)
     */
    List<Filter> filters(String parentHash, List<String> hashes) {
        List<JsonNode> answers = rpc.pool().call("getblockfilter " + hashes.size() + " blocks", c -> {
            List<JsonRpcClient.Call> calls = new ArrayList<>(hashes.size() + 1);
            if (parentHash != null) {
                calls.add(new JsonRpcClient.Call("getblockfilter", parentHash, "basic"));
            }
            for (String h : hashes) {
                calls.add(new JsonRpcClient.Call("getblockfilter", h, "basic"));
            }
            try {
                return c.batch(calls);
            } catch (RpcException e) {
                if (e.code() == -1 && String.valueOf(e.getMessage()).contains("not enabled")) {
                    throw new RpcException(c.label() + ": getblockfilter: the node has no block filter index (start"
                            + " Bitcoin Core with -blockfilterindex=1, or set backfill: full)", e.httpStatus(),
                            e.code(), false, 0, e);
                }
                throw e;
            }
        });
        byte[] previous;
        int at = 0;
        if (parentHash == null) {
            previous = new byte[32];
        } else {
            previous = CompactFilter.fromRpcHex(text(answers.get(0), "header"));
            byte[] known = headers.get(parentHash);
            if (known != null && !Arrays.equals(known, previous)) {
                throw RpcException.malformed("getblockfilter " + parentHash + ": filter header differs from the one"
                        + " computed from the filters before it", null);
            }
            at = 1;
        }
        List<Filter> out = new ArrayList<>(hashes.size());
        for (int i = 0; i < hashes.size(); i++) {
            JsonNode a = answers.get(at + i);
            byte[] serialized = HEX.parseHex(text(a, "filter"));
            byte[] header = CompactFilter.header(serialized, previous);
            if (!Arrays.equals(header, CompactFilter.fromRpcHex(text(a, "header")))) {
                throw RpcException.malformed("getblockfilter " + hashes.get(i) + ": the filter does not hash to its"
                        + " header (filter header chain broken)", null);
            }
            CompactFilter f;
            try {
                f = CompactFilter.parse(serialized);
            } catch (IllegalArgumentException e) {
                throw RpcException.malformed("getblockfilter " + hashes.get(i) + ": " + e.getMessage(), e);
            }
            out.add(new Filter(hashes.get(i), f, CompactFilter.fromRpcHex(hashes.get(i))));
            previous = header;
        }
        if (headers.size() > REMEMBERED) {
            headers.clear();
        }
        headers.put(hashes.get(hashes.size() - 1), previous);
        return out;
    }

    private static String text(JsonNode n, String field) {
        JsonNode v = n == null ? null : n.get(field);
        if (v == null || !v.isTextual()) {
            throw RpcException.malformed("getblockfilter answer lacks " + field, null);
        }
        return v.asText();
    }
}
