package io.assay.chain;

import io.assay.config.ChainFamily;
import io.assay.config.ChainProfile;
import io.assay.config.Profiles;
import io.assay.store.Store;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Starts one {@link Indexer} per chain profile, of every family, when the application starts (in demo mode the
 * devnet profiles, whose endpoints the devnet fills in): each family's package builds its indexers through its
 * {@link FamilyIndexers} bean, picked by {@link ChainFamily}. Registers each chain's status with the
 * {@link ChainRegistry}, its metrics with Micrometer and its sync times with {@link ChainSync} (the engine's
 * freshness clock), and on shutdown stops all of them in parallel, each at a commit boundary, waiting at most
 * {@link #STOP_TIMEOUT}. A chain its family does not index (no endpoint; for Bitcoin, no reserve source on it) is
 * registered as {@link ChainState#IDLE}.
 */
@ApplicationScoped
public class ChainIndexerService {
    /** How long shutdown waits for the indexers, all stopping at once (inside Kubernetes' 30 s grace period). */
    static final Duration STOP_TIMEOUT = Duration.ofSeconds(20);
    private static final Logger LOG = Logger.getLogger(ChainIndexerService.class);

    private final Profiles profiles;
    private final Store store;
    private final ChainRegistry registry;
    private final MeterRegistry meters;
    private final ChainSync sync;
    private final Map<ChainFamily, FamilyIndexers> families = new EnumMap<>(ChainFamily.class);
    private final List<Indexer> running = new ArrayList<>();

    ChainIndexerService(Profiles profiles, Store store, ChainRegistry registry, MeterRegistry meters, ChainSync sync,
                        Instance<FamilyIndexers> families) {
        for (FamilyIndexers f : families) {
            this.families.put(f.family(), f);
        }
        this.profiles = profiles;
        this.store = store;
        this.registry = registry;
        this.meters = meters;
        this.sync = sync;
    }

    void start(@Observes StartupEvent e) {
        for (ChainFamily family : ChainFamily.values()) {
            for (ChainProfile chain : profiles.chainsOf(family)) {
                FamilyIndexers f = families.get(family);
                if (f == null) {
                    throw new IllegalStateException("no indexers for the " + family + " family");
                }
                Optional<String> idle = f.idleReason(profiles, chain);
                if (idle.isPresent()) {
                    ChainStatus status = new ChainStatus(chain.name(), family.name().toLowerCase(Locale.ROOT),
                            chain.chainId(), chain.finality().toString());
                    status.state(ChainState.IDLE);
                    registry.register(status);
                    LOG.infof("%s: not indexed (%s)", chain.name(), idle.get());
                    continue;
                }
                Indexer ix = f.create(profiles, chain, store, store.maxReorgDepth(chain.name()), RetryPolicy.DEFAULT,
                        sync);
                ix.statuses().forEach(registry::register);
                ix.bindMetrics(meters);
                synchronized (running) {
                    running.add(ix);
                }
                ix.start();
            }
        }
    }

    /** Stops every indexer after its current commit, all at once (runs before the store closes). */
    void stop(@Observes ShutdownEvent e) {
        List<Indexer> all;
        synchronized (running) {
            all = new ArrayList<>(running);
            running.clear();
        }
        all.parallelStream().forEach(ix -> ix.stop(STOP_TIMEOUT));
    }

    /** The running indexers, of every family. */
    public List<Indexer> indexers() {
        synchronized (running) {
            return List.copyOf(running);
        }
    }
}
