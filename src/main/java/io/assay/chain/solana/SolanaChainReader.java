package io.assay.chain.solana;

import io.assay.chain.BlockRef;
import io.assay.chain.ChainHaltedException;
import io.assay.chain.ChainReader;
import io.assay.chain.Tip;
import io.assay.chain.rpc.JsonRpcClient;
import io.assay.chain.rpc.RpcException;
import io.assay.chain.solana.SolanaClient.AccountInfo;
import io.assay.chain.solana.SolanaClient.Context;
import io.assay.chain.solana.SolanaClient.TokenAmount;
import io.assay.chain.solana.SolanaClient.TokenBalance;
import io.assay.chain.solana.SolanaClient.TransactionBalances;
import io.assay.chain.solana.SolanaTracking.Kind;
import io.assay.chain.solana.SolanaTracking.Value;
import io.assay.config.ChainProfile;
import org.jboss.logging.Logger;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;
import java.util.function.LongSupplier;

/**
 * Reads a Solana cluster for {@link io.assay.chain.ChainIndexer}: SPL mint supply and token-account balances of
 * the tracked values, at the profile's commitment ({@code finalized}).
 *
 * <h2>Two ways to read</h2>
 * <ul>
 *   <li><b>History</b> (when the endpoint serves {@code getSignaturesForAddress} and {@code getTransaction}): each
 *       tracked address's transactions are listed and their pre/post token balances give exact values at exact
 *       slots. A token account's balance after a transaction is its post balance; a mint's supply changes by
 *       the sum of post minus pre balances of all accounts of that mint in a transaction (a transfer nets zero,
 *       a mint or burn does not). The same code serves backfill (long segments, paged listings) and following
 *       (a listing of what is new since the last poll). Consecutive transactions of a token account must link
 *       ({@code pre == previous post}); a break is a gap in the endpoint's history and is retried, never
 *       recorded. Started from genesis, the whole history must add up to the node's current values before
 *       anything is written. Near the tip every segment is reconciled against {@code getTokenSupply}/
 *       {@code getTokenAccountBalance} (the node's value at its context slot, moved back to the segment's last
 *       slot by the transactions in between) before it is committed.</li>
 *   <li><b>Snapshot</b> (when the endpoint serves no history): each poll reads all values at one context slot
 *       and records them there. A change is then dated at the first polled slot that shows it, and a change
 *       undone between two polls is not seen. Indexing starts at the current slot.</li>
 * </ul>
 * Slots without a block are normal on Solana: a segment's commit point is its last slot, anchored to the last
 * block at or below it ({@link SlotAnchors}).
 *
 * <p>At start ({@link #prepare}) every tracked address must exist and be what the profiles say: a mint with the
 * declared decimals, a token account of the asset's mint (or, for reserves, of a mint with the declared
 * decimals). A mismatch halts the chain with a message naming the profile entry.
 */
public final class SolanaChainReader implements ChainReader<SolanaSegment> {
    private static final Logger LOG = Logger.getLogger(SolanaChainReader.class);
    /** Slots a sparse (backfill) segment covers in history mode: about a day on mainnet. */
    static final long HISTORY_SPAN = 200_000;
    static final int DENSE_SPAN = 10_000;
    static final int PAGE_LIMIT = 1000;

    /** Genesis hashes of the public clusters (the identity check of every endpoint). */
    static final Map<String, String> GENESIS = Map.of(
            "mainnet-beta", "5eykt4UsFv8P8NJdTREpY1vzqKqZKvdpKuc147dw2N9d",
            "devnet", "EtWTRABZaYq6iMfeYKouRu166VU2xqa1wcaWoxPkrZBG",
            "testnet", "4uhcVJyU9pJkvQyS88uRDiswHXSCkY3zQawwpjk2NsNY");

    /** How values are read. */
    public enum Mode {
        /** History if the endpoint serves it, else snapshots. */
        AUTO,
        HISTORY,
        SNAPSHOT
    }

    /** A gap or contradiction in an endpoint's transaction history: retried (the cached history is dropped). */
    static final class HistoryGap extends RpcException {
        HistoryGap(String message) {
            super(message, 0, 0, true, 0, null);
        }
    }

    /** Values as the node answered them, each at its own context slot. */
    record Snapshot(long[] slots, BigInteger[] values) {
        long max() {
            return Arrays.stream(slots).max().orElse(-1);
        }

