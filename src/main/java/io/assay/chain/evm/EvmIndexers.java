package io.assay.chain.evm;

import io.assay.chain.ChainIndexer;
import io.assay.chain.ChainStatus;
import io.assay.chain.EndpointPool;
import io.assay.chain.RetryPolicy;
import io.assay.config.ChainFamily;
import io.assay.config.ChainProfile;
import io.assay.config.Profiles;
import io.assay.store.KeyValue;
import io.assay.store.Store;

/**
 * Builds the indexer of one EVM chain profile (Ethereum, Polygon, Avalanche and any other EVM chain are the
 * same implementation with different profiles).
 */
public final class EvmIndexers {
    private EvmIndexers() {
    }

    /**
     * @param chain an EVM profile with at least one endpoint
     * @param maxReorgDepth deepest rollback the store can undo for this chain (the smaller of the profile's and
     *                      the store's is used)
     */
    public static ChainIndexer<EvmSegment> create(Profiles profiles, ChainProfile chain, Store store, int maxReorgDepth,
                                                  RetryPolicy retry) {
        if (chain.family() != ChainFamily.EVM) {
            throw new IllegalArgumentException(chain.name() + " is not an EVM chain");
        }
        EvmTracking tracking = EvmTracking.of(profiles, chain);
        EndpointPool pool = EndpointPool.of(chain, retry);
        EvmChainReader reader = new EvmChainReader(chain, tracking, new EvmRpc(pool, chain.limits().batchSize()));
        ChainStatus status = new ChainStatus(chain.name(), "evm", chain.chainId(), chain.finality().toString());
        KeyValue state = store.state(chain.name(), "indexer");
        EvmWriter writer = new EvmWriter(store, state, tracking, status);
        int depth = Math.max(1, Math.min(chain.limits().maxReorgDepth(), maxReorgDepth));
        ChainIndexer.Settings settings = new ChainIndexer.Settings(chain.name(), tracking.startHeight(), depth,
                chain.limits().parallelism(), chain.limits().pollInterval(),
                chain.finality().quietSkew(chain.family(), chain.network()).orElse(null));
        return new ChainIndexer<>(settings, reader, writer, store, state, pool, status);
    }
}
