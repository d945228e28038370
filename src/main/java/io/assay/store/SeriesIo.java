package io.assay.store;

import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;

/**
 * Point-level reads and writes of series over {@link SeriesFiles}. The hot paths ({@link #write}, {@link #search},
 * {@link #read}) allocate nothing: primitives in, a caller-owned {@link Point} out.
 *
 * <p>Search: an interpolation search over the in-memory first key of each block (about 10,000 blocks for ten million
 * points) finds the block. A time search then counts the block's in-memory marks (the time of every 64th point,
 * {@link SeriesState.BlockIndex#marks}) to find the 64-point span holding the key, interpolates inside it and reads
 * {@link #WINDOW} records (four cache lines) from a line boundary just below the guess: their loads do not depend on
 * each other, so the window costs about one memory miss, and on uniform times it holds the answer and the record
 * after it about nine times in ten. A store opens with no mark known (opening reads no point): the first search in
 * a block fills its marks from the block's records (up to 15 independent reads, once). The marks are only a guide:
 * the answer is always read off the records, so a wrong mark costs time, never a wrong answer. Otherwise (and for height searches, which have no marks) one
 * interpolated probe inside the remaining range and a walk of at most {@link #WALK} records from it, falling back to
 * bisection when the guess is far off, which bounds the worst case.
 */
final class SeriesIo {
    static final int HEIGHT = 0;
    static final int TIME = 8;
    private static final int INTERPOLATION_PROBES = 3;
    /** Records walked after the in-block guess before bisecting (eight cache lines). */
    private static final int WALK = 16;
    /** Records read at once around the guess of a time search (four cache lines; blocks start on a line). */
    private static final int WINDOW = 8;

    private final SeriesFiles files;
    private final MappedFile data;

    SeriesIo(SeriesFiles files) {
        this.files = files;
        this.data = files.data;
    }

    /** File offset of point {@code i} of {@code s} (its block must be allocated). */
    long addr(SeriesState s, long i) {
        int b = BlockLayout.blockOf(i);
        return s.index.addr[b] + (i - BlockLayout.start(b)) * BlockLayout.RECORD;
    }

    /** Fills {@code out} with point {@code i}. */
    void read(SeriesState s, long i, Point out) {
        long a = addr(s, i);
        ByteBuffer b = data.chunk(a);
        int off = data.offset(a);
        out.height = b.getLong(off);
        out.time = b.getLong(off + 8);
        out.value.set(b.getLong(off + 16), b.getLong(off + 24));
    }

    long readHeight(SeriesState s, long i) {
        return data.getLong(addr(s, i));
    }

    /** Loads the writer's tail cache from point {@code written - 1}. */
    void loadLast(SeriesState s) {
        if (s.written > 0) {
            long a = addr(s, s.written - 1);
            ByteBuffer b = data.chunk(a);
            int off = data.offset(a);
            s.lastHeight = b.getLong(off);
            s.lastTime = b.getLong(off + 8);
            s.lastHi = b.getLong(off + 16);
            s.lastLo = b.getLong(off + 24);
        } else {
            s.lastHeight = Long.MIN_VALUE;
            s.lastTime = Long.MIN_VALUE;
        }
        s.lastLoaded = true;
    }

    /**
     * Writes point {@code i == s.written}. The common case writes at the cached tail address; the first point of a
     * block (or the first after a cut) goes through {@link #place}.
     */
    void write(SeriesState s, long i, long height, long time, long hi, long lo) {
        long a;
        if (s.tailRoom > 0) {
            a = s.tailAddr;
            s.tailRoom--;
        } else {
            a = place(s, i, height, time);
        }
        s.tailAddr = a + BlockLayout.RECORD;
        if (BlockLayout.marked(i)) {
            s.index.marks[BlockLayout.markSlot(i)] = time;
        }
        ByteBuffer buf = data.chunk(a);
        int off = data.offset(a);
        buf.putLong(off, height);
        buf.putLong(off + 8, time);
        buf.putLong(off + 16, hi);
        buf.putLong(off + 24, lo);
    }

    /** Address of point {@code i}, allocating its block and recording its first key when it starts one. */
    private long place(SeriesState s, long i, long height, long time) {
        int b = BlockLayout.blockOf(i);
        if (b >= s.blocks) {
            long e = files.allocate(s.id, b);
            s.addBlock(files.entryAddr(e), e);
        }
        SeriesState.BlockIndex ix = s.index;
        long start = BlockLayout.start(b);
        if (i == start) {
            ix.firstHeight[b] = height;
            ix.firstTime[b] = time;
            files.setFirst(ix.entry[b], height, time);
        }
        s.tailRoom = (int) (BlockLayout.capacity(b) - (i - start) - 1);
        return ix.addr[b] + (i - start) * BlockLayout.RECORD;
    }

