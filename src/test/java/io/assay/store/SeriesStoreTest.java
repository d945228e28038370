package io.assay.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SeriesStoreTest {
    static final StoreOptions MMAP = StoreOptions.defaults().withBackend(StoreOptions.Backend.MMAP)
            .withSegmentSize(1 << 20);
    static final byte[] HASH = new byte[32];

    @TempDir
    Path dir;

    static List<Point> all(Store s, int id) {
        List<Point> out = new ArrayList<>();
        try (SeriesCursor c = s.range(id, Long.MIN_VALUE, Long.MAX_VALUE)) {
            while (c.next()) {
                out.add(c.point().copy());
            }
        }
        return out;
    }

    @Test
    void pointsBecomeVisibleOnlyAtCommit() {
        try (Store s = Stores.open(dir, MMAP)) {
            int id = s.series(SeriesKey.parse("wbtc/ethereum/supply/_total"));
            assertTrue(s.append(id, 10, 1_000, BigInteger.valueOf(5)));
            Point p = new Point();
            assertFalse(s.latest(id, p));
            assertFalse(s.valueAt(id, Long.MAX_VALUE, p));
            s.commit("ethereum", 10, HASH, 1_000);
            assertTrue(s.latest(id, p));
            assertEquals(10, p.height);
            assertEquals(1_000, p.time);
            assertEquals(BigInteger.valueOf(5), p.valueAsBigInteger());
            assertEquals(10, s.checkpoint("ethereum").orElseThrow().height());
        }
    }

    @Test
    void valueAtIsTheLastPointAtOrBeforeTimeAmongEqualTimes() {
        try (Store s = Stores.open(dir, MMAP)) {
            int id = s.series(SeriesKey.parse("a/c/m/s"));
            // heights 1..3 share time 100; heights 4, 5 at 200
            for (int h = 1; h <= 5; h++) {
                s.append(id, h, h <= 3 ? 100 : 200, Int128.of(h * 10L));
                s.commit("c", h, HASH, h <= 3 ? 100 : 200);
            }
            Point p = new Point();
            assertFalse(s.valueAt(id, 99, p), "before the first point");
            assertTrue(s.valueAt(id, 100, p));
            assertEquals(3, p.height);
            assertEquals(BigInteger.valueOf(30), p.valueAsBigInteger());
            assertTrue(s.valueAt(id, 199, p));
            assertEquals(3, p.height);
            assertTrue(s.valueAt(id, 200, p));
            assertEquals(5, p.height);
            assertTrue(s.valueAt(id, Long.MAX_VALUE, p));
            assertEquals(5, p.height);
            assertFalse(s.valueAt(id, Long.MIN_VALUE, p));
            assertTrue(s.valueAtHeight(id, 4, p));
            assertEquals(BigInteger.valueOf(40), p.valueAsBigInteger());
            assertFalse(s.valueAtHeight(id, 0, p));
        }
    }

    @Test
    void pointsAreWrittenOnlyWhenTheValueChanges() {
        try (Store s = Stores.open(dir, MMAP)) {
            int id = s.series(SeriesKey.parse("a/c/m/s"));
            assertTrue(s.append(id, 1, 10, Int128.of(7)));
            assertFalse(s.append(id, 2, 20, Int128.of(7)));
            assertTrue(s.append(id, 3, 30, Int128.of(8)));
            s.commit("c", 3, HASH, 30);
            assertFalse(s.append(id, 4, 40, Int128.of(8)), "equal to the committed latest value");
            s.commit("c", 4, HASH, 40);
            List<Point> pts = all(s, id);
            assertEquals(2, pts.size());
            Point p = new Point();
            assertTrue(s.valueAt(id, 25, p));
            assertEquals(1, p.height, "height 2 repeated the value and left no point");
        }
    }

    @Test
    void secondAppendAtTheSameHeightReplacesTheOpenPoint() {
        try (Store s = Stores.open(dir, MMAP)) {
            int id = s.series(SeriesKey.parse("a/c/m/s"));
            s.append(id, 1, 10, Int128.of(1));
            s.commit("c", 1, HASH, 10);
            assertTrue(s.append(id, 2, 20, Int128.of(5)));
            assertTrue(s.append(id, 2, 20, Int128.of(6)), "replaces");
            assertFalse(s.append(id, 2, 20, Int128.of(6)), "same value");
            assertThrows(IllegalArgumentException.class, () -> s.append(id, 2, 21, Int128.of(9)), "other time");
            s.commit("c", 2, HASH, 20);
            assertEquals(List.of("(1, 10, 1)", "(2, 20, 6)"), all(s, id).stream().map(Point::toString).toList());
            assertTrue(s.append(id, 3, 30, Int128.of(7)));
            assertTrue(s.append(id, 3, 30, Int128.of(6)), "back to the predecessor's value drops the point");
            s.commit("c", 3, HASH, 30);
            assertEquals(2, all(s, id).size());
        }
    }

    @Test
    void badWritesAreRefusedWithoutChangingTheSeries() {
        try (Store s = Stores.open(dir, MMAP)) {
            int id = s.series(SeriesKey.parse("a/c/m/s"));
            s.append(id, 5, 50, Int128.of(1));
            s.commit("c", 5, HASH, 50);
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> s.append(id, 5, 60, Int128.of(2)));
            assertTrue(e.getMessage().contains("checkpoint"), e.getMessage());
            s.append(id, 7, 70, Int128.of(2));
            assertThrows(IllegalArgumentException.class, () -> s.append(id, 6, 80, Int128.of(3)), "height back");
            assertThrows(IllegalArgumentException.class, () -> s.append(id, 8, 69, Int128.of(3)), "time back");
            assertThrows(IllegalArgumentException.class, () -> s.append(99, 8, 80, 0, 1), "unknown id");
            assertThrows(IllegalArgumentException.class, () -> s.commit("c", 6, HASH, 60),
                    "a point at 7 is above the commit height");
            assertThrows(IllegalArgumentException.class, () -> s.commit("c", 5, HASH, 60), "not above checkpoint");
            assertThrows(IllegalArgumentException.class, () -> s.commit("c", 9, new byte[33], 60), "hash too long");
            s.commit("c", 7, HASH, 70);
            assertEquals(2, all(s, id).size());
        }
    }

    @Test
    void int128ExtremesRoundTrip() {
        BigInteger two64 = BigInteger.ONE.shiftLeft(64);
        List<BigInteger> values = List.of(BigInteger.ONE.shiftLeft(127).negate(), BigInteger.valueOf(-1),
                two64.negate(), BigInteger.ZERO, two64, two64.add(BigInteger.ONE),
                BigInteger.valueOf(Long.MAX_VALUE).add(BigInteger.ONE), new BigInteger("-123456789012345678901234567890"),
                BigInteger.ONE.shiftLeft(127).subtract(BigInteger.ONE));
        try (Store s = Stores.open(dir, MMAP)) {
            int id = s.series(SeriesKey.parse("a/c/m/s"));
            for (int i = 0; i < values.size(); i++) {
                s.append(id, i + 1, 1000L * (i + 1), values.get(i));
            }
            s.commit("c", values.size(), HASH, 1000L * values.size());
        }
        try (Store s = Stores.open(dir, MMAP)) {
            int id = s.find(SeriesKey.parse("a/c/m/s")).orElseThrow();
            List<Point> pts = all(s, id);
            assertEquals(values, pts.stream().map(Point::valueAsBigInteger).toList());
            assertThrows(ArithmeticException.class, () -> s.append(id, 100, 100_000, BigInteger.ONE.shiftLeft(127)));
        }
    }

    @Test
    void rangeIncludesBothBoundsAndStopsAtTheEnd() {
        try (Store s = Stores.open(dir, MMAP)) {
            int id = s.series(SeriesKey.parse("a/c/m/s"));
            for (int h = 1; h <= 100; h++) {
                s.append(id, h, h * 10L, Int128.of(h));
            }
            s.commit("c", 100, HASH, 1000);
            assertEquals(List.of(5L, 6L, 7L), heights(s.range(id, 50, 70)));
            assertEquals(List.of(5L, 6L, 7L), heights(s.range(id, 41, 79)));
            assertEquals(List.of(), heights(s.range(id, 41, 49)));
            assertEquals(List.of(), heights(s.range(id, 70, 50)));
            assertEquals(List.of(1L), heights(s.range(id, Long.MIN_VALUE, 10)));
            assertEquals(List.of(100L), heights(s.range(id, 1000, Long.MAX_VALUE)));
            assertEquals(List.of(), heights(s.range(id, 1001, Long.MAX_VALUE)));
            assertEquals(100, heights(s.range(id, Long.MIN_VALUE, Long.MAX_VALUE)).size());
        }
    }

    private static List<Long> heights(SeriesCursor c) {
        List<Long> out = new ArrayList<>();
        while (c.next()) {
            out.add(c.point().height);
        }
        return out;
    }

    /** Thousands of points across many blocks with runs of equal times; every answer checked by brute force. */
    @Test
    void searchesAgreeWithBruteForceAcrossManyBlocks() {
        Random r = new Random(42);
        int n = 20_000;
        long[] hs = new long[n];
        long[] ts = new long[n];
        try (Store s = Stores.open(dir, MMAP)) {
            int id = s.series(SeriesKey.parse("a/c/m/s"));
            long h = 0;
            long t = 1_600_000_000_000L;
            for (int i = 0; i < n; i++) {
                h += 1 + r.nextInt(i % 1000 < 500 ? 2 : 50);
                t += r.nextInt(4) == 0 ? 0 : r.nextInt(i % 3000 < 100 ? 1_000_000 : 20_000);
                hs[i] = h;
                ts[i] = t;
                assertTrue(s.append(id, h, t, i + 1L, -i));
                if (i % 97 == 0 || i == n - 1) {
                    s.commit("c", h, HASH, t);
                }
            }
            Point p = new Point();
            for (int q = 0; q < 50_000; q++) {
                long time = ts[0] - 10 + (long) (r.nextDouble() * (ts[n - 1] - ts[0] + 20));
                if (q % 5 == 0) {
                    time = ts[r.nextInt(n)];
                }
                int expect = -1;
                for (int i = 0; i < n && ts[i] <= time; i++) {
                    expect = i;
                }
                assertEquals(expect >= 0, s.valueAt(id, time, p), "time " + time);
                if (expect >= 0) {
                    assertEquals(hs[expect], p.height, "time " + time);
                    assertEquals(expect + 1L, p.value.hi());
                }
                long height = hs[0] - 1 + (long) (r.nextDouble() * (hs[n - 1] - hs[0] + 3));
                int eh = -1;
                for (int i = 0; i < n && hs[i] <= height; i++) {
                    eh = i;
                }
                assertEquals(eh >= 0, s.valueAtHeight(id, height, p), "height " + height);
                if (eh >= 0) {
                    assertEquals(hs[eh], p.height);
                    assertEquals(ts[eh], p.time);
                }
            }
            assertTrue(s.verify().ok());
            assertEquals(n, s.verify().points());
        }
    }

    @Test
    void reopenAfterCleanCloseKeepsCommittedAndDropsUncommittedWrites() {
        try (Store s = Stores.open(dir, MMAP)) {
            int a = s.series(SeriesKey.parse("x/c/m/a"));
            int b = s.series(SeriesKey.parse("x/d/m/b"));
            s.append(a, 1, 10, Int128.of(1));
            s.append(b, 1, 10, Int128.of(2));
            s.commit("c", 1, new byte[] {1, 2, 3}, 10);
            s.commit("d", 1, new byte[] {4}, 10);
            s.append(a, 2, 20, Int128.of(3)); // never committed
            s.append(b, 2, 20, Int128.of(4));
            s.commit("d", 2, new byte[] {5}, 20);
        }
        try (Store s = Stores.open(dir, MMAP)) {
            assertEquals(List.of("c", "d"), s.chains());
            Checkpoint c = s.checkpoint("c").orElseThrow();
            assertEquals(1, c.height());
            assertEquals("010203", c.hashHex());
            assertEquals(2, s.checkpoint("d").orElseThrow().height());
            int a = s.find(SeriesKey.parse("x/c/m/a")).orElseThrow();
            int b = s.find(SeriesKey.parse("x/d/m/b")).orElseThrow();
            assertEquals(1, all(s, a).size());
            assertEquals(2, all(s, b).size());
            assertEquals(SeriesKey.parse("x/d/m/b"), s.key(b));
            assertEquals(List.of(SeriesKey.parse("x/c/m/a")), s.list("x/c/"));
            assertTrue(s.append(a, 2, 20, Int128.of(9)), "the dropped point's place is reused");
            s.commit("c", 2, HASH, 20);
            assertEquals(BigInteger.valueOf(9), all(s, a).get(1).valueAsBigInteger());
            assertTrue(s.verify().ok(), s.verify().problems().toString());
        }
    }

    @Test
    void aSecondOpenOfTheSameDirectoryFails() {
        try (Store s = Stores.open(dir, MMAP)) {
            StoreException e = assertThrows(StoreException.class, () -> Stores.open(dir, MMAP));
            assertTrue(e.getMessage().contains("store.lock"), e.getMessage());
        }
    }

    @Test
    void catalogIdsAreDenseAndStable() {
        try (Store s = Stores.open(dir, MMAP)) {
            assertEquals(0, s.series(SeriesKey.parse("a/c/m/s0")));
            assertEquals(1, s.series(SeriesKey.parse("a/c/m/s1")));
            assertEquals(0, s.series(SeriesKey.parse("a/c/m/s0")));
            assertTrue(s.find(SeriesKey.parse("a/c/m/zz")).isEmpty());
            assertThrows(IllegalArgumentException.class, () -> s.key(5));
            assertThrows(IllegalArgumentException.class, () -> SeriesKey.parse("a/../m/s"));
        }
    }
}
