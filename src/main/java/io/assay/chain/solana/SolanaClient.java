package io.assay.chain.solana;

import com.fasterxml.jackson.databind.JsonNode;
import io.assay.chain.rpc.JsonRpcClient;
import io.assay.chain.rpc.RpcException;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A small typed Solana JSON-RPC client over one endpoint ({@link JsonRpcClient}: Jackson 2 and
 * {@code java.net.http}). It stands in for LMAX's Solana4j, which does not resolve from the Maven repository
 * we can reach (see {@code docs/solana.md}); the methods mirror the RPC API so it can be swapped out.
 *
 * <p>Every method checks the shape of the answer: a missing field, a non-integer amount or an amount beyond
 * u64 is a {@link RpcException#malformed malformed} answer (retryable: another endpoint, or the same one later,
 * may answer properly). Transient node conditions that Solana reports as JSON-RPC errors (block not available
 * yet, minimum context slot not reached, node behind) are made retryable; skipped slots are answers, not errors
 * ({@link #blockTime} and {@link #block} return null). Each call is also available as a {@link JsonRpcClient.Call}
 * plus a parser, for batches. Amounts are raw token units as {@link BigInteger}; times are unix seconds as the
 * node gives them.
 */
public final class SolanaClient {
    /** Slot {@code n} is before the node's first available block (cleaned up). */
    public static final int BLOCK_CLEANED_UP = -32001;
    /** Block not available for slot (not produced yet, or not yet in the ledger). */
    public static final int BLOCK_NOT_AVAILABLE = -32004;
    /** "Node is behind by N slots" / node unhealthy. */
    public static final int NODE_UNHEALTHY = -32005;
    /** Slot skipped, or missing due to a ledger jump to a recent snapshot. */
    public static final int SLOT_SKIPPED = -32007;
    /** Slot skipped, or missing in long-term storage. */
    public static final int LONG_TERM_STORAGE_SLOT_SKIPPED = -32009;
    /** Transaction history is not available from this node. */
    public static final int HISTORY_NOT_AVAILABLE = -32011;
    /** Block status not yet available. */
    public static final int BLOCK_STATUS_NOT_AVAILABLE = -32014;
    /** Minimum context slot has not been reached. */
    public static final int MIN_CONTEXT_SLOT_NOT_REACHED = -32016;
    public static final int METHOD_NOT_FOUND = -32601;

    /** The SPL Token and Token-2022 program ids. */
    public static final String TOKEN_PROGRAM = "TokenkegQfeZyiNwAJbNbGKPFXCWuBvf9Ss623VQ5DA";
    public static final String TOKEN_2022_PROGRAM = "TokenzQdBNbLqP5VEhdkAS6EPFLC1PHnBqCXEpPxuEb";

    private static final BigInteger U64_MAX = BigInteger.ONE.shiftLeft(64).subtract(BigInteger.ONE);

    /** Commitment levels. */
    public enum Commitment {
        PROCESSED, CONFIRMED, FINALIZED;

        public String wire() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }

        public static Commitment of(String s) {
            return valueOf(s.toUpperCase(java.util.Locale.ROOT));
        }
    }

    /** A value and the slot of the bank that answered ({@code context.slot}). */
    public record Context<T>(long slot, T value) {
    }

    /** A token amount in raw units and the mint's decimals. */
    public record TokenAmount(BigInteger amount, int decimals) {
    }

    /**
     * An account as {@code getAccountInfo} with {@code jsonParsed} shows it.
     *
     * @param owner the owning program
     * @param type  {@code mint} or {@code account} for SPL Token accounts the node parsed, else null
     * @param mint  for token accounts: the mint; for mints: the mint's own address
     * @param amount for mints: the supply; for token accounts: the balance
     * @param decimals for mints and token accounts: the mint's decimals; -1 otherwise
     */
    public record AccountInfo(String address, String owner, String type, String mint, BigInteger amount, int decimals) {
        public boolean isTokenProgram() {
            return TOKEN_PROGRAM.equals(owner) || TOKEN_2022_PROGRAM.equals(owner);
        }
    }

    /** One entry of {@code getSignaturesForAddress}. */
    public record SignatureInfo(String signature, long slot, boolean failed) {
    }

    /** A token balance from a transaction's metadata, with the account resolved from its index. */
    public record TokenBalance(String account, String mint, BigInteger amount, int decimals) {
    }

    /**
     * What a transaction did to token balances.
     *
     * @param blockTime unix seconds, or null when the node does not know it
     */
    public record TransactionBalances(String signature, long slot, Long blockTime, boolean failed,
                                      List<TokenBalance> pre, List<TokenBalance> post) {
    }

    /** A block without its transactions. {@code blockTime} is unix seconds or null. */
    public record BlockHeader(long slot, long parentSlot, String blockhash, String previousBlockhash, Long blockTime) {
    }

    private final JsonRpcClient rpc;

    public SolanaClient(JsonRpcClient rpc) {
        this.rpc = rpc;
    }

    public JsonRpcClient rpc() {
        return rpc;
    }

    // ---- single calls ----

    public long slot(Commitment c) {
        return parsed(() -> parseSlot(call(slotCall(c)), "getSlot"));
    }

    public String genesisHash() {
        JsonNode n = call(new JsonRpcClient.Call("getGenesisHash"));
        return parsed(() -> {
            if (!n.isTextual()) {
                throw malformed("getGenesisHash", "not a string: " + n);
            }
            return n.asText();
        });
    }

    public long firstAvailableBlock() {
        JsonNode n = call(new JsonRpcClient.Call("getFirstAvailableBlock"));
        return parsed(() -> parseSlot(n, "getFirstAvailableBlock"));
    }

    /** Unix seconds of the block in {@code slot}; null if the slot was skipped or the node has no time for it. */
    public Long blockTime(long slot) {
        try {
            JsonNode n = call(new JsonRpcClient.Call("getBlockTime", slot));
            return parsed(() -> parseBlockTime(n));
        } catch (RpcException e) {
            if (isSkipped(e)) {
                return null;
            }
            throw e;
        }
    }

    /** The block in {@code slot} without transactions, or null if the slot was skipped. */
    public BlockHeader block(long slot, Commitment c) {
        try {
            JsonNode n = call(blockCall(slot, c));
            return parsed(() -> parseBlock(n, slot));
        } catch (RpcException e) {
            if (isSkipped(e)) {
                return null;
            }
            throw e;
        }
    }

    /** Slots in {@code [start, end]} that have a block, ascending. */
    public List<Long> blocks(long start, long end, Commitment c) {
        JsonNode n = call(new JsonRpcClient.Call("getBlocks", start, end, Map.of("commitment", confirmedOrMore(c).wire())));
        return parsed(() -> parseBlocks(n, start, end));
    }

    public static List<Long> parseBlocks(JsonNode n, long start, long end) {
        if (!n.isArray()) {
            throw malformed("getBlocks", "not an array");
        }
        List<Long> out = new ArrayList<>(n.size());
        long prev = Long.MIN_VALUE;
        for (JsonNode s : n) {
            long v = parseSlot(s, "getBlocks");
            if (v <= prev || v < start || v > end) {
                throw malformed("getBlocks", "slot " + v + " out of order or outside [" + start + ", " + end + "]");
            }
            out.add(v);
            prev = v;
        }
        return out;
    }

    public Context<TokenAmount> tokenSupply(String mint, Commitment c, long minContextSlot) {
        JsonNode n = call(tokenSupplyCall(mint, c, minContextSlot));
        return parsed(() -> parseTokenAmount(n, "getTokenSupply"));
    }

    public Context<TokenAmount> tokenAccountBalance(String account, Commitment c, long minContextSlot) {
        JsonNode n = call(tokenAccountBalanceCall(account, c, minContextSlot));
        return parsed(() -> parseTokenAmount(n, "getTokenAccountBalance"));
    }

    /** The account parsed by the node; the value is null if no account lives at {@code address}. */
    public Context<AccountInfo> accountInfo(String address, Commitment c) {
        JsonNode n = call(accountInfoCall(address, c));
        return parsed(() -> parseAccountInfo(n, address));
    }

    /**
     * One page of signatures of transactions naming {@code address}, newest first.
     *
     * @param before start after this signature (exclusive), or null for the newest
     * @param until  stop at this signature (exclusive), or null
     */
    public List<SignatureInfo> signatures(String address, String before, String until, int limit, Commitment c,
                                          long minContextSlot) {
        JsonNode n = call(signaturesCall(address, before, until, limit, c, minContextSlot));
        return parsed(() -> parseSignatures(n));
    }

    /** The transaction's token balances, or null if the node does not know the signature. */
    public TransactionBalances transaction(String signature, Commitment c) {
        JsonNode n = call(transactionCall(signature, c));
        return parsed(() -> parseTransaction(n, signature));
    }

    /** Calls in one HTTP request; the same error handling as single calls. */
    public List<JsonNode> batch(List<JsonRpcClient.Call> calls) {
        try {
            return rpc.batch(calls);
        } catch (RpcException e) {
            throw classify(e);
        }
    }

    // ---- requests ----

    public static JsonRpcClient.Call slotCall(Commitment c) {
        return new JsonRpcClient.Call("getSlot", Map.of("commitment", c.wire()));
    }

    public static JsonRpcClient.Call blockCall(long slot, Commitment c) {
        Map<String, Object> cfg = new LinkedHashMap<>();
        cfg.put("encoding", "json");
        cfg.put("transactionDetails", "none");
        cfg.put("rewards", false);
        cfg.put("commitment", confirmedOrMore(c).wire());
        cfg.put("maxSupportedTransactionVersion", 0);
        return new JsonRpcClient.Call("getBlock", slot, cfg);
    }

    public static JsonRpcClient.Call tokenSupplyCall(String mint, Commitment c, long minContextSlot) {
        return new JsonRpcClient.Call("getTokenSupply", mint, context(c, minContextSlot));
    }

    public static JsonRpcClient.Call tokenAccountBalanceCall(String account, Commitment c, long minContextSlot) {
        return new JsonRpcClient.Call("getTokenAccountBalance", account, context(c, minContextSlot));
    }

    public static JsonRpcClient.Call accountInfoCall(String address, Commitment c) {
        Map<String, Object> cfg = context(c, -1);
        cfg.put("encoding", "jsonParsed");
        return new JsonRpcClient.Call("getAccountInfo", address, cfg);
    }

    public static JsonRpcClient.Call signaturesCall(String address, String before, String until, int limit, Commitment c,
                                                    long minContextSlot) {
        Map<String, Object> cfg = context(confirmedOrMore(c), minContextSlot);
        cfg.put("limit", limit);
        if (before != null) {
            cfg.put("before", before);
        }
        if (until != null) {
            cfg.put("until", until);
        }
        return new JsonRpcClient.Call("getSignaturesForAddress", address, cfg);
    }

    public static JsonRpcClient.Call transactionCall(String signature, Commitment c) {
        Map<String, Object> cfg = new LinkedHashMap<>();
        cfg.put("encoding", "json");
        cfg.put("commitment", confirmedOrMore(c).wire());
        cfg.put("maxSupportedTransactionVersion", 0);
        return new JsonRpcClient.Call("getTransaction", signature, cfg);
    }

    /** History and block methods refuse {@code processed}. */
    private static Commitment confirmedOrMore(Commitment c) {
        return c == Commitment.PROCESSED ? Commitment.CONFIRMED : c;
    }

    private static Map<String, Object> context(Commitment c, long minContextSlot) {
        Map<String, Object> cfg = new LinkedHashMap<>();
        cfg.put("commitment", c.wire());
        if (minContextSlot >= 0) {
            cfg.put("minContextSlot", minContextSlot);
        }
        return cfg;
    }

    // ---- parsers ----

    public static long parseSlot(JsonNode n, String method) {
        if (n == null || !n.isIntegralNumber() || !n.canConvertToLong() || n.asLong() < 0) {
            throw malformed(method, "expected a slot number, found " + n);
        }
        return n.asLong();
    }

    public static Context<TokenAmount> parseTokenAmount(JsonNode n, String method) {
        long slot = contextSlot(n, method);
        JsonNode v = n.path("value");
        if (!v.isObject()) {
            throw malformed(method, "no value object");
        }
        return new Context<>(slot, new TokenAmount(amount(v.path("amount"), method), decimals(v.path("decimals"), method)));
    }

    public static Context<AccountInfo> parseAccountInfo(JsonNode n, String address) {
        String method = "getAccountInfo";
        long slot = contextSlot(n, method);
        JsonNode v = n.path("value");
        if (v.isNull()) {
            return new Context<>(slot, null);
        }
        if (!v.isObject() || !v.path("owner").isTextual()) {
            throw malformed(method, "value of " + address + " has no owner");
        }
        String owner = v.get("owner").asText();
        JsonNode parsed = v.path("data").path("parsed");
        String type = parsed.path("type").isTextual() ? parsed.get("type").asText() : null;
        JsonNode info = parsed.path("info");
        if ("mint".equals(type)) {
            return new Context<>(slot, new AccountInfo(address, owner, type, address,
                    amount(info.path("supply"), method), decimals(info.path("decimals"), method)));
        }
        if ("account".equals(type)) {
            JsonNode ta = info.path("tokenAmount");
            if (!info.path("mint").isTextual()) {
                throw malformed(method, "token account " + address + " has no mint");
            }
            return new Context<>(slot, new AccountInfo(address, owner, type, info.get("mint").asText(),
                    amount(ta.path("amount"), method), decimals(ta.path("decimals"), method)));
        }
        return new Context<>(slot, new AccountInfo(address, owner, type, null, null, -1));
    }

    public static List<SignatureInfo> parseSignatures(JsonNode n) {
        String method = "getSignaturesForAddress";
        if (!n.isArray()) {
            throw malformed(method, "not an array");
        }
        List<SignatureInfo> out = new ArrayList<>(n.size());
        long prev = Long.MAX_VALUE;
        for (JsonNode e : n) {
            if (!e.path("signature").isTextual()) {
                throw malformed(method, "entry without signature");
            }
            long slot = parseSlot(e.get("slot"), method);
            if (slot > prev) {
                throw malformed(method, "signatures not newest first (slot " + slot + " after " + prev + ")");
            }
            prev = slot;
            JsonNode err = e.path("err");
            out.add(new SignatureInfo(e.get("signature").asText(), slot, !(err.isMissingNode() || err.isNull())));
        }
        return out;
    }

    public static TransactionBalances parseTransaction(JsonNode n, String signature) {
        String method = "getTransaction";
        if (n == null || n.isNull()) {
            return null;
        }
        long slot = parseSlot(n.get("slot"), method);
        JsonNode bt = n.path("blockTime");
        Long blockTime = bt.isIntegralNumber() ? bt.asLong() : null;
        JsonNode meta = n.path("meta");
        if (!meta.isObject()) {
            throw malformed(method, signature + " has no meta (status metadata not stored on this node?)");
        }
        JsonNode keysNode = n.path("transaction").path("message").path("accountKeys");
        if (!keysNode.isArray()) {
            throw malformed(method, signature + " has no account keys (expected encoding json)");
        }
        List<String> keys = new ArrayList<>();
        for (JsonNode k : keysNode) {
            keys.add(k.isTextual() ? k.asText() : k.path("pubkey").asText());
        }
        JsonNode loaded = meta.path("loadedAddresses");
        for (String part : new String[]{"writable", "readonly"}) {
            for (JsonNode k : loaded.path(part)) {
                keys.add(k.asText());
            }
        }
        JsonNode err = meta.path("err");
        boolean failed = !(err.isMissingNode() || err.isNull());
        return new TransactionBalances(signature, slot, blockTime, failed,
                balances(meta.path("preTokenBalances"), keys, signature),
                balances(meta.path("postTokenBalances"), keys, signature));
    }

    private static List<TokenBalance> balances(JsonNode arr, List<String> keys, String signature) {
        String method = "getTransaction";
        if (arr.isMissingNode() || arr.isNull()) {
            // nodes before 1.5 did not record token balances: without them nothing can be derived
            throw malformed(method, signature + " carries no token balances");
        }
        if (!arr.isArray()) {
            throw malformed(method, signature + ": token balances are not an array");
        }
        List<TokenBalance> out = new ArrayList<>(arr.size());
        for (JsonNode b : arr) {
            int idx = b.path("accountIndex").asInt(-1);
            if (idx < 0 || idx >= keys.size() || !b.path("mint").isTextual()) {
                throw malformed(method, signature + ": token balance with account index " + b.path("accountIndex")
                        + " of " + keys.size() + " keys, mint " + b.path("mint"));
            }
            JsonNode ui = b.path("uiTokenAmount");
            out.add(new TokenBalance(keys.get(idx), b.get("mint").asText(), amount(ui.path("amount"), method),
                    decimals(ui.path("decimals"), method)));
        }
        return out;
    }

    public static Long parseBlockTime(JsonNode n) {
        if (n.isNull()) {
            return null;
        }
        if (!n.isIntegralNumber() || !n.canConvertToLong()) {
            throw malformed("getBlockTime", "not an integer: " + n);
        }
        return n.asLong();
    }

    public static BlockHeader parseBlock(JsonNode n, long slot) {
        String method = "getBlock";
        if (!n.isObject() || !n.path("blockhash").isTextual() || !n.path("previousBlockhash").isTextual()) {
            throw malformed(method, "block " + slot + " lacks blockhash/previousBlockhash");
        }
        JsonNode bt = n.path("blockTime");
        return new BlockHeader(slot, parseSlot(n.get("parentSlot"), method), n.get("blockhash").asText(),
                n.get("previousBlockhash").asText(), bt.isIntegralNumber() ? bt.asLong() : null);
    }

    private static long contextSlot(JsonNode n, String method) {
        if (n == null || !n.isObject()) {
            throw malformed(method, "answer is not an object with context and value");
        }
        return parseSlot(n.path("context").get("slot"), method);
    }

    /** A raw u64 amount given as a decimal string. */
    static BigInteger amount(JsonNode n, String method) {
        if (!n.isTextual()) {
            throw malformed(method, "amount is not a decimal string: " + n);
        }
        String s = n.asText();
        if (s.isEmpty() || s.length() > 20 || !s.chars().allMatch(ch -> ch >= '0' && ch <= '9')) {
            throw malformed(method, "amount is not a u64 decimal: '" + s + "'");
        }
        BigInteger v = new BigInteger(s);
        if (v.compareTo(U64_MAX) > 0) {
            throw malformed(method, "amount exceeds u64: " + s);
        }
        return v;
    }

    private static int decimals(JsonNode n, String method) {
        if (!n.isIntegralNumber() || n.asInt() < 0 || n.asInt() > 255) {
            throw malformed(method, "decimals is not 0-255: " + n);
        }
        return n.asInt();
    }

    static RpcException malformed(String method, String what) {
        return new MalformedAnswer(method + ": malformed answer: " + what);
    }

    /** An answer of the wrong shape; retryable like every malformed answer. */
    static final class MalformedAnswer extends RpcException {
        MalformedAnswer(String message) {
            super(message, 0, 0, true, 0, null);
        }
    }

    /** Runs a parse step, naming the endpoint in a malformed-answer message. */
    public <T> T parsed(java.util.function.Supplier<T> step) {
        try {
            return step.get();
        } catch (MalformedAnswer e) {
            throw RpcException.malformed(rpc.label() + ": " + e.getMessage(), e);
        }
    }

    // ---- errors ----

    private JsonNode call(JsonRpcClient.Call c) {
        try {
            return rpc.call(c.method(), c.params());
        } catch (RpcException e) {
            throw classify(e);
        }
    }

    /** Transient node conditions become retryable; everything else passes through. */
    public static RpcException classify(RpcException e) {
        int code = e.code();
        boolean transientCode = code == BLOCK_NOT_AVAILABLE || code == BLOCK_STATUS_NOT_AVAILABLE
                || code == MIN_CONTEXT_SLOT_NOT_REACHED || code == NODE_UNHEALTHY;
        if (transientCode && !e.retryable()) {
            return new RpcException(e.getMessage(), e.httpStatus(), code, true, e.retryAfterMillis(), e);
        }
        return e;
    }

    public static boolean isSkipped(RpcException e) {
        return e.code() == SLOT_SKIPPED || e.code() == LONG_TERM_STORAGE_SLOT_SKIPPED;
    }

    /** The endpoint does not serve transaction history (or the method at all). */
    public static boolean isHistoryUnavailable(RpcException e) {
        return e.code() == HISTORY_NOT_AVAILABLE || e.code() == METHOD_NOT_FOUND;
    }
}
