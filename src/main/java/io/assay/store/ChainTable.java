package io.assay.store;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32C;

/**
 * {@code chains.dat}: one 256-byte record per chain holding its name and two checkpoint slots. A commit writes the
 * slot that does not hold the newest checkpoint, so a torn write (power loss) damages only the new slot and the
 * previous checkpoint survives; the newest slot with a valid checksum wins on open. Records are 256-byte aligned
 * and never straddle a page, so a process kill cannot tear one.
 *
 * <pre>
 * record: nameLen:1 | name[64] | pad | slot0 @72 | slot1 @160
 * slot (88 bytes): seq:8 | height:8 | time:8 | undoEnd:8 | catalogEnd:8 | flags:4 | hashLen:4 | hash[32]
 *                  | crc32c:4 | pad:4
 * </pre>
 */
final class ChainTable implements AutoCloseable {
    static final String MAGIC = "ASSAYCHN";
    static final int VERSION = 1;
    static final int HEADER = 256;
    static final int RECORD = 256;
    static final int MAX_HASH = 32;
    private static final int SLOT0 = 72;
    private static final int SLOT = 88;
    private static final int SLOT_CRC = 80;
    static final int HAS_CHECKPOINT = 1;

    /** One decoded checkpoint slot. */
    record Slot(long seq, long height, long time, long undoEnd, long catalogEnd, boolean has, byte[] hash) {
    }

    /** A chain as loaded: its newest valid slot (null if it never committed) and the slot to write next. */
    record Loaded(String name, Slot newest, int nextSlot) {
    }

    private final FilesFacade ff;
    private final Path path;
    private final FileChannel ch;
    private final ByteBuffer slotBuf = ByteBuffer.allocateDirect(SLOT).order(ByteOrder.LITTLE_ENDIAN);
    private final CRC32C crc = new CRC32C();
    private int records;

    private ChainTable(FilesFacade ff, Path path, FileChannel ch, int records) {
        this.ff = ff;
        this.path = path;
        this.ch = ch;
        this.records = records;
    }

    static ChainTable create(FilesFacade ff, Path path) {
        try {
            FileChannel ch = FileChannel.open(path, StandardOpenOption.CREATE_NEW, StandardOpenOption.READ,
                    StandardOpenOption.WRITE);
            ByteBuffer h = ByteBuffer.allocate(HEADER);
            FileHeader.write(h, MAGIC, VERSION);
            ff.write(path, ch, h, 0);
            ff.force(path, ch, true);
            return new ChainTable(ff, path, ch, 0);
        } catch (IOException e) {
            throw new StoreException(path, "cannot create: " + e.getMessage(), e);
        }
    }

    /** Reads and validates every record; nothing is written. */
    static ChainTable open(FilesFacade ff, Path path, List<Loaded> out) {
        byte[] all;
        try {
            all = Files.readAllBytes(path);
        } catch (IOException e) {
            throw new StoreException(path, "cannot read: " + e.getMessage(), e);
        }
        ByteBuffer b = ByteBuffer.wrap(all).order(ByteOrder.LITTLE_ENDIAN);
        FileHeader.read(path, b, all.length, MAGIC, VERSION);
        if (all.length < HEADER || (all.length - HEADER) % RECORD != 0) {
            throw new StoreException(path, "file is " + all.length + " bytes, not a " + HEADER + "-byte header plus "
                    + RECORD + "-byte records (truncated?)");
        }
        int n = (all.length - HEADER) / RECORD;
        CRC32C c = new CRC32C();
        for (int i = 0; i < n; i++) {
            int at = HEADER + i * RECORD;
            int len = b.get(at) & 0xff;
            String name = len == 0 || len > 64 ? null : new String(all, at + 1, len, StandardCharsets.UTF_8);
            if (name == null || !SeriesKey.isValidPart(name)) {
                throw new StoreException(path, "record " + i + " at offset " + at + " has no valid chain name");
            }
            Slot s0 = slot(b, at + SLOT0, c);
            Slot s1 = slot(b, at + SLOT0 + SLOT, c);
            boolean bad0 = s0 == null && !zero(all, at + SLOT0, SLOT);
            boolean bad1 = s1 == null && !zero(all, at + SLOT0 + SLOT, SLOT);
            if (bad0 && bad1) {
                throw new StoreException(path, "chain '" + name
                        + "': both checkpoint slots are damaged (checksum mismatch)");
            }
            Slot newest;
            int next;
            if (s0 == null && s1 == null) {
                newest = null;
                next = 0;
            } else if (s1 == null || (s0 != null && s0.seq > s1.seq)) {
                newest = s0;
                next = 1;
            } else {
                newest = s1;
                next = 0;
            }
            out.add(new Loaded(name, newest, next));
        }
        try {
            return new ChainTable(ff, path, FileChannel.open(path, StandardOpenOption.READ, StandardOpenOption.WRITE),
                    n);
        } catch (IOException e) {
            throw new StoreException(path, "cannot open: " + e.getMessage(), e);
        }
    }

