package io.assay.por;

import java.time.Instant;
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

    public List<ChainFreshness> staleChains() {
        return chains.stream().filter(ChainFreshness::stale).toList();
    }
}
