package io.assay.store;

import java.nio.ByteBuffer;

/**
 * Point-level reads and writes of series over {@link SeriesFiles}. The hot paths ({@link #write}, {@link #search},
 * {@link #read}) allocate nothing: primitives in, a caller-owned {@link Point} out.
 *
 * <p>Search: a binary search over the in-memory first key of each block (at most ~10,000 blocks for ten million
 * points), then an interpolation search inside one block of at most 1,024 records: block times grow almost linearly,
 * so the first guess usually lands on the answer and a second probe, in the same or next cache line, confirms it.
 * After three interpolation probes the search falls back to bisection, bounding the worst case.
 */
final class SeriesIo {
    static final int HEIGHT = 0;
    static final int TIME = 8;
    private static final int INTERPOLATION_PROBES = 3;

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

    /** Writes point {@code i} (allocating its block when it is the first point of a new block). */
    void write(SeriesState s, long i, long height, long time, long hi, long lo) {
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
        long a = ix.addr[b] + (i - start) * BlockLayout.RECORD;
        ByteBuffer buf = data.chunk(a);
        int off = data.offset(a);
        buf.putLong(off, height);
        buf.putLong(off + 8, time);
        buf.putLong(off + 16, hi);
        buf.putLong(off + 24, lo);
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
     * most {@code key}, or -1. Keys are non-decreasing in index order.
     */
    long search(SeriesState s, long n, long key, int field) {
        if (n <= 0) {
            return -1;
        }
        SeriesState.BlockIndex ix = s.index;
        long[] first = field == TIME ? ix.firstTime : ix.firstHeight;
        if (first[0] > key) {
            return -1;
        }
        int nb = BlockLayout.blocksFor(n);
        int lo = 0;
        int hi = nb - 1;
        while (lo < hi) {
            int mid = (lo + hi + 1) >>> 1;
            if (first[mid] <= key) {
                lo = mid;
            } else {
                hi = mid - 1;
            }
        }
        int b = lo;
        long start = BlockLayout.start(b);
        int cnt = (int) Math.min(BlockLayout.capacity(b), n - start);
        long base = ix.addr[b];
        ByteBuffer buf = data.chunk(base);
        int off = data.offset(base) + field;
        int l = 0;
        long kl = first[b];
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
        // invariant: key(l) <= key < key(h)
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
            long kg = buf.getLong(off + g * BlockLayout.RECORD);
            if (kg <= key) {
                l = g;
                kl = kg;
            } else {
                h = g;
                kh = kg;
            }
        }
        return start + l;
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
