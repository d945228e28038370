package io.assay.store;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/** Opening {@link KeyValue} backends by file, size limits and the key hash the mmap table persists. */
public final class KeyValues {
    /** Largest key any backend accepts (the undo log stores key lengths in two bytes). */
    static final int MAX_KEY = 1024;
    /** Largest value any backend accepts. */
    static final int MAX_VALUE = 1 << 20;

    private static volatile KeyValueFactory chronicle;

    private KeyValues() {
    }

    public static void checkLimits(int maxKey, int maxValue) {
        if (maxKey < 1 || maxKey > MAX_KEY) {
            throw new IllegalArgumentException("maxKeySize must be in [1, " + MAX_KEY + "], found " + maxKey);
        }
        if (maxValue < 0 || maxValue > MAX_VALUE) {
            throw new IllegalArgumentException("maxValueSize must be in [0, " + MAX_VALUE + "], found " + maxValue);
        }
    }

    public static void checkKey(byte[] key, int max, Object where) {
        if (key == null || key.length == 0 || key.length > max) {
            throw new IllegalArgumentException(where + ": key must be 1-" + max + " bytes, found "
                    + (key == null ? "null" : key.length + " bytes"));
        }
    }

    public static void checkValue(byte[] value, int max, Object where) {
        if (value == null || value.length > max) {
            throw new IllegalArgumentException(where + ": value must be 0-" + max + " bytes, found "
                    + (value == null ? "null" : value.length + " bytes"));
        }
    }

    /** A 64-bit hash of the key bytes; persisted in the mmap table, so it must never change. */
    static long hash(byte[] key) {
        long h = 0xcbf29ce484222325L ^ key.length;
        for (byte b : key) {
            h = (h ^ (b & 0xff)) * 0x100000001b3L;
        }
        h ^= h >>> 33;
        h *= 0xff51afd7ed558ccdL;
        h ^= h >>> 33;
        h *= 0xc4ceb9fe1a85ec53L;
        return h ^ (h >>> 33);
    }

    /** Reads and validates the 64-byte header of {@code file}; nothing is written. */
    public static long[] readHeader(Path file, String magic, int version) {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            ByteBuffer b = ByteBuffer.allocate(FileHeader.SIZE);
            while (b.hasRemaining() && ch.read(b, b.position()) > 0) {
                // read the whole header
            }
            return FileHeader.read(file, b, Math.min(ch.size(), FileHeader.SIZE), magic, version);
        } catch (IOException e) {
            throw new StoreException(file, "cannot read: " + e.getMessage(), e);
        }
    }

    /** The data file of state map {@code name} in {@code dir} for {@code backend}. */
    static Path file(Path dir, String name, StoreOptions.Backend backend) {
        return dir.resolve(name + (backend == StoreOptions.Backend.CHRONICLE ? ".cmap" : ".hash"));
    }

    /**
     * Opens state map {@code name}, creating it if new. Sizes of 0 mean "as stored" (the map must exist); otherwise
     * an existing map must have been created with the same sizes.
     *
     * @param recover the previous process did not close the store: let Chronicle Map release locks a killed process
     *                held
     */
    static KeyValue open(FilesFacade ff, Path dir, String name, StoreOptions.Backend backend, int maxKey,
                         int maxValue, long entries, boolean recover) {
        Path file = file(dir, name, backend);
        if (backend == StoreOptions.Backend.CHRONICLE) {
            return openChronicle(file, maxKey, maxValue, entries, recover);
        }
        if (Files.exists(file)) {
            MappedHashTable t = MappedHashTable.open(ff, file);
            checkSame(file, t, maxKey, maxValue);
            return t;
        }
        if (maxKey == 0) {
            throw new StoreException(file, "state map is missing");
        }
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new StoreException(dir, "cannot create: " + e.getMessage(), e);
        }
        return MappedHashTable.create(ff, file, maxKey, maxValue, entries);
    }

    static void checkSame(Path file, KeyValue kv, int maxKey, int maxValue) {
        if (maxKey != 0 && (kv.maxKeySize() != maxKey || kv.maxValueSize() != maxValue)) {
            kv.close();
            throw new IllegalArgumentException(file + ": state map was created with keys up to " + kv.maxKeySize()
                    + " and values up to " + kv.maxValueSize() + " bytes, not " + maxKey + "/" + maxValue);
        }
    }

    /**
     * Chronicle Map is reached through {@link java.util.ServiceLoader} only, so that a native image, which cannot
     * run it (it compiles Java at run time), never sees a reference to it (docs/native.md). Callers never ask for it
     * in a native image ({@link StoreOpener} picks the mmap table there).
     */
    private static KeyValue openChronicle(Path file, int maxKey, int maxValue, long entries, boolean recover) {
        KeyValueFactory f = chronicle;
        if (f == null) {
            f = java.util.ServiceLoader.load(KeyValueFactory.class, KeyValues.class.getClassLoader()).findFirst()
                    .orElseThrow(() -> new StoreException(file, "the Chronicle Map backend is not on the class path"
                            + " (a native image has only the mmap backend; open this store with the JVM build)"));
            chronicle = f;
        }
        return f.open(file, maxKey, maxValue, entries, recover);
    }
}
