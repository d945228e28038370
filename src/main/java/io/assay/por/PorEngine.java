package io.assay.por;

import io.assay.store.ChainClock;

import io.assay.store.SeriesNames;

import io.assay.config.AssetProfile;
import io.assay.config.BurnMint;
import io.assay.config.ExcludedHolder;
import io.assay.config.IncumbentFeed;
import io.assay.config.OffchainSource;
import io.assay.config.Profiles;
import io.assay.config.ReserveSource;
import io.assay.config.SupplySource;
import io.assay.store.BurnMintRecords;
import io.assay.store.Checkpoint;
import io.assay.store.KeyValue;
import io.assay.store.Point;
import io.assay.store.SeriesKey;
import io.assay.store.Store;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;

/**
 * Computes proof of reserve from the store only (it never calls a chain): reserves by source, supply by
 * chain, excluded holders, circulating = supply - excluded, ratio = reserves / circulating, and per-chain
 * freshness, as of a time or as of given per-chain heights.
 *
 * <p>Impossible results — a component with no data, negative amounts, excluded holders holding more than
 * a chain's supply — give a {@link Snapshot.Status#REFUSED} snapshot with the reasons; it is never published.
 * Every answer is as of one moment for all chains: "now" answers at the asset's cut, the latest moment through
 * which every chain of the asset is known final ({@link #cut(String)}, docs/consistent-cut.md); answers at a
 * moment after the cut are refused. Values, heights and hashes come from history at or before the moment, which
 * commits never change (they add blocks after the cut); a rollback during a read makes it read again.
 * Thread-safe: its only mutable state is caches (series ids, rendered hashes, freshness rules, and per asset the values
 * of the last "now" answer with the cut they were computed under).
 */
public final class PorEngine {
    /** Digits after the decimal point in ratio strings (rounded down: a ratio is never overstated). */
    public static final int RATIO_DIGITS = 18;
    /** Kind of the supply component that holds a chain's burned-not-yet-minted amount (burn-and-mint assets). */
    public static final String IN_FLIGHT = "in-flight";

    private final Profiles profiles;
    private final Store store;
    private final ChainClock chainClock;
    private final Clock clock;
    private final Map<SeriesKey, Integer> ids = new java.util.concurrent.ConcurrentHashMap<>();
    private final Map<String, String[]> chainNames = new java.util.concurrent.ConcurrentHashMap<>();
    private final SetReserves sets;

    public PorEngine(Profiles profiles, Store store, ChainClock chainClock, Clock clock) {
        this.profiles = profiles;
        this.store = store;
        this.sets = new SetReserves(store, this::seriesId);
        this.chainClock = chainClock;
        this.clock = clock;
    }

    public Profiles profiles() {
        return profiles;
    }

    public AssetProfile asset(String id) {
        return profiles.asset(id).orElseThrow(() -> new UnknownAssetException(id, profiles.assets().keySet()));
    }

    public Instant now() {
        return clock.instant();
    }

    /**
     * As of now: at the asset's cut, the latest moment through which every chain of the asset is known final
     * ({@link #cut}). Staleness is the wall clock minus each chain's coverage against the tolerance, so a slow chain
     * makes the answer stale, never inconsistent; a halted chain makes it REFUSED.
     */
    public Snapshot latest(String assetId) {
        return read(asset(assetId), null);
    }

    /**
     * As of {@code asOf}: every component's last value at a block with time {@code <= asOf}. A moment after the cut is
     * refused (it is not final yet: the answer could still change); at or before it the answer is history, the same
     * on every node and at every later call.
     */
    public Snapshot snapshot(String assetId, Instant asOf) {
        return read(asset(assetId), asOf);
    }

    /**
     * The asset's reserve sets as of {@code asOf} (null: now, at the cut): the members in force then and each one's
     * balance then, read at one cut like a snapshot. A moment after the cut is refused (with the reason).
     */
    public ReserveSetsAt reserveSets(String assetId, Instant asOf) {
        AssetProfile a = asset(assetId);
        long deadline = System.nanoTime() + ROLLBACK_WAIT_NANOS;
        for (int attempt = 0; ; attempt++) {
            Cut cut = cut(a);
            List<String> reasons = new ArrayList<>();
            Instant t = asOf == null ? cut.at : asOf;
            if (t == null) {
                reasons.add("asset " + a.id() + " has a chain that is not indexed yet: no cut");
                return new ReserveSetsAt(a.id(), null, List.of(), reasons);
            }
            if (asOf != null && cut.at != null && t.isAfter(cut.at)) {
                reasons.add("not final yet at " + t + ": chain " + cut.holder + " is known final only through " + cut.at
                        + " (answers are given up to the cut)");
            }
            Reads reads = new Reads(cut, t.toEpochMilli());
            List<ReserveSetView> out = new ArrayList<>();
            for (ReserveSource r : a.reserves()) {
                if (r.isSet()) {
                    out.add(sets.read(a.id(), r, reads));
                }
            }
            if (cut.unchanged() || !retry(attempt, deadline)) {
                return new ReserveSetsAt(a.id(), t, List.copyOf(out), List.copyOf(reasons));
            }
        }
    }

    /**
     * Why the asset's reserve set {@code setId} refuses its list right now (the last good membership is kept), or
     * empty: a refused HTTP page (docs/reserve-sets.md).
     */
    public Optional<String> setRefusal(String assetId, String setId) {
        AssetProfile a = asset(assetId);
        return a.reserves().stream().filter(r -> r.isSet() && r.id().equals(setId) && r.set().membershipChain() != null)
                .findFirst().flatMap(r -> chainClock.suspect(r.set().membershipChain()));
    }

    /** The answer at {@code asOf} (null: now, at the cut), read again while a rollback runs on one of the chains. */
    private Snapshot read(AssetProfile a, Instant asOf) {
        long deadline = System.nanoTime() + ROLLBACK_WAIT_NANOS;
        for (int attempt = 0; ; attempt++) {
            Instant now = clock.instant();
            Cut cut = cut(a);
            Snapshot s = asOf == null ? live(a, cut, now) : at(a, cut, asOf, now, false);
            if (cut.unchanged()) {
                return s;
            }
            if (!retry(attempt, deadline)) {
                return rolling(a, cut, asOf == null ? now : asOf);
            }
        }
    }

    /** How long a read waits for rollbacks to end before it gives up (a rollback takes milliseconds). */
    private static final long ROLLBACK_WAIT_NANOS = 5_000_000_000L;

    /** Pauses before another read (spinning first, then a millisecond); false once the deadline has passed. */
    private static boolean retry(int attempt, long deadline) {
        if (System.nanoTime() > deadline) {
            return false;
        }
        if (attempt < 8) {
            Thread.onSpinWait();
        } else {
            java.util.concurrent.locks.LockSupport.parkNanos(1_000_000L);
        }
        return true;
    }

