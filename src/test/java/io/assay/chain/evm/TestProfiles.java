package io.assay.chain.evm;

import io.assay.config.AssetPolicy;
import io.assay.config.AssetProfile;
import io.assay.config.ChainFamily;
import io.assay.config.ChainLimits;
import io.assay.config.ChainProfile;
import io.assay.config.Endpoint;
import io.assay.config.ExcludedHolder;
import io.assay.config.Finality;
import io.assay.config.Profiles;
import io.assay.config.ReserveSource;
import io.assay.config.SourceKind;
import io.assay.config.SupplySource;

import java.math.BigDecimal;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Builds chain and asset profiles in code for tests (the same records the YAML loader produces). */
final class TestProfiles {
    private TestProfiles() {
    }

    static ChainLimits limits(long maxLogRange, int batch, int parallelism, int maxReorg, long reconcileEvery) {
        return new ChainLimits(maxLogRange, batch, parallelism, 0, Duration.ofSeconds(20), maxReorg,
                Duration.ofMillis(50), reconcileEvery);
    }

    static ChainProfile chain(String name, long chainId, Finality finality, ChainLimits limits, URI... urls) {
        List<Endpoint> eps = new ArrayList<>();
        for (URI u : urls) {
            eps.add(new Endpoint(u));
        }
        return new ChainProfile(name, "test:" + name, ChainFamily.EVM, chainId, null, finality, eps, null,
                Duration.ofSeconds(1), 0, limits);
    }

    /** An asset builder. */
    static final class Asset {
        final String id;
        final int decimals;
        final List<ReserveSource> reserves = new ArrayList<>();
        final List<SupplySource> supply = new ArrayList<>();
        final List<ExcludedHolder> excluded = new ArrayList<>();
        io.assay.config.IncumbentFeed incumbent;

        Asset(String id, int decimals) {
            this.id = id;
            this.decimals = decimals;
        }

        Asset supply(String chain, String token, int decimals) {
            supply.add(new SupplySource(chain, token, decimals, 0));
            return this;
        }

        Asset supply(String chain, String token, int decimals, long startBlock) {
            supply.add(new SupplySource(chain, token, decimals, startBlock));
            return this;
        }

        Asset tokenReserve(String id, String chain, String holder, String token, int decimals) {
            reserves.add(new ReserveSource(id, chain, SourceKind.HOLDER, holder, token, decimals, 0));
            return this;
        }

        Asset nativeReserve(String id, String chain, String holder) {
            reserves.add(new ReserveSource(id, chain, SourceKind.HOLDER, holder, null, 18, 0));
            return this;
        }

        Asset excluded(String id, String chain, String holder) {
            excluded.add(new ExcludedHolder(id, chain, holder, "test"));
            return this;
        }

        Asset incumbent(io.assay.config.IncumbentFeed feed) {
            this.incumbent = feed;
            return this;
        }

        AssetProfile build() {
            return new AssetProfile(id, "test:" + id + ".yaml", id, id.toUpperCase(), decimals, List.copyOf(reserves),
                    List.copyOf(supply), List.copyOf(excluded),
                    new AssetPolicy(100, Duration.ofMinutes(1), BigDecimal.ONE, Duration.ofMinutes(5)), incumbent);
        }
    }

    static Profiles profiles(List<ChainProfile> chains, List<AssetProfile> assets) {
        Map<String, ChainProfile> c = new LinkedHashMap<>();
        chains.forEach(x -> c.put(x.name(), x));
        Map<String, AssetProfile> a = new LinkedHashMap<>();
        assets.forEach(x -> a.put(x.id(), x));
        return new Profiles(c, a);
    }
}