    private static boolean zero(byte[] a, int from, int len) {
        for (int i = from; i < from + len; i++) {
            if (a[i] != 0) {
                return false;
            }
        }
        return true;
    }

    private static Slot slot(ByteBuffer b, int at, CRC32C c) {
        c.reset();
        c.update(b.slice(at, SLOT_CRC));
        long seq = b.getLong(at);
        if (seq == 0 || (int) c.getValue() != b.getInt(at + SLOT_CRC)) {
            return null;
        }
        int hashLen = b.getInt(at + 44);
        if (hashLen < 0 || hashLen > MAX_HASH) {
            return null;
        }
        byte[] hash = new byte[hashLen];
        b.get(at + 48, hash);
        return new Slot(seq, b.getLong(at + 8), b.getLong(at + 16), b.getLong(at + 24), b.getLong(at + 32),
                (b.getInt(at + 40) & HAS_CHECKPOINT) != 0, hash);
    }

    Path path() {
        return path;
    }

    /** Appends a record for a new chain and forces it; returns the chain's index. */
    synchronized int register(String name) {
        byte[] n = name.getBytes(StandardCharsets.UTF_8);
        ByteBuffer r = ByteBuffer.allocate(RECORD);
        r.put(0, (byte) n.length);
        r.put(1, n);
        try {
            ff.write(path, ch, r, HEADER + (long) records * RECORD);
            ff.force(path, ch, true);
        } catch (IOException e) {
            throw new StoreException(path, "cannot register chain '" + name + "': " + e.getMessage(), e);
        }
        return records++;
    }

    /** Writes one checkpoint slot (allocation-free); {@code force} makes it durable before returning. */
    synchronized void writeSlot(int chain, int slot, long seq, long height, long time, long undoEnd, long catalogEnd,
                                boolean has, byte[] hash, int hashLen, boolean force) {
        ByteBuffer s = slotBuf;
        s.clear();
        for (int i = 0; i < SLOT; i += 8) {
            s.putLong(i, 0L);
        }
        s.putLong(0, seq);
        s.putLong(8, height);
        s.putLong(16, time);
        s.putLong(24, undoEnd);
        s.putLong(32, catalogEnd);
        s.putInt(40, has ? HAS_CHECKPOINT : 0);
        s.putInt(44, hashLen);
        for (int i = 0; i < hashLen; i++) {
            s.put(48 + i, hash[i]);
        }
        crc.reset();
        s.limit(SLOT_CRC);
        crc.update(s);
        s.clear();
        s.putInt(SLOT_CRC, (int) crc.getValue());
        long pos = HEADER + (long) chain * RECORD + SLOT0 + (long) slot * SLOT;
        try {
            while (s.hasRemaining()) {
                ff.write(path, ch, s, pos + s.position());
            }
            if (force) {
                ff.force(path, ch, false);
            }
        } catch (IOException e) {
            throw new StoreException(path, "cannot write checkpoint: " + e.getMessage(), e);
        }
    }

    @Override
    public synchronized void close() {
        try {
            ch.close();
        } catch (IOException e) {
            throw new StoreException(path, "cannot close: " + e.getMessage(), e);
        }
    }

    /** For {@link Store#verify()}: re-reads the file from disk. */
    static List<Loaded> reread(Path path) {
        List<Loaded> out = new ArrayList<>();
        open(FilesFacade.NIO, path, out).close();
        return out;
    }
}