    private Snapshot rolling(AssetProfile a, Cut cut, Instant asOf) {
        List<String> reasons = List.of("a rollback of " + String.join(", ", cut.changedChains())
                + " was still running after 5 s of reading: try again");
        Amount zero = Amount.zero(a.decimals());
        return new Snapshot(a.id(), asOf, a.decimals(), List.of(), List.of(), List.of(), zero, zero, zero, zero, null,
                false, List.of(), Snapshot.Status.REFUSED, reasons);
    }

    /**
     * The asset's chains as the indexers know them right now: checkpoints, coverage (until when each chain is known
     * final), halts and rollback epochs; {@link #at} is the cut, the earliest coverage of the asset's on-chain sources
     * (off-chain sources, judged by their own {@code maxAge}, do not hold it back), or null if one is not indexed yet.
     */
    public Cut cut(String assetId) {
        return cut(asset(assetId));
    }

    private Cut cut(AssetProfile a) {
        String[] names = chainNames(a);
        int n = names.length;
        Cut c = new Cut(a, names, new Checkpoint[n], new Instant[n], new String[n], new long[n], new boolean[n]);
        Instant min = null;
        String holder = null;
        boolean anyOnChain = false;
        boolean allOnChainIndexed = true;
        boolean allIndexed = true;
        for (int i = 0; i < n; i++) {
            String chain = names[i];
            c.epochs[i] = chainClock.epoch(chain);
            c.offchain[i] = freshnessRule(a, chain).offchain();
            c.halted[i] = chainClock.halted(chain).orElse(null);
            c.checkpoints[i] = store.checkpoint(chain).orElse(null);
            allIndexed &= c.checkpoints[i] != null;
            if (!c.offchain[i]) {
                anyOnChain = true;
                allOnChainIndexed &= c.checkpoints[i] != null;
            }
            if (c.checkpoints[i] == null) {
                continue;
            }
            c.covered[i] = coverage(c.checkpoints[i], c.offchain[i], (c.epochs[i] & 1) == 0);
            if (!c.offchain[i] && (min == null || c.covered[i].isBefore(min))) {
                min = c.covered[i];
                holder = chain;
            }
        }
        if (!anyOnChain) {
            // only off-chain sources: their answers are as of the latest attestation
            for (int i = 0; i < n; i++) {
                if (c.covered[i] != null && (min == null || c.covered[i].isAfter(min))) {
                    min = c.covered[i];
                    holder = names[i];
                }
            }
        }
        c.at = (anyOnChain ? allOnChainIndexed : allIndexed) ? (min == null ? clock.instant() : min) : null;
        c.holder = holder;
        return c;
    }

    /**
     * Until when {@code chain} is known final: what its indexer reported, but never less than one millisecond before
     * its checkpoint's block time (a later block may share that time); empty if it is not indexed.
     */
    public Optional<Instant> coveredUntil(String chain) {
        return store.checkpoint(chain).map(cp -> coverage(cp, false, (chainClock.epoch(chain) & 1) == 0));
    }

    /** {@code offchain}: the attested time is the answer's time; {@code reported}: not during a rollback. */
    private Instant coverage(Checkpoint cp, boolean offchain, boolean reported) {
        Instant fromCheckpoint = Instant.ofEpochMilli(offchain ? cp.time() : cp.time() - 1);
        Instant r = reported ? chainClock.coveredUntil(cp.chain()).orElse(null) : null;
        return r != null && r.isAfter(fromCheckpoint) ? r : fromCheckpoint;
    }

    /**
     * One reading of the indexers' knowledge for an asset (see {@link #cut(String)}); {@link #unchanged()} tells
     * whether a rollback began or ended on one of its chains since.
     */
    public final class Cut {
        private final AssetProfile asset;
        private final String[] chains;
        private final Checkpoint[] checkpoints;
        private final Instant[] covered;
        private final String[] halted;
        private final long[] epochs;
        private final boolean[] offchain;
        private Instant at;
        private String holder;

        private Cut(AssetProfile asset, String[] chains, Checkpoint[] checkpoints, Instant[] covered, String[] halted,
                    long[] epochs, boolean[] offchain) {
            this.asset = asset;
            this.chains = chains;
            this.checkpoints = checkpoints;
            this.covered = covered;
            this.halted = halted;
            this.epochs = epochs;
            this.offchain = offchain;
        }

        /** The cut's moment, or null while a chain of the asset is not indexed. */
        public Instant at() {
            return at;
        }

        /** The chain whose coverage is the cut (it holds every answer back to {@link #at()}). */
        public String holder() {
            return holder;
        }

        /** Until when {@code chain} is known final, or null if it is not indexed (or not the asset's). */
        public Instant coveredUntil(String chain) {
            for (int i = 0; i < chains.length; i++) {
                if (chains[i].equals(chain)) {
                    return covered[i];
                }
            }
            return null;
        }

        boolean unchanged() {
            for (int i = 0; i < chains.length; i++) {
                if ((epochs[i] & 1) != 0 || chainClock.epoch(chains[i]) != epochs[i]) {
                    return false;
                }
            }
            return true;
        }

        List<String> changedChains() {
            List<String> out = new ArrayList<>();
            for (int i = 0; i < chains.length; i++) {
                if ((epochs[i] & 1) != 0 || chainClock.epoch(chains[i]) != epochs[i]) {
                    out.add(chains[i]);
                }
            }
            return out;
        }
    }

    private String[] chainNames(AssetProfile a) {
        return chainNames.computeIfAbsent(a.id(), k -> chainsOf(a).toArray(String[]::new));
    }

    /**
     * The "now" answer under {@code cut}: at the cut, with the values of the last "now" answer of the asset if they
     * were computed under the same cut (see {@link NowValues}); freshness, halts and suspicion, which move with the
     * wall clock and the indexers' reports, are judged on every call. Without a cut (a chain not indexed yet) the
     * answer is refused and nothing is kept.
     */
    private Snapshot live(AssetProfile a, Cut cut, Instant now) {
        if (cut.at == null) {
            return at(a, cut, null, now, true);
        }
        NowCache cache = nowCache(a.id());
        NowValues v = cache.values.get();
        if (v != null && v.computedUnder(a, cut)) {
            cache.reused.increment();
        } else {
            cache.computed.increment();
            v = values(a, cut, cut.at);
            // kept only if no rollback began or ended while reading, and never a refusal (its reasons may name data
            // that is merely not there yet, not history)
            if (v.values.status() != Snapshot.Status.REFUSED && cut.unchanged()) {
                cache.values.set(v);
            }
        }
        return answer(a, cut, v, cut.at, now, true, haltRefusals(a, cut));
    }