        boolean atOneSlot() {
            return Arrays.stream(slots).distinct().count() <= 1;
        }
    }

    /** Slot changes of a range, and each token account's balance before its first change there. */
    record Built(List<SlotChange> changes, BigInteger[] before, long[] beforeSlot, String[] beforeSource) {
    }

    private final ChainProfile profile;
    private final SolanaTracking tracking;
    private final SolanaRpc rpc;
    private final Mode requested;
    private final LongSupplier committed;
    private final SlotAnchors anchors = new SlotAnchors();
    private final SolanaHistory history;
    private final List<Value> values;
    /** The mint each value is counted in (learned at prepare for reserve accounts). */
    private final String[] mints;
    private volatile Mode mode = Mode.AUTO;
    private volatile long finalTip = -1;
    private volatile Snapshot lastSnapshot;

    /**
     * @param committed the chain's committed slot in the store, or -1 (cached history at or below it is dropped)
     * @param pageLimit signatures per {@code getSignaturesForAddress} page (1-1000)
     */
    public SolanaChainReader(ChainProfile profile, SolanaTracking tracking, SolanaRpc rpc, Mode mode,
                             LongSupplier committed, int pageLimit) {
        this.profile = profile;
        this.tracking = tracking;
        this.rpc = rpc;
        this.requested = mode;
        this.committed = committed;
        this.values = tracking.values();
        this.mints = new String[values.size()];
        for (Value v : values) {
            mints[v.index()] = v.mint();
        }
        this.history = new SolanaHistory(rpc, values.stream().map(Value::address).toList(), pageLimit);
    }

    public SolanaTracking tracking() {
        return tracking;
    }

    /** The way values are read, once {@link #prepare} decided it. */
    public Mode mode() {
        return mode;
    }

    /** Signatures listed so far (progress and tests). */
    public long signaturesListed() {
        return history.listed();
    }

    // ---- start ----

    @Override
    public void prepare() {
        String genesis = GENESIS.get(profile.network());
        if (genesis != null && rpc.pool() != null) {
            rpc.pool().requireIdentity("genesis hash", c -> new SolanaClient(c).genesisHash(), genesis);
        }
        anchors.prepare(rpc);
        checkAccounts();
        mode = values.isEmpty() ? Mode.HISTORY : requested == Mode.AUTO ? probeHistory() : requested;
        history.reset(committed.getAsLong());
        lastSnapshot = null;
        LOG.infof("%s: %d value(s) tracked, reading %s at commitment %s", profile.name(), values.size(),
                mode == Mode.HISTORY ? "transaction history" : "snapshots (the endpoint serves no history)",
                rpc.commitment().wire());
    }

    /** Every tracked address exists and is what the profiles declare. */
    void checkAccounts() {
        if (values.isEmpty()) {
            return;
        }
        List<AccountInfo> infos = rpc.batched("getAccountInfo", values,
                v -> SolanaClient.accountInfoCall(v.address(), rpc.commitment()),
                (v, n) -> SolanaClient.parseAccountInfo(n, v.address()).value());
        for (Value v : values) {
            AccountInfo a = infos.get(v.index());
            String what = v.kind() == Kind.SUPPLY ? "mint" : "token account";
            if (a == null) {
                throw new RpcException(profile.name() + ": " + what + " " + v.address() + " does not exist at the "
                        + rpc.commitment().wire() + " slot (not created yet, or another cluster?)", 0, 0, true, 0, null);
            }
            if (!a.isTokenProgram()) {
                throw new ChainHaltedException(profile.name() + ": " + v.address() + " is owned by program " + a.owner()
                        + ", not the SPL Token program: it is not a " + what + " (" + where(v) + ")");
            }
            String type = v.kind() == Kind.SUPPLY ? "mint" : "account";
            if (!type.equals(a.type())) {
                throw new ChainHaltedException(profile.name() + ": " + v.address() + " is an SPL "
                        + (a.type() == null ? "account of unknown type" : a.type()) + ", not a " + what
                        + " (" + where(v) + ")");
            }
            if (v.kind() == Kind.BALANCE) {
                if (v.mint() != null && !v.mint().equals(a.mint())) {
                    throw new ChainHaltedException(profile.name() + ": token account " + v.address() + " holds mint "
                            + a.mint() + ", not the asset's mint " + v.mint() + " (" + where(v) + ")");
                }
                mints[v.index()] = a.mint();
            }
            checkDecimals(v, a.decimals(), v.kind() == Kind.SUPPLY ? "mint " + v.address()
                    : "token account " + v.address() + " (mint " + a.mint() + ")");
        }
    }

