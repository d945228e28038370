package io.assay;

import io.assay.por.FeedRounds;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/** Checks every asset for a new feed round (deviation or heartbeat) every {@code assay.rounds.interval}. */
@ApplicationScoped
public class RoundTicker {
    @Inject
    FeedRounds rounds;

    @Scheduled(every = "${assay.rounds.interval}", delayed = "${assay.rounds.interval}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void tick() {
        rounds.tick();
    }
}