    /** The answer at {@code t} under {@code cut} (null: no cut yet, refused); {@code live}: the "now" answer. */
    private Snapshot at(AssetProfile a, Cut cut, Instant t, Instant now, boolean live) {
        List<String> refusals = new ArrayList<>();
        if (t == null) {
            for (int i = 0; i < cut.chains.length; i++) {
                if (cut.checkpoints[i] == null) {
                    refusals.add(freshnessRule(a, cut.chains[i]).what() + (cut.offchain[i]
                            ? " has no accepted answer yet" : " is not indexed yet"));
                }
            }
            t = now;
        } else if (!live && cut.at != null && t.isAfter(cut.at)) {
            refusals.add("not final yet at " + t + ": chain " + cut.holder + " is known final only through "
                    + cut.at + " (answers are given up to the cut)");
        }
        if (live) {
            refusals.addAll(haltRefusals(a, cut));
        }
        return answer(a, cut, values(a, cut, t), t, now, live, refusals);
    }

    /** A "now" answer is refused while one of the asset's chains is halted, with the halt's reason. */
    private List<String> haltRefusals(AssetProfile a, Cut cut) {
        List<String> out = List.of();
        for (int i = 0; i < cut.chains.length; i++) {
            if (cut.halted[i] != null) {
                out = out.isEmpty() ? new ArrayList<>(2) : out;
                out.add(freshnessRule(a, cut.chains[i]).what() + " halted: " + cut.halted[i]);
            }
        }
        return out;
    }

    /**
     * What an answer at {@code t} under {@code cut} is made of apart from the wall clock: the values (from history at
     * {@code t}) and, per chain, the block they come from.
     */
    private NowValues values(AssetProfile a, Cut cut, Instant t) {
        long tm = t.toEpochMilli();
        Reads reads = new Reads(cut, tm);
        Snapshot values = compute(a, t, List.of(), new ArrayList<>(), reads, "at " + t, (chain, e) -> e.time() <= tm);
        UsedBlock[] blocks = new UsedBlock[cut.chains.length];
        for (int i = 0; i < cut.chains.length; i++) {
            blocks[i] = usedBlock(cut, i, t, reads);
        }
        return new NowValues(a, t, cut.checkpoints, cut.epochs, values, blocks);
    }

    /**
     * The answer: {@code refusals} (judged for this call) before the values' own reasons, and each chain's freshness
     * judged at {@code now}; a stale chain makes an unrefused answer STALE.
     */
    private Snapshot answer(AssetProfile a, Cut cut, NowValues v, Instant t, Instant now, boolean live,
                            List<String> refusals) {
        Snapshot values = v.values;
        List<ChainFreshness> chains = new ArrayList<>(cut.chains.length);
        for (int i = 0; i < cut.chains.length; i++) {
            chains.add(freshness(a, cut, i, t, now, live, v.blocks[i]));
        }
        List<String> reasons = new ArrayList<>(refusals);
        reasons.addAll(values.reasons());
        Snapshot.Status status = refusals.isEmpty() ? values.status() : Snapshot.Status.REFUSED;
        if (status != Snapshot.Status.REFUSED) {
            for (ChainFreshness c : chains) {
                if (c.stale()) {
                    status = Snapshot.Status.STALE;
                    reasons.add(c.reason());
                }
            }
        }
        return new Snapshot(a.id(), t, values.scale(), values.reserves(), values.supply(), values.excluded(),
                values.reservesTotal(), values.supplyTotal(), values.excludedTotal(), values.circulating(),
                values.ratio(), values.belowMinRatio(), List.copyOf(chains), status, List.copyOf(reasons));
    }

    /**
     * The values of an answer at {@code at} and the block they come from on each chain (null: nothing read there),
     * with what determines them: the asset's profile, the moment, each chain's checkpoint (height, time, hash) and
     * rollback epoch. History at or before a cut never changes without a rollback (which moves the epoch), so values
     * computed under the same determinants are the values; every commit moves a checkpoint and so computes again.
     * Immutable; shared between threads.
     */
    private record NowValues(AssetProfile asset, Instant at, Checkpoint[] checkpoints, long[] epochs, Snapshot values,
                             UsedBlock[] blocks) {
        boolean computedUnder(AssetProfile a, Cut cut) {
            if (asset != a || !at.equals(cut.at) || !java.util.Arrays.equals(epochs, cut.epochs)) {
                return false;
            }
            for (int i = 0; i < checkpoints.length; i++) {
                if (!same(checkpoints[i], cut.checkpoints[i])) {
                    return false;
                }
            }
            return true;
        }

        private static boolean same(Checkpoint x, Checkpoint y) {
            return x == y || x != null && y != null && x.height() == y.height() && x.time() == y.time()
                    && java.util.Arrays.equals(x.hash(), y.hash());
        }
    }

    /** An asset's last "now" values and how often they were reused or computed (metric {@code assay_now_values_total}). */
    private static final class NowCache {
        final java.util.concurrent.atomic.AtomicReference<NowValues> values = new java.util.concurrent.atomic.AtomicReference<>();
        final java.util.concurrent.atomic.LongAdder reused = new java.util.concurrent.atomic.LongAdder();
        final java.util.concurrent.atomic.LongAdder computed = new java.util.concurrent.atomic.LongAdder();
    }

    private final Map<String, NowCache> nowCaches = new java.util.concurrent.ConcurrentHashMap<>();

    private NowCache nowCache(String assetId) {
        NowCache c = nowCaches.get(assetId);
        return c != null ? c : nowCaches.computeIfAbsent(assetId, k -> new NowCache());
    }

    /**
     * How many "now" answers of the asset reused the values of the previous one (same cut, no commit since) and how
     * many computed them.
     */
    public NowValuesCount nowValues(String assetId) {
        NowCache c = nowCache(asset(assetId).id());
        return new NowValuesCount(c.reused.sum(), c.computed.sum());
    }

    /** See {@link #nowValues(String)}. */
    public record NowValuesCount(long reused, long computed) {
    }

    /**
     * Reads every component at one moment and remembers, per chain, the block the values come from: the highest
     * block among the points read (the last block at or before the moment that changed one of the asset's values on
     * that chain; the chain's state is that block's until the next change). A series with no point yet at a moment
     * after the chain's first logged block (the block before its start height) is zero there.
     */
    private final class Reads implements Reader {
        private final Cut cut;
        private final long t;
        private final Map<String, long[]> used = new HashMap<>(); // chain -> {height, time}
        private final Point p = new Point();

