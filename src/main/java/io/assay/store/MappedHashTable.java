package io.assay.store;

import java.io.IOException;
import java.lang.invoke.VarHandle;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ConcurrentModificationException;
import java.util.function.BiConsumer;

/**
 * The portable {@link KeyValue} backend: an open-addressing hash table (linear probing, tombstones) in a
 * memory-mapped file of fixed-size slots. It needs no run-time code generation, so it runs in a native image.
 *
 * <pre>
 * file:  64-byte header (maxKey, maxValue, capacity, chunkSize, slotSize) | pad to 4 KiB | slots
 * slot:  state:1 | pad:1 | keyLen:2 | valueLen:4 | hash:4 | pad:4 | key[maxKey] | value[maxValue]  (8-byte aligned)
 * state: 0 empty, 1 full, 2 removed (tombstone)
 * </pre>
 * Slots never straddle a mapping chunk. An insert writes key and value before it flips the state byte, so a killed
 * process leaves either no entry or a whole one. Growth builds a bigger table in {@code <file>.tmp} and renames it
 * over the file (atomic), so a crash during growth leaves the old table. One writer; readers use a sequence lock and
 * retry if a write overlapped their read.
 */
final class MappedHashTable implements KeyValue {
    static final String MAGIC = "ASSAYHSH";
    static final int VERSION = 1;
    private static final int DATA = 4096;
    private static final int SLOT_HEADER = 16;
    private static final byte EMPTY = 0;
    private static final byte FULL = 1;
    private static final byte REMOVED = 2;
    private static final long MAX_CHUNK = 64L << 20;

    private final FilesFacade ff;
    private final Path path;
    private final int maxKey;
    private final int maxValue;
    private final int slotSize;
    private MappedFile file;
    private long capacity;
    private long firstChunkSlots;
    private long chunkSlots;
    private long count;
    private long removed;
    /** Odd while the writer changes the table; readers retry when it moved during their read. */
    private volatile long seq;

    private MappedHashTable(FilesFacade ff, Path path, int maxKey, int maxValue, MappedFile file, long capacity) {
        this.ff = ff;
        this.path = path;
        this.maxKey = maxKey;
        this.maxValue = maxValue;
        this.slotSize = slotSize(maxKey, maxValue);
        attach(file, capacity);
    }

    private void attach(MappedFile f, long cap) {
        this.file = f;
        this.capacity = cap;
        this.firstChunkSlots = (f.chunkSize() - DATA) / slotSize;
        this.chunkSlots = f.chunkSize() / slotSize;
    }

    static int slotSize(int maxKey, int maxValue) {
        return (SLOT_HEADER + maxKey + maxValue + 7) & ~7;
    }

    private static long chunkSizeFor(long capacity, int slotSize) {
        long bytes = DATA + capacity * slotSize;
        long c = Math.max(1L << 16, Long.highestOneBit(bytes - 1) << 1);
        return Math.min(c, MAX_CHUNK);
    }

    private static long fileSize(long capacity, int slotSize, long chunkSize) {
        long first = (chunkSize - DATA) / slotSize;
        if (capacity <= first) {
            return chunkSize;
        }
        long per = chunkSize / slotSize;
        return chunkSize * (1 + (capacity - first + per - 1) / per);
    }

    /** Creates a new table for about {@code expected} entries. */
    static MappedHashTable create(FilesFacade ff, Path path, int maxKey, int maxValue, long expected) {
        KeyValues.checkLimits(maxKey, maxValue);
        long cap = Math.max(16, Long.highestOneBit(Math.max(1, expected) * 2 - 1) << 1);
        Path tmp = tmpOf(path);
        try {
            ff.delete(tmp);
        } catch (IOException e) {
            throw new StoreException(tmp, "cannot remove: " + e.getMessage(), e);
        }
        MappedHashTable t = createWithCapacity(ff, tmp, maxKey, maxValue, cap);
        t.file.close();
        moveOver(ff, tmp, path);
        return new MappedHashTable(ff, path, maxKey, maxValue, MappedFile.open(ff, path, t.file.chunkSize()), cap);
    }

