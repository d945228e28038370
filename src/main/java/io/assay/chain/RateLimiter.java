package io.assay.chain;

import java.util.concurrent.locks.LockSupport;

/**
 * Spaces requests to at most {@code perSecond} per second (0 = unlimited) by reserving evenly spaced
 * slots; callers that get a later slot wait for it. Thread-safe.
 */
final class RateLimiter {
    private final long intervalNanos;
    private long nextSlot;

    RateLimiter(int perSecond) {
        this.intervalNanos = perSecond <= 0 ? 0 : 1_000_000_000L / perSecond;
        this.nextSlot = System.nanoTime();
    }

    void acquire() {
        if (intervalNanos == 0) {
            return;
        }
        long wait;
        synchronized (this) {
            long now = System.nanoTime();
            long slot = Math.max(now, nextSlot);
            nextSlot = slot + intervalNanos;
            wait = slot - now;
        }
        if (wait > 0) {
            LockSupport.parkNanos(wait);
        }
    }
}
