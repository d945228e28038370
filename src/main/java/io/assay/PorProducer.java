package io.assay;

import io.assay.chain.ChainSync;
import io.assay.config.AssayConfig;
import io.assay.config.Profiles;
import io.assay.por.FeedRounds;
import io.assay.por.LiabilityPublications;
import io.assay.por.MintCheck;
import io.assay.por.PorEngine;
import io.assay.store.Store;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Comparator;

/** Wires the proof-of-reserve engine, the mint check and feed rounds to the store and the indexers' sync clock. */
@ApplicationScoped
public class PorProducer {
    private static final Logger LOG = Logger.getLogger(PorProducer.class);

    @Produces
    @Singleton
    PorEngine engine(Profiles profiles, Store store, ChainSync sync) {
        return new PorEngine(profiles, store, sync, Clock.systemUTC());
    }

    @Produces
    @Singleton
    MintCheck mintCheck(PorEngine engine) {
        return new MintCheck(engine);
    }

    // static for the reason StoreProducer's demo folder is: the disposer may run on another instance
    private static volatile Path demoRounds;

    /**
     * Rounds are kept in {@code <data-dir>/rounds}. In demo mode the devnet and the store are new on every run, so
     * the rounds are too: a round of an earlier run names heights of another devnet and would be served as this
     * run's first rounds. They go to a fresh folder under the data directory, removed on exit.
     */
    @Produces
    @Singleton
    FeedRounds rounds(PorEngine engine, AssayConfig config, DemoDevnet demo, LiabilityPublications liabilities) {
        Path dir = config.dataDir().resolve("rounds");
        if (demo.enabled()) {
            try {
                Files.createDirectories(config.dataDir());
                demoRounds = Files.createTempDirectory(config.dataDir(), "demo-rounds-");
            } catch (IOException e) {
                throw new UncheckedIOException("cannot create a demo rounds folder under " + config.dataDir() + ": "
                        + e.getMessage(), e);
            }
            dir = demoRounds;
        }
        return new FeedRounds(engine, dir, liabilities);
    }

    /** Liabilities publications: {@code assay.liabilities.dir}, default {@code <data-dir>/liabilities}. */
    @Produces
    @Singleton
    LiabilityPublications liabilities(AssayConfig config) {
        Path dir = config.liabilities().dir().orElse(config.dataDir().resolve("liabilities"));
        LOG.infof("liabilities publications: %s/<asset>/", dir);
        return new LiabilityPublications(dir);
    }

    void close(@Disposes FeedRounds rounds) {
        rounds.close();
        Path folder = demoRounds;
        if (folder != null) {
            demoRounds = null;
            StoreProducer.deleteTree(folder);
        }
    }
}