    private static void moveOver(FilesFacade ff, Path tmp, Path path) {
        try {
            ff.rename(tmp, path);
        } catch (IOException e) {
            throw new StoreException(path, "cannot replace with " + tmp.getFileName() + ": " + e.getMessage(), e);
        }
    }

    private static MappedHashTable createWithCapacity(FilesFacade ff, Path path, int maxKey, int maxValue, long cap) {
        int slot = slotSize(maxKey, maxValue);
        long chunk = chunkSizeFor(cap, slot);
        MappedFile f = MappedFile.create(ff, path, chunk);
        f.ensure(fileSize(cap, slot, chunk));
        FileHeader.write(f.chunk(0).duplicate(), MAGIC, VERSION, maxKey, maxValue, cap, chunk, slot);
        f.force();
        return new MappedHashTable(ff, path, maxKey, maxValue, f, cap);
    }

    /** Opens an existing table, checking its header, size and every slot; nothing is written. */
    static MappedHashTable open(FilesFacade ff, Path path) {
        // a stale <file>.tmp of a growth that died before its rename is removed by the next growth
        long[] h = KeyValues.readHeader(path, MAGIC, VERSION);
        int maxKey = (int) h[0];
        int maxValue = (int) h[1];
        long cap = h[2];
        long chunk = h[3];
        if (maxKey < 1 || maxKey > KeyValues.MAX_KEY || maxValue < 0 || maxValue > KeyValues.MAX_VALUE
                || Long.bitCount(cap) != 1 || h[4] != slotSize(maxKey, maxValue) || Long.bitCount(chunk) != 1) {
            throw new StoreException(path, "header describes an impossible table (maxKey " + maxKey + ", maxValue "
                    + maxValue + ", capacity " + cap + ", slot " + h[4] + ")");
        }
        long expectSize = fileSize(cap, (int) h[4], chunk);
        long size;
        try {
            size = Files.size(path);
        } catch (IOException e) {
            throw new StoreException(path, "cannot read: " + e.getMessage(), e);
        }
        if (size != expectSize) {
            throw new StoreException(path, "file is " + size + " bytes but a table of " + cap + " slots needs "
                    + expectSize + " (truncated?)");
        }
        MappedHashTable t = new MappedHashTable(ff, path, maxKey, maxValue, MappedFile.open(ff, path, chunk), cap);
        String problem = t.scan();
        if (problem != null) {
            t.file.close();
            throw new StoreException(path, problem);
        }
        return t;
    }

    private static Path tmpOf(Path path) {
        return path.resolveSibling(path.getFileName() + ".tmp");
    }

    /** Counts entries and checks every slot (open only); returns a problem or null. */
    private String scan() {
        long[] counts = new long[2];
        String problem = countSlots(counts);
        count = counts[0];
        removed = counts[1];
        return problem;
    }

    /** Counts full and removed slots into {@code out}, checking each; returns a problem or null. Read-only. */
    private String countSlots(long[] out) {
        long full = 0;
        long tomb = 0;
        for (long i = 0; i < capacity; i++) {
            long p = pos(i);
            byte st = file.get(p);
            if (st == FULL) {
                int kl = file.getShort(p + 2) & 0xffff;
                int vl = file.getInt(p + 4);
                if (kl > maxKey || vl < 0 || vl > maxValue) {
                    return "slot " + i + " holds an entry of impossible size (key " + kl + ", value " + vl + ")";
                }
                full++;
            } else if (st == REMOVED) {
                tomb++;
            } else if (st != EMPTY) {
                return "slot " + i + " has an unknown state " + st;
            }
        }
        out[0] = full;
        out[1] = tomb;
        return null;
    }

