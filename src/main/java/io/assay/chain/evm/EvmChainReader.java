package io.assay.chain.evm;

import io.assay.chain.BlockRef;
import io.assay.chain.ChainHaltedException;
import io.assay.chain.ChainReader;
import io.assay.chain.Tip;
import io.assay.chain.rpc.JsonRpcClient;
import io.assay.chain.rpc.RpcException;
import io.assay.config.ChainProfile;
import io.assay.store.Int128;
import com.fasterxml.jackson.databind.JsonNode;
import org.web3j.abi.FunctionEncoder;
import org.web3j.abi.datatypes.Address;
import org.web3j.abi.datatypes.Function;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Reads an EVM chain for {@link io.assay.chain.ChainIndexer}: Transfer logs of the tracked tokens with
 * adaptive {@code eth_getLogs} ranges, native balances of tracked holders, block headers, and the node's own
 * values for reconciliation.
 *
 * <p>A segment is self-consistent or it is not returned: the headers of its ends are read before and the last
 * one again after everything else (if the chain moved in between, the segment is refetched); near the head
 * (dense segments) every header is read, checked for continuity, and every log's block hash is checked
 * against them; state reads there are pinned to block hashes (EIP-1898).
 */
public final class EvmChainReader implements ChainReader<EvmSegment> {
    /** eth_getBalance calls spent per holder and segment locating native balance changes by bisection. */
    static final int BISECT_BUDGET = 48;

    private final ChainProfile profile;
    private final EvmTracking tracking;
    private final EvmRpc rpc;
    private final AdaptiveRange range;
    private final List<String> parties;
    private final List<EvmTracking.Slot> nativeSlots;
    private final List<EvmTracking.Slot> tokenSlots;
    private final int slots;

    public EvmChainReader(ChainProfile profile, EvmTracking tracking, EvmRpc rpc) {
        this.profile = profile;
        this.tracking = tracking;
        this.rpc = rpc;
        this.range = new AdaptiveRange(profile.limits().maxLogRange());
        List<String> p = new ArrayList<>();
        p.add(EvmHex.ZERO_WORD);
        for (String h : tracking.tokenHolders()) {
            p.add(EvmHex.topic(h));
        }
        this.parties = List.copyOf(p);
        // probed: read by a state call at chosen heights (native balances, incumbent feeds), located by bisection
        this.nativeSlots = tracking.slots().stream().filter(s -> s.kind().probed()).toList();
        this.tokenSlots = tracking.slots().stream().filter(s -> !s.kind().probed()).toList();
        this.slots = tracking.slots().size();
    }

    public EvmTracking tracking() {
        return tracking;
    }

    public AdaptiveRange range() {
        return range;
    }

    @Override
    public void prepare() {
        rpc.requireChainId(profile.chainId());
        checkDecimals();
        checkFeedDecimals();
    }

