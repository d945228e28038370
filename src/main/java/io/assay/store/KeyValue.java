package io.assay.store;

import java.util.function.BiConsumer;

/**
 * Keyed state: a small persistent map of bounded byte keys to bounded byte values (catalog, checkpoints,
 * recent block hashes, latest balances, UTXOs). Two backends pass one contract test suite: Chronicle Map
 * (default on the JVM) and a portable memory-mapped hash table (default in a native image).
 *
 * <p>Keys are at most {@link #maxKeySize()} bytes and values at most {@link #maxValueSize()} bytes; larger
 * ones are rejected with {@link IllegalArgumentException}. Arrays passed in are copied; arrays returned are
 * fresh. Not thread-safe for concurrent writers: each map has one writer (its chain's indexer); readers may
 * run concurrently with it.
 */
public interface KeyValue extends AutoCloseable {
    int maxKeySize();

    int maxValueSize();

    /** @return the previous value, or null */
    byte[] put(byte[] key, byte[] value);

    byte[] get(byte[] key);

    /** @return the removed value, or null */
    byte[] remove(byte[] key);

    long size();

    /** Visits every entry (order unspecified). The callback must not modify this map. */
    void forEach(BiConsumer<byte[], byte[]> visitor);

    /** Forces written entries to durable storage. */
    void flush();

    @Override
    void close();
}
