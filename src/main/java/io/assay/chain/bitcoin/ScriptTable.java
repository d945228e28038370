package io.assay.chain.bitcoin;

import java.util.Arrays;
import java.util.List;

/**
 * An immutable lookup table from scriptPubKey bytes to the tracked entry that watches them, probed straight on
 * a block buffer ({@code buf, offset, length}) without copying. Each entry carries its registrants: the
 * (source, path, child) triples whose descriptors produce the script, packed by {@link #pack}.
 *
 * <p>Immutable, so fetch threads may scan blocks with one snapshot while the writer builds the next one
 * (when a gap window grows). {@link #version()} tells which snapshot a scan used.
 */
public final class ScriptTable {
    private final int version;
    private final byte[][] slots;
    private final int[] slotEntry;
    private final int mask;
    private final long lengths;
    private final byte[][] scripts;
    private final long[][] registrants;

    /**
     * @param scripts     distinct scripts, by entry index
     * @param registrants for each entry, its packed (source, path, child) triples
     */
    ScriptTable(int version, List<byte[]> scripts, List<long[]> registrants) {
        this.version = version;
        this.scripts = scripts.toArray(byte[][]::new);
        this.registrants = registrants.toArray(long[][]::new);
        int cap = Integer.highestOneBit(Math.max(16, scripts.size() * 2 - 1)) << 1;
        this.slots = new byte[cap][];
        this.slotEntry = new int[cap];
        this.mask = cap - 1;
        long lens = 0;
        for (int i = 0; i < this.scripts.length; i++) {
            byte[] s = this.scripts[i];
            lens |= 1L << Math.min(s.length, 63);
            int slot = hash(s, 0, s.length) & mask;
            while (slots[slot] != null) {
                if (Arrays.equals(slots[slot], s)) {
                    throw new IllegalArgumentException("script listed twice in a script table");
                }
                slot = (slot + 1) & mask;
            }
            slots[slot] = s;
            slotEntry[slot] = i;
        }
        this.lengths = lens;
    }

    static ScriptTable empty() {
        return new ScriptTable(0, List.of(), List.of());
    }

    public int version() {
        return version;
    }

    public int size() {
        return scripts.length;
    }

    /** The entry watching {@code buf[offset, offset+length)}, or -1. Allocation-free. */
    public int find(byte[] buf, int offset, int length) {
        if ((lengths & (1L << Math.min(length, 63))) == 0) {
            return -1;
        }
        int slot = hash(buf, offset, length) & mask;
        byte[] s;
        while ((s = slots[slot]) != null) {
            if (s.length == length && Arrays.equals(s, 0, length, buf, offset, offset + length)) {
                return slotEntry[slot];
            }
            slot = (slot + 1) & mask;
        }
        return -1;
    }

    public byte[] script(int entry) {
        return scripts[entry];
    }

    /** Every script of the table, by entry (a read-only view; do not modify the arrays). */
    public List<byte[]> scripts() {
        return java.util.Collections.unmodifiableList(Arrays.asList(scripts));
    }

    /** Packed registrants of {@code entry}; do not modify. */
    long[] registrants(int entry) {
        return registrants[entry];
    }

    static long pack(int source, int path, int child) {
        return ((long) source << 40) | ((long) path << 32) | (child & 0xffffffffL);
    }

    static int source(long packed) {
        return (int) (packed >>> 40);
    }

    static int path(long packed) {
        return (int) ((packed >>> 32) & 0xff);
    }

    static int child(long packed) {
        return (int) packed;
    }

    /**
     * Mixes the last 16 bytes (scripts end in their hash or key, so the tail is the random part) and the length.
     */
    private static int hash(byte[] b, int off, int len) {
        long h = len * 0x9E3779B97F4A7C15L;
        if (len >= 8) {
            h ^= readLong(b, off + len - 8);
            h *= 0xff51afd7ed558ccdL;
            if (len >= 16) {
                h ^= readLong(b, off + len - 16);
            }
        } else {
            for (int i = 0; i < len; i++) {
                h = (h ^ (b[off + i] & 0xff)) * 0x100000001b3L;
            }
        }
        h ^= h >>> 33;
        h *= 0xc4ceb9fe1a85ec53L;
        h ^= h >>> 33;
        return (int) h;
    }

    private static long readLong(byte[] b, int p) {
        return (b[p] & 0xffL) | (b[p + 1] & 0xffL) << 8 | (b[p + 2] & 0xffL) << 16 | (b[p + 3] & 0xffL) << 24
                | (b[p + 4] & 0xffL) << 32 | (b[p + 5] & 0xffL) << 40 | (b[p + 6] & 0xffL) << 48 | (b[p + 7] & 0xffL) << 56;
    }
}
