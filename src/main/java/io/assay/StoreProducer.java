package io.assay;

import io.assay.config.ChainProfile;
import io.assay.config.Profiles;
import io.assay.store.Store;
import io.assay.store.StoreOptions;
import io.assay.store.Stores;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import org.jboss.logging.Logger;

import java.nio.file.Path;

/**
 * Opens the store in {@code <assay.data-dir>/store}, keeping undo data for each chain's {@code limits.maxReorgDepth}
 * (at least the store's default), and closes it on shutdown after the indexers stopped.
 */
@ApplicationScoped
public class StoreProducer {
    private static final Logger LOG = Logger.getLogger(StoreProducer.class);

    @Produces
    @Singleton
    Store store(AssayConfig config, Profiles profiles) {
        StoreOptions options = StoreOptions.defaults();
        for (ChainProfile c : profiles.chains().values()) {
            options = options.withMaxReorgDepth(c.name(), Math.max(options.maxReorgDepth(), c.limits().maxReorgDepth()));
        }
        Path dir = config.dataDir().resolve("store");
        Store s = Stores.open(dir, options);
        LOG.infof("store open at %s (chains with data: %s)", dir, s.chains());
        return s;
    }

    void close(@Disposes Store store) {
        store.close();
    }
}