        Reads(Cut cut, long t) {
            this.cut = cut;
            this.t = t;
        }

        @Override
        public boolean readExact(int seriesId, Point out) {
            if (!store.valueAt(seriesId, t, out)) {
                return false;
            }
            use(store.key(seriesId).chain(), out);
            return true;
        }

        private void use(String chain, Point out) {
            long[] u = used.get(chain);
            if (u == null) {
                used.put(chain, new long[]{out.height, out.time});
            } else if (out.height > u[0]) {
                u[0] = out.height;
                u[1] = out.time;
            }
        }

        @Override
        public boolean read(int seriesId, Point out) {
            String chain = store.key(seriesId).chain();
            if (!store.valueAt(seriesId, t, out)) {
                OptionalInt lo = seriesId(SeriesNames.blockHashLo(chain));
                // the chain's first logged block: its start, from which every series it tracks has a value
                if (lo.isEmpty() || !firstLogged(lo.getAsInt(), p) || p.time > t) {
                    return false;
                }
                out.height = p.height;
                out.time = p.time;
                out.value.set(0, 0);
            }
            use(chain, out);
            return true;
        }
    }

    private boolean firstLogged(int seriesId, Point out) {
        try (io.assay.store.SeriesCursor c = store.range(seriesId, Long.MIN_VALUE, Long.MAX_VALUE)) {
            if (c.next()) {
                out.height = c.point().height;
                out.time = c.point().time;
                return true;
            }
            return false;
        }
    }

    /**
     * The block whose state the values on chain {@code i} are (the highest block among the points read there): its
     * height, its hash from the block log (the checkpoint's for the checkpoint's block) and its time; for an off-chain
     * source, the time of the attestation in force at {@code t}. Null if nothing was read on that chain.
     */
    private UsedBlock usedBlock(Cut cut, int i, Instant t, Reads reads) {
        String chain = cut.chains[i];
        Checkpoint cp = cut.checkpoints[i];
        long[] u = reads.used.get(chain);
        if (cp == null || u == null) {
            return null;
        }
        long height = u[0];
        Instant blockTime = Instant.ofEpochMilli(u[1]);
        String hash = null;
        if (!cut.offchain[i]) {
            String[] logged = loggedBlock(chain, height);
            if (logged != null) {
                hash = logged[0];
                blockTime = Instant.ofEpochMilli(Long.parseLong(logged[1]));
            }
        }
        if (hash == null && height == cp.height()) {
            hash = hashHex(cp); // off-chain: the body's hash; a store from before the block log: its checkpoint
        }
        if (cut.offchain[i]) {
            // the answer in force at t is the last attestation at or before t (an unchanged amount writes no point)
            blockTime = t.toEpochMilli() >= cp.time() ? Instant.ofEpochMilli(cp.time()) : attestedAt(chain, t);
        }
        return new UsedBlock(height, hash, blockTime);
    }

    /** See {@link #usedBlock}; {@code hash} null when unknown. */
    private record UsedBlock(long height, String hash, Instant time) {
    }

    /**
     * Chain {@code i}'s freshness at {@code now} ({@code live}) or at {@code t}: the lag of its coverage (an off-chain
     * source: the age of its attestation) against its tolerance, a halt, and a suspect source whose newest value is used.
     */
    private ChainFreshness freshness(AssetProfile a, Cut cut, int i, Instant t, Instant now, boolean live, UsedBlock b) {
        String chain = cut.chains[i];
        FreshnessRule rule = freshnessRule(a, chain);
        Checkpoint cp = cut.checkpoints[i];
        if (cp == null) {
            return new ChainFreshness(chain, -1, null, null, null, null, true, rule.what() + (rule.offchain()
                    ? " has no accepted answer yet" : " is not indexed yet"));
        }
        long height = b == null ? -1 : b.height();
        Instant blockTime = b == null ? null : b.time();
        String hash = b == null ? null : b.hash();
        Instant covered = cut.covered[i];
        Duration tolerance = rule.tolerance();
        Duration lag;
        if (rule.offchain()) {
            // an off-chain source is judged by the age of its attestation at the moment asked (maxAge)
            Instant attested = blockTime == null ? covered : blockTime;
            Instant ref = live ? now : t;
            lag = ref.isAfter(attested) ? Duration.between(attested, ref) : Duration.ZERO;
        } else {
            lag = live && now.isAfter(covered) ? Duration.between(covered, now) : Duration.ZERO;
        }
        boolean stale = lag.compareTo(tolerance) > 0;
        String reason = null;
        if (stale) {
            reason = rule.offchain()
                    ? rule.what() + " stale: attested " + (blockTime == null ? covered : blockTime) + " (age " + human(lag)
                    + " exceeds tolerance " + human(tolerance) + ")"
                    : rule.what() + " is known final only through " + covered + " (lag " + human(lag)
                    + " exceeds tolerance " + human(tolerance) + ")";
        }
        if (cut.halted[i] != null) {
            stale = true;
            reason = (reason == null ? "" : reason + "; ") + rule.what() + " halted: " + cut.halted[i]
                    + (live ? "" : " (its recorded blocks may no longer all be on the chain)");
        }
        // a suspect source taints answers that use its newest value (not the past it already proved)
        Optional<String> suspect = b != null && height == cp.height() ? chainClock.suspect(chain) : Optional.empty();
        if (suspect.isPresent()) {
            stale = true;
            reason = (reason == null ? "" : reason + "; ") + rule.what() + " is suspect: " + suspect.get();
        }
        return new ChainFreshness(chain, height, hash, blockTime, covered, lag, stale, reason);
    }

    private Instant attestedAt(String chain, Instant t) {
        OptionalInt h = seriesId(SeriesNames.committedHeight(chain));
        Point p = new Point();
        return h.isPresent() && store.valueAt(h.getAsInt(), t.toEpochMilli(), p) ? Instant.ofEpochMilli(p.time) : null;
    }

    /** The logged hash (hex, null when unknown) and time of block {@code height} of {@code chain}, or null. */
    private String[] loggedBlock(String chain, long height) {
        OptionalInt hi = seriesId(SeriesNames.blockHashHi(chain));
        OptionalInt lo = seriesId(SeriesNames.blockHashLo(chain));
        if (hi.isEmpty() || lo.isEmpty()) {
            return null;
        }
        Point a = new Point();
        Point b = new Point();
        // a half equal to the previous logged block's is not written again (points are written on change), so a
        // block is logged when either half has a point at its height; a block logged with an unknown (all-zero) hash
        // after another one has neither, and is reported as unknown all the same
        if (!store.valueAtHeight(hi.getAsInt(), height, a) || !store.valueAtHeight(lo.getAsInt(), height, b)
                || (a.height != height && b.height != height)) {
            return null;
        }
        long time = a.height == height ? a.time : b.time;
        java.nio.ByteBuffer bb = java.nio.ByteBuffer.allocate(32);
        bb.putLong(a.value.hi()).putLong(a.value.lo()).putLong(b.value.hi()).putLong(b.value.lo());
        byte[] hash = bb.array();
        boolean zero = true;
        for (byte x : hash) {
            zero &= x == 0;
        }
        return new String[]{zero ? null : java.util.HexFormat.of().formatHex(hash), Long.toString(time)};
    }

