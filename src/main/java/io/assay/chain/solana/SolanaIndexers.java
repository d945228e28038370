package io.assay.chain.solana;

import io.assay.chain.ChainIndexer;
import io.assay.chain.ChainStatus;
import io.assay.chain.EndpointPool;
import io.assay.chain.RetryPolicy;
import io.assay.chain.solana.SolanaClient.Commitment;
import io.assay.config.ChainFamily;
import io.assay.config.ChainProfile;
import io.assay.config.Profiles;
import io.assay.store.Checkpoint;
import io.assay.store.KeyValue;
import io.assay.store.Store;

/**
 * Builds the indexer of one Solana chain profile: SPL mint supply and token-account balances of the assets'
 * Solana entries, at the profile's commitment, through the generic {@link ChainIndexer} loop (heights are
 * slots; every commit also records the committed slot, and the chain's status its last sync).
 */
public final class SolanaIndexers {
    private SolanaIndexers() {
    }

    /**
     * @param chain         a Solana profile with at least one endpoint
     * @param maxReorgDepth deepest rollback the store can undo for this chain (the smaller of the profile's and
     *                      the store's is used; finalized slots never roll back)
     */
    public static ChainIndexer<SolanaSegment> create(Profiles profiles, ChainProfile chain, Store store,
                                                     int maxReorgDepth, RetryPolicy retry) {
        return create(profiles, chain, store, maxReorgDepth, retry, SolanaChainReader.Mode.AUTO,
                SolanaChainReader.PAGE_LIMIT);
    }

    /** As above, with the way values are read and the signature page size chosen (tests). */
    public static ChainIndexer<SolanaSegment> create(Profiles profiles, ChainProfile chain, Store store,
                                                     int maxReorgDepth, RetryPolicy retry, SolanaChainReader.Mode mode,
                                                     int pageLimit) {
        if (chain.family() != ChainFamily.SOLANA) {
            throw new IllegalArgumentException(chain.name() + " is not a Solana chain");
        }
        SolanaTracking tracking = SolanaTracking.of(profiles, chain);
        EndpointPool pool = EndpointPool.of(chain, retry);
        SolanaRpc rpc = SolanaRpc.pooled(pool, chain.limits().batchSize(), Commitment.of(chain.finality().tag()));
        SolanaChainReader reader = new SolanaChainReader(chain, tracking, rpc, mode,
                () -> store.checkpoint(chain.name()).map(Checkpoint::height).orElse(-1L), pageLimit);
        ChainStatus status = new ChainStatus(chain.name(), "solana", 0, chain.finality().toString());
        KeyValue state = store.state(chain.name(), "indexer");
        SolanaWriter writer = new SolanaWriter(store, state, tracking, status, reader::forget);
        int depth = Math.max(1, Math.min(chain.limits().maxReorgDepth(), maxReorgDepth));
        // slot 0 is genesis, where no token existed: starting at 1 makes the loop ask for the values at 0 (zero,
        // then checked against the node) instead of scanning every slot from 0
        ChainIndexer.Settings settings = new ChainIndexer.Settings(chain.name(), Math.max(1, tracking.startSlot()),
                depth, chain.limits().parallelism(), chain.limits().pollInterval(),
                chain.finality().quietSkew(chain.family(), chain.network()).orElse(null));
        return new ChainIndexer<>(settings, reader, writer, store, state, pool, status);
    }
}
