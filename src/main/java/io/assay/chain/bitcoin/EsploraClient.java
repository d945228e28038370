package io.assay.chain.bitcoin;

import com.fasterxml.jackson.databind.JsonNode;
import io.assay.chain.BlockRef;
import io.assay.chain.RetryPolicy;
import io.assay.chain.rpc.JsonRpcClient;
import io.assay.chain.rpc.RpcException;
import io.assay.config.ChainProfile;
import io.assay.config.Endpoint;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A Bitcoin chain read from an Esplora HTTP API (Blockstream's and mempool.space's explorers, or a self-hosted
 * electrs), for operators without a Bitcoin Core node of their own: endpoint {@code esplora+https://host/api}.
 *
 * <h2>Blocks</h2>
 * {@code GET /blocks/tip/height}, {@code /block-height/:height} (hash by height), {@code /block/:hash/header} (hex)
 * and {@code /block/:hash/raw} (bytes), which the reader verifies and parses with the same {@link BlockReader} as
 * Core's blocks; finality and reorgs are handled by the same chain loop (hashes compared with the stored chain).
 *
 * <h2>Script history ({@link CoinLookup})</h2>
 * {@code GET /scripthash/:hash/txs/chain[/:last_seen_txid]} (25 confirmed transactions per page, newest first; the
 * script hash is the SHA-256 of the scriptPubKey in hex, not reversed as Electrum's): the outputs paying a script and
 * the inputs spending them, over a height range, whose last block must still be the expected one before and after.
 *
 * <h2>Being a good client of a public host</h2>
 * At most {@code limits.parallelism} requests in flight; every request has {@code limits.timeout}; HTTP 429 and 503
 * wait for {@code Retry-After} (or back off exponentially) and are retried, as are timeouts, refused connections and
 * 5xx answers, up to {@link RetryPolicy#maxAttempts()} within its budget; a short or malformed answer (a truncated
 * block fails to parse, a header not 80 bytes, JSON that is not the documented shape) is retried too. Throttling is
 * counted ({@link #throttled()}) and logged at most once a minute.
 */
public final class EsploraClient implements BlockSource, CoinLookup {
    private static final Logger LOG = Logger.getLogger(EsploraClient.class);
    private static final HexFormat HEX = HexFormat.of();
    /** Genesis block hashes of the public networks (regtest chains have their own). */
    private static final Map<String, String> GENESIS = Map.of(
            "mainnet", "000000000019d6689c085ae165831e934ff763ae46a2a6c172b3f1b60a8ce26f",
            "testnet", "000000000933ea01ad0ee984209779baaec3ced90fa3f408719526f8d77f4943",
            "signet", "00000008819873e925422c1ff0f99f7cc9bbb232af63a077a480a3633bee1ef6");

    private final ChainProfile profile;
    private final String base;
    private final String label;
    private final HttpClient http;
    private final Duration timeout;
    private final RetryPolicy retry;
    private final Semaphore inFlight;
    private final AtomicLong requests = new AtomicLong();
    private final AtomicLong throttled = new AtomicLong();
    private final AtomicLong retried = new AtomicLong();
    private volatile long lastThrottleLog;

    public EsploraClient(ChainProfile profile, Endpoint endpoint, RetryPolicy retry) {
        this.profile = profile;
        String b = endpoint.uri().toString();
        this.base = b.endsWith("/") ? b.substring(0, b.length() - 1) : b;
        this.label = endpoint.redacted();
        this.timeout = profile.limits().timeout();
        this.retry = retry;
        this.inFlight = new Semaphore(Math.max(1, profile.limits().parallelism()));
        this.http = HttpClient.newBuilder().connectTimeout(timeout).followRedirects(HttpClient.Redirect.NORMAL).build();
    }

    /** HTTP requests made (attempts, including retries). */
    public long requests() {
        return requests.get();
    }

    /** Answers 429 or 503 (throttled) received. */
    public long throttled() {
        return throttled.get();
    }

    /** Attempts retried (throttled, timed out, failed or truncated). */
    public long retried() {
        return retried.get();
    }

    @Override
    public void requireNetwork() {
        String expected = GENESIS.get(profile.network().toLowerCase(Locale.ROOT));
        if (expected == null) {
            return; // regtest: no known genesis
        }
        String genesis = hashAt(0);
        if (!expected.equals(genesis)) {
            throw new RpcException(label + ": serves a chain whose genesis block is " + genesis + ", not "
                    + profile.network() + "'s", 0, 0, false, 0, null);
        }
    }

    @Override
    public long tipHeight() {
        String s = text("/blocks/tip/height");
        try {
            long h = Long.parseLong(s.trim());
            if (h < 0) {
                throw new NumberFormatException();
            }
            return h;
        } catch (NumberFormatException e) {
            throw RpcException.malformed(label + ": /blocks/tip/height answered '" + abbreviate(s) + "'", e);
        }
    }

    @Override
    public List<String> blockHashes(long from, long to) {
        List<String> out = new ArrayList<>((int) (to - from + 1));
        for (long h = from; h <= to; h++) {
            String hash = hashAt(h);
            if (hash == null) {
                throw new RpcException(label + ": block " + h + " is not known (chain moving)", 0, 0, true, 0, null);
            }
            out.add(hash);
        }
        return out;
    }

    @Override
    public BlockRef block(long height) {
        String hash = hashAt(height);
        if (hash == null) {
            return null;
        }
        byte[] h = headers(List.of(hash)).get(0);
        String prev = height == 0 ? "" : BitcoinChainReader.reversedHex(h, 4);
        long time = (h[68] & 0xffL) | (h[69] & 0xffL) << 8 | (h[70] & 0xffL) << 16 | (h[71] & 0xffL) << 24;
        return new BlockRef(height, hash, prev, time * 1000L);
    }

    @Override
    public byte[] rawBlock(String hash) {
        return get("/block/" + hash + "/raw", true);
    }

    @Override
    public List<byte[]> headers(List<String> hashes) {
        List<byte[]> out = new ArrayList<>(hashes.size());
        for (String hash : hashes) {
            String hex = text("/block/" + hash + "/header").trim();
            byte[] h;
            try {
                h = HEX.parseHex(hex);
            } catch (IllegalArgumentException e) {
                h = new byte[0];
            }
            if (h.length != 80 || !BitcoinChainReader.reversedHex(CompactFilter.sha256d(h), 0).equals(hash)) {
                throw RpcException.malformed(label + ": /block/" + hash + "/header is not that block's header", null);
            }
            out.add(h);
        }
        return out;
    }

    /** Hash of the block at {@code height} of the server's best chain, or null beyond its tip. */
    String hashAt(long height) {
        byte[] b = get("/block-height/" + height, false);
        if (b == null) {
            return null;
        }
        String s = new String(b, StandardCharsets.UTF_8).trim();
        if (s.length() != 64 || !s.chars().allMatch(c -> (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) {
            throw RpcException.malformed(label + ": /block-height/" + height + " answered '" + abbreviate(s)
                    + "', not a block hash", null);
        }
        return s;
    }

    /**
     * A block as {@code GET /blocks/:start_height} lists it, its header rebuilt from the listed fields and checked to
     * hash to its id.
     */
    record Summary(long height, String hash, String prevHash, long time) {
    }

    /**
     * Hashes, parents and header times of blocks {@code from..to} of the server's best chain, from
     * {@code GET /blocks/:start_height} (10 blocks per answer, newest first: one request per 10 blocks instead of two
     * per block). Every block's header is rebuilt from its fields and must hash to its id, and each must name the one
     * below it as its parent; otherwise the chain moved between requests (retried) or the server is not Esplora.
     */
    List<Summary> summaries(long from, long to) {
        Summary[] out = new Summary[(int) (to - from + 1)];
        long next = to;
        while (next >= from) {
            JsonNode page = json("/blocks/" + next);
            if (!page.isArray() || page.isEmpty()) {
                throw new RpcException(label + ": /blocks/" + next + " listed no block (chain moving?)", 0, 0, true, 0,
                        null);
            }
            long lowest = next + 1;
            for (JsonNode b : page) {
                long h = field(b, "height").asLong(-1);
                if (h > next || h >= lowest || h < 0) {
                    throw RpcException.malformed(label + ": /blocks/" + next + " listed block " + h + " out of order",
                            null);
                }
                lowest = h;
                if (h < from) {
                    break;
                }
                out[(int) (h - from)] = summary(b, h);
            }
            next = lowest - 1;
        }
        for (int i = 0; i < out.length; i++) {
            if (out[i] == null) {
                throw RpcException.malformed(label + ": /blocks skipped block " + (from + i), null);
            }
            if (i > 0 && !out[i].prevHash().equals(out[i - 1].hash())) {
                throw new RpcException(label + ": block " + (from + i) + " " + out[i].hash() + " does not extend block "
                        + (from + i - 1) + " " + out[i - 1].hash() + " (chain moving)", 0, 0, true, 0, null);
            }
        }
        return List.of(out);
    }

    private Summary summary(JsonNode b, long height) {
        String id = field(b, "id").asText();
        JsonNode prevNode = b.get("previousblockhash");
        String prev = prevNode == null || prevNode.isNull() ? null : prevNode.asText();
        byte[] header = new byte[80];
        ByteBuffer w = ByteBuffer.wrap(header).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        try {
            w.putInt((int) field(b, "version").asLong());
            w.put(prev == null ? new byte[32] : CompactFilter.fromRpcHex(prev));
            w.put(CompactFilter.fromRpcHex(field(b, "merkle_root").asText()));
            w.putInt((int) field(b, "timestamp").asLong());
            w.putInt((int) field(b, "bits").asLong());
            w.putInt((int) field(b, "nonce").asLong());
        } catch (IllegalArgumentException e) {
            throw RpcException.malformed(label + ": /blocks listed block " + height + " with malformed fields", e);
        }
        if (!BitcoinChainReader.reversedHex(CompactFilter.sha256d(header), 0).equals(id)) {
            throw RpcException.malformed(label + ": /blocks listed block " + height + " " + abbreviate(id)
                    + " whose fields do not hash to its id", null);
        }
        return new Summary(height, id, prev == null ? "0".repeat(64) : prev, field(b, "timestamp").asLong());
    }

    /**
     * Heights and hashes of the blocks holding a confirmed transaction of {@code script}'s history (paying it or
     * spending from it), ascending, one entry per block: every page of
     * {@code GET /scripthash/:hash/txs/chain[/:last_seen_txid]} until an empty one.
     */
    Touched touched(byte[] script) {
        String hash = scriptHash(script);
        java.util.TreeMap<Long, String> blocks = new java.util.TreeMap<>();
        String last = null;
        Set<String> txids = new HashSet<>();
        while (true) {
            JsonNode page = json("/scripthash/" + hash + "/txs/chain" + (last == null ? "" : "/" + last));
            if (!page.isArray()) {
                throw RpcException.malformed(label + ": /scripthash/" + hash + "/txs/chain is not an array", null);
            }
            if (page.isEmpty()) {
                break;
            }
            for (JsonNode tx : page) {
                String txid = field(tx, "txid").asText();
                if (!txids.add(txid)) {
                    throw RpcException.malformed(label + ": /scripthash/" + hash + "/txs/chain answered " + txid
                            + " twice (last_seen_txid ignored?)", null);
                }
                JsonNode status = field(tx, "status");
                long height = field(status, "block_height").asLong(-1);
                String blockHash = field(status, "block_hash").asText();
                String before = blocks.put(height, blockHash);
                if (height < 0 || (before != null && !before.equals(blockHash))) {
                    throw new RpcException(label + ": /scripthash/" + hash + "/txs/chain: block " + height
                            + " named twice differently (chain moving)", 0, 0, true, 0, null);
                }
                last = txid;
            }
        }
        long[] heights = new long[blocks.size()];
        String[] hashes = new String[blocks.size()];
        int i = 0;
        for (Map.Entry<Long, String> e : blocks.entrySet()) {
            heights[i] = e.getKey();
            hashes[i++] = e.getValue();
        }
        return new Touched(heights, hashes);
    }

    /**
     * The confirmed unspent outputs of {@code scriptsHex} ({@code GET /scripthash/:hash/utxo}, one request per
     * script), as of one tip: the tip is read before and after, and if it moved in between the answers may mix two
     * chain states, so null is returned (the reconciliation is skipped and made again later). Unconfirmed outputs
     * are left out, as {@code scantxoutset} leaves them out.
     */
    UtxoScan utxos(java.util.Collection<String> scriptsHex) {
        long tip = tipHeight();
        String best = hashAt(tip);
        List<UtxoScan.Coin> coins = new ArrayList<>();
        long total = 0;
        for (String hex : scriptsHex) {
            String path = "/scripthash/" + scriptHash(HEX.parseHex(hex)) + "/utxo";
            JsonNode list = json(path);
            if (!list.isArray()) {
                throw RpcException.malformed(label + ": " + path + " is not an array", null);
            }
            for (JsonNode u : list) {
                JsonNode status = field(u, "status");
                if (!field(status, "confirmed").asBoolean(false)) {
                    continue;
                }
                JsonNode v = field(u, "value");
                if (!v.canConvertToExactIntegral() || v.asLong() < 0) {
                    throw RpcException.malformed(label + ": " + path + ": value " + v + " is not a whole number of"
                            + " satoshis", null);
                }
                coins.add(new UtxoScan.Coin(field(u, "txid").asText(), field(u, "vout").asLong(), hex, v.asLong(),
                        field(status, "block_height").asLong()));
                total += v.asLong();
            }
        }
        long after = tipHeight();
        if (after != tip || !best.equals(hashAt(tip))) {
            return null;
        }
        return new UtxoScan(tip, best, coins, total);
    }

    /** Blocks holding a script's confirmed transactions: heights ascending, with their hashes. */
    record Touched(long[] heights, String[] hashes) {
    }

    // ---- script history ----

    /** Esplora's script hash: SHA-256 of the scriptPubKey, hex (not byte-reversed). */
    static String scriptHash(byte[] script) {
        try {
            return HEX.formatHex(MessageDigest.getInstance("SHA-256").digest(script));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public History history(List<byte[]> scripts, long from, long to, String toHash) {
        if (scripts.isEmpty() || to < from) {
            return new History(List.of(), List.of(), 0);
        }
        requireAt(to, toHash);
        Map<ByteBuffer, Coin> created = new LinkedHashMap<>();
        Map<ByteBuffer, Long> spent = new HashMap<>();
        java.util.TreeMap<Long, String> blockHashes = new java.util.TreeMap<>();
        Set<ByteBuffer> paid = new HashSet<>();
        Map<String, Boolean> seen = new HashMap<>();
        long pages = 0;
        for (byte[] script : scripts) {
            String hash = scriptHash(script);
            String hex = HEX.formatHex(script);
            String last = null;
            Set<String> pageTxids = new HashSet<>();
            while (true) {
                JsonNode page = json("/scripthash/" + hash + "/txs/chain" + (last == null ? "" : "/" + last));
                pages++;
                if (!page.isArray()) {
                    throw RpcException.malformed(label + ": /scripthash/" + hash + "/txs/chain is not an array", null);
                }
                boolean older = false;
                for (JsonNode tx : page) {
                    String txid = field(tx, "txid").asText();
                    if (!pageTxids.add(txid)) {
                        throw RpcException.malformed(label + ": /scripthash/" + hash + "/txs/chain answered " + txid
                                + " twice (last_seen_txid ignored?)", null);
                    }
                    long height = field(field(tx, "status"), "block_height").asLong(-1);
                    last = txid;
                    if (height < from) {
                        older = true; // newest first: the rest of the history is older than the range
                        continue;
                    }
                    if (height > to || seen.put(txid + ":" + hex, Boolean.TRUE) != null) {
                        continue;
                    }
                    String blockHash = field(field(tx, "status"), "block_hash").asText();
                    String before = blockHashes.put(height, blockHash);
                    if (before != null && !before.equals(blockHash)) {
                        throw new RpcException(label + ": script histories name block " + height + " twice differently"
                                + " (chain moving)", 0, 0, true, 0, null);
                    }
                    read(tx, txid, height, script, created, spent, paid);
                }
                if (page.isEmpty() || older) {
                    break; // not "fewer than 25": a host may page by another size; an empty page ends it
                }
            }
        }
        requireAt(to, toHash);
        List<Coin> unspent = new ArrayList<>();
        // balances block by block: an output counts from its block until the block spending it (outputs created
        // before the range are not counted, so neither are their spends)
        java.util.TreeMap<Long, List<Coin>> events = new java.util.TreeMap<>();
        for (Map.Entry<ByteBuffer, Coin> e : created.entrySet()) {
            Coin c = e.getValue();
            events.computeIfAbsent(c.height(), k -> new ArrayList<>()).add(c);
            Long at = spent.get(e.getKey());
            if (at == null) {
                unspent.add(c);
            } else {
                events.computeIfAbsent(at, k -> new ArrayList<>()).add(new Coin(c.outpoint(), c.script(), -c.sats(), at));
            }
        }
        BalanceSteps steps = new BalanceSteps();
        for (Map.Entry<Long, List<Coin>> e : events.entrySet()) {
            for (Coin c : e.getValue()) {
                steps.add(c.script(), c.sats());
            }
            steps.endBlock(e.getKey(), blockHashes.get(e.getKey()));
        }
        unspent.sort((a, b) -> Long.compare(a.height(), b.height()));
        List<byte[]> paidList = new ArrayList<>();
        for (ByteBuffer p : paid) {
            paidList.add(p.array());
        }
        LOG.debugf("%s: history of %d scripts in #%d..#%d from %s: %d unspent, %d pages", profile.name(),
                scripts.size(), from, to, label, unspent.size(), pages);
        return new History(unspent, paidList, 0, steps.steps());
    }

    /** One confirmed transaction of a script's history: its outputs paying the script, its inputs spending any. */
    private void read(JsonNode tx, String txid, long height, byte[] script, Map<ByteBuffer, Coin> created,
                      Map<ByteBuffer, Long> spent, Set<ByteBuffer> paid) {
        String hex = HEX.formatHex(script);
        for (JsonNode in : field(tx, "vin")) {
            if (in.path("is_coinbase").asBoolean(false)) {
                continue;
            }
            JsonNode prev = in.get("prevout");
            if (prev != null && hex.equals(prev.path("scriptpubkey").asText())) {
                spent.put(ByteBuffer.wrap(Reconciler.outpoint(field(in, "txid").asText(), field(in, "vout").asLong())),
                        height);
            }
        }
        if (height == 0) {
            return;
        }
        JsonNode vout = field(tx, "vout");
        for (int i = 0; i < vout.size(); i++) {
            JsonNode o = vout.get(i);
            if (!hex.equals(field(o, "scriptpubkey").asText())) {
                continue;
            }
            JsonNode v = field(o, "value");
            if (!v.canConvertToExactIntegral() || v.asLong() < 0) {
                throw RpcException.malformed(label + ": transaction " + txid + " output " + i + " value " + v
                        + " is not a whole number of satoshis", null);
            }
            if (script.length > 10_000 || (script.length > 0 && (script[0] & 0xff) == 0x6a)) {
                continue;
            }
            byte[] outpoint = Reconciler.outpoint(txid, i);
            paid.add(ByteBuffer.wrap(script));
            created.put(ByteBuffer.wrap(outpoint), new Coin(outpoint, script, v.asLong(), height));
        }
    }

    private void requireAt(long height, String hash) {
        String now = hashAt(height);
        if (!hash.equals(now)) {
            throw new RpcException(label + ": block " + height + " is no longer " + hash + " (chain moving) while"
                    + " reading script history", 0, 0, true, 0, null);
        }
    }

    private JsonNode field(JsonNode n, String name) {
        JsonNode v = n == null ? null : n.get(name);
        if (v == null || v.isNull()) {
            throw RpcException.malformed(label + ": answer lacks '" + name + "' (not Esplora's documented shape)", null);
        }
        return v;
    }

    // ---- HTTP ----

    private String text(String path) {
        byte[] b = get(path, false);
        if (b == null) {
            throw RpcException.malformed(label + ": " + path + " not found", null);
        }
        return new String(b, StandardCharsets.UTF_8);
    }

    private JsonNode json(String path) {
        byte[] b = get(path, false);
        if (b == null) {
            throw RpcException.malformed(label + ": " + path + " not found", null);
        }
        try {
            return JsonRpcClient.json().readTree(b);
        } catch (IOException e) {
            throw RpcException.malformed(label + ": " + path + " answered malformed JSON (truncated?)", e);
        }
    }

    /**
     * GET {@code path} with retries: the body, or null for 404 (a block height beyond the tip, an unknown hash).
     *
     * @param binary whether the answer is binary (then its length must equal Content-Length when given)
     */
    private byte[] get(String path, boolean binary) {
        long deadline = System.nanoTime() + retry.budget().toNanos();
        RpcException last = null;
        for (int attempt = 1; attempt <= retry.maxAttempts(); attempt++) {
            if (attempt > 1) {
                retried.incrementAndGet();
            }
            long pauseNanos;
            try {
                return once(path, binary);
            } catch (RpcException e) {
                if (!e.retryable()) {
                    throw e;
                }
                last = e;
                pauseNanos = e.retryAfterMillis() > 0 ? e.retryAfterMillis() * 1_000_000L : retry.backoffNanos(attempt);
            }
            if (System.nanoTime() + pauseNanos - deadline > 0) {
                break;
            }
            try {
                Thread.sleep(Duration.ofNanos(pauseNanos)); // backoff between attempts, not synchronisation
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw RpcException.transport(label + ": interrupted", e);
            }
        }
        throw new RpcException(label + ": GET " + path + " failed: " + last.getMessage(), last.httpStatus(),
                last.code(), true, 0, last);
    }

    private byte[] once(String path, boolean binary) {
        HttpRequest req = HttpRequest.newBuilder(URI.create(base + path)).timeout(timeout).GET().build();
        HttpResponse<byte[]> resp;
        try {
            inFlight.acquire();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw RpcException.transport(label + ": interrupted", e);
        }
        try {
            requests.incrementAndGet();
            resp = http.send(req, HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw RpcException.transport(label + ": GET " + path + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw RpcException.transport(label + ": interrupted", e);
        } finally {
            inFlight.release();
        }
        int status = resp.statusCode();
        if (status == 200) {
            byte[] body = resp.body();
            long declared = resp.headers().firstValueAsLong("Content-Length").orElse(-1);
            if (declared >= 0 && declared != body.length) {
                throw RpcException.malformed(label + ": GET " + path + ": " + body.length + " of " + declared
                        + " bytes (truncated)", null);
            }
            if (binary && body.length == 0) {
                throw RpcException.malformed(label + ": GET " + path + ": empty answer", null);
            }
            return body;
        }
        if (status == 404) {
            return null;
        }
        long retryAfter = resp.headers().firstValue("Retry-After").map(EsploraClient::seconds).orElse(0L);
        if (status == 429 || status == 503) {
            throttled.incrementAndGet();
            long now = System.currentTimeMillis();
            if (now - lastThrottleLog > 60_000) {
                lastThrottleLog = now;
                LOG.warnf("%s: %s throttles requests (HTTP %d, Retry-After %s ms); %d throttled so far",
                        profile.name(), label, status, retryAfter, throttled.get());
            }
        }
        if (status == 429 || status == 408 || status >= 500) {
            throw RpcException.http(status, label + ": GET " + path + ": HTTP " + status, retryAfter);
        }
        throw new RpcException(label + ": GET " + path + ": HTTP " + status + " "
                + abbreviate(new String(resp.body(), StandardCharsets.UTF_8)), status, 0, false, 0, null);
    }

    /** Retry-After in seconds (delta form) to milliseconds; an HTTP date or garbage counts as 1 s. */
    private static long seconds(String v) {
        try {
            return Math.min(300, Math.max(0, Long.parseLong(v.trim()))) * 1000L;
        } catch (NumberFormatException e) {
            return 1000L;
        }
    }

    private static String abbreviate(String s) {
        return s.length() > 80 ? s.substring(0, 80) + "…" : s;
    }
}