    /** As of the given height on every chain of the asset (all must be given and indexed). */
    public Snapshot snapshotAtHeights(String assetId, Map<String, Long> heights) {
        AssetProfile a = asset(assetId);
        Set<String> chainSet = chainsOf(a);
        for (String given : heights.keySet()) {
            if (!chainSet.contains(given)) {
                throw new InvalidQueryException("asset '" + a.id() + "' has no component on chain '" + given
                        + "'; its chains are " + chainSet);
            }
        }
        List<String> missing = chainSet.stream().filter(c -> !heights.containsKey(c)).toList();
        if (!missing.isEmpty()) {
            throw new InvalidQueryException("a height is needed for every chain of asset '" + a.id() + "'; missing " + missing);
        }
        List<ChainFreshness> chains = new ArrayList<>();
        List<String> refusals = new ArrayList<>();
        Instant asOf = Instant.EPOCH;
        Map<String, Long> byChain = new HashMap<>(heights);
        for (String chain : chainSet) {
            long h = heights.get(chain);
            Optional<Checkpoint> cp = store.checkpoint(chain);
            Point p = new Point();
            Instant blockTime = null;
            String hash = null;
            if (cp.isEmpty()) {
                refusals.add("chain " + chain + " is not indexed yet");
            } else if (h > cp.get().height()) {
                refusals.add("chain " + chain + " is indexed to height " + cp.get().height() + ", below the requested " + h);
            } else if (h == cp.get().height()) {
                blockTime = Instant.ofEpochMilli(cp.get().time());
                hash = cp.get().hashHex();
            } else if (seriesId(SeriesNames.committedHeight(chain)).stream()
                    .anyMatch(id -> store.valueAtHeight(id, h, p))) {
                blockTime = Instant.ofEpochMilli(p.time);
            }
            if (blockTime != null && blockTime.isAfter(asOf)) {
                asOf = blockTime;
            }
            chains.add(new ChainFreshness(chain, h, hash, blockTime, blockTime, Duration.ZERO, false, null));
        }
        return compute(a, asOf, chains, refusals, (id, p) -> store.valueAtHeight(id, byChainHeight(id, byChain), p),
                "at heights " + heights, (chain, e) -> e.height() <= byChain.getOrDefault(chain, -1L));
    }

    private long byChainHeight(int seriesId, Map<String, Long> heights) {
        return heights.get(store.key(seriesId).chain());
    }

    interface Reader {
        boolean read(int seriesId, Point out);

        /**
         * Like {@link #read} without taking a series with no point yet as zero (a reserve set's member balance: a
         * member watched only from a later block has no known balance before it).
         */
        default boolean readExact(int seriesId, Point out) {
            return read(seriesId, out);
        }
    }

    /** Which burn-and-mint records of a chain count at the moment asked (by block time, or by per-chain height). */
    private interface RecordFilter {
        boolean counts(String chain, BurnMintRecords.Entry e);
    }

    /**
     * A burn on one of the asset's chains that was not received on its destination chain at the moment asked.
     *
     * @param source the burn's chain; {@code destination} the chain it is minted on
     * @param nonce  the CCTP V1 nonce; -1 for a CCTP V2 burn (its nonce is assigned at attestation)
     */
    public record PendingBurn(String source, String destination, long sourceDomain, long nonce, BigInteger amount,
                              long height, long time) {
    }

    /**
     * The asset's burns that count under {@code filter} and whose receipt (same source domain and nonce, on the
     * destination domain's chain) does not count under it: burned and not yet minted at that moment.
     */
    private List<PendingBurn> pending(AssetProfile a, RecordFilter filter) {
        BurnMint bm = a.burnMint();
        if (bm == null) {
            return List.of();
        }
        List<PendingBurn> out = new ArrayList<>();
        for (BurnMint.Domain d : bm.domains()) {
            KeyValue burns = store.state(d.chain(), BurnMintRecords.STATE);
            burns.forEach((k, v) -> {
                if (k.length == 0 || k[0] != BurnMintRecords.BURN) {
                    return;
                }
                BurnMintRecords.Entry e = BurnMintRecords.decode(k, v);
                if (!e.asset().equals(a.id()) || e.sourceDomain() != d.domain() || !filter.counts(d.chain(), e)) {
                    return;
                }
                BurnMint.Domain to = bm.byDomain(e.otherDomain());
                if (to == null) {
                    return;
                }
                byte[] rv = store.state(to.chain(), BurnMintRecords.STATE)
                        .get(BurnMintRecords.key(BurnMintRecords.RECEIVED, a.id(), e.sourceDomain(), e.nonce()));
                if (rv != null && filter.counts(to.chain(), BurnMintRecords.decode(
                        BurnMintRecords.key(BurnMintRecords.RECEIVED, a.id(), e.sourceDomain(), e.nonce()), rv))) {
                    return;
                }
                out.add(new PendingBurn(d.chain(), to.chain(), e.sourceDomain(), e.nonce(), e.amount(), e.height(), e.time()));
            });
        }
        pendingV2(a, bm, filter, out);
        out.sort(java.util.Comparator.comparingLong(PendingBurn::time).thenComparingLong(PendingBurn::nonce));
        return out;
    }