    private void checkDecimals(Value v, int actual, String who) {
        for (Map.Entry<String, Integer> e : v.declared().entrySet()) {
            if (e.getValue() != actual) {
                throw new ChainHaltedException(e.getKey() + " = " + e.getValue() + ", but " + who + " on "
                        + profile.name() + " has " + actual + " decimals; fix the profile (amounts would be misread)");
            }
        }
    }

    private static String where(Value v) {
        return String.join(", ", v.declared().keySet());
    }

    private Mode probeHistory() {
        try {
            List<SolanaClient.SignatureInfo> s = rpc.call("getSignaturesForAddress (probe)",
                    c -> c.signatures(values.get(0).address(), null, null, 1, rpc.commitment(), -1));
            if (!s.isEmpty()) {
                rpc.call("getTransaction (probe)", c -> c.transaction(s.get(0).signature(), rpc.commitment()));
            }
            return Mode.HISTORY;
        } catch (RpcException e) {
            if (SolanaClient.isHistoryUnavailable(e)) {
                LOG.warnf("%s: the endpoint serves no transaction history (%s): values are read as snapshots at"
                        + " each poll, from the current slot on", profile.name(), e.getMessage());
                return Mode.SNAPSHOT;
            }
            throw e;
        }
    }

    /** Drops the cached history (the writer found it inconsistent with what is indexed). */
    void forget() {
        history.reset(committed.getAsLong());
    }

    // ---- blocks ----

    @Override
    public Tip tip() {
        if (mode == Mode.SNAPSHOT) {
            Snapshot s = snapshotAtOneSlot();
            lastSnapshot = s;
            finalTip = s.max();
            return new Tip(s.max(), s.max());
        }
        Tip t = rpc.tip();
        finalTip = t.finalized();
        return t;
    }

    @Override
    public BlockRef block(long height) {
        if (height > finalTip && height > rpc.slot()) {
            return null;
        }
        return anchors.anchor(rpc, height);
    }

    @Override
    public BlockRef block(JsonRpcClient client, long height) {
        SolanaRpc one = SolanaRpc.single(client, rpc.commitment());
        if (height > one.slot()) {
            return null;
        }
        return anchors.lookup(one, height);
    }

    @Override
    public long span() {
        return mode == Mode.SNAPSHOT ? Long.MAX_VALUE / 4 : HISTORY_SPAN;
    }

    @Override
    public int denseSpan() {
        return DENSE_SPAN;
    }

    // ---- values ----

    @Override
    public SolanaSegment initial(long height) {
        int n = values.size();
        if (mode == Mode.SNAPSHOT) {
            Snapshot s = lastSnapshot != null ? lastSnapshot : snapshotAtOneSlot();
            long slot = s.max();
            BlockRef a = anchors.anchor(rpc, slot);
            SlotChange c = new SlotChange(slot, a.time(), n);
            for (int v = 0; v < n; v++) {
                c.setAbsolute(v, s.values()[v]);
            }
            LOG.infof("%s: starting values read at slot %d (snapshot): %s", profile.name(), slot, Arrays.toString(s.values()));
            return new SolanaSegment(slot, slot, a.parentHash(), a, List.of(c), new BigInteger[n], new String[n], true,
                    -1, null);
        }
        if (height > 0 && height < anchors.firstAvailable()) {
            throw new ChainHaltedException(profile.name() + ": indexing would start after slot " + height
                    + ", below the endpoint's first available block " + anchors.firstAvailable()
                    + ": its history cannot be read there; set the supply startBlock at or above that slot");
        }
        history.reset(height);
        Snapshot s = snapshot(height);
        history.ensureListed(s.max());
        Built later = build(height + 1, s.max());
        BigInteger[] at;
        if (height == 0) {
            // slot 0 is genesis: no SPL mint or token account held anything there
            at = new BigInteger[n];
            Arrays.fill(at, BigInteger.ZERO);
            requireComplete(s, later);
        } else {
            at = valuesBefore(s, later, height + 1);
        }
        long first = history.firstSlot();
        // nothing happens to the tracked addresses before their first transaction: start right before it (and
        // with nothing tracked at all, at the tip)
        long slot = values.isEmpty() ? Math.max(height, finalTip) : first > height + 1 ? first - 1 : height;
        BlockRef a = anchors.anchor(rpc, slot);
        SlotChange c = new SlotChange(slot, a.time(), n);
        for (int v = 0; v < n; v++) {
            c.setAbsolute(v, at[v]);
        }
        LOG.infof("%s: starting values at slot %d: %s", profile.name(), slot, Arrays.toString(at));
        return new SolanaSegment(slot, slot, a.parentHash(), a, List.of(c), new BigInteger[n], new String[n], true, -1,
                null);
    }

