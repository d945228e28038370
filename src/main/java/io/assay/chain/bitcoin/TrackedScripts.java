package io.assay.chain.bitcoin;

import io.assay.descriptor.Descriptor;
import org.jboss.logging.Logger;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.IntStream;

/**
 * The scripts a Bitcoin chain's indexer watches right now: for every source and descriptor path a
 * {@link GapWindow}, the scripts of every watched child, and a {@link ScriptTable} snapshot for lookups.
 *
 * <h2>Ownership of an output</h2>
 * A script may be produced by several sources (two descriptors sharing a key, an address listed by two assets).
 * An output is counted <em>once per asset</em>: under the first source (in {@link BitcoinTracking} order) of each
 * asset that watches its script. Two assets claiming the same script each count it (logged at startup and when a
 * window grows into it: that is a profile problem, not something the indexer can settle).
 *
 * <p>Not thread-safe except {@link #table()}: the writer thread owns it and publishes immutable snapshots.
 */
public final class TrackedScripts {
    private static final Logger LOG = Logger.getLogger(TrackedScripts.class);
    private static final int PARALLEL_DERIVATION = 32;
    private static final int LOOKAHEAD = 64;

    private final BitcoinTracking tracking;
    private GapWindow[][] windows;
    /** Derived scripts per [source][path], by child index: a cache that survives rollbacks. */
    private List<List<byte[]>>[][] derived;
    private final Map<ByteBuffer, long[]> byScript = new HashMap<>();
    private final Set<String> warned = new HashSet<>();
    private final int[] assetSeen;
    /** Scripts that entered the watch set since the last {@link #drainAdded()} (not counting {@link #reset}). */
    private final List<byte[]> added = new ArrayList<>();
    private volatile ScriptTable table = ScriptTable.empty();
    /** {@link #lookahead()} as of the last published table, for fetch threads. */
    private volatile List<byte[]> lookaheadSnapshot = List.of();
    private int version;
    private boolean dirty;

    @SuppressWarnings("unchecked")
    public TrackedScripts(BitcoinTracking tracking) {
        this.tracking = tracking;
        this.windows = new GapWindow[0][];
        this.derived = new List[0][];
        this.assetSeen = new int[Math.max(1, tracking.assetCount())];
        reset(null);
    }

    /**
     * Sizes the per-source arrays to the tracking's sources (members of dynamic sets come and, after a rollback, go);
     * a new source starts with fresh, unregistered windows.
     */
    @SuppressWarnings("unchecked")
    void fit() {
        int n = tracking.sources().size();
        int before = windows.length;
        if (n == before) {
            return;
        }
        windows = Arrays.copyOf(windows, n);
        derived = Arrays.copyOf(derived, n);
        for (int i = before; i < n; i++) {
            BitcoinTracking.Source s = tracking.sources().get(i);
            List<Descriptor> paths = s.descriptor().paths();
            if (paths.size() > 255) {
                throw new IllegalArgumentException(s + ": more than 255 descriptor paths");
            }
            windows[i] = new GapWindow[paths.size()];
            derived[i] = new List[paths.size()];
            for (int p = 0; p < paths.size(); p++) {
                derived[i][p] = new ArrayList<>();
                windows[i][p] = new GapWindow(paths.get(p), Math.max(1, s.source().gapLimit()), -1);
            }
        }
    }

    /**
     * Registers the sources added to the tracking since the last call (members of dynamic sets): their scripts
     * become watched and are listed by {@link #drainAdded()} so that their existing coins are looked up.
     */
    void addSources() {
        int before = windows.length;
        fit();
        for (int s = before; s < windows.length; s++) {
            for (int p = 0; p < windows[s].length; p++) {
                GapWindow w = windows[s][p];
                scripts(s, p, w.watched() - 1);
                for (int child = 0; child < w.watched(); child++) {
                    register(s, p, child);
                }
            }
        }
        dirty = true;
    }

    public BitcoinTracking tracking() {
        return tracking;
    }

    /** The current snapshot (any thread). */
    public ScriptTable table() {
        return table;
    }