    /**
     * Values of probed slots: {@code slots[i]} at block parameter {@code at[i]}: native balances with
     * {@code eth_getBalance}, incumbent feeds with {@code eth_call latestRoundData()} (one call per feed and block
     * serves both its answer and its updatedAt). A feed without code at a block (not deployed yet) reads 0; a
     * negative answer (never a valid reserve) reads 0, which the divergence check then reports.
     */
    private List<BigInteger> probe(List<EvmTracking.Slot> slotsAt, List<Object> at) {
        BigInteger[] out = new BigInteger[slotsAt.size()];
        List<String> holders = new ArrayList<>();
        List<Object> holderAt = new ArrayList<>();
        List<Integer> holderIdx = new ArrayList<>();
        Map<String, Integer> callIdx = new java.util.LinkedHashMap<>();
        List<String[]> calls = new ArrayList<>();
        List<Object> callAt = new ArrayList<>();
        int[] callOf = new int[slotsAt.size()];
        for (int i = 0; i < slotsAt.size(); i++) {
            EvmTracking.Slot s = slotsAt.get(i);
            if (s.kind() == EvmTracking.Kind.NATIVE_BALANCE) {
                holders.add(s.holder());
                holderAt.add(at.get(i));
                holderIdx.add(i);
            } else {
                String key = s.token() + "@" + at.get(i);
                Integer k = callIdx.get(key);
                if (k == null) {
                    k = calls.size();
                    callIdx.put(key, k);
                    calls.add(new String[]{s.token(), LATEST_ROUND_DATA});
                    callAt.add(at.get(i));
                }
                callOf[i] = k;
            }
        }
        if (!holders.isEmpty()) {
            List<BigInteger> v = rpc.balances(holders, holderAt);
            for (int k = 0; k < v.size(); k++) {
                out[holderIdx.get(k)] = v.get(k);
            }
        }
        if (!calls.isEmpty()) {
            List<String> raw = rpc.rawCallsAt(calls, callAt);
            for (int i = 0; i < slotsAt.size(); i++) {
                EvmTracking.Slot s = slotsAt.get(i);
                if (s.kind() != EvmTracking.Kind.NATIVE_BALANCE) {
                    out[i] = roundData(raw.get(callOf[i]), s.kind() == EvmTracking.Kind.FEED_ANSWER ? 1 : 3);
                }
            }
        }
        return java.util.Arrays.asList(out);
    }

    static final String LATEST_ROUND_DATA = encode("latestRoundData");
    private static final BigInteger TWO_255 = BigInteger.ONE.shiftLeft(255);
    private static final BigInteger TWO_256 = BigInteger.ONE.shiftLeft(256);

    /**
     * Word {@code word} of a {@code latestRoundData()} answer ({@code roundId, answer, startedAt, updatedAt,
     * answeredInRound}); {@code 0x} (no code) is 0; a negative {@code answer} (int256) is 0.
     */
    static BigInteger roundData(String hex, int word) {
        String h = hex.startsWith("0x") ? hex.substring(2) : hex;
        if (h.isEmpty()) {
            return BigInteger.ZERO;
        }
        if (h.length() < 64 * 5) {
            throw new RpcException("latestRoundData() answered " + h.length() / 2 + " bytes, expected 160 (not an"
                    + " AggregatorV3?)", 0, 0, false, 0, null);
        }
        BigInteger v = new BigInteger(h.substring(64 * word, 64 * (word + 1)), 16);
        if (word == 1 && v.compareTo(TWO_255) >= 0) {
            v = v.subtract(TWO_256);
        }
        return v.signum() < 0 ? BigInteger.ZERO : v;
    }

    /** Every tracked token's {@code decimals()} must equal what each profile entry declares. */
    void checkDecimals() {
        List<String> addresses = tracking.tokens().stream().map(EvmTracking.Token::address).toList();
        List<Map<String, Integer>> declared = tracking.tokens().stream().map(EvmTracking.Token::declared).toList();
        checkDecimals(addresses, declared, "a tracked token", "token", "token", "; fix the profile (amounts would be misread)");
    }

    /** Every incumbent feed's {@code decimals()} must equal what each profile declares. */
    void checkFeedDecimals() {
        List<String> addresses = tracking.feeds().stream().map(EvmTracking.Feed::address).toList();
        List<Map<String, Integer>> declared = tracking.feeds().stream().map(EvmTracking.Feed::declared).toList();
        checkDecimals(addresses, declared, "an incumbent feed", "incumbent feed", "feed", "; fix the profile");
    }

