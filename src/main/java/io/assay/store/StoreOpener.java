package io.assay.store;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Creates a store, or opens one and recovers it: every file is validated before anything is written, then points
 * above each chain's checkpoint are dropped and undo records after its undo-log end are replayed (an interrupted
 * commit or rollback). A damaged file stops the open with a {@link StoreException} naming it, and nothing is
 * rewritten.
 *
 * <p>Layout of a store directory:
 * <pre>
 * store.meta          manifest: backend, segment size
 * store.lock          OS lock + clean-close marker
 * chains.dat          chain names and their two checkpoint slots
 * catalog.dat         series keys (id = position)
 * series/data.dat     point records in blocks, mapped in segments
 * series/blocks.dat   block table
 * series/series.dat   per-series (lastHeight, count)
 * undo/&lt;chain&gt;.undo   undo log per chain
 * state/&lt;chain&gt;/&lt;name&gt;.hash | .cmap (+ .cmap.meta)   keyed state maps
 * </pre>
 */
final class StoreOpener {
    static final String MANIFEST = "store.meta";
    static final String MAGIC = "ASSAYSTO";
    static final int VERSION = 1;
    private static final System.Logger LOG = System.getLogger(StoreOpener.class.getName());

    private StoreOpener() {
    }

    static boolean inNativeImage() {
        return System.getProperty("org.graalvm.nativeimage.imagecode") != null;
    }

    static Store open(Path dir, StoreOptions options) {
        return open(dir, options, FilesFacade.NIO);
    }

