package io.assay.chain.solana;

import io.assay.chain.BlockRef;
import io.assay.chain.ChainHaltedException;
import io.assay.chain.ChainReader;
import io.assay.chain.Tip;
import io.assay.chain.rpc.JsonRpcClient;
import io.assay.chain.rpc.RpcException;
import io.assay.chain.solana.ChangeBuilder.Built;
import io.assay.chain.solana.SolanaTracking.Value;
import io.assay.chain.solana.ValueSnapshots.Snapshot;
import io.assay.config.ChainProfile;
import org.jboss.logging.Logger;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
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

    private final ChainProfile profile;
    private final SolanaTracking tracking;
    private final SolanaRpc rpc;
    private final Mode requested;
    private final LongSupplier committed;
    private final SlotAnchors anchors = new SlotAnchors();
    private final SolanaHistory history;
    private final List<Value> values;
    private final TrackedAccounts accounts;
    private final ValueSnapshots snapshots;
    private final ChangeBuilder changes;
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
        this.history = new SolanaHistory(rpc, values.stream().map(Value::address).toList(), pageLimit);
        this.accounts = new TrackedAccounts(profile.name(), values, rpc);
        this.snapshots = new ValueSnapshots(profile.name(), values, rpc, accounts);
        this.changes = new ChangeBuilder(profile.name(), values, history, rpc, accounts, this::forget);
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
        accounts.check();
        mode = values.isEmpty() ? Mode.HISTORY : requested == Mode.AUTO ? probeHistory() : requested;
        history.reset(committed.getAsLong());
        lastSnapshot = null;
        LOG.infof("%s: %d value(s) tracked, reading %s at commitment %s", profile.name(), values.size(),
                mode == Mode.HISTORY ? "transaction history" : "snapshots (the endpoint serves no history)",
                rpc.commitment().wire());
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
            Snapshot s = snapshots.atOneSlot(lastSnapshot);
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
            Snapshot s = lastSnapshot != null ? lastSnapshot : snapshots.atOneSlot(lastSnapshot);
            long slot = s.max();
            BlockRef a = anchors.anchor(rpc, slot);
            SlotChange c = new SlotChange(slot, a.time(), n);
            for (int v = 0; v < n; v++) {
                c.setAbsolute(v, s.values()[v]);
            }
            LOG.infof("%s: starting values read at slot %d (snapshot): %s", profile.name(), slot, Arrays.toString(s.values()));
            return (new SolanaSegment(slot, slot, a.parentHash(), a, List.of(c), new BigInteger[n], new String[n], true,
                    -1, null)).anchored(changed -> anchors.anchor(rpc, changed));
        }
        if (height > 0 && height < anchors.firstAvailable()) {
            throw new ChainHaltedException(profile.name() + ": indexing would start after slot " + height
                    + ", below the endpoint's first available block " + anchors.firstAvailable()
                    + ": its history cannot be read there; set the supply startBlock at or above that slot");
        }
        history.reset(height);
        Snapshot s = snapshots.read(height);
        history.ensureListed(s.max());
        Built later = changes.build(height + 1, s.max());
        BigInteger[] at;
        if (height == 0) {
            // slot 0 is genesis: no SPL mint or token account held anything there
            at = new BigInteger[n];
            Arrays.fill(at, BigInteger.ZERO);
            requireComplete(s, later);
        } else {
            at = changes.valuesBefore(s, later, height + 1);
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
        return (new SolanaSegment(slot, slot, a.parentHash(), a, List.of(c), new BigInteger[n], new String[n], true, -1,
                null)).anchored(changed -> anchors.anchor(rpc, changed));
    }

    /**
     * From genesis, the listed history must account for every value the node shows now: otherwise the endpoint
     * does not serve the whole history (or the profile's start is wrong) and nothing read from it is trustworthy.
     */
    private void requireComplete(Snapshot s, Built later) {
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
        Built b = changes.build(from, to);
        long reconcileAt = reconcileSlot(from, to);
        BigInteger[] expected = null;
        if (reconcileAt >= 0) {
            Snapshot s = snapshots.read(to);
            history.ensureListed(s.max());
            expected = changes.valuesBefore(s, changes.build(to + 1, s.max()), to + 1);
        }
        BlockRef parent = anchors.anchor(rpc, from - 1);
        BlockRef commit = anchors.anchor(rpc, to);
        return (new SolanaSegment(from, to, parent.hash(), commit, b.changes(), b.before(), b.beforeSource(), false,
                reconcileAt, expected)).anchored(changed -> anchors.anchor(rpc, changed));
    }

    private SolanaSegment fetchSnapshot(long from, long to) {
        int n = values.size();
        Snapshot s = lastSnapshot;
        BlockRef commit = anchors.anchor(rpc, to);
        List<SlotChange> list = new ArrayList<>();
        if (s != null && s.max() == to && s.atOneSlot()) {
            SlotChange c = new SlotChange(to, commit.time(), n);
            for (int v = 0; v < n; v++) {
                c.setAbsolute(v, s.values()[v]);
            }
            list.add(c);
        }
        BlockRef parent = anchors.anchor(rpc, from - 1);
        return (new SolanaSegment(from, to, parent.hash(), commit, list, new BigInteger[n], new String[n], false, -1,
                null)).anchored(changed -> anchors.anchor(rpc, changed));
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
}