    /**
     * One batch of {@code decimals()} calls at the head, each answer compared with every value the profiles declare
     * for that contract; the {@code what*} words name the kind of contract in the messages.
     */
    private void checkDecimals(List<String> addresses, List<Map<String, Integer>> declared, String whatFailed,
            String whatNoCode, String whatMismatch, String advice) {
        if (addresses.isEmpty()) {
            return;
        }
        List<String[]> calls = new ArrayList<>();
        for (String address : addresses) {
            calls.add(new String[]{address, encode("decimals")});
        }
        List<String> answers;
        try {
            answers = rpc.rawCalls(calls, "latest");
        } catch (RpcException e) {
            if (e.retryable()) {
                throw e;
            }
            throw new ChainHaltedException(profile.name() + ": decimals() of " + whatFailed + " failed: " + e.getMessage(), e);
        }
        for (int i = 0; i < answers.size(); i++) {
            String address = addresses.get(i);
            String a = answers.get(i);
            if (a.equals("0x")) {
                throw new RpcException(profile.name() + ": " + whatNoCode + " " + address + " has no contract code at the"
                        + " head (not deployed yet, or wrong chain?)", 0, 0, true, 0, null);
            }
            BigInteger d = EvmHex.word(a);
            for (Map.Entry<String, Integer> e : declared.get(i).entrySet()) {
                if (d.compareTo(BigInteger.valueOf(e.getValue())) != 0) {
                    throw new ChainHaltedException(e.getKey() + " = " + e.getValue() + ", but " + whatMismatch + " "
                            + address + " on " + profile.name() + " reports decimals() = " + d + advice);
                }
            }
        }
    }

    @Override
    public Tip tip() {
        return rpc.tip(profile.finality());
    }

    @Override
    public BlockRef block(long height) {
        return rpc.block(height);
    }

    @Override
    public BlockRef block(JsonRpcClient client, long height) {
        return EvmRpc.block(client, height);
    }

    @Override
    public long span() {
        return range.span();
    }

    @Override
    public int denseSpan() {
        return Math.max(1, profile.limits().batchSize());
    }

    @Override
    public EvmSegment initial(long height) {
        BlockRef b = rpc.block(height);
        if (b == null) {
            throw new InconsistentAnswerException("block " + height + " is not known yet");
        }
        BlockChange c = new BlockChange(height, slots);
        c.hash = "0x" + b.hash();
        c.time = b.time();
        BigInteger[] v = values(b, tokenSlots);
        for (EvmTracking.Slot s : tokenSlots) {
            setAbsolute(c, s.index(), v[s.index()], height);
        }
        if (!nativeSlots.isEmpty()) {
            List<Object> at = new ArrayList<>();
            for (EvmTracking.Slot s : nativeSlots) {
                at.add(EvmRpc.at(b));
            }
            List<BigInteger> bal = probe(nativeSlots, at);
            for (int i = 0; i < nativeSlots.size(); i++) {
                setAbsolute(c, nativeSlots.get(i).index(), bal.get(i), height);
            }
        }
        return new EvmSegment(height, height, b.parentHash(), b, List.of(b), List.of(c), 0, -1, null, null);
    }