    /** {@link #open(Path, StoreOptions)} doing its file operations (and the store's) through {@code ff}. */
    static Store open(Path dir, StoreOptions options, FilesFacade ff) {
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new StoreException(dir, "cannot create the store directory: " + e.getMessage(), e);
        }
        StoreLock lock = StoreLock.acquire(dir);
        List<AutoCloseable> opened = new ArrayList<>();
        try {
            MappedStore s = Files.exists(dir.resolve(MANIFEST))
                    ? openExisting(ff, dir, options, lock, opened)
                    : createNew(ff, dir, options, lock, opened);
            lock.markOpen();
            s.files.startPrefill();
            return s;
        } catch (RuntimeException | Error e) {
            for (int i = opened.size() - 1; i >= 0; i--) {
                try {
                    opened.get(i).close();
                } catch (Exception suppressed) {
                    e.addSuppressed(suppressed);
                }
            }
            lock.release(false);
            throw e;
        }
    }

    private static StoreOptions.Backend chooseBackend(StoreOptions.Backend wanted) {
        if (wanted != StoreOptions.Backend.AUTO) {
            return wanted;
        }
        return inNativeImage() ? StoreOptions.Backend.MMAP : StoreOptions.Backend.CHRONICLE;
    }

    private static MappedStore createNew(FilesFacade ff, Path dir, StoreOptions options, StoreLock lock,
                                         List<AutoCloseable> opened) {
        for (String f : new String[] {"chains.dat", "catalog.dat", "series", "undo", "state"}) {
            if (Files.exists(dir.resolve(f))) {
                throw new StoreException(dir.resolve(MANIFEST), "missing, but the directory holds store files ("
                        + f + "): an interrupted creation or a damaged store; move the directory away to start anew");
            }
        }
        StoreOptions.Backend backend = chooseBackend(options.backend());
        if (backend == StoreOptions.Backend.CHRONICLE && inNativeImage()) {
            throw new IllegalArgumentException("the Chronicle Map backend cannot run in a native image; use MMAP");
        }
        try {
            Files.createDirectories(dir.resolve("series"));
            Files.createDirectories(dir.resolve("undo"));
            Files.createDirectories(dir.resolve("state"));
        } catch (IOException e) {
            throw new StoreException(dir, "cannot create: " + e.getMessage(), e);
        }
        SeriesFiles files = SeriesFiles.create(ff, dir.resolve("series"), options.segmentSize());
        opened.add(files::close);
        Catalog catalog = Catalog.create(ff, dir.resolve("catalog.dat"));
        opened.add(catalog);
        ChainTable chains = ChainTable.create(ff, dir.resolve("chains.dat"));
        opened.add(chains);
        Path manifest = dir.resolve(MANIFEST);
        Path tmp = dir.resolve(MANIFEST + ".tmp");
        try {
            Files.write(tmp, FileHeader.encode(MAGIC, VERSION, backend.ordinal(), options.segmentSize(),
                    System.currentTimeMillis()).array());
            try (FileChannel c = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
                c.force(true);
            }
            Files.move(tmp, manifest, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new StoreException(manifest, "cannot write: " + e.getMessage(), e);
        }
        LOG.log(System.Logger.Level.INFO, "created store {0} (keyed state: {1})", dir, backend);
        return new MappedStore(ff, dir, options, backend, lock, chains, catalog, files, new SeriesState[16], List.of());
    }

    private static MappedStore openExisting(FilesFacade ff, Path dir, StoreOptions options, StoreLock lock,
                                            List<AutoCloseable> opened) {
        Validated v = validate(ff, dir, options, lock, opened);
        Plan plan = plan(ff, v, opened);
        recover(ff, v, plan, opened);
        return v.store();
    }

    /** The store as read, its chains in table order, and each chain's record as loaded (same order). */
    private record Validated(MappedStore store, List<ChainCommitState> chains, List<ChainTable.Loaded> loaded) {
    }

    /** What recovery will do, found while validating: series counts to cut (-1: keep) and chains to give a log. */
    private record Plan(long[] cut, long dropped, List<ChainCommitState> withoutLog) {
    }

    /**
     * Reads and checks the manifest, the chain table, the catalog, the series files and every block entry, and builds
     * the store's in-memory state from them. Nothing is written.
     */
    private static Validated validate(FilesFacade ff, Path dir, StoreOptions options, StoreLock lock,
                                      List<AutoCloseable> opened) {
        long[] manifest = readManifest(dir.resolve(MANIFEST), options);
        StoreOptions.Backend backend = StoreOptions.Backend.values()[(int) manifest[0]];
        long segmentSize = manifest[1];

        List<ChainTable.Loaded> loaded = new ArrayList<>();
        ChainTable chainTable = ChainTable.open(ff, dir.resolve("chains.dat"), loaded);
        opened.add(chainTable);
        long catalogEnd = FileHeader.SIZE;
        for (ChainTable.Loaded l : loaded) {
            if (l.newest() != null) {
                catalogEnd = Math.max(catalogEnd, l.newest().catalogEnd());
            }
        }
        Catalog catalog = Catalog.open(ff, dir.resolve("catalog.dat"), catalogEnd);
        opened.add(catalog);
        SeriesFiles files = SeriesFiles.open(ff, dir.resolve("series"), segmentSize);
        opened.add(files::close);

        List<ChainCommitState> chains = new ArrayList<>();
        Map<String, ChainCommitState> byName = new HashMap<>();
        for (int i = 0; i < loaded.size(); i++) {
            ChainTable.Loaded l = loaded.get(i);
            ChainCommitState c = new ChainCommitState(i, l.name(), options.maxReorgDepth(l.name()));
            ChainTable.Slot s = l.newest();
            if (s != null) {
                c.set(s.has(), s.height(), s.time(), s.hash(), s.hash().length);
                c.nextSeq = s.seq() + 1;
            } else {
                c.nextSeq = 1;
            }
            c.nextSlot = l.nextSlot();
            if (byName.put(c.name, c) != null) {
                throw new StoreException(chainTable.path(), "chain '" + c.name + "' appears twice");
            }
            chains.add(c);
        }

        int n = catalog.size();
        if (!files.covers(n)) {
            throw new StoreException(files.table.path(), "file is " + files.table.size() + " bytes, too small for the "
                    + n + " series of the catalog (truncated?)");
        }
        SeriesState[] series = new SeriesState[Math.max(16, n)];
        for (int id = 0; id < n; id++) {
            SeriesKey key = catalog.key(id);
            ChainCommitState c = byName.get(key.chain());
            if (c == null) {
                throw new StoreException(chainTable.path(), "series '" + key + "' belongs to chain '" + key.chain()
                        + "', which is not listed");
            }
            series[id] = new SeriesState(id, key, c);
            c.addSeries(id);
        }
        files.scan((entry, addr, sid, block, firstHeight, firstTime) -> {
            if (sid >= n) {
                throw new StoreException(files.blocks.path(), "entry " + entry + " names series " + sid
                        + " but the catalog has " + n);
            }
            SeriesState s = series[sid];
            if (block != s.blocks) {
                throw new StoreException(files.blocks.path(), "entry " + entry + " is block " + block + " of series '"
                        + s.key + "', expected block " + s.blocks);
            }
            s.addBlock(addr, entry);
            s.index.firstHeight[block] = firstHeight;
            s.index.firstTime[block] = firstTime;
        });
        return new Validated(new MappedStore(ff, dir, options, backend, lock, chainTable, catalog, files, series,
                chains), chains, loaded);
    }

    /** The manifest's backend code (checked against {@code options} and this runtime) and segment size. */
    private static long[] readManifest(Path manifest, StoreOptions options) {
        long[] m = KeyValues.readHeader(manifest, MAGIC, VERSION);
        StoreOptions.Backend[] kinds = StoreOptions.Backend.values();
        if (m[0] <= 0 || m[0] >= kinds.length) {
            throw new StoreException(manifest, "unknown keyed-state backend code " + m[0]);
        }
        StoreOptions.Backend backend = kinds[(int) m[0]];
        if (options.backend() != StoreOptions.Backend.AUTO && options.backend() != backend) {
            throw new StoreException(manifest, "the store keeps its state with " + backend + "; it cannot be opened"
                    + " with " + options.backend());
        }
        if (backend == StoreOptions.Backend.CHRONICLE && inNativeImage()) {
            throw new StoreException(manifest, "the store keeps its state in Chronicle Map, which cannot run in a"
                    + " native image; open it with the JVM build");
        }
        return m;
    }

    /**
     * Finds the points above each chain's checkpoint (checking every series count against its blocks), publishes the
     * counts recovery will leave, opens every undo log (checking its records up to the checkpoint) and every state map
     * a replay will touch. Nothing is written: the cuts are made only once every file has been validated.
     */
    private static Plan plan(FilesFacade ff, Validated v, List<AutoCloseable> opened) {
        MappedStore store = v.store();
        SeriesFiles files = store.files;
        SeriesState[] series = store.seriesArray();
        int n = store.catalog.size();
        long[] cut = new long[n];
        long dropped = 0;
        for (int id = 0; id < n; id++) {
            SeriesState s = series[id];
            long count = files.tableCount(id);
            long lastHeight = files.tableLastHeight(id);
            long capacity = s.blocks == 0 ? 0 : BlockLayout.start(s.blocks);
            if (count < 0 || count > capacity) {
                throw new StoreException(files.table.path(), "series '" + s.key + "' claims " + count
                        + " points but blocks.dat holds room for " + capacity + " (block table truncated?)");
            }
            cut[id] = -1;
            long cp = s.chain.committedHeight();
            if (count > 0 && lastHeight > cp) {
                long keep = store.io.countAtOrBelowHeight(s, count, cp);
                dropped += count - keep;
                cut[id] = keep;
                count = keep;
            }
            s.written = count;
            s.publish(count);
        }

        List<ChainCommitState> withoutLog = new ArrayList<>();
        for (ChainCommitState c : v.chains()) {
            ChainTable.Slot slot = v.loaded().get(c.index).newest();
            Path up = store.undoPath(c.name);
            if (!Files.exists(up)) {
                if (slot != null && slot.undoEnd() > 0) {
                    throw new StoreException(up, "undo log is missing but the checkpoint covers " + slot.undoEnd()
                            + " bytes of it");
                }
                withoutLog.add(c); // registered by a process that died before creating the log
            } else {
                c.undo = UndoLog.open(ff, up, slot == null ? 0 : slot.undoEnd());
                opened.add(c.undo);
            }
        }
        for (ChainCommitState c : v.chains()) {
            if (c.undo != null) {
                for (String map : c.undo.tailMaps()) {
                    store.stagedMap(c, map, 0, 0); // validates every map a replay will touch before anything changes
                }
            }
        }
        return new Plan(cut, dropped, withoutLog);
    }

    /**
     * Everything is valid: gives a log to chains without one, cuts the torn catalog tail, writes the series cuts and
     * replays every undo record after its chain's checkpoint (an interrupted commit or rollback).
     */
    private static void recover(FilesFacade ff, Validated v, Plan plan, List<AutoCloseable> opened) {
        MappedStore store = v.store();
        for (ChainCommitState c : plan.withoutLog()) {
            c.undo = createUndo(ff, store.undoPath(c.name));
            opened.add(c.undo);
        }
        if (store.catalog.cutTornTail()) {
            LOG.log(System.Logger.Level.INFO, "store {0}: cut the torn catalog record of an unfinished series creation",
                    store.dir);
        }
        SeriesState[] series = store.seriesArray();
        long[] cut = plan.cut();
        boolean tableChanged = false;
        for (int id = 0; id < cut.length; id++) {
            if (cut[id] >= 0) {
                SeriesState s = series[id];
                store.files.writeSeries(id, cut[id] == 0 ? Long.MIN_VALUE : store.io.readHeight(s, cut[id] - 1), cut[id]);
                tableChanged = true;
            }
        }
        if (tableChanged) {
            store.files.forceTable();
            LOG.log(System.Logger.Level.INFO, "store {0}: dropped {1} uncommitted points", store.dir, plan.dropped());
        }
        for (ChainCommitState c : v.chains()) {
            if (c.undo.hasTail()) {
                LOG.log(System.Logger.Level.INFO, "chain {0}: undoing keyed-state writes of an unfinished commit",
                        c.name);
                store.undoTo(c, c.undo.end());
            }
            c.undo.trim(c.hasCheckpoint ? c.height - c.maxReorgDepth : Long.MIN_VALUE, true);
            c.publish();
        }
    }

    static UndoLog createUndo(FilesFacade ff, Path path) {
        try {
            Files.createDirectories(path.getParent());
            ff.delete(path); // left by a registration that did not finish (no checkpoint covers it)
        } catch (IOException e) {
            throw new StoreException(path, "cannot prepare: " + e.getMessage(), e);
        }
        return UndoLog.create(ff, path);
    }
}