    /**
     * Rebuilds every window from {@code lastUsed[source][path]} (null: all fresh) and publishes a new snapshot.
     * Used at start and after a rollback, so the windows are exactly those of the restored chain state.
     */
    public void reset(int[][] lastUsed) {
        // members of dynamic sets may differ from those registered before (a rollback): rebuild them
        int keep = Math.min(windows.length, tracking.staticCount());
        windows = Arrays.copyOf(windows, keep);
        derived = Arrays.copyOf(derived, keep);
        fit();
        byScript.clear();
        for (BitcoinTracking.Source s : tracking.sources()) {
            List<Descriptor> paths = s.descriptor().paths();
            for (int p = 0; p < paths.size(); p++) {
                int used = lastUsed == null ? -1 : lastUsed[s.index()][p];
                GapWindow w = new GapWindow(paths.get(p), Math.max(1, s.source().gapLimit()), used);
                windows[s.index()][p] = w;
                scripts(s.index(), p, w.watched() - 1); // derives the whole window at once
                for (int child = 0; child < w.watched(); child++) {
                    register(s.index(), p, child);
                }
            }
        }
        added.clear(); // a reset restores a committed state: its scripts' coins are in that state already
        dirty = true;
        publish();
    }

    /**
     * The scripts that became watched since the last call (a window grew): the writer looks up their coins that
     * already exist ({@link CoinLookup}). A script that was already watched under another registrant is not listed.
     */
    List<byte[]> drainAdded() {
        if (added.isEmpty()) {
            return List.of();
        }
        List<byte[]> out = List.copyOf(added);
        added.clear();
        return out;
    }

    /**
     * Scripts derived ahead of the windows but not watched yet (the look-ahead of ranged descriptors): a block
     * filter query includes them so that a window growing while blocks are fetched ahead finds the blocks
     * fetched.
     */
    List<byte[]> lookahead() {
        List<byte[]> out = new ArrayList<>();
        for (int s = 0; s < windows.length; s++) {
            for (int p = 0; p < windows[s].length; p++) {
                List<List<byte[]>> cache = derived[s][p];
                for (int c = windows[s][p].watched(); c < cache.size(); c++) {
                    out.addAll(cache.get(c));
                }
            }
        }
        return out;
    }

    /**
     * Scripts of the next {@code count} children after each ranged window (derived as needed), for a lookup of the
     * coins of children the windows will reach. Writer thread.
     */
    List<byte[]> ahead(int count) {
        List<byte[]> out = new ArrayList<>();
        for (int s = 0; s < windows.length; s++) {
            for (int p = 0; p < windows[s].length; p++) {
                GapWindow w = windows[s][p];
                if (!w.descriptor().isRange()) {
                    continue;
                }
                int from = w.watched();
                int to = (int) Math.min((long) from + count, Integer.MAX_VALUE) - 1;
                scripts(s, p, to);
                for (int c = from; c <= to; c++) {
                    out.addAll(derived[s][p].get(c));
                }
            }
        }
        return out;
    }

    /** Whether {@code script} is watched now. */
    boolean isWatched(byte[] script) {
        return byScript.containsKey(ByteBuffer.wrap(script));
    }

    /** The look-ahead scripts as of the last published table (any thread). */
    List<byte[]> lookaheadSnapshot() {
        return lookaheadSnapshot;
    }

    /**
     * Marks the registrants of a watched {@code script} used (a coin found for it by a {@link CoinLookup}).
     *
     * @return true if a window grew (see {@link #markUsed(ScriptTable, int)})
     */
    boolean markUsed(byte[] script) {
        long[] regs = byScript.get(ByteBuffer.wrap(script));
        return regs != null && markUsed(regs);
    }

    public int pathCount(int source) {
        return windows[source].length;
    }

    public int lastUsed(int source, int path) {
        return windows[source][path].lastUsed();
    }

    public int watched(int source, int path) {
        return windows[source][path].watched();
    }

    /** Every currently watched script (for reconciliation), in no particular order. */
    public List<byte[]> scripts() {
        List<byte[]> out = new ArrayList<>(byScript.size());
        for (ByteBuffer b : byScript.keySet()) {
            out.add(b.array());
        }
        return out;
    }

    /** Whether a packed registrant is inside its window now. */
    boolean watching(long reg) {
        return ScriptTable.child(reg) < windows[ScriptTable.source(reg)][ScriptTable.path(reg)].watched();
    }

    /**
     * Marks the registrants of {@code entry} (of snapshot {@code t}) used.
     *
     * @return true if a window grew: newly watched scripts are registered and a new snapshot must be
     *         {@link #publish() published} and the block scanned again
     */
    boolean markUsed(ScriptTable t, int entry) {
        return markUsed(t.registrants(entry));
    }

    private boolean markUsed(long[] registrants) {
        boolean grew = false;
        for (long reg : registrants) {
            if (!watching(reg)) {
                continue;
            }
            int s = ScriptTable.source(reg);
            int p = ScriptTable.path(reg);
            GapWindow w = windows[s][p];
            int before = w.markUsed(ScriptTable.child(reg));
            if (w.watched() > before) {
                scripts(s, p, w.watched() - 1);
            }
            for (int child = before; child < w.watched(); child++) {
                register(s, p, child);
                grew = true;
            }
        }
        dirty |= grew;
        return grew;
    }