    /**
     * Dense segments (near the head, where the chain may still move) read every header first, check their
     * continuity, read logs and balances pinned to those headers, and read the last header again at the end:
     * if it changed, the segment is refetched. Sparse segments (final blocks far below the head) read logs
     * first and then, in one batch, the headers of their ends and of blocks whose time the logs did not carry;
     * a log whose block hash differs from its header fails the segment.
     */
    @Override
    public EvmSegment fetch(long from, long to, boolean dense) {
        List<BlockRef> refs = dense ? denseHeaders(from, to) : null;
        TreeMap<Long, BlockChange> changes = new TreeMap<>();
        if (tracking.hasLogs()) {
            logs(from, to, changes);
        }
        if (!tracking.burnMint().isEmpty()) {
            burnMintLogs(from, to, changes);
        }
        Map<Long, BlockRef> known = new HashMap<>();
        if (dense) {
            refs.forEach(r -> known.put(r.height(), r));
            natives(from, to, refs, changes);
        } else {
            List<Long> need = new ArrayList<>();
            need.add(from);
            if (to != from) {
                need.add(to);
            }
            for (BlockChange c : changes.values()) {
                if (c.time < 0 && c.height != from && c.height != to) {
                    need.add(c.height);
                }
            }
            rpc.blocks(need).forEach(r -> known.put(r.height(), r));
            refs = to == from ? List.of(known.get(from)) : List.of(known.get(from), known.get(to));
            sparseNatives(from, to, refs.get(refs.size() - 1), changes);
            for (BlockChange c : changes.values()) {
                if (c.time < 0 && !known.containsKey(c.height)) {
                    rpc.blocks(List.of(c.height)).forEach(r -> known.put(r.height(), r)); // a native change found by bisection
                }
            }
        }
        BlockRef first = refs.get(0);
        BlockRef last = refs.get(refs.size() - 1);
        long events = 0;
        for (BlockChange c : changes.values()) {
            BlockRef r = known.get(c.height);
            if (r != null) {
                if (c.hash != null && !c.hash.equals("0x" + r.hash())) {
                    throw new InconsistentAnswerException("logs of block " + c.height + " carry hash " + c.hash
                            + " but the header is 0x" + r.hash() + " (chain moving)");
                }
                c.time = r.time();
                if (c.hash == null) {
                    c.hash = "0x" + r.hash();
                }
            }
            if (c.hash == null) {
                throw new IllegalStateException("no hash for block " + c.height);
            }
            if (c.time < 0) {
                throw new IllegalStateException("no time for block " + c.height);
            }
            events += c.events;
        }
        long reconcileAt = reconcileHeight(from, to, dense);
        BigInteger[] expected = null;
        String skipped = null;
        if (reconcileAt >= 0) {
            try {
                expected = values(known.get(reconcileAt), tokenSlots);
            } catch (RpcException e) {
                if (e.retryable()) {
                    throw e;
                }
                skipped = e.getMessage();
            }
        }
        if (dense) {
            BlockRef again = rpc.block(to);
            if (again == null || !again.hash().equals(last.hash())) {
                throw new InconsistentAnswerException("block " + to + " changed while its segment was read (was 0x"
                        + last.hash() + ", now " + (again == null ? "unknown" : "0x" + again.hash()) + ")");
            }
        }
        return new EvmSegment(from, to, first.parentHash(), first, dense ? refs : List.of(last),
                new ArrayList<>(changes.values()), events, reconcileAt, expected, skipped);
    }

    private List<BlockRef> denseHeaders(long from, long to) {
        List<Long> heights = new ArrayList<>();
        for (long h = from; h <= to; h++) {
            heights.add(h);
        }
        List<BlockRef> refs = rpc.blocks(heights);
        for (int i = 1; i < refs.size(); i++) {
            if (!refs.get(i - 1).isParentOf(refs.get(i))) {
                throw new InconsistentAnswerException("block " + refs.get(i).height() + " does not extend block "
                        + refs.get(i - 1) + " (chain moving)");
            }
        }
        return refs;
    }

    /** The commit point of {@code [from, to]} where reconciliation runs, or -1. */
    long reconcileHeight(long from, long to, boolean dense) {
        long n = profile.limits().reconcileEvery();
        if (n <= 0 || tokenSlots.isEmpty()) {
            return -1;
        }
        long m = ((from + n - 1) / n) * n;
        if (m > to) {
            return -1;
        }
        return dense ? m : to;
    }

