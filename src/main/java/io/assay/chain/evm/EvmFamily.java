package io.assay.chain.evm;

import io.assay.chain.FamilyIndexers;
import io.assay.config.ChainFamily;
import io.quarkus.arc.Unremovable;
import jakarta.inject.Singleton;

/** The EVM family's indexers, for {@link io.assay.chain.ChainIndexerService}: {@link EvmIndexers#create}. */
@Singleton
@Unremovable
public class EvmFamily extends FamilyIndexers {
    EvmFamily() {
        super(ChainFamily.EVM, EvmFamily::indexer);
    }

    /**
     * The chain's loop, and one loop per reserve set whose membership is read from this chain (a PoRAddressList
     * contract or wallet events, docs/reserve-sets.md), started and stopped together.
     */
    private static io.assay.chain.Indexer indexer(io.assay.config.Profiles profiles, io.assay.config.ChainProfile chain,
                                                  io.assay.store.Store store, int maxReorgDepth,
                                                  io.assay.chain.RetryPolicy retry, io.assay.chain.ChainSync sync) {
        io.assay.chain.ChainIndexer<?> main = EvmIndexers.create(profiles, chain, store, maxReorgDepth, retry)
                .reportSyncTo(sync);
        java.util.List<io.assay.chain.ChainIndexer<?>> sets = new java.util.ArrayList<>();
        for (io.assay.config.AssetProfile a : profiles.assets().values()) {
            for (io.assay.config.ReserveSource r : a.reserves()) {
                if (r.isSet() && chain.name().equals(r.set().listChain())) {
                    org.bitcoinj.base.BitcoinNetwork network = io.assay.config.Addresses.bitcoinNetwork(
                            profiles.chain(r.chain()).orElseThrow().network());
                    sets.add(SetMembershipIndexer.create(a, r, chain, network, store, maxReorgDepth, retry)
                            .reportSyncTo(sync));
                }
            }
        }
        if (sets.isEmpty()) {
            return main;
        }
        return new io.assay.chain.Indexer() {
            @Override
            public io.assay.chain.ChainStatus status() {
                return main.status();
            }

            @Override
            public java.util.List<io.assay.chain.ChainStatus> statuses() {
                java.util.List<io.assay.chain.ChainStatus> all = new java.util.ArrayList<>();
                all.add(main.status());
                sets.forEach(s -> all.add(s.status()));
                return all;
            }

            @Override
            public void start() {
                main.start();
                sets.forEach(io.assay.chain.ChainIndexer::start);
            }

            @Override
            public void stop(java.time.Duration timeout) {
                sets.forEach(s -> s.stop(timeout));
                main.stop(timeout);
            }
        };
    }
}
