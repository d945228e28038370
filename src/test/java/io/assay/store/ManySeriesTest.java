package io.assay.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** 100,000 series in one store: a handful of files and mappings, not one per series. */
class ManySeriesTest {
    static final int SERIES = 100_000;

    @TempDir
    Path dir;

    /** Open file descriptors of this process that point into {@code dir}. */
    static int openFilesUnder(Path dir) throws IOException {
        int n = 0;
        String prefix = dir.toRealPath().toString();
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(Path.of("/proc/self/fd"))) {
            for (Path fd : ds) {
                try {
                    if (Files.readSymbolicLink(fd).toString().startsWith(prefix)) {
                        n++;
                    }
                } catch (IOException gone) {
                    // closed while listing
                }
            }
        }
        return n;
    }

    /** Memory mappings of this process of files under {@code dir}. */
    static int mappingsUnder(Path dir) throws IOException {
        String prefix = dir.toRealPath().toString();
        List<String> maps = Files.readAllLines(Path.of("/proc/self/maps"));
        return (int) maps.stream().filter(l -> l.contains(prefix)).count();
    }

    @Test
    void hundredThousandSeriesUseAFewFilesAndMappings() throws IOException {
        int fdsBefore = Files.list(Path.of("/proc/self/fd")).toList().size();
        // default 64 MiB segments: 100,000 one- or two-point series fit in one
        try (Store s = Stores.open(dir, SeriesStoreTest.MMAP.withSegmentSize(64 << 20).withSync(StoreOptions.Sync.NONE))) {
            for (int i = 0; i < SERIES; i++) {
                int id = s.series(new SeriesKey("wbtc", "bitcoin", "reserve", "addr-" + i));
                assertEquals(i, id);
                s.append(id, 1, 1_000, Int128.of(i));
                if (i % 10 == 0) {
                    s.append(id, 2, 2_000, Int128.of(-i - 1));
                }
            }
            s.commit("bitcoin", 2, new byte[32], 2_000);
            int files = openFilesUnder(dir);
            int maps = mappingsUnder(dir);
            int fdsDuring = Files.list(Path.of("/proc/self/fd")).toList().size();
            System.out.println("100k series: " + files + " open files and " + maps + " mappings under the store, "
                    + (fdsDuring - fdsBefore) + " more descriptors in the process");
            assertTrue(files <= 8, files + " open files under the store");
            assertTrue(maps <= 8, maps + " mappings under the store");
            assertTrue(fdsDuring - fdsBefore <= 16, "process descriptors grew by " + (fdsDuring - fdsBefore));
            Point p = new Point();
            for (int i = 0; i < SERIES; i += 997) {
                assertTrue(s.valueAt(i, 1_500, p));
                assertEquals(i, p.value.lo());
                assertTrue(s.latest(i, p));
                assertEquals(i % 10 == 0 ? -i - 1 : i, p.valueAsBigInteger().longValueExact());
            }
        }
        try (Store s = Stores.open(dir, SeriesStoreTest.MMAP.withSegmentSize(64 << 20))) {
            assertEquals(SERIES, s.list("wbtc/bitcoin/").size());
            Point p = new Point();
            assertTrue(s.latest(SERIES - 10, p));
            assertEquals(-(SERIES - 10) - 1, p.valueAsBigInteger().longValueExact());
            VerifyReport v = s.verify();
            assertTrue(v.ok(), v.problems().toString());
            assertEquals(SERIES, v.series());
            assertEquals(SERIES + SERIES / 10, v.points());
        }
    }
}
