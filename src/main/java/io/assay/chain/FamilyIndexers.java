package io.assay.chain;

import io.assay.config.ChainFamily;
import io.assay.config.ChainProfile;
import io.assay.config.Profiles;
import io.assay.store.Store;

/**
 * How one chain family builds the indexer of one of its chains. Each family's package provides one bean;
 * {@link ChainIndexerService} picks it by {@link #family()}, so this package never imports a family's package.
 */
public interface FamilyIndexers {
    ChainFamily family();

    /** A new, not yet started indexer for {@code chain}, writing into {@code store}. */
    ChainIndexer<?> create(Profiles profiles, ChainProfile chain, Store store, int maxReorgDepth, RetryPolicy retry);
}
