package io.assay.por;

import java.time.Instant;
import java.util.Optional;

/**
 * Tells the engine until when each chain's state is known. Indexers report the last wall-clock moment at
 * which they had indexed everything final on their chain (a quiet chain with no new block is still current).
 */
public interface ChainClock {
    /** The last moment the chain's indexer confirmed it was at the chain's final head; empty if never. */
    Optional<Instant> syncedAt(String chain);

    /**
     * Why the chain's (or off-chain source's) newest data must not be trusted right now, e.g. an off-chain
     * source whose last answer was malformed, unsigned, went back in time or jumped beyond its bound; empty
     * when nothing is wrong. Queries whose answer uses the newest committed value are then stale.
     */
    default Optional<String> suspect(String chain) {
        return Optional.empty();
    }

    ChainClock NONE = chain -> Optional.empty();
}
