package io.assay.chain.solana;

import io.assay.chain.ChainIndexer;
import io.assay.chain.FamilyIndexers;
import io.assay.chain.RetryPolicy;
import io.assay.config.ChainFamily;
import io.assay.config.ChainProfile;
import io.assay.config.Profiles;
import io.assay.store.Store;
import io.quarkus.arc.Unremovable;
import jakarta.inject.Singleton;

/** The Solana family's indexers, for {@link io.assay.chain.ChainIndexerService}: {@link SolanaIndexers#create}. */
@Singleton
@Unremovable
public class SolanaFamily implements FamilyIndexers {
    @Override
    public ChainFamily family() {
        return ChainFamily.SOLANA;
    }

    @Override
    public ChainIndexer<?> create(Profiles profiles, ChainProfile chain, Store store, int maxReorgDepth,
                                  RetryPolicy retry) {
        return SolanaIndexers.create(profiles, chain, store, maxReorgDepth, retry);
    }
}
