package io.assay.devnet;

import io.assay.config.AssayConfig;
import io.assay.config.ConfiguredWorkspace;
import io.assay.config.Workspace;
import io.quarkus.arc.lookup.LookupIfProperty;
import jakarta.inject.Singleton;
import org.eclipse.microprofile.config.Config;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * The demo's workspace ({@code assay.demo.enabled=true}, set by the {@code demo} profile). Profiles come from the
 * devnet ({@code chains/devnet/profiles}, unless {@code assay.profiles} names a folder) and the devnet chains' endpoints
 * from the nodes {@link DemoDevnet} started; other chains' endpoints as in a service ({@link ConfiguredWorkspace}).
 * The devnet is new on every run, so the store and the feed rounds are too: each goes to a fresh folder under the
 * data directory ({@code demo-store-*}, {@code demo-rounds-*}), removed on exit. An old store would hold another
 * devnet's history (the indexers would halt on it), and an old round names heights of another devnet.
 */
@Singleton
@LookupIfProperty(name = "assay.demo.enabled", stringValue = "true")
public class DemoWorkspace implements Workspace {
    private static final Logger LOG = Logger.getLogger(DemoWorkspace.class);

    private final AssayConfig config;
    private final DemoDevnet demo;
    private final ConfiguredWorkspace configured;
    private Path store;
    private Path rounds;

    DemoWorkspace(AssayConfig config, Config raw, DemoDevnet demo) {
        this.config = config;
        this.demo = demo;
        this.configured = new ConfiguredWorkspace(config, raw);
    }

    @Override
    public Path profiles() {
        return config.profiles().orElseGet(() -> DevnetPaths.devnetDir().resolve("profiles"));
    }

    @Override
    public Optional<List<String>> endpoints(String name) {
        return demo.endpoint(name).map(List::of).or(() -> configured.endpoints(name));
    }

    @Override
    public synchronized Path store() {
        if (store == null) {
            store = freshFolder("demo-store-", "a demo store");
        }
        return store;
    }

    @Override
    public synchronized Path rounds() {
        if (rounds == null) {
            rounds = freshFolder("demo-rounds-", "a demo rounds folder");
        }
        return rounds;
    }

    private Path freshFolder(String prefix, String what) {
        try {
            Files.createDirectories(config.dataDir());
            return Files.createTempDirectory(config.dataDir(), prefix);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + what + " under " + config.dataDir() + ": "
                    + e.getMessage(), e);
        }
    }

    /** Removes a demo run's folder (store or rounds); a failure is logged, never thrown (we are shutting down). */
    @Override
    public synchronized void release(Path folder) {
        if (!folder.equals(store) && !folder.equals(rounds)) {
            return; // not one of ours
        }
        try (var files = Files.walk(folder)) {
            for (Path f : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(f);
            }
            LOG.infof("demo data removed: %s", folder);
        } catch (IOException e) {
            LOG.warnf("could not remove the demo data %s: %s", folder, e.getMessage());
        }
    }
}
