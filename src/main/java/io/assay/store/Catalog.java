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
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32C;

/**
 * {@code catalog.dat}: series keys in id order, appended as {@code len:2 | utf8 key | crc32c:4}. The dense id of a
 * series is its position. Every checkpoint records the catalog length it covers; on open the catalog must be intact
 * up to the longest such length, and a damaged record after it can only be the torn tail of a creation no commit
 * covered: it is cut.
 */
final class Catalog implements AutoCloseable {
    static final String MAGIC = "ASSAYCAT";
    static final int VERSION = 1;

    private final FilesFacade ff;
    private final Path path;
    private final FileChannel ch;
    private final List<SeriesKey> keys = new ArrayList<>();
    private final Map<SeriesKey, Integer> ids = new HashMap<>();
    private long end;
    private volatile boolean dirty;
    private boolean tornTail;

    private Catalog(FilesFacade ff, Path path, FileChannel ch, long end) {
        this.ff = ff;
        this.path = path;
        this.ch = ch;
        this.end = end;
    }

    static Catalog create(FilesFacade ff, Path path) {
        try {
            FileChannel ch = FileChannel.open(path, StandardOpenOption.CREATE_NEW, StandardOpenOption.READ,
                    StandardOpenOption.WRITE);
            ff.write(path, ch, FileHeader.encode(MAGIC, VERSION), 0);
            ff.force(path, ch, true);
            return new Catalog(ff, path, ch, FileHeader.SIZE);
        } catch (IOException e) {
            throw new StoreException(path, "cannot create: " + e.getMessage(), e);
        }
    }

    /**
     * Reads every record. {@code committedEnd} is the longest catalog length any checkpoint covers. Damage before it
     * is an error; a torn tail past it belongs to no commit and is cut by {@link #cutTornTail()} once the whole store
     * has been validated. Nothing is written here.
     */
    static Catalog open(FilesFacade ff, Path path, long committedEnd) {
        byte[] all;
        try {
            all = Files.readAllBytes(path);
        } catch (IOException e) {
            throw new StoreException(path, "cannot read: " + e.getMessage(), e);
        }
        ByteBuffer b = ByteBuffer.wrap(all).order(ByteOrder.LITTLE_ENDIAN);
        FileHeader.read(path, b, all.length, MAGIC, VERSION);
        if (committedEnd > all.length) {
            throw new StoreException(path, "file is " + all.length + " bytes but the checkpoints cover "
                    + committedEnd + " bytes of it (truncated?)");
        }
        List<SeriesKey> keys = new ArrayList<>();
        int p = FileHeader.SIZE;
        CRC32C c = new CRC32C();
        while (p < all.length) {
            SeriesKey k = record(all, b, p, c);
            if (k == null) {
                break;
            }
            keys.add(k);
            p += 2 + (b.getShort(p) & 0xffff) + 4;
        }
        if (p < committedEnd) {
            throw new StoreException(path, "record at offset " + p + " is damaged, but the checkpoints cover the"
                    + " catalog up to offset " + committedEnd);
        }
        Map<SeriesKey, Integer> seen = new HashMap<>();
        for (SeriesKey k : keys) {
            if (seen.putIfAbsent(k, seen.size()) != null) {
                throw new StoreException(path, "series '" + k + "' appears twice");
            }
        }
        FileChannel ch;
        try {
            ch = FileChannel.open(path, StandardOpenOption.READ, StandardOpenOption.WRITE);
        } catch (IOException e) {
            throw new StoreException(path, "cannot open: " + e.getMessage(), e);
        }
        Catalog cat = new Catalog(ff, path, ch, p);
        cat.tornTail = p < all.length;
        cat.keys.addAll(keys);
        cat.ids.putAll(seen);
        return cat;
    }

    /** For verify: re-reads the file and reports any damaged record; returns the number of intact records. */
    static int verify(Path path, List<String> problems) {
        byte[] all;
        try {
            all = Files.readAllBytes(path);
        } catch (IOException e) {
            problems.add(path + ": cannot read: " + e.getMessage());
            return 0;
        }
        ByteBuffer b = ByteBuffer.wrap(all).order(ByteOrder.LITTLE_ENDIAN);
        try {
            FileHeader.read(path, b, all.length, MAGIC, VERSION);
        } catch (StoreException e) {
            problems.add(e.getMessage());
            return 0;
        }
        int p = FileHeader.SIZE;
        int n = 0;
        CRC32C c = new CRC32C();
        while (p < all.length) {
            if (record(all, b, p, c) == null) {
                problems.add(path + ": record at offset " + p + " is damaged");
                break;
            }
            n++;
            p += 2 + (b.getShort(p) & 0xffff) + 4;
        }
        return n;
    }

    /** The key of the intact record at {@code p}, or null. */
    private static SeriesKey record(byte[] all, ByteBuffer b, int p, CRC32C c) {
        if (p + 2 > all.length) {
            return null;
        }
        int len = b.getShort(p) & 0xffff;
        if (len == 0 || p + 2 + len + 4 > all.length) {
            return null;
        }
        c.reset();
        c.update(all, p, 2 + len);
        if ((int) c.getValue() != b.getInt(p + 2 + len)) {
            return null;
        }
        try {
            return SeriesKey.parse(new String(all, p + 2, len, StandardCharsets.UTF_8));
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    Path path() {
        return path;
    }

    synchronized int size() {
        return keys.size();
    }

    synchronized SeriesKey key(int id) {
        return keys.get(id);
    }

    synchronized Integer find(SeriesKey key) {
        return ids.get(key);
    }

    synchronized List<SeriesKey> keys() {
        return new ArrayList<>(keys);
    }

    /** Appends {@code key} (not yet present) and returns its id; durable at the next {@link #force()}. */
    synchronized int append(SeriesKey key) {
        byte[] k = key.toString().getBytes(StandardCharsets.UTF_8);
        ByteBuffer r = ByteBuffer.allocate(2 + k.length + 4).order(ByteOrder.LITTLE_ENDIAN);
        r.putShort((short) k.length).put(k);
        CRC32C c = new CRC32C();
        c.update(r.array(), 0, 2 + k.length);
        r.putInt((int) c.getValue()).flip();
        try {
            while (r.hasRemaining()) {
                ff.write(path, ch, r, end + r.position());
            }
        } catch (IOException e) {
            throw new StoreException(path, "cannot append series '" + key + "': " + e.getMessage(), e);
        }
        end += r.limit();
        int id = keys.size();
        keys.add(key);
        ids.put(key, id);
        dirty = true;
        return id;
    }

    /** Cuts the torn record of an uncommitted series creation found by {@link #open}; returns whether there was one. */
    synchronized boolean cutTornTail() {
        if (!tornTail) {
            return false;
        }
        try {
            ch.truncate(end);
            ff.force(path, ch, true);
        } catch (IOException e) {
            throw new StoreException(path, "cannot cut the torn tail: " + e.getMessage(), e);
        }
        tornTail = false;
        return true;
    }

    synchronized long length() {
        return end;
    }

    void force() {
        if (dirty) {
            dirty = false;
            try {
                ff.force(path, ch, false);
            } catch (IOException e) {
                dirty = true;
                throw new StoreException(path, "cannot force to disk: " + e.getMessage(), e);
            }
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
