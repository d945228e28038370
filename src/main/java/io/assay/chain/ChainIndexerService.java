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

/**
 * Starts one {@link ChainIndexer} per EVM and Solana chain profile that has endpoints when the application starts
 * (in demo mode the devnet profiles, whose endpoints the devnet fills in), registers each chain's status with the
 * {@link ChainRegistry}, its metrics with Micrometer and its sync times with {@link ChainSync} (the engine's
 * freshness clock), and stops them at a commit boundary on shutdown. A chain without endpoints is registered as
 * {@link ChainState#IDLE}. Bitcoin chains run through {@code BitcoinIndexerService}, which adds reconciliation
 * against {@code scantxoutset} around the same loop. Each family's package builds its indexers through its
 * {@link FamilyIndexers} bean.
 */
@ApplicationScoped
public class ChainIndexerService {
    private static final Logger LOG = Logger.getLogger(ChainIndexerService.class);

    private final Profiles profiles;
    private final Store store;
    private final ChainRegistry registry;
    private final MeterRegistry meters;
    private final ChainSync sync;
    private final Map<ChainFamily, FamilyIndexers> families = new EnumMap<>(ChainFamily.class);
    private final List<ChainIndexer<?>> running = new ArrayList<>();

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
        for (ChainFamily family : List.of(ChainFamily.EVM, ChainFamily.SOLANA)) {
            for (ChainProfile chain : profiles.chainsOf(family)) {
                if (chain.endpoints().isEmpty()) {
                    ChainStatus idle = new ChainStatus(chain.name(), family.name().toLowerCase(Locale.ROOT),
                            chain.chainId(), chain.finality().toString());
                    idle.state(ChainState.IDLE);
                    registry.register(idle);
                    LOG.infof("%s: no endpoint configured (set ASSAY_CHAINS_%s_ENDPOINTS); not indexed", chain.name(),
                            chain.name().toUpperCase(Locale.ROOT));
                    continue;
                }
                int depth = store.maxReorgDepth(chain.name());
                FamilyIndexers f = families.get(family);
                if (f == null) {
                    throw new IllegalStateException("no indexers for the " + family + " family");
                }
                ChainIndexer<?> ix = f.create(profiles, chain, store, depth, RetryPolicy.DEFAULT);
                registry.register(ix.status());
                ChainMetrics.bind(meters, ix.status());
                ix.reportSyncTo(sync).start();
                synchronized (running) {
                    running.add(ix);
                }
            }
        }
    }

    /** Stops every indexer after its current commit (runs before the store closes). */
    void stop(@Observes ShutdownEvent e) {
        List<ChainIndexer<?>> all;
        synchronized (running) {
            all = new ArrayList<>(running);
            running.clear();
        }
        all.parallelStream().forEach(ix -> ix.stop(Duration.ofSeconds(20)));
    }

    /** The running indexers (EVM and Solana). */
    public List<ChainIndexer<?>> indexers() {
        synchronized (running) {
            return List.copyOf(running);
        }
    }
}