    private void logs(long from, long to, TreeMap<Long, BlockChange> into) {
        long[] n1 = {0};
        long[] n2 = {0};
        List<BlockChange> a;
        List<BlockChange> b;
        try {
            a = rpc.transfers(tracking, TransferLogReader.Side.FROM, from, to, parties, n1);
            b = rpc.transfers(tracking, TransferLogReader.Side.TO, from, to, parties, n2);
        } catch (RangeRefusedException e) {
            if (from == to) {
                throw new RpcException(profile.name() + ": the endpoint refuses the logs of a single block (" + from
                        + "): " + e.getMessage(), 0, 0, true, 0, e);
            }
            long step = range.refused(to - from + 1, e);
            for (long s = from; s <= to; s += step) {
                logs(s, Math.min(to, s + step - 1), into);
            }
            return;
        }
        range.success(to - from + 1, n1[0] + n2[0]);
        for (List<BlockChange> part : List.of(a, b)) {
            for (BlockChange c : part) {
                BlockChange prev = into.putIfAbsent(c.height, c);
                if (prev != null) {
                    prev.merge(c);
                }
            }
        }
    }

    static final String DEPOSIT_FOR_BURN = org.web3j.crypto.Hash.sha3String(
            "DepositForBurn(uint64,address,uint256,address,bytes32,uint32,bytes32,bytes32)");
    static final String MESSAGE_RECEIVED = org.web3j.crypto.Hash.sha3String(
            "MessageReceived(address,uint32,uint64,bytes32,bytes)");
    /** CCTP V2 TokenMessengerV2's burn event (circlefin/evm-cctp-contracts src/v2/TokenMessengerV2.sol). */
    static final String DEPOSIT_FOR_BURN_V2 = org.web3j.crypto.Hash.sha3String(
            "DepositForBurn(address,uint256,address,bytes32,uint32,bytes32,bytes32,uint256,uint32,bytes)");
    /** CCTP V2 MessageTransmitterV2's receipt event (src/v2/MessageTransmitterV2.sol). */
    static final String MESSAGE_RECEIVED_V2 = org.web3j.crypto.Hash.sha3String(
            "MessageReceived(address,uint32,bytes32,bytes32,uint32,bytes)");

