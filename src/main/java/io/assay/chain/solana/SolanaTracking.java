package io.assay.chain.solana;

import io.assay.config.AssetProfile;
import io.assay.config.ChainProfile;
import io.assay.config.ExcludedHolder;
import io.assay.config.Profiles;
import io.assay.config.ReserveSource;
import io.assay.config.SourceKind;
import io.assay.config.SupplySource;
import io.assay.por.SeriesNames;
import io.assay.store.SeriesKey;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What one Solana chain's indexer tracks, derived from the asset profiles: the <em>values</em> it follows (an
 * SPL mint's supply, an SPL token account's balance), the store series each value feeds, and the
 * per-(asset, chain, metric) aggregates.
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

    /** A store series fed by one value. */
    public record Series(SeriesKey key, int value) {
    }

    /** A store series that is the sum of values, each scaled by {@code 10^scale[i]} to the common decimals. */
    public record Aggregate(SeriesKey key, int[] values, int[] scale, int decimals) {
    }

    private final String chain;
    private final long startSlot;
    private final List<Value> values;
    private final List<Series> series;
    private final List<Aggregate> aggregates;

    private SolanaTracking(String chain, long startSlot, List<Value> values, List<Series> series,
                           List<Aggregate> aggregates) {
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
        List<AssetProfile> assets = new ArrayList<>(profiles.assets().values());
        assets.sort(Comparator.comparing(AssetProfile::id));
        long start = Long.MAX_VALUE;
        for (AssetProfile a : assets) {
            String where = a.file();
            SupplySource supply = a.supply().stream().filter(s -> s.chain().equals(chain.name())).findFirst().orElse(null);
            if (supply != null) {
                int v = b.value(Kind.SUPPLY, supply.token(), supply.token(), supply.decimals(),
                        where + ": supply[" + chain.name() + "].decimals");
                b.series.add(new Series(SeriesNames.supply(a.id(), chain.name()), v));
                start = Math.min(start, supply.startBlock());
            }
            List<Integer> reserves = new ArrayList<>();
            for (ReserveSource r : a.reserves()) {
                if (!r.chain().equals(chain.name()) || r.kind() != SourceKind.TOKEN_ACCOUNT) {
                    continue;
                }
                int v = b.value(Kind.BALANCE, r.target(), null, r.decimals(), where + ": reserves[" + r.id() + "].decimals");
                b.series.add(new Series(SeriesNames.reserve(a.id(), chain.name(), r.id()), v));
                reserves.add(v);
            }
            if (!reserves.isEmpty()) {
                b.aggregate(SeriesNames.reserveTotal(a.id(), chain.name()), reserves);
            }
            List<Integer> excluded = new ArrayList<>();
            for (ExcludedHolder e : a.excluded()) {
                if (!e.chain().equals(chain.name())) {
                    continue;
                }
                if (supply == null) {
                    throw new IllegalArgumentException(where + ": excluded[" + e.id() + "]: chain " + chain.name()
                            + " has no supply entry, so there is no mint to exclude");
                }
                int v = b.value(Kind.BALANCE, e.holder(), supply.token(), supply.decimals(),
                        where + ": supply[" + chain.name() + "].decimals");
                b.series.add(new Series(SeriesNames.excluded(a.id(), chain.name(), e.id()), v));
                excluded.add(v);
            }
            if (!excluded.isEmpty()) {
                b.aggregate(SeriesNames.excludedTotal(a.id(), chain.name()), excluded);
            }
        }
        if (chain.startHeight() > 0) {
            start = Math.min(start, chain.startHeight());
        }
        return new SolanaTracking(chain.name(), start == Long.MAX_VALUE ? 0 : start, b.values, b.series, b.aggregates);
    }

    private static final class Builder {
        final List<Value> values = new ArrayList<>();
        final List<Series> series = new ArrayList<>();
        final List<Aggregate> aggregates = new ArrayList<>();
        final Map<String, Integer> byAddress = new LinkedHashMap<>();

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

        void aggregate(SeriesKey key, List<Integer> members) {
            int[] s = members.stream().distinct().mapToInt(Integer::intValue).toArray();
            int max = 0;
            for (int i : s) {
                max = Math.max(max, values.get(i).decimals());
            }
            int[] scale = new int[s.length];
            for (int i = 0; i < s.length; i++) {
                scale[i] = max - values.get(s[i]).decimals();
            }
            aggregates.add(new Aggregate(key, s, scale, max));
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

    public List<Series> series() {
        return series;
    }

    public List<Aggregate> aggregates() {
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
        for (Series s : series) {
            sb.append('|').append(s.key()).append('=').append(s.value());
        }
        for (Aggregate a : aggregates) {
            sb.append('|').append(a.key()).append('=').append(java.util.Arrays.toString(a.values()));
        }
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(sb.toString().getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(d, 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
