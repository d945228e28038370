package io.assay.alert;

import io.assay.chain.ChainRegistry;
import io.assay.chain.ChainState;
import io.assay.chain.ChainStatus;
import io.assay.chain.ChainStatusView;
import io.assay.config.AssetProfile;
import io.assay.por.ChainFreshness;
import io.assay.por.IncumbentCheck;
import io.assay.por.LiabilityPublications;
import io.assay.por.Round;
import io.assay.por.PorEngine;
import io.assay.por.Snapshot;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Observes every alert condition once: each asset's latest snapshot (ratio below minimum; stale or suspect
 * chains and off-chain sources; reserves against an incumbent feed at the same cut) and each chain's indexer status (deep reorg, reconciliation mismatch, halt on
 * endpoint disagreement). Reads only what the API reads; changes nothing.
 */
public final class AlertEvaluator {
    private final PorEngine engine;
    private final ChainRegistry registry;
    private final long reorgDepth;
    private final Duration reorgHold;
    private final LiabilityPublications liabilities;
    private final Duration liabilitiesMaxAge;

    /**
     * @param reorgDepth a reorg deeper than this many blocks raises an alert
     * @param reorgHold  how long a deep reorg's alert stays active before it resolves
     */
    public AlertEvaluator(PorEngine engine, ChainRegistry registry, long reorgDepth, Duration reorgHold) {
        this(engine, registry, reorgDepth, reorgHold, null, Duration.ofDays(1));
    }

    /**
     * @param liabilities       the assets' liabilities publications (null: no solvency alerts)
     * @param liabilitiesMaxAge a publication in force older than this raises {@code liabilities-stale}
     */
    public AlertEvaluator(PorEngine engine, ChainRegistry registry, long reorgDepth, Duration reorgHold,
                          LiabilityPublications liabilities, Duration liabilitiesMaxAge) {
        this.engine = engine;
        this.registry = registry;
        this.reorgDepth = reorgDepth;
        this.reorgHold = reorgHold;
        this.liabilities = liabilities;
        this.liabilitiesMaxAge = liabilitiesMaxAge;
    }

    /** Conditions observed now, and keys that could not be judged (kept as they are). */
    public record Observation(List<Condition> conditions, Set<String> held) {
    }

