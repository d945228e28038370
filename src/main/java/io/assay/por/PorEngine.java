package io.assay.por;

import io.assay.config.AssetProfile;
import io.assay.config.ExcludedHolder;
import io.assay.config.OffchainSource;
import io.assay.config.Profiles;
import io.assay.config.ReserveSource;
import io.assay.config.SupplySource;
import io.assay.store.Checkpoint;
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
 * Thread-safe: its only mutable state is caches (series ids; per asset, the latest-values snapshot keyed by the
 * checkpoints of the asset's chains, so a commit on any of them invalidates it).
 */
public final class PorEngine {
    /** Digits after the decimal point in ratio strings (rounded down: a ratio is never overstated). */
    public static final int RATIO_DIGITS = 18;

    private final Profiles profiles;
    private final Store store;
    private final ChainClock chainClock;
    private final Clock clock;
    private final Map<SeriesKey, Integer> ids = new java.util.concurrent.ConcurrentHashMap<>();
    private final Map<String, String[]> chainNames = new java.util.concurrent.ConcurrentHashMap<>();
    private final Map<String, Latest> latestByAsset = new java.util.concurrent.ConcurrentHashMap<>();

    public PorEngine(Profiles profiles, Store store, ChainClock chainClock, Clock clock) {
        this.profiles = profiles;
        this.store = store;
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

    /** As of now. */
    public Snapshot latest(String assetId) {
        return snapshot(assetId, clock.instant());
    }

    /** As of {@code asOf}: every component's last value with block time {@code <= asOf}. */
    public Snapshot snapshot(String assetId, Instant asOf) {
        AssetProfile a = asset(assetId);
        long t = asOf.toEpochMilli();
        String[] chainNames = chainNames(a);
        Checkpoint[] cps = new Checkpoint[chainNames.length];
        long newest = Long.MIN_VALUE;
        for (int i = 0; i < chainNames.length; i++) {
            cps[i] = store.checkpoint(chainNames[i]).orElse(null);
            newest = cps[i] == null ? Long.MAX_VALUE : Math.max(newest, cps[i].time());
        }
        List<ChainFreshness> chains = new ArrayList<>(chainNames.length);
        List<String> refusals = new ArrayList<>();
        for (int i = 0; i < chainNames.length; i++) {
            chains.add(freshnessAt(a, chainNames[i], asOf, Optional.ofNullable(cps[i])));
        }
        // At or after every chain's last committed block, "as of t" is "the latest committed values": the same
        // until a chain commits again, so the components, totals and ratio are reused (the hot path of the API's
        // "now" snapshots and of every mint check). Freshness, which moves with the clock, is always recomputed.
        boolean latest = t >= newest;
        Latest cached = latest ? this.latestByAsset.get(a.id()) : null;
        if (cached != null && cached.sameCheckpoints(cps)) {
            return cached.snapshot.withFreshness(asOf, chains);
        }
        Snapshot s = compute(a, asOf, chains, refusals, (id, p) -> store.valueAt(id, t, p), "at " + asOf);
        if (latest && s.status() != Snapshot.Status.REFUSED && sameCheckpoints(chainNames, cps)) {
            // nothing committed while computing: the values belong to exactly these checkpoints
            latestByAsset.put(a.id(), new Latest(cps, s));
        }
        return s;
    }

    private boolean sameCheckpoints(String[] chainNames, Checkpoint[] cps) {
        for (int i = 0; i < chainNames.length; i++) {
            if (!Latest.same(cps[i], store.checkpoint(chainNames[i]).orElse(null))) {
                return false;
            }
        }
        return true;
    }

    private String[] chainNames(AssetProfile a) {
        return chainNames.computeIfAbsent(a.id(), k -> chainsOf(a).toArray(String[]::new));
    }

    /** The latest-values snapshot of an asset and the checkpoints it was computed at. */
    private record Latest(Checkpoint[] checkpoints, Snapshot snapshot) {
        boolean sameCheckpoints(Checkpoint[] cps) {
            for (int i = 0; i < cps.length; i++) {
                if (!same(checkpoints[i], cps[i])) {
                    return false;
                }
            }
            return true;
        }

        static boolean same(Checkpoint a, Checkpoint b) {
            return a != null && b != null && a.height() == b.height() && a.time() == b.time()
                    && java.util.Arrays.equals(a.hash(), b.hash());
        }
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
                "at heights " + heights);
    }

    private long byChainHeight(int seriesId, Map<String, Long> heights) {
        return heights.get(store.key(seriesId).chain());
    }

    private interface Reader {
        boolean read(int seriesId, Point out);
    }

    private Snapshot compute(AssetProfile a, Instant asOf, List<ChainFreshness> chains, List<String> refusals,
                             Reader reader, String when) {
        int scale = a.decimals();
        Map<String, Integer> supplyDecimals = new HashMap<>();
        for (SupplySource s : a.supply()) {
            supplyDecimals.put(s.chain(), s.decimals());
            scale = Math.max(scale, s.decimals());
        }
        for (ReserveSource r : a.reserves()) {
            scale = Math.max(scale, r.decimals());
        }
        Point p = new Point();
        List<Component> reserves = new ArrayList<>();
        for (ReserveSource r : a.reserves()) {
            Component c = read("reserve", r.id(), r.chain(), SeriesNames.reserve(a.id(), r.chain(), r.id()),
                    r.decimals(), reader, p, refusals, when, r.isOffchain() ? r.offchain().attestedBy() : null);
            if (c != null) {
                reserves.add(c);
            }
        }
        List<Component> supply = new ArrayList<>();
        for (SupplySource s : a.supply()) {
            Component c = read("supply", SeriesKey.TOTAL, s.chain(), SeriesNames.supply(a.id(), s.chain()),
                    s.decimals(), reader, p, refusals, when, null);
            if (c != null) {
                supply.add(c);
            }
        }
        List<Component> excluded = new ArrayList<>();
        Map<String, BigInteger> excludedByChain = new HashMap<>();
        for (ExcludedHolder e : a.excluded()) {
            Component c = read("excluded", e.id(), e.chain(), SeriesNames.excluded(a.id(), e.chain(), e.id()),
                    supplyDecimals.get(e.chain()), reader, p, refusals, when, null);
            if (c != null) {
                excluded.add(c);
                excludedByChain.merge(e.chain(), c.amount().raw(), BigInteger::add);
            }
        }
        for (Component c : supply) {
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
            BigDecimal r = new BigDecimal(reservesTotal.raw()).divide(new BigDecimal(circulating.raw()), RATIO_DIGITS,
                    RoundingMode.DOWN);
            ratio = r.toPlainString();
            // exact comparison: reserves < minRatio * circulating
            below = new BigDecimal(reservesTotal.raw()).compareTo(a.policy().minRatio().multiply(new BigDecimal(circulating.raw()))) < 0;
        }
        List<String> reasons = new ArrayList<>(refusals);
        Snapshot.Status status;
        if (!refusals.isEmpty()) {
            status = Snapshot.Status.REFUSED;
        } else if (chains.stream().anyMatch(ChainFreshness::stale)) {
            status = Snapshot.Status.STALE;
            chains.stream().filter(ChainFreshness::stale).forEach(c -> reasons.add(c.reason()));
        } else {
            status = Snapshot.Status.OK;
        }
        return new Snapshot(a.id(), asOf, scale, List.copyOf(reserves), List.copyOf(supply), List.copyOf(excluded),
                reservesTotal, supplyTotal, excludedTotal, circulating, ratio, below, List.copyOf(chains), status,
                List.copyOf(reasons));
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

    private ChainFreshness freshnessAt(AssetProfile a, String chain, Instant asOf, Optional<Checkpoint> cp) {
        FreshnessRule rule = freshnessRule(a, chain);
        Duration tolerance = rule.tolerance();
        String what = rule.what();
        if (cp.isEmpty()) {
            return new ChainFreshness(chain, -1, null, null, null, null, true, what + (rule.offchain()
                    ? " has no accepted answer yet" : " is not indexed yet"));
        }
        Checkpoint c = cp.get();
        Instant blockTime = Instant.ofEpochMilli(c.time());
        Instant covered = chainClock.syncedAt(chain).filter(s -> s.isAfter(blockTime)).orElse(blockTime);
        long height;
        String hash = null;
        Instant usedBlockTime;
        if (!asOf.isBefore(blockTime)) {
            height = c.height();
            hash = hashHex(c);
            usedBlockTime = blockTime;
        } else {
            Point p = new Point();
            OptionalInt hid = seriesId(SeriesNames.committedHeight(chain));
            if (hid.isPresent() && store.valueAt(hid.getAsInt(), asOf.toEpochMilli(), p)) {
                height = p.value.lo();
                usedBlockTime = Instant.ofEpochMilli(p.time);
            } else {
                height = -1;
                usedBlockTime = null;
            }
        }
        Duration lag = asOf.isAfter(covered) ? Duration.between(covered, asOf) : Duration.ZERO;
        boolean stale = lag.compareTo(tolerance) > 0;
        String reason = stale ? what + " stale since " + covered + " (lag " + human(lag)
                + " exceeds tolerance " + human(tolerance) + ")" : null;
        // a suspect source taints answers that use its newest value (not the past it already proved)
        Optional<String> suspect = hash != null ? chainClock.suspect(chain) : Optional.empty();
        if (suspect.isPresent()) {
            stale = true;
            reason = (reason == null ? "" : reason + "; ") + what + " is suspect: " + suspect.get();
        }
        return new ChainFreshness(chain, height, hash, usedBlockTime, covered, lag, stale, reason);
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

    /** Every chain an asset has a component on, in profile order. */
    public static Set<String> chainsOf(AssetProfile a) {
        Set<String> out = new LinkedHashSet<>();
        a.reserves().forEach(r -> out.add(r.chain()));
        a.supply().forEach(s -> out.add(s.chain()));
        a.excluded().forEach(e -> out.add(e.chain()));
        return out;
    }
}
