package io.assay.store;

import java.lang.invoke.VarHandle;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The {@link Store}: series in {@link SeriesFiles}, keyed state in per-chain {@link StagedKeyValue}s, one checkpoint
 * per chain in {@link ChainTable}, rollback through per-chain {@link UndoLog}s. Opening and recovery live in
 * {@link StoreOpener}; consistency checks in {@link StoreVerifier}.
 *
 * <h2>Commit protocol (per chain)</h2>
 * <ol>
 *   <li>force series data, block table and catalog;</li>
 *   <li>write each dirty series' {@code (lastHeight, count)} and force the series table;</li>
 *   <li>append an undo record per staged state key (its current value) and the commit marker; force the log;</li>
 *   <li>apply staged state to the maps; force them;</li>
 *   <li>write the checkpoint slot (height, hash, time, undo-log end, catalog end) and force it: <b>the commit
 *       point</b>;</li>
 *   <li>publish the new point counts (release) and checkpoint to readers.</li>
 * </ol>
 * A crash before step 5 leaves the previous checkpoint: open drops points above it and replays the undo records
 * after its undo-log end. A rollback writes the older checkpoint first and then undoes, so the same recovery finishes
 * an interrupted rollback.
 */
final class MappedStore implements Store {
    private static final System.Logger LOG = System.getLogger(MappedStore.class.getName());

    final FilesFacade ff;
    final Path dir;
    final StoreOptions options;
    final StoreOptions.Backend backend;
    final StoreLock lock;
    final ChainTable chainTable;
    final Catalog catalog;
    final SeriesFiles files;
    final SeriesIo io;
    final boolean recoverMaps;
    private final ConcurrentHashMap<String, ChainCommitState> chains = new ConcurrentHashMap<>();
    private volatile SeriesState[] series;
    private volatile boolean closed;

    MappedStore(FilesFacade ff, Path dir, StoreOptions options, StoreOptions.Backend backend, StoreLock lock,
                ChainTable chainTable, Catalog catalog, SeriesFiles files, SeriesState[] series,
                List<ChainCommitState> chainList) {
        this.ff = ff;
        this.dir = dir;
        this.options = options;
        this.backend = backend;
        this.lock = lock;
        this.chainTable = chainTable;
        this.catalog = catalog;
        this.files = files;
        this.io = new SeriesIo(files);
        this.recoverMaps = !lock.previousClean();
        this.series = series;
        for (ChainCommitState c : chainList) {
            chains.put(c.name, c);
        }
    }

    Path stateDir(ChainCommitState c) {
        return dir.resolve("state").resolve(c.name);
    }

    Path undoPath(String chain) {
        return dir.resolve("undo").resolve(chain + ".undo");
    }

    private void checkOpen() {
        if (closed) {
            throw new IllegalStateException(dir + ": store is closed");
        }
    }

    // ---- catalog ----

    @Override
    public int series(SeriesKey key) {
        checkOpen();
        Integer id = catalog.find(key);
        if (id != null) {
            return id;
        }
        synchronized (this) {
            id = catalog.find(key);
            if (id != null) {
                return id;
            }
            ChainCommitState c = chain(key.chain());
            int n = catalog.size();
            files.ensureSeries(n + 1);
            int newId = catalog.append(key);
            SeriesState s = new SeriesState(newId, key, c);
            s.lastLoaded = true;
            s.lastHeight = Long.MIN_VALUE;
            s.lastTime = Long.MIN_VALUE;
            SeriesState[] cur = series;
            if (newId >= cur.length) {
                cur = Arrays.copyOf(cur, Math.max(16, cur.length * 2));
            }
            cur[newId] = s;
            series = cur; // volatile write publishes the new state object
            c.addSeries(newId);
            return newId;
        }
    }

    @Override
    public OptionalInt find(SeriesKey key) {
        Integer id = catalog.find(key);
        return id == null ? OptionalInt.empty() : OptionalInt.of(id);
    }

    @Override
    public SeriesKey key(int seriesId) {
        return state(seriesId).key;
    }