    /**
     * From genesis, the listed history must account for every value the node shows now: otherwise the endpoint
     * does not serve the whole history (or the profile's start is wrong) and nothing read from it is trustworthy.
     */
    private void requireComplete(Snapshot s, Built later) {
        BigInteger[] zero = new BigInteger[values.size()];
        Arrays.fill(zero, BigInteger.ZERO);
        for (Value v : values) {
            int i = v.index();
            BigInteger replayed = BigInteger.ZERO;
            for (SlotChange c : later.changes()) {
                if (c.slot <= s.slots()[i]) {
                    replayed = c.apply(i, replayed);
                }
            }
            boolean startsAtZero = later.before()[i] == null || later.before()[i].signum() == 0;
            if (!startsAtZero || !replayed.equals(s.values()[i])) {
                throw new ChainHaltedException(profile.name() + ": the endpoint's transaction history of " + v
                        + " is incomplete: its transactions account for " + replayed + " but the node reports "
                        + s.values()[i] + " at slot " + s.slots()[i]
                        + (startsAtZero ? "" : " (the oldest listed transaction starts from " + later.before()[i] + ")")
                        + "; use an endpoint with full history, or set the supply startBlock to a slot it serves");
            }
        }
    }

    @Override
    public SolanaSegment fetch(long from, long to, boolean dense) {
        if (mode == Mode.SNAPSHOT) {
            return fetchSnapshot(from, to);
        }
        history.prune(committed.getAsLong());
        history.ensureListed(to);
        Built b = build(from, to);
        long reconcileAt = reconcileSlot(from, to);
        BigInteger[] expected = null;
        if (reconcileAt >= 0) {
            Snapshot s = snapshot(to);
            history.ensureListed(s.max());
            expected = valuesBefore(s, build(to + 1, s.max()), to + 1);
        }
        BlockRef parent = anchors.anchor(rpc, from - 1);
        BlockRef commit = anchors.anchor(rpc, to);
        return new SolanaSegment(from, to, parent.hash(), commit, b.changes(), b.before(), b.beforeSource(), false,
                reconcileAt, expected);
    }

    private SolanaSegment fetchSnapshot(long from, long to) {
        int n = values.size();
        Snapshot s = lastSnapshot;
        BlockRef commit = anchors.anchor(rpc, to);
        List<SlotChange> changes = new ArrayList<>();
        if (s != null && s.max() == to && s.atOneSlot()) {
            SlotChange c = new SlotChange(to, commit.time(), n);
            for (int v = 0; v < n; v++) {
                c.setAbsolute(v, s.values()[v]);
            }
            changes.add(c);
        }
        BlockRef parent = anchors.anchor(rpc, from - 1);
        return new SolanaSegment(from, to, parent.hash(), commit, changes, new BigInteger[n], new String[n], false, -1,
                null);
    }

    /**
     * Where the segment {@code [from, to]} is reconciled: at {@code to} when it ends near the final tip, so every
     * segment while following (a transaction missing from the endpoint's listing is caught before its slot is
     * committed); -1 otherwise, and always when {@code reconcileEvery} is 0. A Solana node serves no past state,
     * so a value can only be checked against the node's value now, moved back by the transactions since: deep in
     * a backfill that would mean re-reading the rest of the history at every segment. There the checks are the
     * completeness check of the start ({@link #initial}) and the continuity of each token account's balances.
     */
    long reconcileSlot(long from, long to) {
        if (profile.limits().reconcileEvery() <= 0 || values.isEmpty()) {
            return -1;
        }
        return to >= finalTip - DENSE_SPAN ? to : -1;
    }

