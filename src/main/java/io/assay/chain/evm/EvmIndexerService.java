package io.assay.chain.evm;

import io.assay.chain.ChainIndexer;
import io.assay.chain.ChainMetrics;
import io.assay.chain.ChainRegistry;
import io.assay.chain.ChainState;
import io.assay.chain.ChainStatus;
import io.assay.chain.ChainSync;
import io.assay.chain.RetryPolicy;
import io.assay.config.ChainFamily;
import io.assay.config.ChainProfile;
import io.assay.config.Profiles;
import io.assay.store.Store;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Starts one indexer per EVM chain profile that has endpoints when the application starts (in demo mode the
 * devnet profiles, whose endpoints the devnet fills in), registers each chain's status with the
 * {@link ChainRegistry}, its metrics with Micrometer and its sync times with {@link ChainSync} (the engine's
 * freshness clock), and stops them at a block boundary on shutdown.
 * A chain without endpoints is registered as {@link ChainState#IDLE}.
 */
@ApplicationScoped
public class EvmIndexerService {
    private static final Logger LOG = Logger.getLogger(EvmIndexerService.class);

    private final Profiles profiles;
    private final Store store;
    private final ChainRegistry registry;
    private final MeterRegistry meters;
    private final ChainSync sync;
    private final List<ChainIndexer<EvmSegment>> running = new ArrayList<>();

    EvmIndexerService(Profiles profiles, Store store, ChainRegistry registry, MeterRegistry meters, ChainSync sync) {
        this.sync = sync;
        this.profiles = profiles;
        this.store = store;
        this.registry = registry;
        this.meters = meters;
    }

    void start(@Observes StartupEvent e) {
        for (ChainProfile chain : profiles.chainsOf(ChainFamily.EVM)) {
            if (chain.endpoints().isEmpty()) {
                ChainStatus idle = new ChainStatus(chain.name(), "evm", chain.chainId(), chain.finality().toString());
                idle.state(ChainState.IDLE);
                registry.register(idle);
                LOG.infof("%s: no endpoint configured (set ASSAY_CHAINS_%s_ENDPOINTS); not indexed", chain.name(),
                        chain.name().toUpperCase(java.util.Locale.ROOT));
                continue;
            }
            ChainIndexer<EvmSegment> ix = EvmIndexers.create(profiles, chain, store, store.maxReorgDepth(chain.name()),
                    RetryPolicy.DEFAULT);
            registry.register(ix.status());
            ChainMetrics.bind(meters, ix.status());
            ix.reportSyncTo(sync).start();
            running.add(ix);
        }
    }

    /** Stops every indexer after its current commit (runs before the store closes). */
    void stop(@Observes ShutdownEvent e) {
        running.parallelStream().forEach(ix -> ix.stop(Duration.ofSeconds(20)));
        running.clear();
    }

    public List<ChainIndexer<EvmSegment>> indexers() {
        return List.copyOf(running);
    }
}
