package io.assay.chain.bitcoin;

import io.assay.chain.TrackingFingerprint;
import io.assay.config.Addresses;
import io.assay.config.AssetProfile;
import io.assay.config.ChainFamily;
import io.assay.config.ChainProfile;
import io.assay.config.Profiles;
import io.assay.config.ReserveSource;
import io.assay.descriptor.Descriptor;
import io.assay.store.SeriesKey;
import io.assay.store.SeriesNames;
import org.bitcoinj.base.BitcoinNetwork;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What one Bitcoin chain's indexer tracks, derived from the asset profiles: every reserve source on the chain
 * (ordered by asset id, then as listed in the asset file: that order is the source's <em>index</em>, stored in
 * UTXO records), the series each feeds, and one total per asset.
 *
 * <p>Series (values in satoshis): {@code asset/chain/reserve/<source id>} per source and
 * {@code asset/chain/reserve/_total} per asset ({@link SeriesNames}).
 */
public final class BitcoinTracking {
    /** Sources one chain can track: the index is stored in two bytes of each UTXO record. */
    public static final int MAX_SOURCES = 0x7fff;

    /**
     * One reserve source.
     *
     * @param index      position in {@link #sources()}
     * @param asset      asset id
     * @param assetIndex ordinal of the asset among those with a reserve source on this chain ({@link #assetCount()})
     * @param source     the profile entry
     * @param descriptor what it watches (addresses and scripts become {@code addr()}/{@code raw()})
     * @param key        its series
     */
    public record Source(int index, String asset, int assetIndex, ReserveSource source, Descriptor descriptor,
                         SeriesKey key) {
        public String id() {
            return source.id();
        }

        @Override
        public String toString() {
            return asset + "/" + source.id();
        }
    }

    /**
     * A reserve set whose members change while indexing (list contract, events, HTTP list): its members become
     * sources of their own as they appear in its membership chain's state ({@link #addMember}).
     *
     * @param ordinal position in {@link #sets()} (stored in member records)
     */
    public record SetSource(int ordinal, String asset, int assetIndex, ReserveSource source) {
        public String membershipChain() {
            return source.set().membershipChain();
        }
    }

    /** One asset's reserve total on this chain: the sum of {@code sources}. */
    public record AssetTotal(String asset, SeriesKey key, int[] sources) {
    }

    private final ChainProfile chain;
    private final BitcoinNetwork network;
    /** Static sources first (fixed by the profiles), then the members of dynamic sets, in the order they came. */
    private final java.util.concurrent.CopyOnWriteArrayList<Source> sources;
    private final int staticCount;
    private final List<AssetTotal> assets;
    private final List<SetSource> sets;
    private final int assetCount;

    private BitcoinTracking(ChainProfile chain, BitcoinNetwork network, List<Source> sources, List<AssetTotal> assets,
                            List<SetSource> sets, int assetCount) {
        this.assetCount = assetCount;
        this.chain = chain;
        this.network = network;
        this.sources = new java.util.concurrent.CopyOnWriteArrayList<>(sources);
        this.staticCount = sources.size();
        this.assets = List.copyOf(assets);
        this.sets = List.copyOf(sets);
    }

    /** The reserve sources of every asset that name {@code chain}. */
    public static BitcoinTracking of(Profiles profiles, ChainProfile chain) {
        if (chain.family() != ChainFamily.BITCOIN) {
            throw new IllegalArgumentException(chain.name() + " is not a Bitcoin chain");
        }
        BitcoinNetwork network = Addresses.bitcoinNetwork(chain.network());
        List<Source> sources = new ArrayList<>();
        List<AssetTotal> totals = new ArrayList<>();
        List<SetSource> sets = new ArrayList<>();
        // profiles.assets() is sorted by id: the order is stable across restarts
        int ordinal = 0;
        for (AssetProfile a : profiles.assets().values()) {
            List<Integer> mine = new ArrayList<>();
            boolean any = false;
            for (ReserveSource r : a.reserves()) {
                if (!r.chain().equals(chain.name())) {
                    continue;
                }
                any = true;
                if (r.isSet()) {
                    if (r.set().kind() == io.assay.config.ReserveSet.Kind.FILE) {
                        // a file's members are fixed by the profile: static sources, each its own series
                        for (io.assay.config.SetMember m : r.set().members()) {
                            if (sources.size() >= MAX_SOURCES) {
                                throw new IllegalArgumentException(chain.name() + ": more than " + MAX_SOURCES
                                        + " reserve sources");
                            }
                            sources.add(member(sources.size(), a.id(), ordinal, r, m.script(), chain.name(), network));
                        }
                    } else {
                        sets.add(new SetSource(sets.size(), a.id(), ordinal, r));
                    }
                    continue;
                }
                if (sources.size() >= MAX_SOURCES) {
                    throw new IllegalArgumentException(chain.name() + ": more than " + MAX_SOURCES + " reserve sources");
                }
                int idx = sources.size();
                sources.add(new Source(idx, a.id(), ordinal, r, ReserveScripts.descriptor(r, network),
                        SeriesNames.reserve(a.id(), chain.name(), r.id())));
                mine.add(idx);
            }
            if (!mine.isEmpty()) {
                totals.add(new AssetTotal(a.id(), SeriesNames.reserveTotal(a.id(), chain.name()),
                        mine.stream().mapToInt(Integer::intValue).toArray()));
            }
            if (any) {
                ordinal++;
            }
        }
        return new BitcoinTracking(chain, network, sources, totals, sets, ordinal);
    }