    /**
     * The sources that count an output paying {@code entry}'s script: one per asset, the first watching source of
     * that asset. Fills {@code out} and returns how many.
     */
    int owners(ScriptTable t, int entry, int[] out) {
        Arrays.fill(assetSeen, -1);
        int n = 0;
        for (long reg : t.registrants(entry)) {
            if (!watching(reg)) {
                continue;
            }
            int s = ScriptTable.source(reg);
            int a = tracking.sources().get(s).assetIndex();
            int prev = assetSeen[a];
            if (prev < 0) {
                assetSeen[a] = n;
                out[n++] = s;
            } else if (s < out[prev]) {
                out[prev] = s;
            }
        }
        return n;
    }

    /** Publishes a new snapshot if anything was registered since the last one. */
    void publish() {
        if (!dirty) {
            return;
        }
        List<byte[]> scripts = new ArrayList<>(byScript.size());
        List<long[]> regs = new ArrayList<>(byScript.size());
        for (Map.Entry<ByteBuffer, long[]> e : byScript.entrySet()) {
            scripts.add(e.getKey().array());
            regs.add(e.getValue());
        }
        table = new ScriptTable(++version, scripts, regs);
        lookaheadSnapshot = List.copyOf(lookahead());
        dirty = false;
    }

    private void register(int source, int path, int child) {
        for (byte[] script : scripts(source, path, child)) {
            ByteBuffer key = ByteBuffer.wrap(script);
            long reg = ScriptTable.pack(source, path, child);
            long[] prev = byScript.get(key);
            if (prev == null) {
                byScript.put(key, new long[]{reg});
                added.add(script);
                continue;
            }
            for (long r : prev) {
                if (r == reg) {
                    prev = null; // already registered (reset re-registers nothing twice, but stay safe)
                    break;
                }
            }
            if (prev == null) {
                continue;
            }
            long[] next = Arrays.copyOf(prev, prev.length + 1);
            next[prev.length] = reg;
            byScript.put(key, next);
            for (long r : prev) {
                warnOverlap(script, r, reg);
            }
        }
    }

    private void warnOverlap(byte[] script, long first, long other) {
        BitcoinTracking.Source a = tracking.sources().get(ScriptTable.source(first));
        BitcoinTracking.Source b = tracking.sources().get(ScriptTable.source(other));
        if (a.index() == b.index()) {
            return; // one descriptor producing a script twice (e.g. sortedmulti paths): nothing to say
        }
        String key = a.index() + ">" + b.index();
        if (!warned.add(key)) {
            return;
        }
        String hex = HexFormat.of().formatHex(script);
        if (a.asset().equals(b.asset())) {
            LOG.warnf("%s: reserve sources %s and %s both watch script %s; its outputs are counted once, under %s",
                    tracking.chainName(), a, b, hex, a.index() < b.index() ? a : b);
        } else {
            LOG.warnf("%s: assets %s and %s both claim script %s as reserves (%s, %s); each asset counts it",
                    tracking.chainName(), a.asset(), b.asset(), hex, a, b);
        }
    }

    private List<byte[]> scripts(int source, int path, int child) {
        List<List<byte[]>> cache = derived[source][path];
        if (cache.size() <= child) {
            Descriptor d = windows[source][path].descriptor();
            // a window that grows by one child at a time (payments in order) would derive one child per use on
            // the writer thread: derive a batch ahead, in parallel
            int upTo = d.isRange() ? Math.max(child, cache.size() + LOOKAHEAD - 1) : child;
            derive(d, cache, upTo);
        }
        return cache.get(child);
    }

    /**
     * Derives children {@code cache.size() .. upTo} into {@code cache}. A child of an xpub costs an EC
     * multiplication (~0.2-0.6 ms): many at once (a window at start, a large gap) are derived in parallel.
     */
    private static void derive(Descriptor d, List<List<byte[]>> cache, int upTo) {
        int from = cache.size();
        int n = upTo - from + 1;
        if (n < PARALLEL_DERIVATION) {
            for (int i = from; i <= upTo; i++) {
                cache.add(List.copyOf(d.scripts(i)));
            }
            return;
        }
        @SuppressWarnings("unchecked")
        List<byte[]>[] out = new List[n];
        IntStream.range(0, n).parallel().forEach(i -> out[i] = List.copyOf(d.scripts(from + i)));
        cache.addAll(Arrays.asList(out));
    }
}
