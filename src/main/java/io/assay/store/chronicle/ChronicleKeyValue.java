package io.assay.store.chronicle;

import io.assay.store.FileHeader;
import io.assay.store.KeyValue;
import io.assay.store.KeyValues;
import io.assay.store.StoreException;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.function.BiConsumer;
import net.openhft.chronicle.map.ChronicleMap;
import net.openhft.chronicle.map.ChronicleMapBuilder;

/**
 * The default {@link KeyValue} backend on the JVM: a persisted Chronicle Map of {@code byte[]} to {@code byte[]}.
 * Our size limits live in a 64-byte sidecar {@code <file>.meta}, written (atomically) after the map file exists; a
 * map file without its sidecar is an interrupted creation that never held data and is created again.
 *
 * <p>Chronicle Map has no flush of its own: {@link #flush()} forces the file through a {@link FileChannel}, which on
 * Linux also writes pages dirtied through the map's memory mapping. After a killed process the map is opened with
 * Chronicle's recovery, which releases segment locks the dead process held. Reached only reflectively (see
 * {@link KeyValues}).
 */
public final class ChronicleKeyValue implements KeyValue {
    private static final System.Logger LOG = System.getLogger(ChronicleKeyValue.class.getName());
    static final String META_MAGIC = "ASSAYCMM";
    static final int META_VERSION = 1;

    private final Path path;
    private final ChronicleMap<byte[], byte[]> map;
    private final int maxKey;
    private final int maxValue;
    private final FileChannel syncChannel;

    private ChronicleKeyValue(Path path, ChronicleMap<byte[], byte[]> map, int maxKey, int maxValue,
                              FileChannel syncChannel) {
        this.path = path;
        this.map = map;
        this.maxKey = maxKey;
        this.maxValue = maxValue;
        this.syncChannel = syncChannel;
    }

    static Path metaOf(Path file) {
        return file.resolveSibling(file.getFileName() + ".meta");
    }

