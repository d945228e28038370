package io.assay.chain.bitcoin;

/**
 * Makes Bitcoin block times usable as series times. A header's time may be earlier than its parent's (consensus
 * only requires it to exceed the median of the previous 11), but the store's series and the engine's as-of queries
 * need times that never go backwards. The indexed time of block {@code h} is therefore the largest header time of
 * blocks {@code <= h} (like Core's internal {@code nTimeMax}), in epoch milliseconds.
 *
 * <p>The running maximum lives here, owned by the writer thread: {@link #reset} from the checkpoint after a start
 * or rollback (the checkpoint's time is the indexed time of the committed block), {@link #advance} after each block.
 */
final class BlockClock {
    private long max;

    void reset(long millis) {
        max = millis;
    }

    long current() {
        return max;
    }

    /** The indexed time of a block with {@code headerSeconds}, following the blocks already seen. */
    long next(long headerSeconds) {
        max = Math.max(max, headerSeconds * 1000L);
        return max;
    }
}