    @Override
    public List<SeriesKey> list(String prefix) {
        List<SeriesKey> out = new ArrayList<>();
        for (SeriesKey k : catalog.keys()) {
            if (k.toString().startsWith(prefix)) {
                out.add(k);
            }
        }
        return out;
    }

    SeriesState state(int id) {
        SeriesState[] a = series;
        SeriesState s = id >= 0 && id < a.length ? a[id] : null;
        if (s == null) {
            throw new IllegalArgumentException("unknown series id " + id);
        }
        return s;
    }

    int seriesCount() {
        return catalog.size();
    }

    /** The chain named {@code name}, registered (durably) if new. */
    ChainCommitState chain(String name) {
        ChainCommitState c = chains.get(name);
        if (c != null) {
            return c;
        }
        synchronized (this) {
            c = chains.get(name);
            if (c != null) {
                return c;
            }
            if (!SeriesKey.isValidPart(name)) {
                throw new IllegalArgumentException("chain name must be 1-64 of [a-z0-9_.-], found '" + name + "'");
            }
            checkOpen();
            int index = chainTable.register(name);
            c = new ChainCommitState(index, name, options.maxReorgDepth(name));
            c.undo = StoreOpener.createUndo(ff, undoPath(name));
            c.nextSlot = 0;
            c.nextSeq = 1;
            c.publish();
            chains.put(name, c);
            return c;
        }
    }

    private ChainCommitState existingChain(String name) {
        ChainCommitState c = chains.get(name);
        if (c == null) {
            throw new IllegalArgumentException("unknown chain '" + name + "'");
        }
        return c;
    }

    Iterable<ChainCommitState> chainStates() {
        return chains.values();
    }

    @Override
    public List<String> chains() {
        List<String> names = new ArrayList<>(chains.keySet());
        names.sort(null);
        return names;
    }

    @Override
    public int maxReorgDepth(String chain) {
        return options.maxReorgDepth(chain);
    }

    // ---- writes ----

    @Override
    public boolean append(int seriesId, long height, long time, long hi, long lo) {
        SeriesState s = state(seriesId);
        ChainCommitState c = s.chain;
        if (c.hasCheckpoint && height <= c.height) {
            throw new IllegalArgumentException("series '" + s.key + "': height " + height
                    + " is at or below the chain's checkpoint " + c.height);
        }
        return write(s, height, time, hi, lo);
    }

    @Override
    public boolean backfill(int seriesId, long height, long time, long hi, long lo) {
        SeriesState s = state(seriesId);
        if (!s.lastLoaded) {
            io.loadLast(s);
        }
        if (s.written > 0 && height <= s.lastHeight) {
            throw new IllegalArgumentException("series '" + s.key + "': backfilled height " + height
                    + " is not above its latest point (height " + s.lastHeight + ")");
        }
        return write(s, height, time, hi, lo);
    }

    private boolean write(SeriesState s, long height, long time, long hi, long lo) {
        ChainCommitState c = s.chain;
        if (!s.lastLoaded) {
            io.loadLast(s);
        }
        long w = s.written;
        if (w > 0) {
            if (height < s.lastHeight || time < s.lastTime) {
                throw new IllegalArgumentException("series '" + s.key + "': point (height " + height + ", time "
                        + time + ") goes back before its latest point (height " + s.lastHeight + ", time "
                        + s.lastTime + ")");
            }
            if (height == s.lastHeight) {
                return replaceLast(s, time, hi, lo);
            }
            if (hi == s.lastHi && lo == s.lastLo) {
                return false;
            }
        }
        io.write(s, w, height, time, hi, lo);
        if (height > c.dirtyMaxHeight) {
            c.dirtyMaxHeight = height;
        }
        s.written = w + 1;
        s.lastHeight = height;
        s.lastTime = time;
        s.lastHi = hi;
        s.lastLo = lo;
        if (!s.dirty) {
            s.dirty = true;
            c.markDirty(s.id);
        }
        return true;
    }

