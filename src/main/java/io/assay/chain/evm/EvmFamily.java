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
        super(ChainFamily.EVM, EvmIndexers::create);
    }
}
