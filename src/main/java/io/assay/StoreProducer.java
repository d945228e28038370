package io.assay;

import io.assay.config.AssayConfig;
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

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Opens the store in {@code assay.data-dir} at startup, with each chain's undo depth from its profile
 * ({@code limits.maxReorgDepth}); closes it on shutdown, after the indexers stopped at a block boundary.
 * A damaged store stops startup with a message naming the file ({@link io.assay.store.StoreException}).
 * In demo mode the devnet is new on every run, so the store is too: a fresh folder under the data directory,
 * removed on exit (an old store would hold another chain's history and the indexers would halt on it).
 */
@ApplicationScoped
public class StoreProducer {
    private static final Logger LOG = Logger.getLogger(StoreProducer.class);

    // static: at shutdown ArC may dispose the store through a new instance of this producer (the application
    // context ends before the singletons are destroyed), whose instance fields would be null
    private static volatile Path demoDir;

    @Produces
    @Singleton
    Store store(AssayConfig config, Profiles profiles, DemoDevnet demo) {
        StoreOptions options = StoreOptions.defaults();
        for (ChainProfile c : profiles.chains().values()) {
            options = options.withMaxReorgDepth(c.name(), c.limits().maxReorgDepth());
        }
        Path dir = config.dataDir().resolve("store");
        if (demo.enabled()) {
            try {
                Files.createDirectories(config.dataDir());
                demoDir = Files.createTempDirectory(config.dataDir(), "demo-store-");
            } catch (IOException e) {
                throw new UncheckedIOException("cannot create a demo store under " + config.dataDir() + ": " + e.getMessage(), e);
            }
            dir = demoDir;
        }
        long t0 = System.nanoTime();
        Store s = Stores.open(dir, options);
        LOG.infof("store open at %s in %d ms (chains %s)", dir, (System.nanoTime() - t0) / 1_000_000, s.chains());
        return s;
    }

    void close(@Disposes Store store) {
        store.close();
        Path folder = demoDir;
        if (folder != null) {
            demoDir = null;
            deleteTree(folder);
        }
    }

    /** Removes a demo run's folder (store or rounds); a failure is logged, never thrown (we are shutting down). */
    static void deleteTree(Path dir) {
        try (var files = Files.walk(dir)) {
            for (Path f : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(f);
            }
            LOG.infof("demo data removed: %s", dir);
        } catch (IOException e) {
            LOG.warnf("could not remove the demo data %s: %s", dir, e.getMessage());
        }
    }
}