    /** Same height as the (uncommitted) latest point: replace its value, or drop it if it equals its predecessor's. */
    private boolean replaceLast(SeriesState s, long time, long hi, long lo) {
        if (time != s.lastTime) {
            throw new IllegalArgumentException("series '" + s.key + "': height " + s.lastHeight + " already has time "
                    + s.lastTime + ", not " + time);
        }
        if (hi == s.lastHi && lo == s.lastLo) {
            return false;
        }
        long w = s.written;
        if (w >= 2) {
            long a = io.addr(s, w - 2);
            if (files.data.getLong(a + 16) == hi && files.data.getLong(a + 24) == lo) {
                s.written = w - 1;
                s.tailRoom = 0;
                io.loadLast(s);
                return true;
            }
        }
        io.writeValue(s, w - 1, hi, lo);
        s.lastHi = hi;
        s.lastLo = lo;
        return true;
    }

    @Override
    public KeyValue state(String chain, String name) {
        return state(chain, name, options.stateMaxKeySize(), options.stateMaxValueSize());
    }

    @Override
    public KeyValue state(String chain, String name, int maxKeySize, int maxValueSize) {
        checkOpen();
        KeyValues.checkLimits(maxKeySize, maxValueSize);
        if (!SeriesKey.isValidPart(name)) {
            throw new IllegalArgumentException("state name must be 1-64 of [a-z0-9_.-], found '" + name + "'");
        }
        ChainCommitState c = chain(chain);
        StagedKeyValue m = stagedMap(c, name, maxKeySize, maxValueSize);
        if (m.maxKeySize() != maxKeySize || m.maxValueSize() != maxValueSize) {
            throw new IllegalArgumentException("state '" + chain + "/" + name + "' has keys up to " + m.maxKeySize()
                    + " and values up to " + m.maxValueSize() + " bytes, not " + maxKeySize + "/" + maxValueSize);
        }
        return m;
    }

    /** The staged map {@code name} of {@code c}, opened if needed; sizes of 0 mean "as stored". */
    StagedKeyValue stagedMap(ChainCommitState c, String name, int maxKey, int maxValue) {
        synchronized (c) {
            StagedKeyValue m = c.maps.get(name);
            if (m == null) {
                KeyValue kv = KeyValues.open(ff, stateDir(c), name, backend, maxKey, maxValue, options.stateEntries(),
                        recoverMaps);
                m = new StagedKeyValue(name, kv, c.dirtyMaps);
                c.maps.put(name, m);
            }
            return m;
        }
    }

    @Override
    public void commit(String chainName, long height, byte[] blockHash, long blockTime) {
        checkOpen();
        ChainCommitState c = chain(chainName);
        if (blockHash == null || blockHash.length > ChainTable.MAX_HASH) {
            throw new IllegalArgumentException("chain '" + chainName + "': block hash must be 0-"
                    + ChainTable.MAX_HASH + " bytes");
        }
        if (c.hasCheckpoint && height <= c.height) {
            throw new IllegalArgumentException("chain '" + chainName + "': commit height " + height
                    + " must be above the checkpoint " + c.height);
        }
        SeriesState[] all = series;
        int[] dirty = c.dirtySeries;
        int n = c.dirtyCount;
        if (c.dirtyMaxHeight > height) {
            for (int i = 0; i < n; i++) {
                SeriesState s = all[dirty[i]];
                if (s.written > 0 && s.lastHeight > height) {
                    throw new IllegalArgumentException("chain '" + chainName + "': series '" + s.key + "' has a"
                            + " point at height " + s.lastHeight + ", above the commit height " + height);
                }
            }
        }
        boolean force = options.sync() == StoreOptions.Sync.COMMIT;
        long catalogEnd = catalog.length();
        if (force) {
            files.force();
            catalog.force();
        }
        for (int i = 0; i < n; i++) {
            int id = dirty[i]; // not s.id: the table address then does not wait for the (often missed) state line
            SeriesState s = all[id];
            long w = s.written;
            files.writeSeries(id, w > 0 ? s.lastHeight : Long.MIN_VALUE, w);
        }
        if (force && n > 0) {
            files.forceTable();
        }
        List<StagedKeyValue> maps = c.dirtyMaps;
        for (int i = 0; i < maps.size(); i++) {
            maps.get(i).writeUndo(c.undo);
        }
        long undoEnd = c.undo.appendCommit(height, blockTime, blockHash, blockHash.length);
        if (force) {
            c.undo.force();
        }
        for (int i = 0; i < maps.size(); i++) {
            StagedKeyValue m = maps.get(i);
            m.apply();
            if (force) {
                m.backend.flush();
            }
        }
        chainTable.writeSlot(c.index, c.nextSlot, c.nextSeq, height, blockTime, undoEnd, catalogEnd, true, blockHash,
                blockHash.length, force);
        c.nextSlot ^= 1;
        c.nextSeq++;
        c.set(true, height, blockTime, blockHash, blockHash.length);
        for (int i = 0; i < n; i++) {
            SeriesState s = all[dirty[i]];
            s.publish(s.written);
            s.dirty = false;
        }
        c.dirtyCount = 0;
        c.dirtyMaxHeight = Long.MIN_VALUE;
        for (int i = 0; i < maps.size(); i++) {
            maps.get(i).clearStaged();
        }
        maps.clear();
        c.publish();
        c.undo.trim(height - c.maxReorgDepth, force);
    }

