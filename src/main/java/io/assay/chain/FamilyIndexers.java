package io.assay.chain;

import io.assay.config.ChainFamily;
import io.assay.config.ChainProfile;
import io.assay.config.Profiles;
import io.assay.store.Store;

import java.util.Locale;
import java.util.Optional;

/**
 * How one chain family builds the indexer of one of its chains. Each family's package provides one bean that
 * extends this class; {@link ChainIndexerService} picks it by {@link #family()}, so this package never imports a
 * family's package, and adding a family touches only its own package.
 */
public abstract class FamilyIndexers {
    /** Builds a new, not yet started indexer for {@code chain}, writing into {@code store} and reporting to {@code sync}. */
    @FunctionalInterface
    public interface Factory {
        Indexer create(Profiles profiles, ChainProfile chain, Store store, int maxReorgDepth, RetryPolicy retry,
                       ChainSync sync);
    }

    /** Builds the bare {@link ChainIndexer} loop of a chain (a family with nothing around the loop). */
    @FunctionalInterface
    public interface LoopFactory {
        ChainIndexer<?> create(Profiles profiles, ChainProfile chain, Store store, int maxReorgDepth, RetryPolicy retry);
    }

    private final ChainFamily family;
    private final Factory factory;

    protected FamilyIndexers(ChainFamily family, Factory factory) {
        this.family = family;
        this.factory = factory;
    }

    /** A family whose indexer is the bare loop, reporting its sync times to the engine's clock. */
    protected FamilyIndexers(ChainFamily family, LoopFactory loops) {
        this(family, (profiles, chain, store, depth, retry, sync) ->
                loops.create(profiles, chain, store, depth, retry).reportSyncTo(sync));
    }

    public ChainFamily family() {
        return family;
    }

    /**
     * Why {@code chain} is not indexed (it is then registered idle), or empty when it is. Every family needs an
     * endpoint; a family may add its own reasons.
     */
    public Optional<String> idleReason(Profiles profiles, ChainProfile chain) {
        return chain.endpoints().isEmpty()
                ? Optional.of("no endpoint configured; set ASSAY_CHAINS_" + chain.name().toUpperCase(Locale.ROOT)
                        + "_ENDPOINTS")
                : Optional.empty();
    }

    /** A new, not yet started indexer for {@code chain}, writing into {@code store} and reporting to {@code sync}. */
    public Indexer create(Profiles profiles, ChainProfile chain, Store store, int maxReorgDepth, RetryPolicy retry,
                          ChainSync sync) {
        return factory.create(profiles, chain, store, maxReorgDepth, retry, sync);
    }
}