    public Observation evaluate(Instant now) {
        List<Condition> out = new ArrayList<>();
        Set<String> held = new HashSet<>();
        for (String asset : engine.profiles().assets().keySet()) {
            Snapshot s = engine.latest(asset);
            if (s.status() == Snapshot.Status.REFUSED) {
                // numbers unknown: neither raise nor clear the ratio alert on them
                held.add(Condition.key(AlertType.RATIO_BELOW_MIN, asset, null));
            } else if (s.belowMinRatio()) {
                out.add(new Condition(AlertType.RATIO_BELOW_MIN, asset, null, "asset " + asset + ": ratio " + s.ratio()
                        + " is below the minimum " + engine.asset(asset).policy().minRatio().toPlainString()
                        + " (reserves " + s.reservesTotal().decimal() + ", circulating " + s.circulating().decimal() + ")"));
            }
            for (io.assay.config.ReserveSource r : engine.asset(asset).reserves()) {
                if (r.isSet() && r.set().membershipChain() != null) {
                    engine.setRefusal(asset, r.id()).ifPresent(why -> out.add(new Condition(
                            AlertType.RESERVE_SET_REFUSED, asset, r.set().membershipChain(), "asset " + asset
                            + ": reserve set " + r.id() + " refused its list, the last good set is kept: " + why)));
                }
            }
            if (liabilities != null) {
                solvency(asset, s, now, out, held);
            }
            for (ChainFreshness c : s.chains()) {
                if (c.stale()) {
                    out.add(new Condition(AlertType.STALE, asset, c.chain(), "asset " + asset + ": " + c.reason()));
                }
            }
            if (engine.asset(asset).burnMint() != null) {
                if (s.status() == Snapshot.Status.REFUSED) {
                    for (var d : engine.asset(asset).burnMint().domains()) {
                        held.add(Condition.key(AlertType.BURN_UNMATCHED, asset, d.chain()));
                    }
                } else {
                    java.util.Map<String, List<PorEngine.PendingBurn>> bySource = new java.util.TreeMap<>();
                    for (PorEngine.PendingBurn b : engine.overdueBurns(s)) {
                        bySource.computeIfAbsent(b.source(), k -> new ArrayList<>()).add(b);
                    }
                    for (var e : bySource.entrySet()) {
                        PorEngine.PendingBurn oldest = e.getValue().get(0);
                        out.add(new Condition(AlertType.BURN_UNMATCHED, asset, e.getKey(), "asset " + asset + " at "
                                + s.asOf() + ": " + e.getValue().size() + " burn(s) on " + e.getKey()
                                + " not minted within " + engine.asset(asset).burnMint().maxInFlight() + "; oldest: "
                                + (oldest.nonce() < 0 ? "CCTP V2 burn" : "nonce " + oldest.nonce())
                                + " (domain " + oldest.sourceDomain() + "), " + oldest.amount()
                                + " raw units at #" + oldest.height() + ", " + Instant.ofEpochMilli(oldest.time())
                                + ", to " + oldest.destination()));
                    }
                }
            }
            IncumbentCheck check = engine.incumbent(s).orElse(null);
            if (check != null) {
                if (check.status() == Snapshot.Status.REFUSED) {
                    // the numbers are unknown: neither raise nor clear
                    held.add(Condition.key(AlertType.INCUMBENT_DIVERGENCE, asset, check.chain()));
                    held.add(Condition.key(AlertType.INCUMBENT_STALE, asset, check.chain()));
                } else {
                    if (check.diverged()) {
                        out.add(new Condition(AlertType.INCUMBENT_DIVERGENCE, asset, check.chain(), "asset " + asset
                                + " at " + check.asOf() + ": " + check.reasons().get(0)));
                    }
                    if (check.stale()) {
                        out.add(new Condition(AlertType.INCUMBENT_STALE, asset, check.chain(), "asset " + asset + " at "
                                + check.asOf() + ": " + check.reasons().get(check.reasons().size() - 1)));
                    }
                }
            }
        }
        for (ChainStatusView v : registry.views()) {
            if (v.state() == ChainState.HALTED && v.haltReason() != null
                    && v.haltReason().toLowerCase(Locale.ROOT).contains("disagree")) {
                out.add(new Condition(AlertType.ENDPOINT_DISAGREEMENT, null, v.chain(), "chain " + v.chain()
                        + " halted: " + v.haltReason()));
            }
            if (v.reconcileMismatches() > 0) {
                out.add(new Condition(AlertType.RECONCILE_MISMATCH, null, v.chain(), "chain " + v.chain() + ": "
                        + v.reconcileMismatches() + " series differ from the node at the reconciliation of #"
                        + v.lastReconciledHeight()));
            }
            ChainStatus st = registry.get(v.chain()).orElse(null);
            if (st != null && st.lastReorgDepth() > reorgDepth && st.lastReorgAt() > 0
                    && now.toEpochMilli() - st.lastReorgAt() < reorgHold.toMillis()) {
                out.add(new Condition(AlertType.REORG, null, v.chain(), "chain " + v.chain() + ": reorg of depth "
                        + st.lastReorgDepth() + " (threshold " + reorgDepth + ") at "
                        + Instant.ofEpochMilli(st.lastReorgAt())));
            }
        }
        return new Observation(out, held);
    }

    /** Insolvent (reserves below the publication in force at the cut) and liabilities older than the allowed age. */
    private void solvency(String asset, Snapshot s, Instant now, List<Condition> out, Set<String> held) {
        AssetProfile a = engine.asset(asset);
        if (s.status() == Snapshot.Status.REFUSED) {
            held.add(Condition.key(AlertType.INSOLVENT, asset, null));
            liabilities.inForce(a, now).ifPresent(e -> stale(asset, e, now, out));
            return;
        }
        var owed = liabilities.inForce(a, s.asOf());
        if (owed.isEmpty()) {
            return;
        }
        Round.Liabilities l = liabilities.against(a, s.reservesTotal().raw(), s.scale(), s.asOf()).orElseThrow();
        if (!l.solvent(s.reservesTotal().raw().toString())) {
            out.add(new Condition(AlertType.INSOLVENT, asset, null, "asset " + asset + ": reserves "
                    + s.reservesTotal().raw() + " are below the liabilities " + l.total() + " of publication "
                    + l.publication() + " (raw units at " + s.scale() + " decimals; solvency ratio " + l.ratio() + ")"));
        }
        stale(asset, owed.get(), now, out);
    }

    private void stale(String asset, LiabilityPublications.Entry e, Instant now, List<Condition> out) {
        Duration age = Duration.between(e.asOf(), now);
        if (age.compareTo(liabilitiesMaxAge) > 0) {
            out.add(new Condition(AlertType.LIABILITIES_STALE, asset, null, "asset " + asset + ": liabilities publication "
                    + e.id() + " of " + e.asOf() + " is " + age.toSeconds() + " s old (allowed "
                    + liabilitiesMaxAge.toSeconds() + " s)"));
        }
    }
}