    /** Forgets writes since the last commit (series tails and staged state). */
    private void discardOpen(ChainCommitState c) {
        SeriesState[] all = series;
        for (int i = 0; i < c.dirtyCount; i++) {
            SeriesState s = all[c.dirtySeries[i]];
            s.written = s.committedAcquire();
            s.tailRoom = 0;
            s.lastLoaded = false;
            s.dirty = false;
        }
        c.dirtyCount = 0;
        c.dirtyMaxHeight = Long.MIN_VALUE;
        for (StagedKeyValue m : c.dirtyMaps) {
            m.clearStaged();
        }
        c.dirtyMaps.clear();
    }

    @Override
    public long truncateAfter(String chainName, long height) {
        checkOpen();
        ChainCommitState c = existingChain(chainName);
        discardOpen(c);
        if (!c.hasCheckpoint || height >= c.height) {
            return c.hasCheckpoint ? c.height : -1;
        }
        UndoLog undo = c.undo;
        int k = undo.commitAtOrBelow(height);
        if (k < 0 && !undo.genesis()) {
            throw new IllegalStateException("chain '" + chainName + "': cannot roll back to height " + height
                    + ": the undo log reaches back to height " + undo.floorHeight() + " (maxReorgDepth "
                    + c.maxReorgDepth + ", checkpoint " + c.height + ")");
        }
        boolean has = k >= 0;
        long target = has ? undo.commitHeight(k) : 0;
        long time = has ? undo.commitTime(k) : 0;
        byte[] hash = has ? undo.commitHash(k) : new byte[0];
        long undoEnd = has ? undo.commitEnd(k) : 0;
        boolean force = options.sync() == StoreOptions.Sync.COMMIT;
        // 1. the older checkpoint first: from here on, open finishes this rollback if we crash
        chainTable.writeSlot(c.index, c.nextSlot, c.nextSeq, target, time, undoEnd, catalog.length(), has, hash,
                hash.length, true);
        c.nextSlot ^= 1;
        c.nextSeq++;
        c.set(has, target, time, hash, hash.length);
        // 2. keyed state, newest change first
        undoTo(c, undoEnd);
        // 3. points above the target
        truncateSeries(c, has ? target : Long.MIN_VALUE);
        if (force) {
            files.forceTable();
        }
        c.publish();
        LOG.log(System.Logger.Level.INFO, "chain {0}: rolled back to {1}", chainName,
                has ? Long.toString(target) : "nothing");
        return has ? target : -1;
    }

    /**
     * Replays undo records after {@code undoEnd} into the chain's maps, makes the maps durable, then cuts the log
     * there (in that order: the records must outlive the state they restore).
     */
    void undoTo(ChainCommitState c, long undoEnd) {
        List<StagedKeyValue> touched = new ArrayList<>();
        c.undo.replayAfter(undoEnd, (map, key, old) -> {
            StagedKeyValue m = stagedMap(c, map, 0, 0);
            if (old == null) {
                m.backend.remove(key);
            } else {
                m.backend.put(key, old);
            }
            if (!touched.contains(m)) {
                touched.add(m);
            }
        });
        if (options.sync() == StoreOptions.Sync.COMMIT) {
            for (StagedKeyValue m : touched) {
                m.backend.flush();
            }
        }
        c.undo.cut(undoEnd);
    }

