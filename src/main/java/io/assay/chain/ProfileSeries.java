package io.assay.chain;

import io.assay.config.AssetProfile;
import io.assay.config.ChainProfile;
import io.assay.config.ExcludedHolder;
import io.assay.config.Profiles;
import io.assay.config.ReserveSource;
import io.assay.config.SupplySource;
import io.assay.store.SeriesNames;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Derives the series of an account-based chain (EVM, Solana) from the asset profiles: per asset (by id) its supply
 * on the chain, each reserve source the family tracks and each excluded holder, every one a <em>member</em> the
 * family creates (and may share between entries), plus the reserve and excluded totals ({@link SeriesNames}).
 */
public final class ProfileSeries {
    private ProfileSeries() {
    }

    /** The family's side: creates (or finds) the member an entry is counted in and returns its index. */
    public interface Members {
        /** @param where the profile field that declares the decimals ({@code wbtc.yaml: supply[ethereum].decimals}) */
        int supply(SupplySource supply, String where);

        /** True if this family indexes {@code reserve} (its kind). */
        boolean tracks(ReserveSource reserve);

        int reserve(ReserveSource reserve, String where);

        /** A holder of the asset's {@code supply} token that does not circulate. */
        int excluded(SupplySource supply, ExcludedHolder excluded, String where);

        /** Decimals of member {@code member} (for the aggregates' common decimals). */
        int decimals(int member);
    }

    /**
     * What a chain's indexer writes.
     *
     * @param start first block to index: the earliest supply {@code startBlock} on the chain, or the profile's start
     *              height if lower and set, or 0
     */
    public record Layout(List<TrackedSeries.Series> series, List<TrackedSeries.Aggregate> aggregates, long start) {
    }

    /**
     * @param token what a supply entry names, for the error of an excluded holder without one ("token", "mint")
     * @throws IllegalArgumentException if an asset excludes a holder on a chain where it has no supply
     */
    public static Layout of(Profiles profiles, ChainProfile chain, String token, Members members) {
        String name = chain.name();
        List<TrackedSeries.Series> series = new ArrayList<>();
        List<TrackedSeries.Aggregate> aggregates = new ArrayList<>();
        List<AssetProfile> assets = new ArrayList<>(profiles.assets().values());
        assets.sort(Comparator.comparing(AssetProfile::id));
        long start = Long.MAX_VALUE;
        for (AssetProfile a : assets) {
            String where = a.file();
            SupplySource supply = a.supply().stream().filter(s -> s.chain().equals(name)).findFirst().orElse(null);
            if (supply != null) {
                int m = members.supply(supply, where + ": supply[" + name + "].decimals");
                series.add(new TrackedSeries.Series(SeriesNames.supply(a.id(), name), m));
                start = Math.min(start, supply.startBlock());
            }
            List<Integer> reserves = new ArrayList<>();
            for (ReserveSource r : a.reserves()) {
                if (!r.chain().equals(name) || !members.tracks(r)) {
                    continue;
                }
                int m = members.reserve(r, where + ": reserves[" + r.id() + "].decimals");
                series.add(new TrackedSeries.Series(SeriesNames.reserve(a.id(), name, r.id()), m));
                reserves.add(m);
            }
            if (!reserves.isEmpty()) {
                aggregates.add(TrackedSeries.aggregate(SeriesNames.reserveTotal(a.id(), name), reserves,
                        members::decimals));
            }
            List<Integer> excluded = new ArrayList<>();
            for (ExcludedHolder e : a.excluded()) {
                if (!e.chain().equals(name)) {
                    continue;
                }
                if (supply == null) {
                    throw new IllegalArgumentException(where + ": excluded[" + e.id() + "]: chain " + name
                            + " has no supply entry, so there is no " + token + " to exclude");
                }
                int m = members.excluded(supply, e, where + ": supply[" + name + "].decimals");
                series.add(new TrackedSeries.Series(SeriesNames.excluded(a.id(), name, e.id()), m));
                excluded.add(m);
            }
            if (!excluded.isEmpty()) {
                aggregates.add(TrackedSeries.aggregate(SeriesNames.excludedTotal(a.id(), name), excluded,
                        members::decimals));
            }
        }
        if (chain.startHeight() > 0) {
            start = Math.min(start, chain.startHeight());
        }
        return new Layout(series, aggregates, start == Long.MAX_VALUE ? 0 : start);
    }
}
