package io.assay.store;

import java.time.Instant;
import java.util.Optional;

/**
 * Tells the engine what each chain's indexer knows beyond the store: until when the chain is known final, whether it
 * halted, and when a rollback rewrites its recent history (see docs/consistent-cut.md).
 */
public interface ChainClock {
    /**
     * Until when (inclusive) the chain's state is known final, as its indexer last reported: every block with an
     * indexed time at or before it is final and committed, and no block found later can have a time at or before it.
     * Empty if not reported since start or since a rollback; the engine then takes one millisecond before its
     * checkpoint's block time (a later block may share that time).
     */
    Optional<Instant> coveredUntil(String chain);

    /** Why the chain's indexer halted (its recorded blocks may not be on the chain any more); empty while it runs. */
    default Optional<String> halted(String chain) {
        return Optional.empty();
    }

    /**
     * Counts the chain's rollbacks: odd while one runs. A reader that sees it change (or odd) while it reads the
     * chain's history re-reads, so an answer never mixes values from before and after a rollback.
     */
    default long epoch(String chain) {
        return 0;
    }

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