    /**
     * For verify (read-only; meant for a map its writer is not changing): checks every slot, the entry count and
     * that a lookup reaches every entry. Returns a problem or null.
     */
    String check() {
        long[] counts = new long[2];
        String p = countSlots(counts);
        if (p != null) {
            return p;
        }
        if (counts[0] != count) {
            return "holds " + counts[0] + " entries but counted " + count + " while open";
        }
        for (long i = 0; i < capacity; i++) {
            if (file.get(pos(i)) == FULL) {
                byte[] k = readKey(pos(i));
                if (find(k, KeyValues.hash(k)) != i) {
                    return "slot " + i + " holds a key that a lookup cannot reach";
                }
            }
        }
        return null;
    }

    Path path() {
        return path;
    }

    private long pos(long slot) {
        if (slot < firstChunkSlots) {
            return DATA + slot * slotSize;
        }
        long rest = slot - firstChunkSlots;
        return file.chunkSize() * (1 + rest / chunkSlots) + (rest % chunkSlots) * slotSize;
    }

    @Override
    public int maxKeySize() {
        return maxKey;
    }

    @Override
    public int maxValueSize() {
        return maxValue;
    }

    /** Slot index holding {@code key}, or -1. */
    private long find(byte[] key, long hash) {
        long mask = capacity - 1;
        long i = hash & mask;
        for (long n = 0; n < capacity; n++) {
            long p = pos(i);
            byte st = file.get(p);
            if (st == EMPTY) {
                return -1;
            }
            if (st == FULL && file.getInt(p + 8) == (int) hash && keyEquals(p, key)) {
                return i;
            }
            i = (i + 1) & mask;
        }
        return -1;
    }

    private boolean keyEquals(long p, byte[] key) {
        if ((file.getShort(p + 2) & 0xffff) != key.length) {
            return false;
        }
        long k = p + SLOT_HEADER;
        for (int j = 0; j < key.length; j++) {
            if (file.get(k + j) != key[j]) {
                return false;
            }
        }
        return true;
    }

    private byte[] readKey(long p) {
        byte[] k = new byte[file.getShort(p + 2) & 0xffff];
        file.get(p + SLOT_HEADER, k, 0, k.length);
        return k;
    }

    private byte[] readValue(long p) {
        int vl = file.getInt(p + 4);
        byte[] v = new byte[vl];
        file.get(p + SLOT_HEADER + maxKey, v, 0, vl);
        return v;
    }

    @Override
    public byte[] get(byte[] key) {
        KeyValues.checkKey(key, maxKey, path);
        long hash = KeyValues.hash(key);
        for (;;) {
            long s = seq;
            if ((s & 1) != 0) {
                Thread.onSpinWait();
                continue;
            }
            byte[] result;
            try {
                long i = find(key, hash);
                result = i < 0 ? null : readValue(pos(i));
            } catch (RuntimeException racedWithWriter) {
                result = null; // a torn slot read during a write; the sequence check below retries
            }
            VarHandle.loadLoadFence();
            if (seq == s) {
                return result;
            }
        }
    }

    @Override
    public byte[] put(byte[] key, byte[] value) {
        KeyValues.checkKey(key, maxKey, path);
        KeyValues.checkValue(value, maxValue, path);
        long hash = KeyValues.hash(key);
        beginWrite();
        try {
            long i = find(key, hash);
            if (i >= 0) {
                long p = pos(i);
                byte[] old = readValue(p);
                file.put(p + SLOT_HEADER + maxKey, value, 0, value.length);
                file.putInt(p + 4, value.length);
                return old;
            }
            if (count + removed + 1 > capacity * 3 / 4) {
                rehash();
            }
            long mask = capacity - 1;
            long j = hash & mask;
            while (file.get(pos(j)) == FULL) {
                j = (j + 1) & mask;
            }
            long p = pos(j);
            boolean reuse = file.get(p) == REMOVED;
            file.put(p + SLOT_HEADER, key, 0, key.length);
            file.put(p + SLOT_HEADER + maxKey, value, 0, value.length);
            file.putShort(p + 2, (short) key.length); // the state byte changes only once the entry is whole
            file.putInt(p + 4, value.length);
            file.putInt(p + 8, (int) hash);
            VarHandle.storeStoreFence();
            file.put(p, FULL);
            count++;
            if (reuse) {
                removed--;
            }
            return null;
        } finally {
            endWrite();
        }
    }

