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
 * state, then calls {@link #commit(String, long, byte[], long)}. Until commit, no point it wrote for
 * {@code h} is visible to readers or durable. A crash before commit loses exactly the uncommitted block(s).
 * An indexer may also apply several blocks and commit once at the last of them; a rollback can then only return to
 * a committed height (see {@link #truncateAfter}).
 * Open one store per directory per process (a second open fails); {@link Stores#open} creates or opens one.
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
     * Records the value of a series at a block of its chain's open (uncommitted) block range. Points are written
     * only on change: if the value equals the series' latest value nothing is written. A series has at most one
     * point per height: appending again at the height of its latest, still uncommitted point replaces that point's
     * value (and drops the point if the value is then equal to its predecessor's). Allocation-free.
     *
     * @param height block height, above the chain's checkpoint and not below the series' latest point
     * @param time   block time, epoch milliseconds, not below the series' latest point (equal times are fine)
     * @return true if the series changed
     * @throws IllegalArgumentException for an unknown series id, a height at or below the chain's checkpoint, a
     *                                  height or time that goes backwards, or a new time at the same height
     */
    boolean append(int seriesId, long height, long time, long valueHi, long valueLo);

    /**
     * Records a point in the <em>past</em> of a series: like {@link #append}, but the height may be at or below the
     * chain's checkpoint, as long as it is above the series' latest point (committed or not). For a value whose history
     * becomes known late: a reserve set's member watched from a later block gets its balance before it filled in
     * (docs/reserve-sets.md). Written only on change; visible and durable with the chain's next commit; removed by a
     * rollback below its height. A crash before that commit may keep such points (recovery keeps everything at or
     * below the checkpoint): they describe committed blocks, so they stay true, and a writer recording the same
     * history again skips the heights the series already holds.
     *
     * @throws IllegalArgumentException for an unknown series id, or a height or time not above the series' latest
     *                                  point (height) or below it (time)
     */
    boolean backfill(int seriesId, long height, long time, long valueHi, long valueLo);

    default boolean append(int seriesId, long height, long time, Int128 value) {
        return append(seriesId, height, time, value.hi(), value.lo());
    }

    default boolean append(int seriesId, long height, long time, BigInteger value) {
        Int128 v = Int128.of(value);
        return append(seriesId, height, time, v.hi(), v.lo());
    }

    /**
     * Keyed state owned by {@code chain}, named {@code name} (e.g. {@code "utxo"}, {@code "balances"},
     * {@code "hashes"}; {@code [a-z0-9_.-]}, 1-64 characters), with the store's default key/value limits
     * ({@link StoreOptions#stateMaxKeySize()}, {@link StoreOptions#stateMaxValueSize()}).
     * Writes are staged in memory and reach the map at {@link #commit} (durable then, undone by
     * {@link #truncateAfter}); reads see them at once. Only the chain's writer thread writes; other threads may read
     * (and may see the open block's writes). The returned map is owned by the store: {@code close()} and
     * {@code flush()} do nothing.
     */
    KeyValue state(String chain, String name);

    /**
     * Like {@link #state(String, String)} with explicit limits, fixed when the map is first created.
     *
     * @throws IllegalArgumentException if the map exists with other limits
     */
    KeyValue state(String chain, String name, int maxKeySize, int maxValueSize);

    /**
     * Makes everything {@code chain} wrote durable and visible, and records its new checkpoint. With
     * {@link StoreOptions.Sync#COMMIT} the data is forced to the device before the checkpoint is, and the checkpoint
     * before this returns.
     *
     * @param height    the committed block's height: above the previous checkpoint and at or above every point
     *                  written since
     * @param blockHash that block's hash, at most 32 bytes
     * @param blockTime that block's time, epoch milliseconds
     */
    void commit(String chain, long height, byte[] blockHash, long blockTime);

    Optional<Checkpoint> checkpoint(String chain);

    /** Names of the chains this store knows (they appear with their first series, state map or commit). */
    List<String> chains();

    /** How many heights below its checkpoint {@link #truncateAfter} can take {@code chain} back. */
    int maxReorgDepth(String chain);

    /**
     * Rolls {@code chain} back to the newest commit at or below {@code height}: drops uncommitted writes, removes
     * the chain's points above that commit, restores its keyed state from the undo log and makes that commit the
     * checkpoint (crash-safe: a crash part way finishes the rollback on open). If the chain committed at every
     * height this is exactly {@code height}. Rolling back below the chain's first commit (while the undo log still
     * holds everything) leaves it with no checkpoint and no points. A {@code height} at or above the checkpoint only
     * drops uncommitted writes.
     *
     * @return the chain's committed height afterwards, or -1 if it has no checkpoint any more
     * @throws IllegalStateException if the rollback reaches further back than the undo log ({@link #maxReorgDepth})
     * @throws IllegalArgumentException for an unknown chain
     */
    long truncateAfter(String chain, long height);

    // ---- reads (any thread; committed data only) ----

    /** Fills {@code out} with the series' newest committed point; false if it has none. Allocation-free. */
    boolean latest(int seriesId, Point out);

    /** The last point with {@code time <= timeMillis} (the last of several with equal times). Allocation-free. */
    boolean valueAt(int seriesId, long timeMillis, Point out);

    /** The last point with {@code height <= height}. Allocation-free. */
    boolean valueAtHeight(int seriesId, long height, Point out);

    /**
     * Committed points with {@code fromTime <= time <= toTime}, oldest first. If a rollback of the chain rewrites
     * the series during the iteration, {@link SeriesCursor#next()} throws
     * {@link java.util.ConcurrentModificationException}; iterate again.
     */
    SeriesCursor range(int seriesId, long fromTimeMillis, long toTimeMillis);

    /**
     * Checks every file (magic, version, checksums), every committed point (heights increase, times do not
     * decrease, values change, nothing above the checkpoint), the block index, undo logs and state maps; never
     * modifies anything. Safe while writers run (it checks what is committed).
     */
    VerifyReport verify();

    /** Closes the store; writes not committed are discarded (as after a crash). */
    @Override
    void close();
}
