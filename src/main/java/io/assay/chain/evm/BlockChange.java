package io.assay.chain.evm;

/**
 * What changed in one block for a chain's slots: token deltas from Transfer logs and absolute values
 * (native balances read with {@code eth_getBalance}, or the values a start from a later height begins with).
 * Amounts are signed 128-bit integers held as {@code hi:lo} long pairs, indexed by slot. Mutable, owned by
 * one segment.
 */
final class BlockChange {
    final long height;
    /** Lowercase 0x-prefixed hash as the logs or header reported it, or null. */
    String hash;
    /** Block time in epoch milliseconds, or -1 until known. */
    long time = -1;
    final long[] deltaHi;
    final long[] deltaLo;
    final boolean[] touched;
    long[] absHi;
    long[] absLo;
    boolean[] absSet;
    int events;
    /** Burn-and-mint records of this block (burns and receipts), or null. */
    java.util.List<io.assay.store.BurnMintRecords.Entry> burnMint;

    BlockChange(long height, int slots) {
        this.height = height;
        this.deltaHi = new long[slots];
        this.deltaLo = new long[slots];
        this.touched = new boolean[slots];
    }

    void add(int slot, long hi, long lo) {
        long l = deltaLo[slot] + lo;
        long carry = Long.compareUnsigned(l, deltaLo[slot]) < 0 ? 1 : 0;
        long h = deltaHi[slot] + hi + carry;
        if (((deltaHi[slot] ^ h) & (hi ^ h)) < 0) {
            throw new ArithmeticException("int128 overflow summing block " + height + " slot " + slot);
        }
        deltaHi[slot] = h;
        deltaLo[slot] = l;
        touched[slot] = true;
    }

    void subtract(int slot, long hi, long lo) {
        // two's complement negation; -MIN overflows, which no uint256 that fits in int128 can be
        long nlo = -lo;
        long nhi = ~hi + (lo == 0 ? 1 : 0);
        add(slot, nhi, nlo);
    }

    void setAbsolute(int slot, long hi, long lo) {
        if (absSet == null) {
            absHi = new long[touched.length];
            absLo = new long[touched.length];
            absSet = new boolean[touched.length];
        }
        absHi[slot] = hi;
        absLo[slot] = lo;
        absSet[slot] = true;
    }

    /** Adds {@code other}'s changes (the same block seen by another query) into this one. */
    void merge(BlockChange other) {
        if (other.hash != null) {
            if (hash != null && !hash.equals(other.hash)) {
                throw new InconsistentAnswerException("block " + height + " has hash " + hash + " in one answer and "
                        + other.hash + " in another");
            }
            hash = other.hash;
        }
        if (time < 0) {
            time = other.time;
        }
        for (int i = 0; i < touched.length; i++) {
            if (other.touched[i]) {
                add(i, other.deltaHi[i], other.deltaLo[i]);
            }
        }
        if (other.absSet != null) {
            for (int i = 0; i < touched.length; i++) {
                if (other.absSet[i]) {
                    setAbsolute(i, other.absHi[i], other.absLo[i]);
                }
            }
        }
        events += other.events;
        if (other.burnMint != null) {
            if (burnMint == null) {
                burnMint = new java.util.ArrayList<>();
            }
            burnMint.addAll(other.burnMint);
        }
    }

    void addBurnMint(io.assay.store.BurnMintRecords.Entry e) {
        if (burnMint == null) {
            burnMint = new java.util.ArrayList<>();
        }
        burnMint.add(e);
    }
}
