package io.assay.por;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Proof of reserve for one asset as of one moment (or as of given per-chain heights).
 *
 * <p>Totals are exact and share one scale ({@code scale} decimals = the largest of the asset's and its
 * components' decimals). {@code circulating = supply - excluded}; {@code ratio = reserves / circulating}
 * as a decimal string with {@link PorEngine#RATIO_DIGITS} digits, rounded down (never overstated);
 * {@code null} when nothing circulates.
 *
 * @param belowMinRatio reserves cover less than the asset's {@code policy.minRatio} of circulating supply
 * @param status {@code OK}; {@code STALE} (numbers computed, but some chain is not current: the mint check
 *               denies); {@code REFUSED} (impossible or incomplete numbers: never published)
 */
public record Snapshot(String asset, Instant asOf, int scale,
                       List<Component> reserves, List<Component> supply, List<Component> excluded,
                       Amount reservesTotal, Amount supplyTotal, Amount excludedTotal, Amount circulating,
                       String ratio, boolean belowMinRatio, List<ChainFreshness> chains, Status status,
                       List<String> reasons) {

    public enum Status { OK, STALE, REFUSED }

    public boolean publishable() {
        return status != Status.REFUSED;
    }

    /**
     * The same values (components, totals, ratio) as of another moment with that moment's chain freshness: status
     * STALE with the stale chains' reasons, or OK. Only for a snapshot that is not REFUSED (a refusal's reasons name
     * the moment they were computed for).
     */
    public Snapshot withFreshness(Instant newAsOf, List<ChainFreshness> newChains) {
        if (status == Status.REFUSED) {
            throw new IllegalStateException("a refused snapshot is not reused");
        }
        // loops, not streams: this runs for every "now" snapshot and every mint check
        List<ChainFreshness> copy = List.copyOf(newChains);
        List<String> stale = List.of();
        for (ChainFreshness c : copy) {
            if (c.stale()) {
                stale = stale.isEmpty() ? new ArrayList<>(2) : stale;
                stale.add(c.reason());
            }
        }
        return new Snapshot(asset, newAsOf, scale, reserves, supply, excluded, reservesTotal, supplyTotal, excludedTotal,
                circulating, ratio, belowMinRatio, copy, stale.isEmpty() ? Status.OK : Status.STALE,
                stale.isEmpty() ? stale : Collections.unmodifiableList(stale));
    }

    public List<ChainFreshness> staleChains() {
        List<ChainFreshness> stale = List.of();
        for (ChainFreshness c : chains) {
            if (c.stale()) {
                stale = stale.isEmpty() ? new ArrayList<>(2) : stale;
                stale.add(c);
            }
        }
        return stale.isEmpty() ? stale : Collections.unmodifiableList(stale);
    }
}
