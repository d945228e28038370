package io.assay.store;

import java.math.BigInteger;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * The embedded store: append-only time series per {@link SeriesKey} plus keyed state, with one commit
 * point per chain (see ARCHITECTURE.md "Store").
 *
 * <h2>Writing (one writer thread per chain)</h2>
 * An indexer appends the points of block {@code h} for its chain's series and changes that chain's keyed
 * state, then calls {@link #commit(String, long, byte[], long)}. Until commit, nothing it wrote for
 * {@code h} is visible to readers or durable. A crash before commit loses exactly the uncommitted block.
 *
 * <h2>Reading (any thread)</h2>
 * Reads see only committed points. They fill a caller-owned {@link Point} and allocate nothing.
 * {@code valueAt(T)} is the last point with {@code time <= T}; points are written only when a value changes.
 *
 * <h2>Rollback</h2>
 * {@link #truncateAfter(String, long)} removes the chain's points above {@code height} and restores its
 * keyed state from the undo log, for reorgs up to the configured depth.
 */
public interface Store extends AutoCloseable {

    // ---- catalog ----

    /** The dense id of {@code key}, created if new (creation is durable with the chain's next commit). */
    int series(SeriesKey key);

    OptionalInt find(SeriesKey key);

    SeriesKey key(int seriesId);

    /** Every series whose key starts with {@code prefix} (e.g. {@code "wbtc/"}). */
    List<SeriesKey> list(String prefix);

    // ---- writes (the chain's writer thread) ----

    /**
     * Appends a point to a series of its chain's open block. Heights must not decrease within a series.
     * If the value equals the series' latest value nothing is written.
     *
     * @return true if a point was written
     */
    boolean append(int seriesId, long height, long time, long valueHi, long valueLo);

    default boolean append(int seriesId, long height, long time, Int128 value) {
        return append(seriesId, height, time, value.hi(), value.lo());
    }

    default boolean append(int seriesId, long height, long time, BigInteger value) {
        Int128 v = Int128.of(value);
        return append(seriesId, height, time, v.hi(), v.lo());
    }

    /**
     * Keyed state owned by {@code chain}, named {@code name} (e.g. {@code "utxo"}, {@code "balances"},
     * {@code "hashes"}). Writes are undone by {@link #truncateAfter} and made durable by {@link #commit}.
     */
    KeyValue state(String chain, String name);

    /** Makes everything {@code chain} wrote durable and visible, and records its new checkpoint. */
    void commit(String chain, long height, byte[] blockHash, long blockTime);

    Optional<Checkpoint> checkpoint(String chain);

    /** Removes {@code chain}'s points above {@code height}, restores its keyed state, and commits at {@code height}. */
    void truncateAfter(String chain, long height);

    // ---- reads (any thread; committed data only) ----

    boolean latest(int seriesId, Point out);

    /** The last point with {@code time <= timeMillis}. */
    boolean valueAt(int seriesId, long timeMillis, Point out);

    /** The last point with {@code height <= height}. */
    boolean valueAtHeight(int seriesId, long height, Point out);

    /** Points with {@code fromTime <= time <= toTime}, oldest first. */
    SeriesCursor range(int seriesId, long fromTimeMillis, long toTimeMillis);

    /** Checks every file (magic, version, checksums, ordering, checkpoints); never modifies anything. */
    VerifyReport verify();

    @Override
    void close();
}
