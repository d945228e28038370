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

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Opens the store in {@code assay.data-dir} at startup, with each chain's undo log as deep as its profile's
 * {@code limits.maxReorgDepth}, and closes it on shutdown (after the indexers stopped). In demo mode the
 * devnet is fresh on every run, so the store is too: a new folder under the data directory, removed on exit.
 */
@ApplicationScoped
public class StoreProducer {
    private static final Logger LOG = Logger.getLogger(StoreProducer.class);

    private Path demoDir;

    @Produces
    @Singleton
    Store store(AssayConfig config, Profiles profiles, DemoDevnet demo) {
        StoreOptions options = StoreOptions.defaults();
        for (ChainProfile c : profiles.chains().values()) {
            options = options.withMaxReorgDepth(c.name(), Math.max(1, c.limits().maxReorgDepth()));
        }
        Path dir = config.dataDir();
        try {
            Files.createDirectories(dir);
            if (demo.enabled()) {
                demoDir = Files.createTempDirectory(dir, "demo-");
                dir = demoDir;
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the data directory " + dir + ": " + e.getMessage(), e);
        }
        Store store = Stores.open(dir, options);
        LOG.infof("store open in %s (chains with data: %s)", dir, store.chains());
        return store;
    }

    void close(@Disposes Store store) {
        store.close();
        if (demoDir != null) {
            try (var files = Files.walk(demoDir)) {
                for (Path f : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(f);
                }
            } catch (IOException e) {
                LOG.warnf("could not remove the demo store %s: %s", demoDir, e.getMessage());
            }
        }
    }
}