    /**
     * Values just before slot {@code slot} (that is, at {@code slot - 1}), from the node's snapshot and the
     * changes {@code later} between {@code slot} and each value's context slot.
     */
    private BigInteger[] valuesBefore(Snapshot s, Built later, long slot) {
        BigInteger[] out = new BigInteger[values.size()];
        for (Value v : values) {
            int i = v.index();
            long at = s.slots()[i];
            if (v.kind() == Kind.SUPPLY) {
                BigInteger x = s.values()[i];
                for (SlotChange c : later.changes()) {
                    if (c.slot >= slot && c.slot <= at && c.delta[i] != null) {
                        x = x.subtract(c.delta[i]);
                    }
                }
                out[i] = x;
            } else {
                out[i] = later.before()[i] != null && later.beforeSlot()[i] >= slot && later.beforeSlot()[i] <= at
                        ? later.before()[i] : s.values()[i];
            }
        }
        return out;
    }

    // ---- building segments from history ----

    /** The slot changes of {@code [from, to]} from the listed history (empty if {@code from > to}). */
    Built build(long from, long to) {
        int n = values.size();
        BigInteger[] before = new BigInteger[n];
        long[] beforeSlot = new long[n];
        Arrays.fill(beforeSlot, Long.MAX_VALUE);
        String[] source = new String[n];
        if (from > to) {
            return new Built(List.of(), before, beforeSlot, source);
        }
        Map<String, Long> sigs = history.allSignatures(from, to);
        Map<String, TransactionBalances> txs = history.transactions(sigs);
        Map<Long, Long> times = times(txs);
        Map<Long, Integer> perSlot = new HashMap<>();
        sigs.values().forEach(s -> perSlot.merge(s, 1, Integer::sum));
        TreeMap<Long, SlotChange> changes = new TreeMap<>();
        for (Value v : values) {
            int i = v.index();
            NavigableMap<Long, List<String>> listed = history.signatures(i, from, to);
            BigInteger cur = null;
            for (Map.Entry<Long, List<String>> e : listed.entrySet()) {
                long slot = e.getKey();
                SlotChange c = changes.computeIfAbsent(slot, s -> new SlotChange(s, times.get(s), n));
                c.transactions = perSlot.getOrDefault(slot, 0);
                if (v.kind() == Kind.SUPPLY) {
                    BigInteger d = BigInteger.ZERO;
                    for (String sig : e.getValue()) {
                        d = d.add(supplyDelta(txs.get(sig), v.address()));
                    }
                    if (d.signum() != 0) {
                        c.addDelta(i, d);
                    }
                    continue;
                }
                List<BalanceChain.Step> steps = new ArrayList<>();
                for (String sig : e.getValue()) {
                    TransactionBalances t = txs.get(sig);
                    steps.add(new BalanceChain.Step(sig, balance(t.pre(), v.address(), mints[i]),
                            balance(t.post(), v.address(), mints[i])));
                }
                List<BalanceChain.Step> ordered = BalanceChain.order(steps, cur);
                if (ordered == null) {
                    forget();
                    throw new HistoryGap(profile.name() + ": the transactions of token account " + v.address()
                            + " do not link at slot " + slot + " (balance " + cur + " before, transactions " + steps
                            + "): the endpoint's history misses a transaction; retrying");
                }
                if (cur == null) {
                    before[i] = ordered.get(0).pre();
                    beforeSlot[i] = slot;
                    source[i] = "slot " + slot + ", transaction " + ordered.get(0).signature();
                }
                cur = ordered.get(ordered.size() - 1).post();
                c.setAbsolute(i, cur);
            }
        }
        return new Built(new ArrayList<>(changes.values()), before, beforeSlot, source);
    }

    /** Block time (epoch ms) of every slot with transactions: from the transactions, else getBlockTime. */
    private Map<Long, Long> times(Map<String, TransactionBalances> txs) {
        Map<Long, Long> out = new HashMap<>();
        List<Long> missing = new ArrayList<>();
        for (TransactionBalances t : txs.values()) {
            if (t.blockTime() != null) {
                Long prev = out.put(t.slot(), t.blockTime() * 1000);
                if (prev != null && prev != t.blockTime() * 1000) {
                    throw RpcException.malformed("transactions of slot " + t.slot() + " carry different block times", null);
                }
            }
        }
        for (TransactionBalances t : txs.values()) {
            if (!out.containsKey(t.slot()) && !missing.contains(t.slot())) {
                missing.add(t.slot());
            }
        }
        for (long slot : missing) {
            Long bt = rpc.blockTime(slot);
            if (bt == null) {
                throw RpcException.malformed("slot " + slot + " holds transactions but has no block time", null);
            }
            out.put(slot, bt * 1000);
        }
        return out;
    }