    /** Cuts every series of {@code c} to its points at or below {@code height} (durable at the next table force). */
    void truncateSeries(ChainCommitState c, long height) {
        for (int id : c.series()) {
            SeriesState s = series[id];
            long n = s.committedAcquire();
            long keep = n == 0 ? 0 : io.countAtOrBelowHeight(s, n, height);
            if (keep < n) {
                s.bumpVersion(); // readers that began before this retry; committed points get overwritten later
                s.publish(keep);
                s.written = keep;
                s.tailRoom = 0;
                s.lastLoaded = false;
                files.writeSeries(id, keep == 0 ? Long.MIN_VALUE : io.readHeight(s, keep - 1), keep);
            }
        }
    }

    @Override
    public Optional<Checkpoint> checkpoint(String chain) {
        ChainCommitState c = chains.get(chain);
        return c == null ? Optional.empty() : c.checkpoint();
    }

    // ---- reads ----

    @Override
    public boolean latest(int seriesId, Point out) {
        SeriesState s = state(seriesId);
        for (;;) {
            long v = s.versionAcquire();
            long n = s.committedAcquire();
            if (n > 0) {
                io.read(s, n - 1, out);
            }
            VarHandle.loadLoadFence();
            if (s.versionAcquire() == v) {
                return n > 0;
            }
        }
    }

    @Override
    public boolean valueAt(int seriesId, long timeMillis, Point out) {
        return find(state(seriesId), timeMillis, SeriesIo.TIME, out);
    }

    @Override
    public boolean valueAtHeight(int seriesId, long height, Point out) {
        return find(state(seriesId), height, SeriesIo.HEIGHT, out);
    }

    private boolean find(SeriesState s, long key, int field, Point out) {
        for (;;) {
            long v = s.versionAcquire();
            long n = s.committedAcquire();
            long i = io.search(s, n, key, field, v);
            if (i >= 0) {
                io.read(s, i, out);
            }
            VarHandle.loadLoadFence();
            if (s.versionAcquire() == v) {
                return i >= 0;
            }
        }
    }

    @Override
    public SeriesCursor range(int seriesId, long fromTimeMillis, long toTimeMillis) {
        SeriesState s = state(seriesId);
        for (;;) {
            long v = s.versionAcquire();
            long n = s.committedAcquire();
            long first = fromTimeMillis == Long.MIN_VALUE ? 0 : io.search(s, n, fromTimeMillis - 1, SeriesIo.TIME, v) + 1;
            VarHandle.loadLoadFence();
            if (s.versionAcquire() == v) {
                return new RangeCursor(files.data, s, v, n, first, toTimeMillis);
            }
        }
    }

    @Override
    public VerifyReport verify() {
        checkOpen();
        return new StoreVerifier(this).run();
    }

    SeriesState[] seriesArray() {
        return series;
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        RuntimeException failure = null;
        boolean force = options.sync() == StoreOptions.Sync.COMMIT; // with NONE nothing is forced, ever
        try {
            if (force) {
                files.force();
                files.forceTable();
                catalog.force();
            }
        } catch (RuntimeException e) {
            failure = e;
        }
        for (ChainCommitState c : chains.values()) {
            for (StagedKeyValue m : c.maps.values()) {
                try {
                    if (force) {
                        m.backend.flush();
                    }
                    m.backend.close();
                } catch (RuntimeException e) {
                    failure = failure == null ? e : failure;
                }
            }
            try {
                if (force) {
                    c.undo.force();
                }
                c.undo.close();
            } catch (RuntimeException e) {
                failure = failure == null ? e : failure;
            }
        }
        try {
            catalog.close();
            chainTable.close();
        } catch (RuntimeException e) {
            failure = failure == null ? e : failure;
        }
        files.close();
        lock.release(failure == null);
        if (failure != null) {
            throw failure;
        }
    }
}
