package io.assay;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithName;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Top-level settings ({@code assay.*}). Chain endpoints are not here: they are read per chain as
 * {@code assay.chains.<name>.endpoints} (or {@code ASSAY_CHAINS_<NAME>_ENDPOINTS}) when profiles load.
 */
@ConfigMapping(prefix = "assay")
public interface AssayConfig {
    /** Folder with chain profiles ({@code *.yaml}) and {@code assets/*.yaml}. Default: {@code chains}, or the devnet's profiles in demo mode. */
    Optional<Path> profiles();

    /** Where the store keeps its files. */
    @WithName("data-dir")
    @WithDefault("data")
    Path dataDir();

    Demo demo();

    Rounds rounds();

    interface Rounds {
        /** How often every asset is checked for a new feed round (deviation or heartbeat). */
        @WithDefault("5s")
        String interval();
    }

    /**
     * Per-chain overrides, keyed by chain profile name: {@code assay.chains.ethereum.endpoints=url1,url2}
     * (environment: {@code ASSAY_CHAINS_ETHEREUM_ENDPOINTS}). Profiles read these when they load.
     */
    Map<String, ChainSettings> chains();

    interface ChainSettings {
        /** Replaces the profile's endpoints. URLs may carry credentials; they are never logged. */
        Optional<List<String>> endpoints();
    }

    interface Demo {
        /** Start the local devnet and index the demo asset (never in production). */
        @WithDefault("false")
        boolean enabled();
    }
}