    /** Net change of {@code mint}'s supply in one transaction: post minus pre balances of all its accounts. */
    static BigInteger supplyDelta(TransactionBalances t, String mint) {
        if (t.failed()) {
            return BigInteger.ZERO;
        }
        BigInteger d = BigInteger.ZERO;
        for (TokenBalance b : t.post()) {
            if (b.mint().equals(mint)) {
                d = d.add(b.amount());
            }
        }
        for (TokenBalance b : t.pre()) {
            if (b.mint().equals(mint)) {
                d = d.subtract(b.amount());
            }
        }
        return d;
    }

    /** {@code account}'s balance of {@code mint} among a transaction's token balances (absent: 0). */
    static BigInteger balance(List<TokenBalance> balances, String account, String mint) {
        for (TokenBalance b : balances) {
            if (b.account().equals(account) && (mint == null || b.mint().equals(mint))) {
                return b.amount();
            }
        }
        return BigInteger.ZERO;
    }

    // ---- snapshots ----

    /** Every value from the node, each at its context slot (at least {@code minContextSlot}). */
    Snapshot snapshot(long minContextSlot) {
        int n = values.size();
        long[] slots = new long[n];
        BigInteger[] out = new BigInteger[n];
        List<Context<TokenAmount>> answers;
        try {
            answers = rpc.batched("token values", values, v -> valueCall(v, minContextSlot),
                    (v, node) -> SolanaClient.parseTokenAmount(node, v.kind() == Kind.SUPPLY ? "getTokenSupply"
                            : "getTokenAccountBalance"));
        } catch (RpcException e) {
            if (e.retryable()) {
                throw e;
            }
            answers = one(minContextSlot); // a token account closed since: read each value alone
        }
        for (Value v : values) {
            Context<TokenAmount> a = answers.get(v.index());
            slots[v.index()] = a.slot();
            out[v.index()] = a.value().amount();
            if (a.value().decimals() >= 0) {
                checkDecimals(v, a.value().decimals(), v.toString());
            }
        }
        return new Snapshot(slots, out);
    }

    private List<Context<TokenAmount>> one(long minContextSlot) {
        List<Context<TokenAmount>> out = new ArrayList<>();
        for (Value v : values) {
            try {
                out.add(rpc.call(valueCall(v, minContextSlot).method(), c -> v.kind() == Kind.SUPPLY
                        ? c.tokenSupply(v.address(), rpc.commitment(), minContextSlot)
                        : c.tokenAccountBalance(v.address(), rpc.commitment(), minContextSlot)));
            } catch (RpcException e) {
                if (e.retryable() || v.kind() == Kind.SUPPLY) {
                    throw e;
                }
                Context<AccountInfo> info = rpc.call("getAccountInfo " + v.address(),
                        c -> c.accountInfo(v.address(), rpc.commitment()));
                if (info.value() != null) {
                    throw e; // it exists, so the error was something else
                }
                out.add(new Context<>(info.slot(), new TokenAmount(BigInteger.ZERO, -1)));
            }
        }
        return out;
    }

    private JsonRpcClient.Call valueCall(Value v, long minContextSlot) {
        return v.kind() == Kind.SUPPLY
                ? SolanaClient.tokenSupplyCall(v.address(), rpc.commitment(), minContextSlot)
                : SolanaClient.tokenAccountBalanceCall(v.address(), rpc.commitment(), minContextSlot);
    }

    /** A snapshot whose values all come from one slot (snapshot mode), not older than the previous one. */
    private Snapshot snapshotAtOneSlot() {
        Snapshot prev = lastSnapshot;
        long min = prev == null ? -1 : prev.max();
        for (int attempt = 0; attempt < 5; attempt++) {
            Snapshot s = snapshot(min);
            if (s.atOneSlot()) {
                return s;
            }
            min = s.max();
        }
        throw new RpcException(profile.name() + ": token values keep coming from different slots (the cluster moves"
                + " faster than a batch is answered); retrying", 0, 0, true, 0, null);
    }
}
