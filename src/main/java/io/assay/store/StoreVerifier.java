package io.assay.store;

import java.io.IOException;
import java.lang.invoke.VarHandle;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * {@link Store#verify()}: re-reads every file header and log from disk and walks every committed point. Writes
 * nothing. Checks on a series that a rollback rewrites meanwhile are repeated; a checkpoint that a commit is
 * publishing meanwhile is re-read.
 */
final class StoreVerifier {
    private final MappedStore store;
    private final List<String> problems = new ArrayList<>();
    private final Point p = new Point();

    StoreVerifier(MappedStore store) {
        this.store = store;
    }

    VerifyReport run() {
        Path dir = store.dir;
        header(dir.resolve(StoreOpener.MANIFEST), StoreOpener.MAGIC, StoreOpener.VERSION);
        header(store.files.data.path(), SeriesFiles.DATA_MAGIC, SeriesFiles.VERSION);
        header(store.files.blocks.path(), SeriesFiles.BLOCKS_MAGIC, SeriesFiles.VERSION);
        header(store.files.table.path(), SeriesFiles.TABLE_MAGIC, SeriesFiles.VERSION);
        List<ChainTable.Loaded> onDisk = List.of();
        try {
            onDisk = ChainTable.reread(store.chainTable.path());
        } catch (StoreException e) {
            problems.add(e.getMessage());
        }
        int n = store.seriesCount();
        int cataloged = Catalog.verify(store.catalog.path(), problems);
        if (cataloged < n) {
            problems.add(store.catalog.path() + ": holds " + cataloged + " intact keys but the store has " + n
                    + " series");
        }
        checkBlockTable(n);
        long points = 0;
        SeriesState[] all = store.seriesArray();
        for (int id = 0; id < n; id++) {
            points += checkSeries(all[id]);
        }
        for (ChainCommitState c : store.chainStates()) {
            for (ChainTable.Loaded l : onDisk) {
                if (l.name().equals(c.name) && l.newest() != null) {
                    UndoLog.verify(store.undoPath(c.name), l.newest().undoEnd(), l.newest().height(), l.newest().has(),
                            problems);
                }
            }
            checkMaps(c);
        }
        return new VerifyReport(problems.isEmpty(), n, points, List.copyOf(problems));
    }

    private void header(Path file, String magic, int version) {
        try {
            KeyValues.readHeader(file, magic, version);
        } catch (StoreException e) {
            problems.add(e.getMessage());
        }
    }

    /** Every block entry in shape, blocks of a series numbered in order, no two blocks overlapping. */
    private void checkBlockTable(int n) {
        SeriesFiles f = store.files;
        long entries = f.entries();
        long[] spans = new long[(int) Math.min(entries, Integer.MAX_VALUE / 2) * 2];
        int[] next = new int[n];
        int k = 0;
        for (long e = 0; e < entries; e++) {
            long pos = FileHeader.SIZE + e * SeriesFiles.ENTRY;
            long addr = f.blocks.getLong(pos);
            int sid = f.blocks.getInt(pos + 8);
            int block = f.blocks.getInt(pos + 12);
            if (addr == 0 || sid < 0 || sid >= n || block < 0 || block > 1 << 24) {
                problems.add(f.blocks.path() + ": entry " + e + " is damaged (addr " + addr + ", series " + sid
                        + ", block " + block + ")");
                continue;
            }
            if (block != next[sid]) {
                problems.add(f.blocks.path() + ": entry " + e + " is block " + block + " of series " + sid
                        + ", expected block " + next[sid]);
            }
            next[sid] = block + 1;
            if (addr + BlockLayout.bytes(block) > f.data.size()) {
                problems.add(f.data.path() + ": block " + block + " of series " + sid + " lies past the end");
            }
            spans[k++] = addr;
            spans[k++] = addr + BlockLayout.bytes(block);
        }
        Integer[] order = new Integer[k / 2];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (a, b) -> Long.compare(spans[2 * a], spans[2 * b]));
        for (int i = 1; i < order.length; i++) {
            if (spans[2 * order[i]] < spans[2 * order[i - 1] + 1]) {
                problems.add(f.data.path() + ": blocks at " + spans[2 * order[i - 1]] + " and " + spans[2 * order[i]]
                        + " overlap");
            }
        }
    }

    /** Checks the committed points of {@code s}; returns how many. */
    private long checkSeries(SeriesState s) {
        for (int attempt = 0; ; attempt++) {
            long v = s.versionAcquire();
            List<String> found = new ArrayList<>();
            long n = s.committedAcquire();
            long maxHeight = walk(s, n, found);
            VarHandle.loadLoadFence();
            if (s.versionAcquire() != v && attempt < 10) {
                continue; // rolled back meanwhile: check again
            }
            if (n > 0) {
                long cp = committedHeight(s.chain, maxHeight);
                if (maxHeight > cp) {
                    found.add("series '" + s.key + "': point at height " + maxHeight + " is above the chain's"
                            + " checkpoint " + (cp == Long.MIN_VALUE ? "(none)" : Long.toString(cp)));
                }
            }
            long table = store.files.tableCount(s.id);
            if (table < n) {
                found.add(store.files.table.path() + ": series '" + s.key + "' records " + table + " points, "
                        + n + " are committed");
            }
            problems.addAll(found);
            return n;
        }
    }

    /** Walks points {@code [0, n)}; returns the last height. */
    private long walk(SeriesState s, long n, List<String> found) {
        SeriesIo io = store.io;
        long prevH = Long.MIN_VALUE;
        long prevT = Long.MIN_VALUE;
        long prevHi = 0;
        long prevLo = 0;
        SeriesState.BlockIndex ix = s.index;
        for (long i = 0; i < n; i++) {
            io.read(s, i, p);
            if (i > 0) {
                if (p.height <= prevH) {
                    found.add("series '" + s.key + "': point " + i + " has height " + p.height + " after " + prevH);
                    return Math.max(prevH, p.height);
                }
                if (p.time < prevT) {
                    found.add("series '" + s.key + "': point " + i + " at height " + p.height + " has time "
                            + p.time + " before " + prevT);
                }
                if (p.value.hi() == prevHi && p.value.lo() == prevLo) {
                    found.add("series '" + s.key + "': point " + i + " at height " + p.height
                            + " repeats the previous value");
                }
            }
            int b = BlockLayout.blockOf(i);
            if (i == BlockLayout.start(b) && (ix.firstHeight[b] != p.height || ix.firstTime[b] != p.time)) {
                found.add("series '" + s.key + "': block " + b + " index says first point (height "
                        + ix.firstHeight[b] + ", time " + ix.firstTime[b] + ") but the data holds (" + p.height
                        + ", " + p.time + ")");
            }
            prevH = p.height;
            prevT = p.time;
            prevHi = p.value.hi();
            prevLo = p.value.lo();
        }
        return prevH;
    }

    /** The chain's checkpoint height, re-read briefly if a commit is publishing it right now. */
    private static long committedHeight(ChainCommitState c, long atLeast) {
        long cp = Long.MIN_VALUE;
        for (int i = 0; i < 1000; i++) {
            Optional<Checkpoint> k = c.checkpoint();
            cp = k.map(Checkpoint::height).orElse(Long.MIN_VALUE);
            if (cp >= atLeast) {
                return cp;
            }
            Thread.onSpinWait();
        }
        return cp;
    }

    /** Opens every state map of the chain found on disk and checks its entries. */
    private void checkMaps(ChainCommitState c) {
        Path dir = store.stateDir(c);
        if (!Files.isDirectory(dir)) {
            return;
        }
        List<String> names = new ArrayList<>();
        String ext = store.backend == StoreOptions.Backend.CHRONICLE ? ".cmap" : ".hash";
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir, "*" + ext)) {
            for (Path f : ds) {
                String file = f.getFileName().toString();
                names.add(file.substring(0, file.length() - ext.length()));
            }
        } catch (IOException e) {
            problems.add(dir + ": cannot list: " + e.getMessage());
            return;
        }
        for (String name : names) {
            try {
                StagedKeyValue m = store.stagedMap(c, name, 0, 0);
                Path file = KeyValues.file(dir, name, store.backend);
                if (m.backend instanceof MappedHashTable t) {
                    String problem = t.check();
                    if (problem != null) {
                        problems.add(file + ": " + problem);
                    }
                }
                int maxK = m.maxKeySize();
                int maxV = m.maxValueSize();
                String[] bad = new String[1];
                m.backend.forEach((k, v) -> {
                    if (bad[0] == null && (k.length == 0 || k.length > maxK || v.length > maxV)) {
                        bad[0] = file + ": entry of impossible size (key " + k.length + ", value " + v.length + ")";
                    }
                });
                if (bad[0] != null) {
                    problems.add(bad[0]);
                }
            } catch (RuntimeException e) {
                problems.add(e.getMessage());
            }
        }
    }
}
