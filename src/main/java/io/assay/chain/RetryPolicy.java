package io.assay.chain;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * How an {@link EndpointPool} retries: exponential backoff with jitter per endpoint, capped, within a
 * budget of attempts and time per call.
 *
 * @param baseDelay   pause after an endpoint's first failure
 * @param maxDelay    the backoff never exceeds this (a server's Retry-After may)
 * @param maxAttempts attempts per call across all endpoints before the call fails
 * @param budget      total time a call may spend retrying before it fails
 */
public record RetryPolicy(Duration baseDelay, Duration maxDelay, int maxAttempts, Duration budget) {
    public static final RetryPolicy DEFAULT = new RetryPolicy(Duration.ofMillis(100), Duration.ofSeconds(10), 12,
            Duration.ofSeconds(60));

    public RetryPolicy {
        if (baseDelay.isNegative() || maxDelay.compareTo(baseDelay) < 0 || maxAttempts < 1 || budget.isNegative()) {
            throw new IllegalArgumentException("invalid retry policy " + baseDelay + "/" + maxDelay + "/" + maxAttempts);
        }
    }

    /**
     * Backoff after {@code failures} consecutive failures (1 = first), in nanoseconds: base * 2^(failures-1),
     * capped, with "equal jitter" (a random point in the upper half) so endpoints retried by many threads do
     * not see synchronised bursts.
     */
    public long backoffNanos(int failures) {
        long base = baseDelay.toNanos();
        int shift = Math.min(Math.max(failures - 1, 0), 30);
        long max = maxDelay.toNanos();
        long d = base == 0 ? 0 : shift >= Long.numberOfLeadingZeros(base) - 1 ? max : Math.min(max, base << shift);
        if (d <= 1) {
            return d;
        }
        return d / 2 + ThreadLocalRandom.current().nextLong(d - d / 2 + 1);
    }
}
