package io.assay.devnet;

import java.time.Duration;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/** Waits for a condition with a deadline (never a fixed sleep): polls quickly, then backs off to 100 ms. */
public final class Poll {
    private Poll() {
    }

    public static void until(Duration timeout, String what, BooleanSupplier condition) {
        value(timeout, what, () -> condition.getAsBoolean() ? Boolean.TRUE : null);
    }

    /** Polls until {@code attempt} returns non-null; exceptions from an attempt count as "not yet". */
    public static <T> T value(Duration timeout, String what, Supplier<T> attempt) {
        long deadline = System.nanoTime() + timeout.toNanos();
        long pause = 2;
        RuntimeException last = null;
        while (true) {
            try {
                T v = attempt.get();
                if (v != null) {
                    return v;
                }
            } catch (RuntimeException e) {
                last = e;
            }
            if (System.nanoTime() - deadline > 0) {
                throw new DevnetException("timed out after " + timeout.toMillis() + " ms waiting for " + what
                        + (last == null ? "" : " (last error: " + last.getMessage() + ")"), last);
            }
            try {
                Thread.sleep(pause);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new DevnetException("interrupted while waiting for " + what, e);
            }
            pause = Math.min(100, pause * 2);
        }
    }
}
