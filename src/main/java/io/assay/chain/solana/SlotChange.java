package io.assay.chain.solana;

import java.math.BigInteger;

/**
 * What changed at one slot for a chain's values: supply deltas (sum of token-balance changes of a mint's
 * accounts in the slot's transactions) and absolute values (a token account's balance after the slot's last
 * transaction naming it, or a value read from the node). Raw token units. Mutable, owned by one segment.
 */
final class SlotChange {
    final long slot;
    /** Block time of the slot, epoch milliseconds. */
    final long time;
    final BigInteger[] delta;
    final BigInteger[] absolute;
    /** Transactions applied at this slot (for rates). */
    int transactions;

    SlotChange(long slot, long time, int values) {
        this.slot = slot;
        this.time = time;
        this.delta = new BigInteger[values];
        this.absolute = new BigInteger[values];
    }

    void addDelta(int value, BigInteger d) {
        delta[value] = delta[value] == null ? d : delta[value].add(d);
    }

    void setAbsolute(int value, BigInteger v) {
        absolute[value] = v;
    }

    /** The value after this slot, given the value before it. */
    BigInteger apply(int value, BigInteger before) {
        if (absolute[value] != null) {
            return absolute[value];
        }
        return delta[value] == null ? before : before.add(delta[value]);
    }

    boolean touches(int value) {
        return absolute[value] != null || delta[value] != null;
    }

    @Override
    public String toString() {
        return "slot " + slot + " (" + transactions + " transactions)";
    }
}
