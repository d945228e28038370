package io.assay.chain.bitcoin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.assay.chain.rpc.JsonRpcClient;
import io.assay.devnet.BitcoinNode;

import java.io.IOException;
import java.io.OutputStream;
import java.math.BigDecimal;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A stand-in Esplora server for tests: there is no Esplora (electrs) server on this machine, so this small server,
 * written for the tests, serves the part of Esplora's documented HTTP API (Blockstream/esplora API.md) that Assay
 * uses, answering from a real litecoind regtest node: {@code /blocks/tip/height}, {@code /blocks/tip/hash},
 * {@code /block-height/:height}, {@code /block/:hash}, {@code /block/:hash/header}, {@code /block/:hash/raw},
 * {@code /scripthash/:hash/txs/chain[/:last_seen_txid]} (25 per page, newest first) and {@code /scripthash/:hash/utxo}.
 * The script index is rebuilt from the node's blocks ({@code getblock <hash> 2}) whenever its best block changes,
 * so reorgs are served as a real server would after catching up.
 *
 * <p>Faults for the client's sake: the next N requests answered 429 with {@code Retry-After}, and the next N raw
 * blocks cut short.
 */
final class EsploraServer implements AutoCloseable {
    private static final HexFormat HEX = HexFormat.of();
    private static final JsonNodeFactory F = JsonNodeFactory.instance;
    static final int PAGE = 25;

    private final BitcoinNode node;
    private final HttpServer server;
    private final ExecutorService pool = Executors.newFixedThreadPool(4);
    private final AtomicInteger throttleNext = new AtomicInteger();
    private final AtomicInteger truncateNext = new AtomicInteger();
    private final AtomicLong served = new AtomicLong();
    private final AtomicLong throttled = new AtomicLong();
    private final AtomicLong truncated = new AtomicLong();
    private Index index;

    EsploraServer(BitcoinNode node) throws IOException {
        this.node = node;
        this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", this::handle);
        server.setExecutor(pool);
        server.start();
    }

    /** The API base URL, as a profile endpoint ({@code esplora+http://...}). */
    String endpoint() {
        return "esplora+" + url();
    }

