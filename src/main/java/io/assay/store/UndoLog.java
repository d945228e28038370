package io.assay.store;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.zip.CRC32C;

/**
 * One chain's undo log ({@code undo/<chain>.undo}): the old value of every keyed-state entry a commit changed,
 * followed by that commit's marker {@code (height, time, hash)}. Rolling back to commit {@code c} replays, newest
 * first, every undo record written after {@code c}'s marker.
 *
 * <p>Offsets are logical: they keep growing while the file is compacted (the header's {@code base} is the logical
 * offset of its first record), so checkpoints can name them. A checkpoint names the log's committed end; bytes past
 * it belong to a commit that did not finish (or a rollback that did not finish) and are replayed and cut on open.
 * The log keeps the commits of the last {@code maxReorgDepth} heights and the newest commit at or below that floor.
 *
 * <pre>
 * record: len:4 | type:1 | body | crc32c:4   (len counts the whole record; the checksum covers len, type, body)
 * COMMIT body: height:8 | time:8 | hashLen:1 | hash
 * UNDO   body: mapLen:1 | map | keyLen:2 | key | present:1 | valueLen:4 | value
 * </pre>
 * Owned by the chain's writer thread.
 */
final class UndoLog implements AutoCloseable {
    static final String MAGIC = "ASSAYUND";
    static final int VERSION = 1;
    static final byte COMMIT = 1;
    static final byte UNDO = 2;
    private static final long COMPACT_MIN_BYTES = 1 << 20;

    /** Receives undo records newest first during a rollback. */
    interface Sink {
        void restore(String map, byte[] key, byte[] oldValueOrNull);
    }

    private final FilesFacade ff;
    private final Path path;
    private FileChannel ch;
    private long base;
    private long end;
    private ByteBuffer buf = ByteBuffer.allocateDirect(4096).order(ByteOrder.LITTLE_ENDIAN);
    private final CRC32C crc = new CRC32C();

    // commits still needed, oldest first (a growable ring of primitives)
    private long[] cHeight = new long[16];
    private long[] cTime = new long[16];
    private long[] cStart = new long[16];
    private long[] cEnd = new long[16];
    private byte[][] cHash = new byte[16][ChainTable.MAX_HASH];
    private int[] cHashLen = new int[16];
    private int head;
    private int size;
    /** True while the log still holds everything since the chain's first write (a rollback to "nothing" works). */
    private boolean genesis;

    private UndoLog(FilesFacade ff, Path path, FileChannel ch, long base, long end) {
        this.ff = ff;
        this.path = path;
        this.ch = ch;
        this.base = base;
        this.end = end;
        this.genesis = base == 0;
    }

    static UndoLog create(FilesFacade ff, Path path) {
        try {
            FileChannel ch = FileChannel.open(path, StandardOpenOption.CREATE_NEW, StandardOpenOption.READ,
                    StandardOpenOption.WRITE);
            ff.write(path, ch, FileHeader.encode(MAGIC, VERSION, 0L), 0);
            ff.force(path, ch, true);
            return new UndoLog(ff, path, ch, 0, 0);
        } catch (IOException e) {
            throw new StoreException(path, "cannot create: " + e.getMessage(), e);
        }
    }

    /**
     * Opens the log and reads it. Every record before {@code committedEnd} must be intact; records after it are left
     * for {@link #replayAfter(long, Sink)} (the caller recovers with it). Nothing is written here.
     */
    static UndoLog open(FilesFacade ff, Path path, long committedEnd) {
        byte[] all;
        try {
            all = Files.readAllBytes(path); // a stale .tmp of a compaction that died is removed by the next one

        } catch (IOException e) {
            throw new StoreException(path, "cannot read: " + e.getMessage(), e);
        }
        ByteBuffer b = ByteBuffer.wrap(all).order(ByteOrder.LITTLE_ENDIAN);
        long base = FileHeader.read(path, b, all.length, MAGIC, VERSION)[0];
        long physEnd = base + all.length - FileHeader.SIZE;
        if (committedEnd < base || committedEnd > physEnd) {
            throw new StoreException(path, "the checkpoint says the log ends at offset " + committedEnd
                    + " but the file holds offsets " + base + ".." + physEnd + " (truncated or replaced?)");
        }
        UndoLog log;
        try {
            log = new UndoLog(ff, path, FileChannel.open(path, StandardOpenOption.READ, StandardOpenOption.WRITE),
                    base, committedEnd);
        } catch (IOException e) {
            throw new StoreException(path, "cannot open: " + e.getMessage(), e);
        }
        CRC32C c = new CRC32C();
        long at = base;
        while (at < committedEnd) {
            int p = (int) (at - base) + FileHeader.SIZE;
            int len = validLength(b, p, all.length, c);
            if (len < 0 || at + len > committedEnd) {
                log.closeQuietly();
                throw new StoreException(path, "record at offset " + at + " is damaged (checksum or length), but the"
                        + " checkpoint covers the log up to offset " + committedEnd);
            }
            if (b.get(p + 4) == COMMIT) {
                byte[] hash = new byte[b.get(p + 21) & 0xff];
                b.get(p + 22, hash);
                log.addCommit(b.getLong(p + 5), b.getLong(p + 13), hash, hash.length, at, at + len);
            }
            at += len;
        }
        return log;
    }

