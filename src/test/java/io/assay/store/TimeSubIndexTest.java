package io.assay.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The in-memory time sub-index ({@link SeriesState.BlockIndex#marks}): opening reads no point (every mark unknown),
 * searches fill the marks of the blocks they visit, and every known mark equals the data through appends, rollbacks,
 * dropped uncommitted points and reopening; {@code valueAt} agrees with a brute-force scan throughout.
 */
class TimeSubIndexTest {
    static final StoreOptions OPTIONS = SeriesStoreTest.MMAP.withMaxReorgDepth(100_000);
    static final String KEY = "a/c/m/s";

    @TempDir
    Path dir;

    /** Heights and times of the committed points, in order (the brute-force model). */
    long[] hs = new long[0];
    long[] ts = new long[0];
    int n;

    private void append(Store s, int id, Random r, int count, int maxGap) {
        long h = n == 0 ? 0 : hs[n - 1];
        long t = n == 0 ? 1_600_000_000_000L : ts[n - 1];
        hs = Arrays.copyOf(hs, n + count);
        ts = Arrays.copyOf(ts, n + count);
        for (int i = 0; i < count; i++) {
            h += 1;
            t += r.nextInt(5) == 0 ? 0 : 1 + r.nextInt(maxGap); // runs of equal times too
            assertTrue(s.append(id, h, t, h, -h));
            hs[n] = h;
            ts[n] = t;
            n++;
            if (r.nextInt(50) == 0) {
                s.commit("c", h, SeriesStoreTest.HASH, t);
            }
        }
        s.commit("c", h, SeriesStoreTest.HASH, t);
    }

    private void truncate(Store s, long height) {
        long to = s.truncateAfter("c", height); // the newest commit at or below height
        int keep = 0;
        while (keep < n && hs[keep] <= to) {
            keep++;
        }
        n = keep;
    }

    /** Marked committed points whose slot is known; fails on a known slot that is not the point's time. */
    private int knownMarks(Store s, int id) {
        SeriesState st = ((MappedStore) s).seriesArray()[id];
        assertEquals(n, st.committedAcquire());
        int known = 0;
        for (int i = 0; i < n; i++) {
            if (BlockLayout.marked(i)) {
                long mark = st.index.marks[BlockLayout.markSlot(i)];
                if (mark != SeriesState.BlockIndex.UNKNOWN) {
                    assertEquals(ts[i], mark, "mark of point " + i);
                    known++;
                }
            }
        }
        return known;
    }

    /** Every known mark holds its point's time; every valueAt answer equals the brute-force one. */
    private void check(Store s, int id, Random r) {
        knownMarks(s, id);
        assertTrue(s.verify().ok(), () -> s.verify().problems().toString());
        Point p = new Point();
        for (int q = 0; q < 4_000; q++) {
            long time = q % 3 == 0 ? ts[r.nextInt(n)] + r.nextInt(3) - 1
                    : ts[0] - 5 + (long) (r.nextDouble() * (ts[n - 1] - ts[0] + 10));
            int expect = -1;
            for (int i = 0; i < n && ts[i] <= time; i++) {
                expect = i;
            }
            assertEquals(expect >= 0, s.valueAt(id, time, p), "time " + time);
            if (expect >= 0) {
                assertEquals(hs[expect], p.height, "time " + time);
                assertEquals(ts[expect], p.time, "time " + time);
            }
        }
        assertTrue(n < 200 || knownMarks(s, id) > 0, "points " + n + " but no mark known after the searches");
    }

    @Test
    void subIndexFollowsAppendsRollbacksDroppedPointsAndReopen() {
        Random r = new Random(7);
        int id;
        try (Store s = Stores.open(dir, OPTIONS)) {
            id = s.series(SeriesKey.parse(KEY));
            append(s, id, r, 9_000, 24_000);
            check(s, id, r);
            // cut into the middle of a block and refill it with other times (much larger gaps): stale marks would lie
            truncate(s, hs[5_000 - 7]);
            check(s, id, r);
            append(s, id, r, 3_000, 2_000_000);
            check(s, id, r);
            truncate(s, hs[100]); // back into the growing blocks
            append(s, id, r, 2_500, 500);
            check(s, id, r);
            // uncommitted points past the checkpoint: dropped at reopen
            long h = hs[n - 1];
            long t = ts[n - 1];
            for (int i = 1; i <= 300; i++) {
                s.append(id, h + i, t + i * 7_000_000L, 1, i);
            }
        }
        try (Store s = Stores.open(dir, OPTIONS)) {
            assertEquals(0, knownMarks(s, id), "opening reads no point: every mark is unknown");
            check(s, id, r);
            truncate(s, hs[n / 2]);
            append(s, id, r, 1_000, 100);
        }
        try (Store s = Stores.open(dir, OPTIONS)) {
            check(s, id, r);
        }
    }

    /**
     * The sub-index only guides the search: with every mark overwritten by garbage (never "unknown", so the search uses
     * it as it is; rewritten every 200 queries), answers stay exact; with every mark "unknown", searches fill them
     * again from the records.
     */
    @Test
    void garbageMarksSlowTheSearchButNeverChangeAnswers() {
        Random r = new Random(11);
        try (Store s = Stores.open(dir, OPTIONS)) {
            int id = s.series(SeriesKey.parse(KEY));
            append(s, id, r, 6_000, 24_000);
            long[] marks = ((MappedStore) s).seriesArray()[id].index.marks;
            long span = ts[n - 1] - ts[0];
            Point p = new Point();
            for (int q = 0; q < 20_000; q++) {
                if (q % 200 == 0) {
                    for (int i = 0; i < marks.length; i++) {
                        marks[i] = switch ((i + q / 200) % 5) {
                            case 0 -> r.nextLong() | 1; // odd: never UNKNOWN (Long.MIN_VALUE is even)
                            case 1 -> ts[0] + (long) (r.nextDouble() * span);
                            case 2 -> Long.MIN_VALUE + 1;
                            case 3 -> Long.MAX_VALUE;
                            default -> ts[0];
                        };
                    }
                }
                long time = q % 3 == 0 ? ts[r.nextInt(n)] : ts[0] - 5 + (long) (r.nextDouble() * (span + 10));
                assertExact(s, id, p, time);
                for (long m : marks) {
                    assertNotEquals(SeriesState.BlockIndex.UNKNOWN, m, "garbage stays garbage: nothing refilled it");
                }
            }
            // every mark unknown: searches fill them from the records, equal to the data
            java.util.Arrays.fill(marks, SeriesState.BlockIndex.UNKNOWN);
            for (int q = 0; q < 4_000; q++) {
                assertExact(s, id, p, ts[0] - 5 + (long) (r.nextDouble() * (span + 10)));
            }
            assertTrue(knownMarks(s, id) > 50, "searches filled the marks of the blocks they visited");
        }
    }

    private void assertExact(Store s, int id, Point p, long time) {
        int expect = -1;
        for (int i = 0; i < n && ts[i] <= time; i++) {
            expect = i;
        }
        assertEquals(expect >= 0, s.valueAt(id, time, p), "time " + time);
        if (expect >= 0) {
            assertEquals(hs[expect], p.height, "time " + time);
        }
    }
}
