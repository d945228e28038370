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
    /** Largest key, in bytes; keys are 1 to this many bytes. */
    int maxKeySize();

    /** Largest value, in bytes; values are 0 to this many bytes. */
    int maxValueSize();

    /** @return the previous value, or null */
    byte[] put(byte[] key, byte[] value);

    byte[] get(byte[] key);

    /** @return the removed value, or null */
    byte[] remove(byte[] key);

    long size();

    /**
     * Visits every entry (order unspecified) with fresh arrays. The callback must not modify this map. Writes racing
     * the visit may or may not be seen; each visited pair is consistent.
     */
    void forEach(BiConsumer<byte[], byte[]> visitor);

    /** Forces written entries to durable storage (a no-op for maps from {@link Store#state}: commit does it). */
    void flush();

    @Override
    void close();
}