    /** Called reflectively by {@link KeyValues#open}. */
    public static KeyValue open(Path file, int maxKey, int maxValue, long entries, boolean recover) {
        Path meta = metaOf(file);
        boolean exists = Files.exists(meta);
        if (exists) {
            long[] h = KeyValues.readHeader(meta, META_MAGIC, META_VERSION);
            if (!Files.exists(file)) {
                throw new StoreException(file, "state map is missing (its sidecar " + meta.getFileName() + " exists)");
            }
            int k = (int) h[0];
            int v = (int) h[1];
            if (maxKey != 0 && (k != maxKey || v != maxValue)) {
                throw new IllegalArgumentException(file + ": state map was created with keys up to " + k
                        + " and values up to " + v + " bytes, not " + maxKey + "/" + maxValue);
            }
            return build(file, k, v, h[2], recover);
        }
        if (maxKey == 0) {
            throw new StoreException(file, "state map is missing");
        }
        KeyValues.checkLimits(maxKey, maxValue);
        try {
            Files.createDirectories(file.getParent());
            Files.deleteIfExists(file); // an interrupted creation (no sidecar): it never held data
        } catch (IOException e) {
            throw new StoreException(file, "cannot prepare: " + e.getMessage(), e);
        }
        ChronicleKeyValue kv = build(file, maxKey, maxValue, entries, false);
        Path tmp = meta.resolveSibling(meta.getFileName() + ".tmp");
        try {
            Files.write(tmp, FileHeader.encode(META_MAGIC, META_VERSION, maxKey, maxValue, entries).array());
            try (FileChannel c = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
                c.force(true);
            }
            Files.move(tmp, meta, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            kv.close();
            throw new StoreException(meta, "cannot write: " + e.getMessage(), e);
        }
        return kv;
    }

    private static ChronicleKeyValue build(Path file, int maxKey, int maxValue, long entries, boolean recover) {
        ChronicleMapBuilder<byte[], byte[]> b = ChronicleMapBuilder.of(byte[].class, byte[].class)
                .name(file.getFileName().toString())
                .averageKeySize(Math.max(1, maxKey))
                .averageValueSize(Math.max(1, maxValue))
                .entries(Math.max(1024, entries))
                .maxBloatFactor(64)
                // Chronicle's own JVM shutdown hook closes every map as soon as shutdown starts, while Quarkus'
                // hook is still stopping the indexers at a block boundary: an indexer mid-block then fails with
                // ChronicleHashClosedException and halts. The store closes its maps itself, after the indexers stop.
                .skipCloseOnExitHook(true);
        try {
            ChronicleMap<byte[], byte[]> m;
            if (recover && Files.exists(file)) {
                m = recover(b, file);
            } else {
                m = b.createPersistedTo(file.toFile());
            }
            return new ChronicleKeyValue(file, m, maxKey, maxValue, FileChannel.open(file, StandardOpenOption.READ,
                    StandardOpenOption.WRITE));
        } catch (IOException | RuntimeException e) {
            throw new StoreException(file, "cannot open Chronicle Map: " + e.getMessage(), e);
        }
    }

    /**
     * Chronicle's recovery after a killed process. Chronicle reports each repair (a segment lock the dead process held,
     * a free-chunk pointer or entry count it had not updated yet) as a "corruption", by default one ERROR line each,
     * and warns that recovery needs exclusive access (the store's lock gives it that). Those are the normal traces of
     * an unclean stop, not lost data: the store's own recovery and verification (verify-store) check the values
     * afterwards. So the repairs are counted and summed up in one WARN line naming the file; the first message is
     * kept for the reader, and the exception of each repair goes to DEBUG.
     */
    private static ChronicleMap<byte[], byte[]> recover(ChronicleMapBuilder<byte[], byte[]> b, Path file) throws IOException {
        int[] repairs = {0};
        String[] first = {null};
        ChronicleMap<byte[], byte[]> m = b.recoverPersistedTo(file.toFile(), true, c -> {
            if (repairs[0]++ == 0) {
                first[0] = (c.segmentIndex() >= 0 ? "segment " + c.segmentIndex() + ": " : "") + c.message();
            }
            LOG.log(System.Logger.Level.DEBUG, "{0}: recovery repaired segment {1}: {2}", file, c.segmentIndex(),
                    c.message(), c.exception());
        });
        if (repairs[0] == 0) {
            LOG.log(System.Logger.Level.INFO, "{0}: recovered after an unclean stop; nothing needed repair", file);
        } else {
            LOG.log(System.Logger.Level.WARNING, "{0}: recovered after an unclean stop; Chronicle Map repaired {1}"
                    + " inconsistencies left by the stopped process (first: {2}); verify-store checks the values",
                    file, repairs[0], first[0]);
        }
        return m;
    }

    @Override
    public int maxKeySize() {
        return maxKey;
    }

    @Override
    public int maxValueSize() {
        return maxValue;
    }

    @Override
    public byte[] put(byte[] key, byte[] value) {
        KeyValues.checkKey(key, maxKey, path);
        KeyValues.checkValue(value, maxValue, path);
        return map.put(key.clone(), value.clone());
    }

    @Override
    public byte[] get(byte[] key) {
        KeyValues.checkKey(key, maxKey, path);
        return map.get(key);
    }

    @Override
    public byte[] remove(byte[] key) {
        KeyValues.checkKey(key, maxKey, path);
        return map.remove(key);
    }

    @Override
    public long size() {
        return map.longSize();
    }

    @Override
    public void forEach(BiConsumer<byte[], byte[]> visitor) {
        // Chronicle reuses the arrays it hands to the visitor from one entry to the next: copy them
        map.forEach((k, v) -> visitor.accept(k.clone(), v.clone()));
    }

    @Override
    public void flush() {
        try {
            syncChannel.force(false);
        } catch (IOException e) {
            throw new StoreException(path, "cannot force to disk: " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        try {
            syncChannel.close();
        } catch (IOException e) {
            throw new StoreException(path, "cannot close: " + e.getMessage(), e);
        } finally {
            map.close();
        }
    }
}
