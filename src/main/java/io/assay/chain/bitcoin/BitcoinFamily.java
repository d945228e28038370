package io.assay.chain.bitcoin;

import io.assay.chain.ChainStatus;
import io.assay.chain.ChainSync;
import io.assay.chain.FamilyIndexers;
import io.assay.chain.Indexer;
import io.assay.chain.RetryPolicy;
import io.assay.config.ChainFamily;
import io.assay.config.ChainProfile;
import io.assay.config.Profiles;
import io.assay.store.Store;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.arc.Unremovable;
import jakarta.inject.Singleton;

import java.time.Duration;
import java.util.Optional;

/**
 * The Bitcoin family's indexers, for {@link io.assay.chain.ChainIndexerService}: a {@link BitcoinIndexer} (the loop
 * plus reconciliation against {@code scantxoutset}) per Bitcoin chain that has an endpoint and at least one reserve
 * source, with the Bitcoin meters beside the chain's.
 */
@Singleton
@Unremovable
public class BitcoinFamily extends FamilyIndexers {
    BitcoinFamily() {
        super(ChainFamily.BITCOIN, BitcoinFamily::indexer);
    }

    @Override
    public Optional<String> idleReason(Profiles profiles, ChainProfile chain) {
        return super.idleReason(profiles, chain).or(() -> profiles.assets().values().stream()
                .flatMap(a -> a.reserves().stream()).anyMatch(r -> r.chain().equals(chain.name()))
                ? Optional.empty() : Optional.of("no asset has a reserve source on it"));
    }

    /** The store's reorg depth is checked by {@link BitcoinIndexer}, which keeps the profile's. */
    private static Indexer indexer(Profiles profiles, ChainProfile chain, Store store, int maxReorgDepth,
                                   RetryPolicy retry, ChainSync sync) {
        BitcoinIndexer ix = BitcoinIndexer.create(chain, BitcoinTracking.of(profiles, chain), store, retry, sync);
        return new Indexer() {
            @Override
            public ChainStatus status() {
                return ix.status();
            }

            @Override
            public void bindMetrics(MeterRegistry meters) {
                Indexer.super.bindMetrics(meters);
                BitcoinMetrics.bind(meters, ix);
            }

            @Override
            public void start() {
                ix.start();
            }

            @Override
            public void stop(Duration timeout) {
                ix.stop(timeout);
            }
        };
    }
}