    private static Path tmpOf(Path path) {
        return path.resolveSibling(path.getFileName() + ".tmp");
    }

    /** Length of the intact record at {@code p}, or -1. */
    private static int validLength(ByteBuffer b, int p, int limit, CRC32C c) {
        if (p + 9 > limit) {
            return -1;
        }
        int len = b.getInt(p);
        if (len < 9 || p + (long) len > limit) {
            return -1;
        }
        byte type = b.get(p + 4);
        if (type != COMMIT && type != UNDO) {
            return -1;
        }
        c.reset();
        c.update(b.slice(p, len - 4));
        return (int) c.getValue() == b.getInt(p + len - 4) ? len : -1;
    }

    Path path() {
        return path;
    }

    long end() {
        return end;
    }

    long base() {
        return base;
    }

    // ---- writing ----

    void appendUndo(String map, byte[] key, byte[] oldOrNull) {
        byte[] m = map.getBytes(StandardCharsets.UTF_8);
        int vlen = oldOrNull == null ? 0 : oldOrNull.length;
        int len = 4 + 1 + 1 + m.length + 2 + key.length + 1 + 4 + vlen + 4;
        ByteBuffer r = start(len, UNDO);
        r.put((byte) m.length).put(m).putShort((short) key.length).put(key);
        r.put((byte) (oldOrNull == null ? 0 : 1)).putInt(vlen);
        if (oldOrNull != null) {
            r.put(oldOrNull);
        }
        finish(len);
    }

    /** Appends a commit marker and returns the log's new end (allocation-free). */
    long appendCommit(long height, long time, byte[] hash, int hashLen) {
        int len = 4 + 1 + 8 + 8 + 1 + hashLen + 4;
        ByteBuffer r = start(len, COMMIT);
        r.putLong(height).putLong(time).put((byte) hashLen);
        for (int i = 0; i < hashLen; i++) {
            r.put(hash[i]);
        }
        long at = end;
        finish(len);
        addCommit(height, time, hash, hashLen, at, end);
        return end;
    }

    private ByteBuffer start(int len, byte type) {
        if (buf.capacity() < len) {
            buf = ByteBuffer.allocateDirect(Integer.highestOneBit(len) * 2).order(ByteOrder.LITTLE_ENDIAN);
        }
        buf.clear();
        return buf.putInt(len).put(type);
    }

    private void finish(int len) {
        ByteBuffer r = buf;
        crc.reset();
        r.flip();
        crc.update(r);
        r.limit(len);
        r.position(len - 4);
        r.putInt((int) crc.getValue());
        r.flip();
        long pos = physical(end);
        try {
            while (r.hasRemaining()) {
                ff.write(path, ch, r, pos + r.position());
            }
        } catch (IOException e) {
            throw new StoreException(path, "cannot write: " + e.getMessage(), e);
        }
        end += len;
    }

    private long physical(long logical) {
        return logical - base + FileHeader.SIZE;
    }

    void force() {
        try {
            ff.force(path, ch, false);
        } catch (IOException e) {
            throw new StoreException(path, "cannot force to disk: " + e.getMessage(), e);
        }
    }

    // ---- commit points ----

    private void addCommit(long height, long time, byte[] hash, int hashLen, long start, long endOffset) {
        if (size == cHeight.length) {
            growRing();
        }
        int i = (head + size) % cHeight.length;
        cHeight[i] = height;
        cTime[i] = time;
        System.arraycopy(hash, 0, cHash[i], 0, hashLen);
        cHashLen[i] = hashLen;
        cStart[i] = start;
        cEnd[i] = endOffset;
        size++;
    }

