package io.assay.chain;

import io.micrometer.core.instrument.MeterRegistry;

import java.time.Duration;

/**
 * One chain's indexer as {@link ChainIndexerService} runs it, whatever its family: built (not started) by the
 * family's {@link FamilyIndexers}, its status registered and its meters bound, then started once and stopped once.
 * A {@link ChainIndexer} is one; a family that adds work around the loop (Bitcoin's reconciliation) wraps it.
 */
public interface Indexer {
    /** The chain's status ({@code /v1/chains}, health, metrics). */
    ChainStatus status();

    /**
     * The status of every loop this indexer runs: the chain's own first, then loops it runs alongside (an EVM chain's
     * reserve-set membership loops, under their own store chains). Each is registered for {@code /v1/chains}.
     */
    default java.util.List<ChainStatus> statuses() {
        return java.util.List.of(status());
    }

    /** Binds the meters of every loop ({@link #statuses()}); a family with meters of its own adds them. */
    default void bindMetrics(MeterRegistry meters) {
        for (ChainStatus s : statuses()) {
            ChainMetrics.bind(meters, s);
        }
    }

    /** Starts indexing on the indexer's own thread(s). */
    void start();

    /** Stops at a block boundary (a commit in progress finishes), waiting at most {@code timeout}. */
    void stop(Duration timeout);
}