    /**
     * Fills marks {@code 1..m} of the block whose first mark is {@code slot0} from its records at {@code buf/off}
     * (committed points only: the caller's count). A rollback racing this may leave a stale mark (the version moved:
     * the marks are set unknown again, to be filled by a later search); a stale mark only costs time.
     */
    private static void fillMarks(SeriesState s, long[] marks, int slot0, int m, ByteBuffer buf, int off, long version) {
        for (int j = 1; j <= m; j++) {
            marks[slot0 + j] = buf.getLong(off + (j << BlockLayout.MARK_SHIFT) * BlockLayout.RECORD);
        }
        VarHandle.fullFence(); // the marks above before the version below (a store-load order; once per block)
        if (s.versionAcquire() != version) {
            java.util.Arrays.fill(marks, slot0 + 1, slot0 + m + 1, SeriesState.BlockIndex.UNKNOWN);
        }
    }

    /** Rewrites the value of point {@code i}. */
    void writeValue(SeriesState s, long i, long hi, long lo) {
        long a = addr(s, i);
        ByteBuffer buf = data.chunk(a);
        int off = data.offset(a);
        buf.putLong(off + 16, hi);
        buf.putLong(off + 24, lo);
    }

    /**
     * Index of the last of the first {@code n} points whose {@code field} ({@link #HEIGHT} or {@link #TIME}) is at
     * most {@code key}, or -1. Keys are non-decreasing in index order. {@code version}: the series version the caller
     * read before {@code n} (a time search may fill marks, which a racing rollback would make stale).
     *
     * <p>In steps, each narrowing the range {@code [l, h)} inside one block with {@code key(l) <= key < key(h)}
     * (all allocation-free, on primitives): the block ({@link #lastAtOrBelow} over the first keys), then for a time
     * search the marks and a window of records ({@link #searchByMarks}), then one probe and a short walk
     * ({@link #probeAndWalk}), then bisection ({@link #bisect}). Each step returns the answer when it finds it and
     * hands the rest of the range to the next.
     */
    long search(SeriesState s, long n, long key, int field, long version) {
        if (n <= 0) {
            return -1;
        }
        SeriesState.BlockIndex ix = s.index;
        long[] first = field == TIME ? ix.firstTime : ix.firstHeight;
        if (first[0] > key) {
            return -1;
        }
        int nb = BlockLayout.blocksFor(n);
        int b = nb == 1 || first[nb - 1] <= key ? nb - 1 : lastAtOrBelow(first, nb - 1, key);
        long start = BlockLayout.start(b);
        int cnt = (int) Math.min(BlockLayout.capacity(b), n - start);
        long base = ix.addr[b];
        ByteBuffer buf = data.chunk(base);
        int off = data.offset(base) + field;
        int h;
        long kh;
        if (b + 1 < nb) {
            h = cnt; // virtual: the next block's first key, known to exceed key
            kh = first[b + 1];
        } else {
            long lastKey = buf.getLong(off + (cnt - 1) * BlockLayout.RECORD);
            if (lastKey <= key) {
                return start + cnt - 1;
            }
            h = cnt - 1;
            kh = lastKey;
        }
        // invariant: key(l) <= key < key(h), l = 0 (the block's first key)
        if (field == TIME && cnt >= WINDOW && h > 1) {
            return start + searchByMarks(s, ix.marks, start, cnt, buf, off, first[b], h, kh, key, version);
        }
        return start + probeAndWalk(buf, off, 0, first[b], h, kh, key);
    }

    /**
     * Time search inside a block of {@code cnt >= WINDOW} points from {@code [0, h)}: the marks give the 64-point span
     * holding {@code key}, an interpolation inside it a guess, and {@link #WINDOW} records from a cache line boundary
     * just below the guess usually the answer; otherwise the side of the window the answer lies on goes to
     * {@link #probeAndWalk}. Returns the answer's index in the block.
     */
    private int searchByMarks(SeriesState s, long[] marks, long start, int cnt, ByteBuffer buf, int off, long kl,
                              int h, long kh, long key, long version) {
        int slot0 = BlockLayout.markSlot(start); // block b's own first point (used only when b has marks)
        int m = (cnt - 1) >> BlockLayout.MARK_SHIFT; // marks 1..m are points of the block below n
        int k = marksAtOrBelow(marks, slot0, m, key);
        if (k < 0) { // first search in this block since open (or since a racing rollback): fill, count again
            fillMarks(s, marks, slot0, m, buf, off, version);
            k = marksAtOrBelow(marks, slot0, m, key);
            if (k < 0) { // a rollback raced the fill and set the marks unknown again: a guess all the same
                k = ~k;
            }
        }
        // the marks say: key lies between points k*64 and (k+1)*64 of the block (a guess: checked below)
        int sl = k << BlockLayout.MARK_SHIFT;
        long skl = k == 0 ? kl : marks[slot0 + k];
        int sh = k < m ? sl + (1 << BlockLayout.MARK_SHIFT) : h;
        long skh = k < m ? marks[slot0 + k + 1] : kh;
        int g = sl + (int) (((double) key - (double) skl) / ((double) skh - (double) skl) * (sh - sl));
        // WINDOW records from a cache line boundary just below the guess (blocks start on one); their loads are
        // independent, so they cost about one memory miss
        int ws = Math.max(0, Math.min(cnt - WINDOW, (g - WINDOW / 2 + 1) & ~1));
        int c = 0;
        for (int j = 0; j < WINDOW; j++) {
            c += buf.getLong(off + (ws + j) * BlockLayout.RECORD) <= key ? 1 : 0;
        }
        if (c > 0 && (c < WINDOW || ws + WINDOW == cnt)) {
            return ws + c - 1; // the window holds the last record at most key and the one after it
        }
        if (c == 0) {
            return probeAndWalk(buf, off, 0, kl, ws, buf.getLong(off + ws * BlockLayout.RECORD), key);
        }
        int l = ws + WINDOW - 1;
        return probeAndWalk(buf, off, l, buf.getLong(off + l * BlockLayout.RECORD), h, kh, key);
    }