    /**
     * CCTP V2 burns not yet received (docs/burn-and-mint.md#cctp-v2). A V2 burn and its receipt share a match hash but
     * no nonce, and several transfers can share a match: they then move the same amount between the same domains, so
     * per match the burns in excess of the receipts are in flight, whichever burn a receipt belongs to. The receipts
     * are taken to match the oldest burns first (the pending ones are the newest).
     */
    private void pendingV2(AssetProfile a, BurnMint bm, RecordFilter filter, List<PendingBurn> out) {
        Map<String, Integer> received = new HashMap<>();
        Map<String, List<BurnMintRecords.Entry>> burned = new java.util.TreeMap<>();
        Map<String, String[]> route = new HashMap<>();
        for (BurnMint.Domain d : bm.domains()) {
            if (!d.v2()) {
                continue;
            }
            store.state(d.chain(), BurnMintRecords.STATE).forEach((k, v) -> {
                if (k.length == 0 || (k[0] != BurnMintRecords.BURN_V2 && k[0] != BurnMintRecords.RECEIVED_V2)) {
                    return;
                }
                BurnMintRecords.Entry e = BurnMintRecords.decode(k, v);
                if (!e.asset().equals(a.id()) || !filter.counts(d.chain(), e)) {
                    return;
                }
                String match = java.util.HexFormat.of().formatHex(e.match());
                if (e.kind() == BurnMintRecords.RECEIVED_V2) {
                    // the match hash covers both domains, so equal matches are the same route
                    BurnMint.Domain from = bm.byDomain(e.sourceDomain());
                    if (e.sourceDomain() != d.domain() && from != null && from.v2()) {
                        received.merge(match, 1, Integer::sum);
                    }
                    return;
                }
                BurnMint.Domain to = bm.byDomain(e.otherDomain());
                if (e.sourceDomain() != d.domain() || to == null || !to.v2()) {
                    return;
                }
                burned.computeIfAbsent(match, m -> new ArrayList<>()).add(e);
                route.put(match, new String[]{d.chain(), to.chain()});
            });
        }
        for (Map.Entry<String, List<BurnMintRecords.Entry>> m : burned.entrySet()) {
            List<BurnMintRecords.Entry> burns = m.getValue();
            burns.sort(java.util.Comparator.comparingLong(BurnMintRecords.Entry::time)
                    .thenComparingLong(BurnMintRecords.Entry::height).thenComparingLong(BurnMintRecords.Entry::nonce));
            int minted = Math.min(received.getOrDefault(m.getKey(), 0), burns.size());
            String[] r = route.get(m.getKey());
            for (BurnMintRecords.Entry e : burns.subList(minted, burns.size())) {
                out.add(new PendingBurn(r[0], r[1], e.sourceDomain(), -1, e.amount(), e.height(), e.time()));
            }
        }
    }

    /**
     * The asset's burns not minted at {@code s.asOf()} (the same moment as the snapshot, so both chains at the same
     * cut) that were made more than the profile's {@code burnMint.maxInFlight} before it; empty without routes.
     */
    public List<PendingBurn> overdueBurns(Snapshot s) {
        AssetProfile a = asset(s.asset());
        if (a.burnMint() == null) {
            return List.of();
        }
        long t = s.asOf().toEpochMilli();
        long bound = t - a.burnMint().maxInFlight().toMillis();
        return pending(a, (chain, e) -> e.time() <= t).stream().filter(p -> p.time() < bound).toList();
    }

    /**
     * The asset's values read through {@code reader}: reserves, supply (with the burned-not-yet-minted amounts),
     * excluded holders, then the checks that refuse impossible values, the totals at one scale and the ratio. Refusals
     * are added to {@code refusals} in that order; {@code chains} decide between OK and STALE for an unrefused answer.
     */
    private Snapshot compute(AssetProfile a, Instant asOf, List<ChainFreshness> chains, List<String> refusals,
                             Reader reader, String when, RecordFilter records) {
        int scale = scale(a);
        Map<String, Integer> supplyDecimals = supplyDecimals(a);
        Point p = new Point();
        List<Component> reserves = readReserves(a, asOf, reader, p, refusals, when);
        List<Component> supply = readSupply(a, reader, p, refusals, when);
        if (a.burnMint() != null) {
            supply.addAll(inFlight(a, records, supplyDecimals));
        }
        List<Component> excluded = readExcluded(a, supplyDecimals, reader, p, refusals, when);
        refuseImpossible(reserves, supply, excluded, refusals);
        Amount reservesTotal = sum(reserves, scale);
        Amount supplyTotal = sum(supply, scale);
        Amount excludedTotal = sum(excluded, scale);
        Amount circulating = supplyTotal.subtract(excludedTotal);
        if (circulating.signum() < 0) {
            refusals.add("circulating supply would be negative (" + circulating.decimal() + ")");
        }
        String ratio = null;
        boolean below = false;
        if (circulating.signum() > 0) {
            ratio = ratio(reservesTotal, circulating);
            below = belowMinRatio(a, reservesTotal, circulating);
        }
        List<String> reasons = new ArrayList<>(refusals);
        Snapshot.Status status = status(refusals, chains, reasons);
        return new Snapshot(a.id(), asOf, scale, List.copyOf(reserves), List.copyOf(supply), List.copyOf(excluded),
                reservesTotal, supplyTotal, excludedTotal, circulating, ratio, below, List.copyOf(chains), status,
                List.copyOf(reasons));
    }

    /** The scale of an answer's totals: the largest of the asset's, its supply's and its reserves' decimals. */
    private static int scale(AssetProfile a) {
        int scale = a.decimals();
        for (SupplySource s : a.supply()) {
            scale = Math.max(scale, s.decimals());
        }
        for (ReserveSource r : a.reserves()) {
            scale = Math.max(scale, r.decimals());
        }
        return scale;
    }

    /** Per chain, the decimals of the asset's supply there (excluded holders and in-flight amounts use them too). */
    private static Map<String, Integer> supplyDecimals(AssetProfile a) {
        Map<String, Integer> out = new HashMap<>();
        for (SupplySource s : a.supply()) {
            out.put(s.chain(), s.decimals());
        }
        return out;
    }

    /** One component per reserve source; a reserve set is one component, the total of its members in force. */
    private List<Component> readReserves(AssetProfile a, Instant asOf, Reader reader, Point p, List<String> refusals,
                                         String when) {
        List<Component> reserves = new ArrayList<>();
        for (ReserveSource r : a.reserves()) {
            if (r.isSet()) {
                ReserveSetView v = sets.read(a.id(), r, reader);
                refusals.addAll(v.problems());
                if (v.total() != null) {
                    long h = -1;
                    for (ReserveSetView.Member m : v.members()) {
                        h = Math.max(h, m.height());
                    }
                    reserves.add(new Component("reserve", r.id(), r.chain(), v.total(), h, asOf.toEpochMilli(),
                            "set:" + a.id() + "/" + r.id() + " (" + v.members().size() + " members)", null));
                }
                continue;
            }
            Component c = read("reserve", r.id(), r.chain(), SeriesNames.reserve(a.id(), r.chain(), r.id()),
                    r.decimals(), reader, p, refusals, when, r.isOffchain() ? r.offchain().attestedBy() : null);
            if (c != null) {
                reserves.add(c);
            }
        }
        return reserves;
    }