    @Override
    public byte[] remove(byte[] key) {
        KeyValues.checkKey(key, maxKey, path);
        long hash = KeyValues.hash(key);
        beginWrite();
        try {
            long i = find(key, hash);
            if (i < 0) {
                return null;
            }
            long p = pos(i);
            byte[] old = readValue(p);
            file.put(p, REMOVED);
            count--;
            removed++;
            return old;
        } finally {
            endWrite();
        }
    }

    private void beginWrite() {
        seq = seq + 1;
        VarHandle.storeStoreFence();
    }

    private void endWrite() {
        seq = seq + 1;
    }

    /** Rebuilds into a table with load at most one half (dropping tombstones) and swaps it in atomically. */
    private void rehash() {
        long cap = capacity;
        while ((count + 1) * 2 > cap) {
            cap <<= 1;
        }
        Path tmp = tmpOf(path);
        MappedHashTable next;
        try {
            ff.delete(tmp);
            next = createWithCapacity(ff, tmp, maxKey, maxValue, cap);
        } catch (IOException e) {
            throw new StoreException(tmp, "cannot create: " + e.getMessage(), e);
        }
        for (long i = 0; i < capacity; i++) {
            long p = pos(i);
            if (file.get(p) == FULL) {
                next.insertFresh(readKey(p), readValue(p), file.getInt(p + 8));
            }
        }
        next.file.force();
        next.file.close();
        moveOver(ff, tmp, path);
        MappedFile old = file;
        attach(MappedFile.open(ff, path, next.file.chunkSize()), next.capacity);
        count = next.count;
        removed = 0;
        old.close();
    }

    private void insertFresh(byte[] key, byte[] value, int hash) {
        long mask = capacity - 1;
        long j = (KeyValues.hash(key)) & mask;
        while (file.get(pos(j)) == FULL) {
            j = (j + 1) & mask;
        }
        long p = pos(j);
        file.put(p + SLOT_HEADER, key, 0, key.length);
        file.put(p + SLOT_HEADER + maxKey, value, 0, value.length);
        file.putShort(p + 2, (short) key.length);
        file.putInt(p + 4, value.length);
        file.putInt(p + 8, hash);
        file.put(p, FULL);
        count++;
    }

    @Override
    public long size() {
        return count;
    }

    /**
     * Visits entries slot by slot; each visited pair is consistent. A concurrent write may or may not be seen; a
     * concurrent growth makes the visit fail with {@link ConcurrentModificationException}.
     */
    @Override
    public void forEach(BiConsumer<byte[], byte[]> visitor) {
        MappedFile f = file;
        long cap = capacity;
        for (long i = 0; i < cap; i++) {
            byte[] k = null;
            byte[] v = null;
            for (;;) {
                long s = seq;
                if ((s & 1) != 0) {
                    Thread.onSpinWait();
                    continue;
                }
                if (file != f) {
                    throw new ConcurrentModificationException(path + ": table grew during iteration");
                }
                try {
                    long p = pos(i);
                    if (f.get(p) == FULL) {
                        k = readKey(p);
                        v = readValue(p);
                    } else {
                        k = null;
                    }
                } catch (RuntimeException racedWithWriter) {
                    k = null;
                }
                VarHandle.loadLoadFence();
                if (seq == s) {
                    break;
                }
            }
            if (k != null) {
                visitor.accept(k, v);
            }
        }
    }

    @Override
    public void flush() {
        file.force();
    }

    @Override
    public void close() {
        file.close();
    }
}
