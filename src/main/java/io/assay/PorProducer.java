package io.assay;

import io.assay.chain.ChainSync;
import io.assay.config.AssayConfig;
import io.assay.config.Profiles;
import io.assay.config.Workspace;
import io.assay.por.FeedRounds;
import io.assay.por.LiabilityPublications;
import io.assay.por.MintCheck;
import io.assay.por.PorEngine;
import io.assay.store.Store;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Instance;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import org.jboss.logging.Logger;

import java.nio.file.Path;
import java.time.Clock;

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

    /** Rounds are kept in the workspace's rounds folder ({@code <data-dir>/rounds}; the demo's is fresh on every run). */
    @Produces
    @Singleton
    FeedRounds rounds(PorEngine engine, Instance<Workspace> workspace, LiabilityPublications liabilities) {
        return new FeedRounds(engine, workspace.get().rounds(), liabilities);
    }

    /** Liabilities publications: {@code assay.liabilities.dir}, default {@code <data-dir>/liabilities}. */
    @Produces
    @Singleton
    LiabilityPublications liabilities(AssayConfig config) {
        Path dir = config.liabilities().dir().orElse(config.dataDir().resolve("liabilities"));
        LOG.infof("liabilities publications: %s/<asset>/", dir);
        return new LiabilityPublications(dir);
    }

    void close(@Disposes FeedRounds rounds, Instance<Workspace> workspace) {
        rounds.close();
        Workspace w = workspace.get();
        w.release(w.rounds());
    }
}
