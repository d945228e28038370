package io.assay.config;

import io.quarkus.arc.lookup.LookupUnlessProperty;
import jakarta.inject.Singleton;
import org.eclipse.microprofile.config.Config;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * A service's workspace: profiles from {@code assay.profiles} (default {@code chains}), endpoints from
 * {@code assay.chains.<name>.endpoints} (or {@code ASSAY_CHAINS_<NAME>_ENDPOINTS}), the store in
 * {@code <data-dir>/store} and feed rounds in {@code <data-dir>/rounds}, kept across runs.
 */
@Singleton
@LookupUnlessProperty(name = "assay.demo.enabled", stringValue = "true")
public class ConfiguredWorkspace implements Workspace {
    private final AssayConfig config;
    private final Config raw;

    public ConfiguredWorkspace(AssayConfig config, Config raw) {
        this.config = config;
        this.raw = raw;
    }

    @Override
    public Path profiles() {
        return config.profiles().orElse(Path.of("chains"));
    }

    @Override
    public Optional<List<String>> endpoints(String name) {
        return raw.getOptionalValues("assay.chains." + name + ".endpoints", String.class);
    }

    @Override
    public Path store() {
        return config.dataDir().resolve("store");
    }

    @Override
    public Path rounds() {
        return config.dataDir().resolve("rounds");
    }

    @Override
    public void release(Path folder) {
        // a service's data outlives the run
    }
}
