package io.assay.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The background filler writes zeros ahead of allocation while writers allocate as fast as they can: no zero may
 * land on a block. Small segments make fills and blocks meet at segment edges often.
 */
class PrefillTest {
    @TempDir
    Path dir;

    @Test
    void zerosNeverLandOnWrittenPoints() throws Exception {
        int points = 1_500_000;
        int side = 2_000;
        StoreOptions opts = SeriesStoreTest.MMAP.withSync(StoreOptions.Sync.NONE);
        try (Store s = Stores.open(dir, opts)) {
            int big = s.series(SeriesKey.parse("p/c/m/big"));
            int[] small = new int[side];
            for (int i = 0; i < side; i++) {
                small[i] = s.series(SeriesKey.parse("p/c/m/s" + i));
            }
            for (int h = 1; h <= points; h++) {
                s.append(big, h, h, h, ~h);
                if (h % 700 == 0) {
                    int i = (h / 700) % side;
                    s.append(small[i], h, h, -h, h);
                }
                if (h % 5000 == 0) {
                    s.commit("c", h, new byte[0], h);
                }
            }
            s.commit("c", points + 1, new byte[0], points + 1);
            long n = 0;
            try (SeriesCursor c = s.range(big, Long.MIN_VALUE, Long.MAX_VALUE)) {
                while (c.next()) {
                    n++;
                    Point p = c.point();
                    if (p.height != n || p.time != n || p.value.hi() != n || p.value.lo() != ~n) {
                        throw new AssertionError("point " + n + " reads " + p);
                    }
                }
            }
            assertEquals(points, n);
            VerifyReport v = s.verify();
            assertTrue(v.ok(), v.problems().toString());
            assertEquals(points + points / 700, v.points());
            long used = (long) points * 32 + (long) (points / 700) * 32;
            long size = Files.size(dir.resolve("series/data.dat"));
            assertTrue(size < used * 2 + (64 << 20), "data file " + size + " bytes for " + used + " bytes of points");
        }
    }
}