    private void growRing() {
        int n = cHeight.length * 2;
        long[] h = new long[n];
        long[] t = new long[n];
        long[] s = new long[n];
        long[] e = new long[n];
        byte[][] hs = new byte[n][];
        int[] hl = new int[n];
        for (int k = 0; k < size; k++) {
            int i = (head + k) % cHeight.length;
            h[k] = cHeight[i];
            t[k] = cTime[i];
            s[k] = cStart[i];
            e[k] = cEnd[i];
            hs[k] = cHash[i];
            hl[k] = cHashLen[i];
        }
        for (int k = size; k < n; k++) {
            hs[k] = new byte[ChainTable.MAX_HASH];
        }
        cHeight = h;
        cTime = t;
        cStart = s;
        cEnd = e;
        cHash = hs;
        cHashLen = hl;
        head = 0;
    }

    private int ring(int k) {
        return (head + k) % cHeight.length;
    }

    /** Position (0 = oldest) of the newest commit at or below {@code height}, or -1. */
    int commitAtOrBelow(long height) {
        for (int k = size - 1; k >= 0; k--) {
            if (cHeight[ring(k)] <= height) {
                return k;
            }
        }
        return -1;
    }

    int commits() {
        return size;
    }

    long commitHeight(int k) {
        return cHeight[ring(k)];
    }

    long commitTime(int k) {
        return cTime[ring(k)];
    }

    long commitEnd(int k) {
        return cEnd[ring(k)];
    }

    byte[] commitHash(int k) {
        return java.util.Arrays.copyOf(cHash[ring(k)], cHashLen[ring(k)]);
    }

    /** Whether a rollback to "no commit at all" is possible. */
    boolean genesis() {
        return genesis;
    }

    /** Lowest height a rollback can reach, or {@code Long.MIN_VALUE} if it can reach the empty state. */
    long floorHeight() {
        return genesis ? Long.MIN_VALUE : size == 0 ? Long.MAX_VALUE : cHeight[ring(0)];
    }

    // ---- rollback ----

    /** Whether the file holds bytes past the committed end (an unfinished commit or rollback). */
    boolean hasTail() {
        try {
            return ch.size() > physical(end);
        } catch (IOException e) {
            throw new StoreException(path, "cannot read: " + e.getMessage(), e);
        }
    }

    /** Names of the maps that undo records past the committed end touch. */
    java.util.Set<String> tailMaps() {
        java.util.Set<String> names = new java.util.TreeSet<>();
        forEachTail((b, tail, q) -> {
            if (b.get(q + 4) == UNDO) {
                names.add(new String(tail, q + 6, b.get(q + 5) & 0xff, StandardCharsets.UTF_8));
            }
        });
        return names;
    }

    private interface RecordVisitor {
        void visit(ByteBuffer b, byte[] tail, int offset);
    }

    /** Visits the intact records after the committed end, oldest first; returns nothing for an empty tail. */
    private void forEachTail(RecordVisitor v) {
        byte[] tail = readTail(end);
        ByteBuffer b = ByteBuffer.wrap(tail).order(ByteOrder.LITTLE_ENDIAN);
        CRC32C c = new CRC32C();
        int p = 0;
        while (p < tail.length) {
            int len = validLength(b, p, tail.length, c);
            if (len < 0) {
                break;
            }
            v.visit(b, tail, p);
            p += len;
        }
    }

    private byte[] readTail(long from) {
        try {
            long size = ch.size();
            long at = physical(from);
            byte[] tail = new byte[(int) Math.max(0, size - at)];
            ByteBuffer t = ByteBuffer.wrap(tail);
            while (t.hasRemaining()) {
                if (ch.read(t, at + t.position()) < 0) {
                    break;
                }
            }
            return tail;
        } catch (IOException e) {
            throw new StoreException(path, "cannot read: " + e.getMessage(), e);
        }
    }

    /**
     * Replays, newest first, every intact undo record after logical offset {@code to} (up to the first damaged one,
     * which can only be the torn tail of an unfinished commit). Safe to repeat after a crash part way: replaying
     * restores the same old values again. The caller makes the restored maps durable, then calls {@link #cut}.
     */
    void replayAfter(long to, Sink sink) {
        if (to < base) {
            throw new IllegalStateException(path + ": cannot roll back before offset " + base);
        }
        byte[] tail = readTail(to);
        ByteBuffer b = ByteBuffer.wrap(tail).order(ByteOrder.LITTLE_ENDIAN);
        CRC32C c = new CRC32C();
        int[] offsets = new int[16];
        int n = 0;
        int p = 0;
        while (p < tail.length) {
            int len = validLength(b, p, tail.length, c);
            if (len < 0) {
                break;
            }
            if (n == offsets.length) {
                offsets = java.util.Arrays.copyOf(offsets, n * 2);
            }
            offsets[n++] = p;
            p += len;
        }
        for (int k = n - 1; k >= 0; k--) {
            int q = offsets[k];
            if (b.get(q + 4) != UNDO) {
                continue;
            }
            int at = q + 5;
            int mlen = b.get(at) & 0xff;
            String map = new String(tail, at + 1, mlen, StandardCharsets.UTF_8);
            at += 1 + mlen;
            int klen = b.getShort(at) & 0xffff;
            byte[] key = new byte[klen];
            b.get(at + 2, key);
            at += 2 + klen;
            boolean present = b.get(at) != 0;
            int vlen = b.getInt(at + 1);
            byte[] old = null;
            if (present) {
                old = new byte[vlen];
                b.get(at + 5, old);
            }
            sink.restore(map, key, old);
        }
    }

