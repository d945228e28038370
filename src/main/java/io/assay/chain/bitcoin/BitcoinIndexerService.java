package io.assay.chain.bitcoin;

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
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Starts one {@link BitcoinIndexer} per Bitcoin chain profile that has an endpoint and at least one reserve source,
 * registers its status ({@code /v1/chains}, health) and metrics, reports its sync times to {@link ChainSync} (the
 * engine's freshness), and stops it at a block boundary on shutdown. A Bitcoin chain without endpoints or sources
 * is registered as {@link ChainState#IDLE}.
 */
@ApplicationScoped
public class BitcoinIndexerService {
    private static final Logger LOG = Logger.getLogger(BitcoinIndexerService.class);

    @Inject
    Profiles profiles;
    @Inject
    Store store;
    @Inject
    ChainRegistry registry;
    @Inject
    ChainSync sync;
    @Inject
    MeterRegistry meters;

    private final List<BitcoinIndexer> running = new ArrayList<>();

    void start(@Observes StartupEvent e) {
        for (ChainProfile c : profiles.chainsOf(ChainFamily.BITCOIN)) {
            BitcoinTracking tracking = BitcoinTracking.of(profiles, c);
            if (c.endpoints().isEmpty() || tracking.isEmpty()) {
                ChainStatus idle = new ChainStatus(c.name(), "bitcoin", 0, c.finality().toString());
                idle.state(ChainState.IDLE);
                registry.register(idle);
                LOG.infof("%s: not indexed (%s)", c.name(), c.endpoints().isEmpty() ? "no endpoint configured"
                        : "no asset has a reserve source on it");
                continue;
            }
            BitcoinIndexer ix = BitcoinIndexer.create(c, tracking, store, RetryPolicy.DEFAULT, sync);
            registry.register(ix.status());
            ChainMetrics.bind(meters, ix.status());
            BitcoinMetrics.bind(meters, ix);
            synchronized (running) {
                running.add(ix);
            }
            ix.start();
        }
    }

    /** The running indexer of {@code chain}, if any. */
    public Optional<BitcoinIndexer> indexer(String chain) {
        synchronized (running) {
            return running.stream().filter(i -> i.profile().name().equals(chain)).findFirst();
        }
    }

    void stop(@Observes ShutdownEvent e) {
        List<BitcoinIndexer> all;
        synchronized (running) {
            all = new ArrayList<>(running);
            running.clear();
        }
        for (BitcoinIndexer ix : all) {
            ix.stop(Duration.ofSeconds(30));
        }
    }
}