    /**
     * CCTP burns and receipts in {@code [from, to]}, as records of their blocks. The log's block hash is checked against
     * the header like any other log's.
     * <ul>
     *   <li>V1: {@code DepositForBurn} of a route's token towards one of the asset's other domains, and {@code
     *       MessageReceived} from one of them whose BurnMessage names that domain's supply token, keyed by nonce.</li>
     *   <li>V2 (where the route names V2 contracts): V2's {@code DepositForBurn} of the route's token towards another
     *       V2 domain, and V2's {@code MessageReceived} from one whose BurnMessageV2 names that domain's supply token,
     *       keyed by their {@link #matchV2 match}.</li>
     * </ul>
     */
    private void burnMintLogs(long from, long to, TreeMap<Long, BlockChange> into) {
        java.util.Set<String> addresses = new java.util.TreeSet<>();
        boolean v2 = false;
        for (EvmTracking.BurnMintRoute r : tracking.burnMint()) {
            addresses.add(r.messenger());
            addresses.add(r.transmitter());
            if (r.messengerV2() != null) {
                addresses.add(r.messengerV2());
                addresses.add(r.transmitterV2());
                v2 = true;
            }
        }
        List<String> topics0 = v2 ? List.of(DEPOSIT_FOR_BURN, MESSAGE_RECEIVED, DEPOSIT_FOR_BURN_V2, MESSAGE_RECEIVED_V2)
                : List.of(DEPOSIT_FOR_BURN, MESSAGE_RECEIVED);
        List<JsonNode> logs = rpc.logs(from, to, List.copyOf(addresses), topics0);
        for (JsonNode log : logs) {
            String address = log.path("address").asText("").toLowerCase(java.util.Locale.ROOT);
            JsonNode topics = log.path("topics");
            String topic0 = topics.path(0).asText("").toLowerCase(java.util.Locale.ROOT);
            String data = log.path("data").asText("0x");
            data = data.startsWith("0x") ? data.substring(2) : data;
            long height = EvmHex.quantity(log.path("blockNumber").asText());
            String hash = log.path("blockHash").asText(null);
            for (EvmTracking.BurnMintRoute r : tracking.burnMint()) {
                io.assay.store.BurnMintRecords.Entry e = null;
                if (topic0.equals(DEPOSIT_FOR_BURN) && address.equals(r.messenger()) && topics.size() == 4
                        && data.length() >= 64 * 5) {
                    String burnToken = "0x" + topics.path(2).asText().substring(26).toLowerCase(java.util.Locale.ROOT);
                    long destination = new BigInteger(data.substring(128, 192), 16).longValueExact();
                    if (burnToken.equals(r.token()) && r.sourceTokens().containsKey(destination)) {
                        e = new io.assay.store.BurnMintRecords.Entry(io.assay.store.BurnMintRecords.BURN, r.asset(),
                                r.domain(), EvmHex.word(topics.path(1).asText()).longValueExact(),
                                new BigInteger(data.substring(0, 64), 16), destination, height, -1);
                    }
                } else if (topic0.equals(MESSAGE_RECEIVED) && address.equals(r.transmitter()) && topics.size() == 3
                        && data.length() >= 64 * 4) {
                    long source = new BigInteger(data.substring(0, 64), 16).longValueExact();
                    String want = r.sourceTokens().get(source);
                    String body = want == null ? null : bytesParam(data, 2);
                    // BurnMessage: version (4 bytes) | burnToken (32) | mintRecipient (32) | amount (32) | sender (32)
                    if (body != null && body.length() == 132 * 2 && ("0x" + body.substring(8, 72)).equalsIgnoreCase(want)) {
                        e = new io.assay.store.BurnMintRecords.Entry(io.assay.store.BurnMintRecords.RECEIVED,
                                r.asset(), source, EvmHex.word(topics.path(2).asText()).longValueExact(),
                                new BigInteger(body.substring(136, 200), 16), r.domain(), height, -1);
                    }
                } else if (topic0.equals(DEPOSIT_FOR_BURN_V2) && address.equals(r.messengerV2()) && topics.size() == 4
                        && data.length() >= 64 * 8) {
                    // topics: burnToken, depositor, minFinalityThreshold; data: amount, mintRecipient,
                    // destinationDomain, destinationTokenMessenger, destinationCaller, maxFee, hookData
                    String burnToken = "0x" + topics.path(1).asText().substring(26).toLowerCase(java.util.Locale.ROOT);
                    long destination = new BigInteger(data.substring(128, 192), 16).longValueExact();
                    String hook = bytesParam(data, 6);
                    if (burnToken.equals(r.token()) && r.v2Peers().contains(destination) && hook != null) {
                        BigInteger amount = new BigInteger(data.substring(0, 64), 16);
                        byte[] match = matchV2(r.domain(), destination, word(topics.path(1).asText()),
                                word(data.substring(64, 128)), data.substring(0, 64), word(topics.path(2).asText()),
                                data.substring(320, 384), hook);
                        e = new io.assay.store.BurnMintRecords.Entry(io.assay.store.BurnMintRecords.BURN_V2, r.asset(),
                                r.domain(), EvmHex.quantity(log.path("logIndex").asText()), amount, destination,
                                height, -1, match);
                    }
                } else if (topic0.equals(MESSAGE_RECEIVED_V2) && address.equals(r.transmitterV2()) && topics.size() == 4
                        && data.length() >= 64 * 4) {
                    // data: sourceDomain, sender, messageBody; BurnMessageV2: version (4 bytes) | burnToken (32) |
                    // mintRecipient (32) | amount (32) | messageSender (32) | maxFee (32) | feeExecuted (32) |
                    // expirationBlock (32) | hookData
                    long source = new BigInteger(data.substring(0, 64), 16).longValueExact();
                    String want = r.v2Peers().contains(source) ? r.sourceTokens().get(source) : null;
                    String body = want == null ? null : bytesParam(data, 2);
                    if (body != null && body.length() >= 228 * 2 && ("0x" + body.substring(8, 72)).equalsIgnoreCase(want)) {
                        byte[] match = matchV2(source, r.domain(), body.substring(8, 72), body.substring(72, 136),
                                body.substring(136, 200), body.substring(200, 264), body.substring(264, 328),
                                body.substring(456));
                        e = new io.assay.store.BurnMintRecords.Entry(io.assay.store.BurnMintRecords.RECEIVED_V2,
                                r.asset(), source, EvmHex.quantity(log.path("logIndex").asText()),
                                new BigInteger(body.substring(136, 200), 16), r.domain(), height, -1, match);
                    }
                }
                if (e != null) {
                    BlockChange c = change(into, height);
                    if (hash != null) {
                        hash = hash.toLowerCase(java.util.Locale.ROOT);
                        if (c.hash != null && !c.hash.equals(hash)) {
                            throw new InconsistentAnswerException("block " + height + " has hash " + c.hash
                                    + " in one answer and " + hash + " in another");
                        }
                        c.hash = hash;
                    }
                    c.addBurnMint(e);
                    c.events++;
                }
            }
        }
    }

