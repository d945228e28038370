package io.assay.chain;

import io.assay.por.ChainClock;
import jakarta.inject.Singleton;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Where indexers report that they are caught up: each time an indexer finds it has indexed everything
 * final on its chain, it calls {@link #synced(String, Instant)}. The engine reads it as a {@link ChainClock}
 * to judge freshness (a quiet chain with no new block is still current).
 */
@Singleton
public class ChainSync implements ChainClock {
    private final Map<String, Instant> synced = new ConcurrentHashMap<>();
    private final Map<String, String> suspect = new ConcurrentHashMap<>();

    /** The chain's (or off-chain source's) latest answer was rejected: its data is suspect until {@link #trusted}. */
    public void suspect(String chain, String reason) {
        suspect.put(chain, reason);
    }

    /** A good answer arrived again. */
    public void trusted(String chain) {
        suspect.remove(chain);
    }

    @Override
    public Optional<String> suspect(String chain) {
        return Optional.ofNullable(suspect.get(chain));
    }

    public void synced(String chain, Instant at) {
        synced.merge(chain, at, (a, b) -> a.isAfter(b) ? a : b);
    }

    /** Forget a chain's sync time (its indexer halted or lost its endpoints): freshness then decays. */
    public void lost(String chain) {
        synced.remove(chain);
    }

    @Override
    public Optional<Instant> syncedAt(String chain) {
        return Optional.ofNullable(synced.get(chain));
    }
}
