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
     * @param assetIndex position of the asset in {@link #assets()}
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

    /** One asset's reserve total on this chain: the sum of {@code sources}. */
    public record AssetTotal(String asset, SeriesKey key, int[] sources) {
    }

    private final ChainProfile chain;
    private final BitcoinNetwork network;
    private final List<Source> sources;
    private final List<AssetTotal> assets;

    private BitcoinTracking(ChainProfile chain, BitcoinNetwork network, List<Source> sources, List<AssetTotal> assets) {
        this.chain = chain;
        this.network = network;
        this.sources = List.copyOf(sources);
        this.assets = List.copyOf(assets);
    }

    /** The reserve sources of every asset that name {@code chain}. */
    public static BitcoinTracking of(Profiles profiles, ChainProfile chain) {
        if (chain.family() != ChainFamily.BITCOIN) {
            throw new IllegalArgumentException(chain.name() + " is not a Bitcoin chain");
        }
        BitcoinNetwork network = Addresses.bitcoinNetwork(chain.network());
        List<Source> sources = new ArrayList<>();
        List<AssetTotal> totals = new ArrayList<>();
        // profiles.assets() is sorted by id: the order is stable across restarts
        for (AssetProfile a : profiles.assets().values()) {
            List<Integer> mine = new ArrayList<>();
            for (ReserveSource r : a.reserves()) {
                if (!r.chain().equals(chain.name())) {
                    continue;
                }
                if (sources.size() >= MAX_SOURCES) {
                    throw new IllegalArgumentException(chain.name() + ": more than " + MAX_SOURCES + " reserve sources");
                }
                int idx = sources.size();
                sources.add(new Source(idx, a.id(), totals.size(), r, ReserveScripts.descriptor(r, network),
                        SeriesNames.reserve(a.id(), chain.name(), r.id())));
                mine.add(idx);
            }
            if (!mine.isEmpty()) {
                totals.add(new AssetTotal(a.id(), SeriesNames.reserveTotal(a.id(), chain.name()),
                        mine.stream().mapToInt(Integer::intValue).toArray()));
            }
        }
        return new BitcoinTracking(chain, network, sources, totals);
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
        return sources.isEmpty();
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
        for (Source s : sources) {
            sb.append('|').append(s.key()).append('=').append(s.descriptor().body()).append(':')
                    .append(s.descriptor().isRange() ? s.source().gapLimit() : 0);
        }
        return TrackingFingerprint.digest(sb);
    }
}