    URI url() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/api");
    }

    /** The next {@code n} requests are answered 429 with {@code Retry-After: 1}. */
    void throttleNext(int n) {
        throttleNext.set(n);
    }

    /** The next {@code n} raw blocks are cut to half their length. */
    void truncateNext(int n) {
        truncateNext.set(n);
    }

    long served() {
        return served.get();
    }

    long throttled() {
        return throttled.get();
    }

    long truncated() {
        return truncated.get();
    }

    private void handle(HttpExchange ex) throws IOException {
        try (ex) {
            served.incrementAndGet();
            if (throttleNext.getAndUpdate(v -> Math.max(0, v - 1)) > 0) {
                throttled.incrementAndGet();
                ex.getResponseHeaders().add("Retry-After", "1");
                send(ex, 429, "Too Many Requests".getBytes(StandardCharsets.UTF_8), "text/plain");
                return;
            }
            String path = ex.getRequestURI().getPath();
            if (!path.startsWith("/api/")) {
                send(ex, 404, "not found".getBytes(StandardCharsets.UTF_8), "text/plain");
                return;
            }
            String[] p = path.substring(5).split("/");
            try {
                route(ex, p);
            } catch (RuntimeException e) {
                send(ex, 404, String.valueOf(e.getMessage()).getBytes(StandardCharsets.UTF_8), "text/plain");
            }
        }
    }

    private void route(HttpExchange ex, String[] p) throws IOException {
        JsonRpcClient rpc = node.rpc();
        if (p.length == 3 && p[0].equals("blocks") && p[1].equals("tip") && p[2].equals("height")) {
            text(ex, rpc.call("getblockcount").asText());
        } else if (p.length == 3 && p[0].equals("blocks") && p[1].equals("tip") && p[2].equals("hash")) {
            text(ex, rpc.call("getbestblockhash").asText());
        } else if (p.length == 2 && p[0].equals("block-height")) {
            long h = Long.parseLong(p[1]);
            if (h > rpc.call("getblockcount").asLong()) {
                send(ex, 404, "Block not found".getBytes(StandardCharsets.UTF_8), "text/plain");
                return;
            }
            text(ex, rpc.call("getblockhash", h).asText());
        } else if (p.length == 2 && p[0].equals("block")) {
            JsonNode b = rpc.call("getblock", p[1], 1);
            ObjectNode o = F.objectNode();
            o.put("id", b.path("hash").asText());
            o.put("height", b.path("height").asLong());
            o.put("version", b.path("version").asLong());
            o.put("timestamp", b.path("time").asLong());
            o.put("tx_count", b.path("nTx").asLong());
            o.put("size", b.path("size").asLong());
            o.put("weight", b.path("weight").asLong());
            o.put("merkle_root", b.path("merkleroot").asText());
            o.put("previousblockhash", b.path("previousblockhash").asText(null));
            o.put("nonce", b.path("nonce").asLong());
            o.put("bits", Long.parseLong(b.path("bits").asText(), 16));
            o.put("difficulty", b.path("difficulty").decimalValue());
            json(ex, o);
        } else if (p.length == 3 && p[0].equals("block") && p[2].equals("header")) {
            text(ex, rpc.call("getblockheader", p[1], false).asText());
        } else if (p.length == 3 && p[0].equals("block") && p[2].equals("raw")) {
            byte[] raw = HEX.parseHex(rpc.call("getblock", p[1], 0).asText());
            if (truncateNext.getAndUpdate(v -> Math.max(0, v - 1)) > 0) {
                raw = java.util.Arrays.copyOf(raw, raw.length / 2);
                truncated.incrementAndGet();
            }
            send(ex, 200, raw, "application/octet-stream");
        } else if (p.length >= 4 && p[0].equals("scripthash") && p[2].equals("txs") && p[3].equals("chain")) {
            List<Index.Tx> txs = index().byScript.getOrDefault(p[1], List.of());
            int start = 0;
            if (p.length == 5) {
                start = -1;
                for (int i = 0; i < txs.size(); i++) {
                    if (txs.get(i).txid.equals(p[4])) {
                        start = i + 1;
                    }
                }
                if (start < 0) {
                    send(ex, 400, "unknown last_seen_txid".getBytes(StandardCharsets.UTF_8), "text/plain");
                    return;
                }
            }
            ArrayNode out = F.arrayNode();
            for (int i = start; i < txs.size() && i < start + PAGE; i++) {
                out.add(txs.get(i).json);
            }
            json(ex, out);
        } else if (p.length == 3 && p[0].equals("scripthash") && p[2].equals("utxo")) {
            Index ix = index();
            ArrayNode out = F.arrayNode();
            for (Index.Tx tx : ix.byScript.getOrDefault(p[1], List.of())) {
                JsonNode vout = tx.json.path("vout");
                for (int i = 0; i < vout.size(); i++) {
                    String op = tx.txid + ":" + i;
                    if (ix.unspent.containsKey(op) && sha256Hex(vout.get(i).path("scriptpubkey").asText()).equals(p[1])) {
                        ObjectNode u = F.objectNode();
                        u.put("txid", tx.txid);
                        u.put("vout", i);
                        u.set("status", tx.json.path("status"));
                        u.put("value", vout.get(i).path("value").asLong());
                        out.add(u);
                    }
                }
            }
            json(ex, out);
        } else {
            send(ex, 404, "unknown path".getBytes(StandardCharsets.UTF_8), "text/plain");
        }
    }

    /** Transactions by script hash, newest first, and the unspent outputs, of the node's best chain now. */
    private static final class Index {
        record Tx(String txid, ObjectNode json) {
        }

        final String best;
        final Map<String, List<Tx>> byScript = new HashMap<>();
        final Map<String, Object[]> unspent = new LinkedHashMap<>();

        Index(String best) {
            this.best = best;
        }
    }

    private synchronized Index index() {
        JsonRpcClient rpc = node.rpc();
        String best = rpc.call("getbestblockhash").asText();
        if (index != null && index.best.equals(best)) {
            return index;
        }
        Index ix = new Index(best);
        Map<String, Object[]> outputs = new HashMap<>(); // outpoint -> {script hex, sats, type}
        long tip = rpc.call("getblockheader", best).path("height").asLong();
        Map<String, List<Index.Tx>> oldestFirst = new HashMap<>();
        for (long h = 0; h <= tip; h++) {
            String hash = rpc.call("getblockhash", h).asText();
            JsonNode b = rpc.call("getblock", hash, 2);
            for (JsonNode tx : b.path("tx")) {
                ObjectNode t = F.objectNode();
                String txid = tx.path("txid").asText();
                t.put("txid", txid);
                t.put("version", tx.path("version").asLong());
                t.put("locktime", tx.path("locktime").asLong());
                ArrayNode vin = t.putArray("vin");
                java.util.Set<String> touched = new java.util.LinkedHashSet<>();
                for (JsonNode in : tx.path("vin")) {
                    ObjectNode i = vin.addObject();
                    boolean coinbase = in.has("coinbase");
                    i.put("txid", coinbase ? "0".repeat(64) : in.path("txid").asText());
                    i.put("vout", coinbase ? 4294967295L : in.path("vout").asLong());
                    i.put("is_coinbase", coinbase);
                    i.put("scriptsig", coinbase ? in.path("coinbase").asText() : in.path("scriptSig").path("hex").asText());
                    i.put("sequence", in.path("sequence").asLong());
                    ArrayNode w = i.putArray("witness");
                    for (JsonNode x : in.path("txinwitness")) {
                        w.add(x.asText());
                    }
                    if (coinbase) {
                        i.putNull("prevout");
                        continue;
                    }
                    String op = in.path("txid").asText() + ":" + in.path("vout").asLong();
                    Object[] prev = outputs.get(op);
                    ix.unspent.remove(op);
                    if (prev == null) {
                        i.putNull("prevout"); // an output of the genesis block cannot be spent; nothing else is unknown
                        continue;
                    }
                    ObjectNode po = i.putObject("prevout");
                    po.put("scriptpubkey", (String) prev[0]);
                    po.put("scriptpubkey_type", (String) prev[2]);
                    po.put("value", (Long) prev[1]);
                    touched.add(sha256Hex((String) prev[0]));
                }
                ArrayNode vout = t.putArray("vout");
                for (JsonNode o : tx.path("vout")) {
                    String script = o.path("scriptPubKey").path("hex").asText();
                    long sats = new BigDecimal(o.path("value").asText()).movePointRight(8).longValueExact();
                    String type = type(o.path("scriptPubKey").path("type").asText());
                    ObjectNode v = vout.addObject();
                    v.put("scriptpubkey", script);
                    v.put("scriptpubkey_type", type);
                    v.put("value", sats);
                    String op = txid + ":" + o.path("n").asLong();
                    outputs.put(op, new Object[]{script, sats, type});
                    if (h > 0) {
                        ix.unspent.put(op, new Object[]{script, sats});
                    }
                    touched.add(sha256Hex(script));
                }
                t.put("size", tx.path("size").asLong());
                t.put("weight", tx.path("weight").asLong());
                ObjectNode status = t.putObject("status");
                status.put("confirmed", true);
                status.put("block_height", h);
                status.put("block_hash", hash);
                status.put("block_time", b.path("time").asLong());
                for (String sh : touched) {
                    oldestFirst.computeIfAbsent(sh, k -> new ArrayList<>()).add(new Index.Tx(txid, t));
                }
            }
        }
        oldestFirst.forEach((sh, l) -> {
            List<Index.Tx> r = new ArrayList<>(l);
            java.util.Collections.reverse(r);
            ix.byScript.put(sh, r);
        });
        index = ix;
        return ix;
    }

    private static String type(String core) {
        return switch (core) {
            case "pubkeyhash" -> "p2pkh";
            case "scripthash" -> "p2sh";
            case "witness_v0_keyhash" -> "v0_p2wpkh";
            case "witness_v0_scripthash" -> "v0_p2wsh";
            case "witness_v1_taproot" -> "v1_p2tr";
            case "nulldata" -> "op_return";
            case "pubkey" -> "p2pk";
            default -> "unknown";
        };
    }

    static String sha256Hex(String scriptHex) {
        try {
            return HEX.formatHex(MessageDigest.getInstance("SHA-256").digest(HEX.parseHex(scriptHex)));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void text(HttpExchange ex, String s) throws IOException {
        send(ex, 200, s.getBytes(StandardCharsets.UTF_8), "text/plain");
    }

    private static void json(HttpExchange ex, JsonNode n) throws IOException {
        send(ex, 200, n.toString().getBytes(StandardCharsets.UTF_8), "application/json");
    }

    private static void send(HttpExchange ex, int status, byte[] body, String type) throws IOException {
        ex.getResponseHeaders().add("Content-Type", type);
        ex.sendResponseHeaders(status, body.length);
        try (OutputStream o = ex.getResponseBody()) {
            o.write(body);
        }
    }

    @Override
    public void close() {
        server.stop(0);
        pool.shutdownNow();
    }
}