    /** The {@code index}-th ABI head word of {@code data} (hex, no 0x) is the offset of a {@code bytes}: its hex, or null. */
    private static String bytesParam(String data, int index) {
        if (data.length() < (index + 1) * 64) {
            return null;
        }
        BigInteger off = new BigInteger(data.substring(index * 64, index * 64 + 64), 16);
        if (off.bitLength() > 30 || off.intValue() * 2L + 64 > data.length()) {
            return null;
        }
        int offset = off.intValue() * 2;
        BigInteger len = new BigInteger(data.substring(offset, offset + 64), 16);
        if (len.bitLength() > 30 || offset + 64 + len.intValue() * 2L > data.length()) {
            return null;
        }
        return data.substring(offset + 64, offset + 64 + len.intValue() * 2);
    }

    /** A 32-byte topic or word as 64 lowercase hex digits. */
    private static String word(String hex) {
        String h = hex.startsWith("0x") ? hex.substring(2) : hex;
        return h.toLowerCase(java.util.Locale.ROOT);
    }

    /**
     * What a CCTP V2 burn and the message received for it both carry, hashed: keccak256(source domain (uint32) |
     * destination domain (uint32) | burnToken | mintRecipient | amount | messageSender | maxFee | keccak256(hookData)),
     * all 32-byte words as hex. Not the nonce, the finality or the fee executed: Circle's attestation fills those in
     * after the burn (docs/burn-and-mint.md#cctp-v2).
     */
    static byte[] matchV2(long sourceDomain, long destinationDomain, String burnToken, String mintRecipient,
                          String amount, String messageSender, String maxFee, String hookData) {
        java.util.HexFormat hex = java.util.HexFormat.of();
        byte[] hookHash = org.web3j.crypto.Hash.sha3(hex.parseHex(hookData));
        java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(8 + 32 * 6);
        b.putInt((int) sourceDomain).putInt((int) destinationDomain).put(hex.parseHex(word(burnToken)))
                .put(hex.parseHex(word(mintRecipient))).put(hex.parseHex(word(amount)))
                .put(hex.parseHex(word(messageSender))).put(hex.parseHex(word(maxFee))).put(hookHash);
        return org.web3j.crypto.Hash.sha3(b.array());
    }

    /** Dense segments: every tracked native balance at every block, pinned by block hash. */
    private void natives(long from, long to, List<BlockRef> refs, TreeMap<Long, BlockChange> into) {
        if (nativeSlots.isEmpty()) {
            return;
        }
        List<EvmTracking.Slot> holders = new ArrayList<>();
        List<Object> at = new ArrayList<>();
        for (EvmTracking.Slot s : nativeSlots) {
            for (BlockRef r : refs) {
                holders.add(s);
                at.add(EvmRpc.at(r));
            }
        }
        List<BigInteger> v = probe(holders, at);
        int k = 0;
        for (EvmTracking.Slot s : nativeSlots) {
            for (BlockRef r : refs) {
                setAbsolute(change(into, r.height()), s.index(), v.get(k++), r.height());
            }
        }
    }

