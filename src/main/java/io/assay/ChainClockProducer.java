package io.assay;

import io.assay.chain.ChainRegistry;
import io.assay.chain.ChainStatus;
import io.assay.por.ChainClock;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/**
 * The engine's {@link ChainClock}: for each chain, the last moment its indexer confirmed it had indexed
 * everything final (a quiet chain with no new block is still current), from the {@link ChainRegistry}.
 */
@ApplicationScoped
public class ChainClockProducer {
    @Produces
    @Singleton
    ChainClock chainClock(ChainRegistry registry) {
        return chain -> registry.get(chain).flatMap(ChainStatus::syncedAt);
    }
}