    /** Cuts the file at logical offset {@code to} (forced) and forgets the commits after it. */
    void cut(long to) {
        try {
            ch.truncate(physical(to));
            ff.force(path, ch, true);
        } catch (IOException e) {
            throw new StoreException(path, "cannot truncate: " + e.getMessage(), e);
        }
        end = to;
        while (size > 0 && cEnd[ring(size - 1)] > to) {
            size--;
        }
    }

    /**
     * Forgets commits that no rollback can need any more (all but the newest at or below {@code floor}) and
     * compacts the file when the dead prefix is large: the live suffix is copied to a temporary file that replaces
     * the log by an atomic rename, so a crash leaves either the old or the new log.
     */
    void trim(long floor, boolean force) {
        while (size > 1 && cHeight[ring(1)] <= floor) {
            head = ring(1);
            size--;
            genesis = false;
        }
        if (size == 0) {
            return;
        }
        long keepFrom = cStart[ring(0)];
        long dead = keepFrom - base;
        if (dead < COMPACT_MIN_BYTES || dead < end - keepFrom) {
            return;
        }
        compact(keepFrom, force);
    }

    private void compact(long keepFrom, boolean force) {
        Path tmp = tmpOf(path);
        try {
            ff.delete(tmp);
            FileChannel out = FileChannel.open(tmp, StandardOpenOption.CREATE_NEW, StandardOpenOption.READ,
                    StandardOpenOption.WRITE);
            try {
                ff.write(tmp, out, FileHeader.encode(MAGIC, VERSION, keepFrom), 0);
                out.position(FileHeader.SIZE); // transferTo appends at the channel's position
                long n = end - keepFrom;
                long done = 0;
                while (done < n) {
                    done += ch.transferTo(physical(keepFrom) + done, n - done, out);
                }
                ff.force(tmp, out, true);
            } finally {
                out.close();
            }
            ff.rename(tmp, path);
            if (force) {
                try (FileChannel dir = FileChannel.open(path.getParent(), StandardOpenOption.READ)) {
                    ff.force(path.getParent(), dir, true);
                } catch (IOException ignored) {
                    // some platforms cannot open a directory; the rename is still atomic
                }
            }
            ch.close();
            ch = FileChannel.open(path, StandardOpenOption.READ, StandardOpenOption.WRITE);
            base = keepFrom;
            genesis = false;
        } catch (IOException e) {
            throw new StoreException(path, "cannot compact: " + e.getMessage(), e);
        }
    }

    /** For {@link Store#verify()}: re-reads the file and checks every committed record; returns problems. */
    static void verify(Path path, long committedEnd, long checkpointHeight, boolean hasCheckpoint,
                       java.util.List<String> problems) {
        try {
            UndoLog log = open(FilesFacade.NIO, path, committedEnd);
            try {
                long last = Long.MIN_VALUE;
                for (int k = 0; k < log.size; k++) {
                    long h = log.commitHeight(k);
                    if (h <= last) {
                        problems.add(path + ": commit heights do not increase (" + last + " then " + h + ")");
                    }
                    last = h;
                }
                if (hasCheckpoint && log.size > 0 && last != checkpointHeight) {
                    problems.add(path + ": last commit marker is at height " + last + " but the checkpoint is at "
                            + checkpointHeight);
                }
            } finally {
                log.closeQuietly();
            }
        } catch (StoreException e) {
            problems.add(e.getMessage());
        }
    }

    private void closeQuietly() {
        try {
            ch.close();
        } catch (IOException ignored) {
            // nothing was written through this channel
        }
    }

    @Override
    public void close() {
        try {
            ch.close();
        } catch (IOException e) {
            throw new StoreException(path, "cannot close: " + e.getMessage(), e);
        }
    }
}
