package io.assay.chain;

import io.assay.config.ChainFamily;
import io.assay.config.ChainProfile;
import io.assay.config.Profiles;
import io.assay.store.Store;

/**
 * How one chain family builds the indexer of one of its chains. Each family's package provides one bean that
 * extends this class; {@link ChainIndexerService} picks it by {@link #family()}, so this package never imports a
 * family's package.
 */
public abstract class FamilyIndexers {
    /** Builds a new, not yet started indexer for {@code chain}, writing into {@code store}. */
    @FunctionalInterface
    public interface Factory {
        ChainIndexer<?> create(Profiles profiles, ChainProfile chain, Store store, int maxReorgDepth, RetryPolicy retry);
    }

    private final ChainFamily family;
    private final Factory factory;

    protected FamilyIndexers(ChainFamily family, Factory factory) {
        this.family = family;
        this.factory = factory;
    }

    public ChainFamily family() {
        return family;
    }

    /** A new, not yet started indexer for {@code chain}, writing into {@code store}. */
    public ChainIndexer<?> create(Profiles profiles, ChainProfile chain, Store store, int maxReorgDepth,
                                  RetryPolicy retry) {
        return factory.create(profiles, chain, store, maxReorgDepth, retry);
    }
}
