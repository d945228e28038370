package io.assay;

import io.assay.chain.ChainSync;
import io.assay.config.Profiles;
import io.assay.config.Workspace;
import io.assay.por.FeedRounds;
import io.assay.por.MintCheck;
import io.assay.por.PorEngine;
import io.assay.store.Store;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Instance;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import java.time.Clock;

/** Wires the proof-of-reserve engine, the mint check and feed rounds to the store and the indexers' sync clock. */
@ApplicationScoped
public class PorProducer {
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
    FeedRounds rounds(PorEngine engine, Instance<Workspace> workspace) {
        return new FeedRounds(engine, workspace.get().rounds());
    }

    void close(@Disposes FeedRounds rounds, Instance<Workspace> workspace) {
        rounds.close();
        Workspace w = workspace.get();
        w.release(w.rounds());
    }
}
