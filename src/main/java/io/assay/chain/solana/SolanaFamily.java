package io.assay.chain.solana;

import io.assay.chain.FamilyIndexers;
import io.assay.config.ChainFamily;
import io.quarkus.arc.Unremovable;
import jakarta.inject.Singleton;

/** The Solana family's indexers, for {@link io.assay.chain.ChainIndexerService}: {@link SolanaIndexers#create}. */
@Singleton
@Unremovable
public class SolanaFamily extends FamilyIndexers {
    SolanaFamily() {
        super(ChainFamily.SOLANA, SolanaIndexers::create);
    }
}