    /**
     * Number of marks {@code 1..m} (from {@code slot0}) at most {@code key}; its complement ({@code ~count}, negative)
     * when one of them is unknown (an unknown mark, {@link Long#MIN_VALUE}, counts as at most). A count, not a
     * search: no branch to mispredict, no load waits on another.
     */
    private static int marksAtOrBelow(long[] marks, int slot0, int m, long key) {
        int k = 0;
        boolean unknown = false;
        for (int j = 1; j <= m; j++) {
            long mark = marks[slot0 + j];
            k += mark <= key ? 1 : 0;
            unknown |= mark == SeriesState.BlockIndex.UNKNOWN;
        }
        return unknown ? ~k : k;
    }

    /**
     * One interpolation probe in {@code [l, h)} (the only dependent miss, usually), then a walk of at most
     * {@link #WALK} records from it: their loads do not depend on each other, so the CPU overlaps them. When the
     * guess was far off, {@link #bisect} takes the rest. Returns the answer's index in the block.
     */
    private static int probeAndWalk(ByteBuffer buf, int off, int l, long kl, int h, long kh, long key) {
        if (h - l > 1) {
            double f = ((double) key - (double) kl) / ((double) kh - (double) kl);
            int g = l + (int) (f * (h - l));
            if (g <= l) {
                g = l + 1;
            } else if (g >= h) {
                g = h - 1;
            }
            if (buf.getLong(off + g * BlockLayout.RECORD) <= key) {
                int stop = Math.min(h, g + WALK);
                int j = g + 1;
                while (j < stop && buf.getLong(off + j * BlockLayout.RECORD) <= key) {
                    j++;
                }
                if (j < stop || stop == h) {
                    return j - 1;
                }
                l = stop - 1;
            } else {
                int stop = Math.max(l, g - WALK);
                int j = g - 1;
                while (j > stop && buf.getLong(off + j * BlockLayout.RECORD) > key) {
                    j--;
                }
                if (j > stop || stop == l) {
                    return j;
                }
                h = stop + 1;
            }
        }
        return bisect(buf, off, l, h, key);
    }

    /** The last record in {@code [l, h)} at most {@code key}, given {@code key(l) <= key < key(h)}, by bisection. */
    private static int bisect(ByteBuffer buf, int off, int l, int h, long key) {
        while (h - l > 1) {
            int m = (l + h) >>> 1;
            if (buf.getLong(off + m * BlockLayout.RECORD) <= key) {
                l = m;
            } else {
                h = m;
            }
        }
        return l;
    }

    /**
     * Index in {@code a[0, hi)} of the last key at most {@code key}, given {@code a[0] <= key < a[hi]}: interpolation
     * (block first keys grow almost linearly with the block number, so it lands within a block or two), then
     * bisection after {@link #INTERPOLATION_PROBES} probes. Touches a few cache lines instead of a full binary
     * search's dozen or so.
     */
    private static int lastAtOrBelow(long[] a, int hi, long key) {
        int l = 0;
        int h = hi;
        long kl = a[0];
        long kh = a[hi];
        int probes = 0;
        while (h - l > 1) {
            int g;
            if (probes++ < INTERPOLATION_PROBES) {
                double f = ((double) key - (double) kl) / ((double) kh - (double) kl);
                g = l + (int) (f * (h - l));
                if (g <= l) {
                    g = l + 1;
                } else if (g >= h) {
                    g = h - 1;
                }
            } else {
                g = (l + h) >>> 1;
            }
            long kg = a[g];
            if (kg <= key) {
                l = g;
                kl = kg;
            } else {
                h = g;
                kh = kg;
            }
        }
        return l;
    }

    /**
     * Number of the first {@code n} points with height at most {@code height}, searched on the records themselves
     * (used by recovery, where block first keys past the committed points may be stale).
     */
    long countAtOrBelowHeight(SeriesState s, long n, long height) {
        long lo = 0;
        long hi = n;
        while (lo < hi) {
            long mid = (lo + hi) >>> 1;
            if (readHeight(s, mid) <= height) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }
}