    /** The token's total supply on each of its chains (a mutable list: in-flight components may follow). */
    private List<Component> readSupply(AssetProfile a, Reader reader, Point p, List<String> refusals, String when) {
        List<Component> supply = new ArrayList<>();
        for (SupplySource s : a.supply()) {
            Component c = read("supply", SeriesKey.TOTAL, s.chain(), SeriesNames.supply(a.id(), s.chain()),
                    s.decimals(), reader, p, refusals, when, null);
            if (c != null) {
                supply.add(c);
            }
        }
        return supply;
    }

    /**
     * Burned on one chain and not yet minted on the other: still circulating, in flight (one component per source
     * chain, in the supply decimals of that chain, at the newest pending burn's block).
     */
    private List<Component> inFlight(AssetProfile a, RecordFilter records, Map<String, Integer> supplyDecimals) {
        Map<String, BigInteger> inFlight = new java.util.LinkedHashMap<>();
        Map<String, long[]> last = new HashMap<>();
        for (BurnMint.Domain d : a.burnMint().domains()) {
            inFlight.put(d.chain(), BigInteger.ZERO);
        }
        for (PendingBurn b : pending(a, records)) {
            inFlight.merge(b.source(), b.amount(), BigInteger::add);
            long[] l = last.computeIfAbsent(b.source(), k -> new long[]{-1, 0});
            if (b.height() > l[0]) {
                l[0] = b.height();
                l[1] = b.time();
            }
        }
        List<Component> out = new ArrayList<>(inFlight.size());
        for (Map.Entry<String, BigInteger> e : inFlight.entrySet()) {
            long[] l = last.getOrDefault(e.getKey(), new long[]{-1, 0});
            out.add(new Component(IN_FLIGHT, "burned-not-minted", e.getKey(),
                    new Amount(e.getValue(), supplyDecimals.get(e.getKey())), l[0], l[1],
                    "state:" + e.getKey() + "/" + BurnMintRecords.STATE, null));
        }
        return out;
    }

    /** The excluded holders' balances, in the supply decimals of their chain. */
    private List<Component> readExcluded(AssetProfile a, Map<String, Integer> supplyDecimals, Reader reader, Point p,
                                         List<String> refusals, String when) {
        List<Component> excluded = new ArrayList<>();
        for (ExcludedHolder e : a.excluded()) {
            Component c = read("excluded", e.id(), e.chain(), SeriesNames.excluded(a.id(), e.chain(), e.id()),
                    supplyDecimals.get(e.chain()), reader, p, refusals, when, null);
            if (c != null) {
                excluded.add(c);
            }
        }
        return excluded;
    }

    /** Refuses values no moment can have: excluded holders above a chain's supply, a negative component. */
    private static void refuseImpossible(List<Component> reserves, List<Component> supply, List<Component> excluded,
                                         List<String> refusals) {
        Map<String, BigInteger> excludedByChain = new HashMap<>();
        for (Component c : excluded) {
            excludedByChain.merge(c.chain(), c.amount().raw(), BigInteger::add);
        }
        for (Component c : supply) {
            if (IN_FLIGHT.equals(c.kind())) {
                continue;
            }
            BigInteger ex = excludedByChain.getOrDefault(c.chain(), BigInteger.ZERO);
            if (ex.compareTo(c.amount().raw()) > 0) {
                refusals.add("excluded holders on " + c.chain() + " hold " + ex + " but the supply there is "
                        + c.amount().raw() + ": inconsistent data");
            }
        }
        for (List<Component> list : List.of(reserves, supply, excluded)) {
            for (Component c : list) {
                if (c.amount().signum() < 0) {
                    refusals.add(c.kind() + " " + c.id() + " on " + c.chain() + " is negative (" + c.amount().raw() + ")");
                }
            }
        }
    }

    /** reserves / circulating (positive) with {@link #RATIO_DIGITS} digits, rounded down. */
    private static String ratio(Amount reserves, Amount circulating) {
        return new BigDecimal(reserves.raw()).divide(new BigDecimal(circulating.raw()), RATIO_DIGITS, RoundingMode.DOWN)
                .toPlainString();
    }

    /** Exactly: reserves < minRatio * circulating. */
    private static boolean belowMinRatio(AssetProfile a, Amount reserves, Amount circulating) {
        return new BigDecimal(reserves.raw()).compareTo(a.policy().minRatio().multiply(new BigDecimal(circulating.raw()))) < 0;
    }

    /** REFUSED with any refusal; else STALE with each stale chain's reason added to {@code reasons}; else OK. */
    private static Snapshot.Status status(List<String> refusals, List<ChainFreshness> chains, List<String> reasons) {
        if (!refusals.isEmpty()) {
            return Snapshot.Status.REFUSED;
        }
        Snapshot.Status status = Snapshot.Status.OK;
        for (ChainFreshness c : chains) {
            if (c.stale()) {
                status = Snapshot.Status.STALE;
                reasons.add(c.reason());
            }
        }
        return status;
    }

    private Component read(String kind, String id, String chain, SeriesKey key, int decimals, Reader reader, Point p,
                           List<String> refusals, String when, String attestedBy) {
        OptionalInt sid = seriesId(key);
        if (sid.isEmpty()) {
            refusals.add(kind + " " + (id.equals(SeriesKey.TOTAL) ? "" : id + " ") + "on " + chain
                    + " has no data yet (series " + key + " not indexed)");
            return null;
        }
        if (!reader.read(sid.getAsInt(), p)) {
            refusals.add(kind + " " + (id.equals(SeriesKey.TOTAL) ? "" : id + " ") + "on " + chain + " has no data "
                    + when + " (indexing of " + key + " starts later)");
            return null;
        }
        return new Component(kind, id, chain, new Amount(p.value.toBigInteger(), decimals), p.height, p.time,
                key.toString(), attestedBy);
    }

    private static Amount sum(List<Component> cs, int scale) {
        Amount total = Amount.zero(scale);
        for (Component c : cs) {
            total = total.add(c.amount().rescale(scale));
        }
        return total;
    }

    private OptionalInt seriesId(SeriesKey key) {
        Integer cached = ids.get(key);
        if (cached != null) {
            return OptionalInt.of(cached);
        }
        OptionalInt id = store.find(key);
        id.ifPresent(i -> ids.put(key, i));
        return id;
    }

    /** Last block hash rendered per chain: every "now" answer shows it, and it changes only on a commit. */
    private final Map<String, HashHex> hashHexByChain = new java.util.concurrent.ConcurrentHashMap<>();

    private record HashHex(byte[] hash, String hex) {
    }

    private String hashHex(Checkpoint c) {
        HashHex last = hashHexByChain.get(c.chain());
        if (last != null && java.util.Arrays.equals(last.hash(), c.hash())) {
            return last.hex();
        }
        String hex = c.hashHex();
        hashHexByChain.put(c.chain(), new HashHex(c.hash().clone(), hex));
        return hex;
    }