    /** Sparse segments: native balances at both ends; changes in between located by bisection. */
    private void sparseNatives(long from, long to, BlockRef last, TreeMap<Long, BlockChange> into) {
        if (nativeSlots.isEmpty()) {
            return;
        }
        List<EvmTracking.Slot> holders = new ArrayList<>();
        List<Object> at = new ArrayList<>();
        for (EvmTracking.Slot s : nativeSlots) {
            if (from > 0) {
                holders.add(s);
                at.add(EvmRpc.at(from - 1));
            }
            holders.add(s);
            at.add(EvmRpc.at(last));
        }
        List<BigInteger> v = probe(holders, at);
        int k = 0;
        for (EvmTracking.Slot s : nativeSlots) {
            BigInteger before = from > 0 ? v.get(k++) : BigInteger.ZERO;
            BigInteger after = v.get(k++);
            int[] budget = {BISECT_BUDGET};
            bisect(s, from - 1, before, to, after, budget, into);
            setAbsolute(change(into, to), s.index(), after, to);
        }
    }

    /**
     * Finds the blocks in {@code (lo, hi]} where a native balance changed, given its values at both ends.
     * A change that is undone within an interval whose ends agree is not seen (documented limit); past the
     * budget the change is recorded at {@code hi}.
     */
    private void bisect(EvmTracking.Slot s, long lo, BigInteger vlo, long hi, BigInteger vhi, int[] budget,
                        TreeMap<Long, BlockChange> into) {
        if (vlo.equals(vhi)) {
            return;
        }
        if (hi - lo == 1 || budget[0] <= 0) {
            setAbsolute(change(into, hi), s.index(), vhi, hi);
            return;
        }
        long mid = lo + (hi - lo) / 2;
        budget[0]--;
        BigInteger vmid = probe(List.of(s), List.of(EvmRpc.at(mid))).get(0);
        bisect(s, lo, vlo, mid, vmid, budget, into);
        bisect(s, mid, vmid, hi, vhi, budget, into);
    }

    private BlockChange change(TreeMap<Long, BlockChange> into, long height) {
        return into.computeIfAbsent(height, h -> new BlockChange(h, slots));
    }

    /** The node's values of {@code which} slots at block {@code b} (eth_call pinned by hash); others null. */
    private BigInteger[] values(BlockRef b, List<EvmTracking.Slot> which) {
        List<String[]> calls = new ArrayList<>();
        for (EvmTracking.Slot s : which) {
            calls.add(s.kind() == EvmTracking.Kind.SUPPLY
                    ? new String[]{s.token(), encode("totalSupply")}
                    : new String[]{s.token(), encode("balanceOf", new Address(s.holder()))});
        }
        BigInteger[] out = new BigInteger[slots];
        if (calls.isEmpty()) {
            return out;
        }
        List<BigInteger> v = rpc.calls(calls, EvmRpc.at(b));
        for (int i = 0; i < which.size(); i++) {
            out[which.get(i).index()] = v.get(i);
        }
        return out;
    }

    private void setAbsolute(BlockChange c, int slot, BigInteger v, long height) {
        Int128 x;
        try {
            x = Int128.of(v);
        } catch (ArithmeticException e) {
            throw new ChainHaltedException(profile.name() + ": value " + v + " of " + tracking.slots().get(slot)
                    + " at block " + height + " does not fit in int128");
        }
        c.setAbsolute(slot, x.hi(), x.lo());
    }

    static String encode(String fn, org.web3j.abi.datatypes.Type<?>... args) {
        return FunctionEncoder.encode(new Function(fn, List.of(args), List.of()));
    }
}
