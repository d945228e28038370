package io.assay.config;

import java.time.Duration;

/**
 * How hard Assay may push a chain's endpoints, and how far back a reorg may reach.
 *
 * @param maxLogRange       largest {@code eth_getLogs} block range tried (adaptive ranges never exceed it)
 * @param batchSize         JSON-RPC requests per HTTP batch
 * @param parallelism       requests in flight at once during backfill
 * @param requestsPerSecond client-side rate limit per endpoint (0 = none)
 * @param timeout           per-request timeout
 * @param maxReorgDepth     deepest reorg the store can undo (undo log length, in blocks)
 * @param pollInterval      how often the head is polled when following
 * @param reconcileEvery    blocks between reconciliations against the node (0 = never)
 */
public record ChainLimits(long maxLogRange, int batchSize, int parallelism, int requestsPerSecond,
                          Duration timeout, int maxReorgDepth, Duration pollInterval, long reconcileEvery) {
}
