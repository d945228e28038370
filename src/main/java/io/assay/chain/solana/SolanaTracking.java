package io.assay.chain.solana;

import io.assay.chain.ProfileSeries;
import io.assay.chain.TrackedSeries;
import io.assay.chain.TrackingFingerprint;
import io.assay.config.ChainProfile;
import io.assay.config.ExcludedHolder;
import io.assay.config.Profiles;
import io.assay.config.ReserveSource;
import io.assay.config.SourceKind;
import io.assay.config.SupplySource;
import io.assay.store.SeriesNames;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What one Solana chain's indexer tracks, derived from the asset profiles: the <em>values</em> it follows (an
 * SPL mint's supply, an SPL token account's balance), the store series each value feeds ({@link TrackedSeries}:
 * a series' member is a value index), and the per-(asset, chain, metric) aggregates ({@link ProfileSeries} derives
 * both).
 *
 * <p>Series ({@link SeriesNames}): {@code asset/solana/supply/_total} (the mint's supply),
 * {@code asset/solana/excluded/<id>} and {@code .../excluded/_total} (token accounts holding the asset's mint
 * that do not circulate), {@code asset/solana/reserve/<id>} and {@code .../reserve/_total} (token accounts
 * holding reserves). Values are raw token units; an aggregate whose members have different decimals is
 * expressed in the largest of them (members scaled up exactly).
 */
public final class SolanaTracking {
    /** What a value is. */
    public enum Kind { SUPPLY, BALANCE }

    /**
     * One followed value.
     *
     * @param address  the mint (supply) or the token account (balance)
     * @param mint     the mint the value is counted in: the mint itself for supply, the asset's mint for an
     *                 excluded holder, null for a reserve account until the node says which mint it holds
     * @param decimals decimals declared by the profiles
     * @param declared where each profile entry declares those decimals ({@code wbtc.yaml: supply[solana].decimals})
     */
    public record Value(int index, Kind kind, String address, String mint, int decimals, Map<String, Integer> declared) {
        @Override
        public String toString() {
            return (kind == Kind.SUPPLY ? "supply of mint " : "balance of token account ") + address;
        }
    }

    private final String chain;
    private final long startSlot;
    private final List<Value> values;
    private final List<TrackedSeries.Series> series;
    private final List<TrackedSeries.Aggregate> aggregates;

    private SolanaTracking(String chain, long startSlot, List<Value> values,
                           List<TrackedSeries.Series> series, List<TrackedSeries.Aggregate> aggregates) {
        this.chain = chain;
        this.startSlot = startSlot;
        this.values = List.copyOf(values);
        this.series = List.copyOf(series);
        this.aggregates = List.copyOf(aggregates);
    }

    /**
     * Everything {@code chain} must track for the assets in {@code profiles}.
     *
     * @throws IllegalArgumentException if one address is used in two roles that cannot both hold (a token
     *                                  account tracked as a mint, an account excluded for two different mints)
     */
    public static SolanaTracking of(Profiles profiles, ChainProfile chain) {
        Builder b = new Builder();
        ProfileSeries.Layout layout = ProfileSeries.of(profiles, chain, "mint", b);
        return new SolanaTracking(chain.name(), layout.start(), b.values, layout.series(), layout.aggregates());
    }

    /** Values of the profile entries: mint supplies and token account balances. */
    private static final class Builder implements ProfileSeries.Members {
        final List<Value> values = new ArrayList<>();
        final Map<String, Integer> byAddress = new LinkedHashMap<>();

        @Override
        public int supply(SupplySource supply, String where) {
            return value(Kind.SUPPLY, supply.token(), supply.token(), supply.decimals(), where);
        }

        @Override
        public boolean tracks(ReserveSource reserve) {
            return reserve.kind() == SourceKind.TOKEN_ACCOUNT;
        }

        @Override
        public int reserve(ReserveSource r, String where) {
            return value(Kind.BALANCE, r.target(), null, r.decimals(), where);
        }

        @Override
        public int excluded(SupplySource supply, ExcludedHolder e, String where) {
            return value(Kind.BALANCE, e.holder(), supply.token(), supply.decimals(), where);
        }

        @Override
        public int decimals(int value) {
            return values.get(value).decimals();
        }

        int value(Kind kind, String address, String mint, int decimals, String where) {
            Integer known = byAddress.get(address);
            if (known == null) {
                Map<String, Integer> declared = new LinkedHashMap<>();
                declared.put(where, decimals);
                values.add(new Value(values.size(), kind, address, mint, decimals, declared));
                byAddress.put(address, values.size() - 1);
                return values.size() - 1;
            }
            Value v = values.get(known);
            if (v.kind() != kind) {
                throw new IllegalArgumentException(where + ": " + address + " is used as a "
                        + (kind == Kind.SUPPLY ? "mint" : "token account") + " here and as a "
                        + (v.kind() == Kind.SUPPLY ? "mint" : "token account") + " elsewhere");
            }
            String m = v.mint();
            if (mint != null && m != null && !m.equals(mint)) {
                throw new IllegalArgumentException(where + ": token account " + address + " is counted in mint " + mint
                        + " here and in mint " + m + " elsewhere");
            }
            v.declared().put(where, decimals);
            if (m == null && mint != null) {
                values.set(known, new Value(v.index(), kind, address, mint, v.decimals(), v.declared()));
            }
            return known;
        }
    }

    public String chain() {
        return chain;
    }

    /** First slot to index: the earliest supply {@code startBlock} on this chain (or the profile's start height). */
    public long startSlot() {
        return startSlot;
    }

    public List<Value> values() {
        return values;
    }

    public List<TrackedSeries.Series> series() {
        return series;
    }

    public List<TrackedSeries.Aggregate> aggregates() {
        return aggregates;
    }

    public boolean isEmpty() {
        return values.isEmpty();
    }

    /**
     * A digest of what is tracked. Data indexed under another fingerprint does not describe the current profiles
     * (a token account added later has no history in the store), so the chain must be indexed again.
     */
    public String fingerprint() {
        StringBuilder sb = new StringBuilder("sol-v1|").append(chain).append('|').append(startSlot);
        for (Value v : values) {
            sb.append('|').append(v.kind()).append(':').append(v.address()).append(':').append(v.mint());
        }
        for (TrackedSeries.Series s : series) {
            sb.append('|').append(s.key()).append('=').append(s.member());
        }
        for (TrackedSeries.Aggregate a : aggregates) {
            sb.append('|').append(a.key()).append('=').append(java.util.Arrays.toString(a.members()));
        }
        return TrackingFingerprint.digest(sb);
    }
}