    private static Source member(int index, String asset, int assetIndex, ReserveSource set, byte[] script,
                                 String chain, BitcoinNetwork network) {
        String hex = java.util.HexFormat.of().formatHex(script);
        String tag = io.assay.store.SetMembers.tag(script);
        ReserveSource r = new ReserveSource(set.id() + "." + tag, chain, io.assay.config.SourceKind.SCRIPT, hex, null,
                set.decimals(), 0);
        return new Source(index, asset, assetIndex, r, Descriptor.parse("raw(" + hex + ")", network),
                io.assay.store.SetMembers.balance(asset, chain, set.id(), tag));
    }

    /** Dynamic reserve sets on this chain (list contract, events, HTTP list), in profile order. */
    public List<SetSource> sets() {
        return sets;
    }

    /** Assets with a reserve source on this chain ({@link Source#assetIndex()} is below it). */
    public int assetCount() {
        return assetCount;
    }

    /** Sources fixed by the profiles; indices from here on are members of dynamic sets. */
    public int staticCount() {
        return staticCount;
    }

    /** Adds a member of {@code set} as a new source (writer thread); its index is the current size. */
    Source addMember(SetSource set, byte[] script) {
        if (sources.size() >= MAX_SOURCES) {
            throw new io.assay.chain.ChainHaltedException(chain.name() + ": more than " + MAX_SOURCES
                    + " reserve sources (set members included)");
        }
        Source s = member(sources.size(), set.asset(), set.assetIndex(), set.source(), script, chain.name(), network);
        sources.add(s);
        return s;
    }

    /** Drops the members added after the first {@code count} sources (a rollback undid their addition). */
    void truncate(int count) {
        while (sources.size() > Math.max(count, staticCount)) {
            sources.remove(sources.size() - 1);
        }
    }

    public ChainProfile chain() {
        return chain;
    }

    public String chainName() {
        return chain.name();
    }

    public BitcoinNetwork network() {
        return network;
    }

    public List<Source> sources() {
        return sources;
    }

    public List<AssetTotal> assets() {
        return assets;
    }

    public boolean isEmpty() {
        return sources.isEmpty() && sets.isEmpty();
    }

    /** Source ids by asset, for logs. */
    public Map<String, List<String>> describe() {
        Map<String, List<String>> out = new LinkedHashMap<>();
        for (Source s : sources) {
            out.computeIfAbsent(s.asset(), k -> new ArrayList<>()).add(s.id());
        }
        return out;
    }

    /**
     * A digest of what is tracked and from where. Data indexed under another fingerprint does not describe the
     * current profiles (a source added, a gap limit changed), so the chain must be indexed again from its start.
     */
    public String fingerprint() {
        StringBuilder sb = new StringBuilder("btc-v1|").append(chain.name()).append('|').append(network)
                .append('|').append(chain.startHeight());
        for (SetSource s : sets) {
            sb.append("|set:").append(s.asset()).append('/').append(s.source().id()).append('=')
                    .append(s.source().target());
        }
        for (Source s : sources.subList(0, staticCount)) {
            sb.append('|').append(s.key()).append('=').append(s.descriptor().body()).append(':')
                    .append(s.descriptor().isRange() ? s.source().gapLimit() : 0);
        }
        return TrackingFingerprint.digest(sb);
    }
}
