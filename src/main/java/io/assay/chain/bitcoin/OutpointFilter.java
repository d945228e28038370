package io.assay.chain.bitcoin;

import java.util.Arrays;

/**
 * An in-memory "may contain" filter over the outpoints of tracked UTXOs, so that the inputs of a block (thousands
 * per mainnet block) are checked against keyed state only when they might spend a tracked output. Each outpoint is
 * reduced to a 64-bit fingerprint (txid bytes mixed with the output index); a hit may be a false positive (the
 * keyed lookup then finds nothing), a miss is certain. Entries are never removed: spent outpoints stay as harmless
 * false positives until the filter is rebuilt (at start and after every rollback).
 *
 * <p>Open addressing over a {@code long[]}; allocation-free lookups. Not thread-safe (the writer thread owns it).
 */
final class OutpointFilter {
    private long[] slots = new long[1024];
    private int size;

    void clear() {
        Arrays.fill(slots, 0);
        size = 0;
    }

    int size() {
        return size;
    }

    /** Adds the outpoint whose 32-byte txid is at {@code buf[off]} (internal byte order) and index {@code vout}. */
    void add(byte[] buf, int off, long vout) {
        add(fingerprint(buf, off, vout));
    }

    boolean mightContain(byte[] buf, int off, long vout) {
        long f = fingerprint(buf, off, vout);
        int mask = slots.length - 1;
        int i = mix(f) & mask;
        long s;
        while ((s = slots[i]) != 0) {
            if (s == f) {
                return true;
            }
            i = (i + 1) & mask;
        }
        return false;
    }

    private void add(long f) {
        if ((size + 1) * 2 > slots.length) {
            grow();
        }
        int mask = slots.length - 1;
        int i = mix(f) & mask;
        long s;
        while ((s = slots[i]) != 0) {
            if (s == f) {
                return;
            }
            i = (i + 1) & mask;
        }
        slots[i] = f;
        size++;
    }

    private void grow() {
        long[] old = slots;
        slots = new long[old.length * 2];
        size = 0;
        for (long f : old) {
            if (f != 0) {
                add(f);
            }
        }
    }

    static long fingerprint(byte[] b, int off, long vout) {
        long t = (b[off] & 0xffL) | (b[off + 1] & 0xffL) << 8 | (b[off + 2] & 0xffL) << 16 | (b[off + 3] & 0xffL) << 24
                | (b[off + 4] & 0xffL) << 32 | (b[off + 5] & 0xffL) << 40 | (b[off + 6] & 0xffL) << 48
                | (b[off + 7] & 0xffL) << 56;
        long f = t ^ (vout * 0x9E3779B97F4A7C15L);
        return f == 0 ? 1 : f;
    }

    private static int mix(long f) {
        f ^= f >>> 31;
        f *= 0x7fb5d329728ea185L;
        f ^= f >>> 27;
        return (int) f;
    }
}
