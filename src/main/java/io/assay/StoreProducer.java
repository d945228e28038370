package io.assay;

import io.assay.config.ChainProfile;
import io.assay.config.Profiles;
import io.assay.config.Workspace;
import io.assay.store.Store;
import io.assay.store.StoreOptions;
import io.assay.store.Stores;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Instance;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import org.jboss.logging.Logger;

import java.nio.file.Path;

/**
 * Opens the store in the workspace's store folder at startup ({@code <data-dir>/store}; the demo's is fresh on every
 * run), with each chain's undo depth from its profile ({@code limits.maxReorgDepth}); closes it on shutdown, after
 * the indexers stopped at a block boundary, and hands the folder back to the workspace.
 * A damaged store stops startup with a message naming the file ({@link io.assay.store.StoreException}).
 */
@ApplicationScoped
public class StoreProducer {
    private static final Logger LOG = Logger.getLogger(StoreProducer.class);

    @Produces
    @Singleton
    Store store(Instance<Workspace> workspace, Profiles profiles) {
        StoreOptions options = StoreOptions.defaults();
        for (ChainProfile c : profiles.chains().values()) {
            options = options.withMaxReorgDepth(c.name(), c.limits().maxReorgDepth());
        }
        Path dir = workspace.get().store();
        long t0 = System.nanoTime();
        Store s = Stores.open(dir, options);
        LOG.infof("store open at %s in %d ms (chains %s)", dir, (System.nanoTime() - t0) / 1_000_000, s.chains());
        return s;
    }

    void close(@Disposes Store store, Instance<Workspace> workspace) {
        store.close();
        Workspace w = workspace.get();
        w.release(w.store());
    }
}