    /**
     * How one of an asset's chains is judged fresh: the asset's tolerance, or for an off-chain source its own
     * {@code maxAge} (its attested time may lag by at most that), and how messages name it.
     */
    private record FreshnessRule(Duration tolerance, String what, boolean offchain) {
        static FreshnessRule of(AssetProfile a, String chain) {
            Optional<OffchainSource> o = a.reserves().stream().filter(r -> r.chain().equals(chain) && r.isOffchain())
                    .map(ReserveSource::offchain).findFirst();
            Optional<ReserveSource> http = a.reserves().stream().filter(r -> r.isSet()
                    && chain.equals(r.set().membershipChain()) && r.set().kind() == io.assay.config.ReserveSet.Kind.HTTP)
                    .findFirst();
            if (http.isPresent()) {
                // an HTTP list is polled like an off-chain attestation: it does not hold the cut back; its last good
                // poll may be at most the asset's tolerance old
                return new FreshnessRule(a.policy().stalenessTolerance(), "reserve set list " + chain + " ("
                        + http.get().set().http().url().getHost() + ")", true);
            }
            return o.map(x -> new FreshnessRule(x.maxAge(), "off-chain source " + chain + " (" + x.custodian() + ")", true))
                    .orElse(new FreshnessRule(a.policy().stalenessTolerance(), "chain " + chain, false));
        }
    }

    /** Per asset, per chain: fixed by the profiles, so derived once rather than on every snapshot. */
    private final Map<String, Map<String, FreshnessRule>> freshnessRules = new java.util.concurrent.ConcurrentHashMap<>();

    private FreshnessRule freshnessRule(AssetProfile a, String chain) {
        return freshnessRules.computeIfAbsent(a.id(), k -> new java.util.concurrent.ConcurrentHashMap<>())
                .computeIfAbsent(chain, c -> FreshnessRule.of(a, c));
    }

    static String human(Duration d) {
        long s = d.toSeconds();
        if (s < 120) {
            return s + "s";
        }
        if (s < 7200) {
            return (s / 60) + "m";
        }
        return (s / 3600) + "h" + ((s % 3600) / 60 > 0 ? (s % 3600) / 60 + "m" : "");
    }

    /**
     * Every chain an asset has a component on, in profile order; the chain of its incumbent feed too (the feed is
     * read at the same cut as the reserves, so that chain's finality holds the cut back like any other).
     */
    public static Set<String> chainsOf(AssetProfile a) {
        Set<String> out = new LinkedHashSet<>();
        a.reserves().forEach(r -> out.add(r.chain()));
        // a dynamic reserve set's membership is read at the same cut as its members' balances
        a.reserves().stream().filter(r -> r.isSet() && r.set().membershipChain() != null)
                .forEach(r -> out.add(r.set().membershipChain()));
        a.supply().forEach(s -> out.add(s.chain()));
        a.excluded().forEach(e -> out.add(e.chain()));
        if (a.incumbent() != null) {
            out.add(a.incumbent().chain());
        }
        return out;
    }

    /** The incumbent check as of now (at the cut), or empty if the asset names no incumbent feed. */
    public Optional<IncumbentCheck> incumbent(String assetId) {
        return incumbent(latest(assetId));
    }

    /**
     * Assay's reserves in {@code s} against the asset's incumbent feed at {@code s.asOf()} (the same moment, so the
     * same cut): the feed's answer scaled exactly to the reserves' decimals, the divergence judged in integers
     * ({@code |reserves - answer| * 10000 > toleranceBps * answer}) and the feed's age against its heartbeat.
     */
    public Optional<IncumbentCheck> incumbent(Snapshot s) {
        AssetProfile a = asset(s.asset());
        IncumbentFeed f = a.incumbent();
        if (f == null) {
            return Optional.empty();
        }
        List<String> reasons = new ArrayList<>();
        long t = s.asOf().toEpochMilli();
        Point answer = new Point();
        Point updated = new Point();
        OptionalInt aid = seriesId(SeriesNames.feed(a.id(), f.chain(), f.id()));
        OptionalInt uid = seriesId(SeriesNames.feedUpdated(a.id(), f.chain(), f.id()));
        boolean haveAnswer = aid.isPresent() && store.valueAt(aid.getAsInt(), t, answer);
        boolean haveUpdated = uid.isPresent() && store.valueAt(uid.getAsInt(), t, updated);
        int scale = Math.max(s.scale(), f.decimals());
        Amount reserves = s.reservesTotal().rescale(scale);
        Snapshot.Status status = s.status();
        if (status == Snapshot.Status.REFUSED) {
            reasons.add("reserves unknown at " + s.asOf() + ": " + String.join("; ", s.reasons()));
        }
        if (!haveAnswer) {
            status = Snapshot.Status.REFUSED;
            reasons.add("incumbent feed " + f.id() + " on " + f.chain() + " has no indexed answer at " + s.asOf());
        }
        Amount feed = haveAnswer ? new Amount(answer.value.toBigInteger(), f.decimals()).rescale(scale) : Amount.zero(scale);
        Instant updatedAt = haveUpdated && updated.value.toBigInteger().signum() > 0
                ? Instant.ofEpochSecond(updated.value.toBigInteger().longValueExact()) : null;
        Amount difference = reserves.subtract(feed);
        boolean judged = status != Snapshot.Status.REFUSED;
        BigInteger tolerance = BigInteger.valueOf(f.toleranceBps()).multiply(feed.raw());
        boolean diverged = judged && difference.raw().abs().multiply(BigInteger.valueOf(10_000)).compareTo(tolerance) > 0;
        if (diverged) {
            reasons.add("reserves " + reserves.decimal() + " differ from incumbent feed " + f.id() + " ("
                    + feed.decimal() + ") by " + difference.decimal() + ", more than " + f.toleranceBps()
                    + " bps of the feed");
        }
        boolean stale = judged && (updatedAt == null
                || Duration.between(updatedAt, s.asOf()).compareTo(f.heartbeat()) > 0);
        if (stale) {
            reasons.add("incumbent feed " + f.id() + " was last updated " + (updatedAt == null ? "never"
                    : updatedAt + " (" + human(Duration.between(updatedAt, s.asOf())) + " before " + s.asOf() + ")")
                    + ", beyond its heartbeat " + human(f.heartbeat()));
        }
        return Optional.of(new IncumbentCheck(a.id(), f.id(), f.chain(), f.feed(), s.asOf(), reserves, feed, updatedAt,
                haveAnswer ? answer.height : -1, difference, f.toleranceBps(), f.heartbeat().toString(), diverged, stale,
                status, List.copyOf(reasons)));
    }
}
