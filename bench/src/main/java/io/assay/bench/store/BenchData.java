package io.assay.bench.store;

import io.assay.store.Store;
import io.assay.store.StoreOptions;
import io.assay.store.Stores;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.SplittableRandom;
import java.util.stream.Stream;

/**
 * The shared data set: one series of {@link #POINTS} points (default ten million) with a point at every height,
 * block times 1-24,000 ms apart (12 s on average, like Ethereum) and random int128 values. Every contender stores
 * exactly these points; each copy is built once under {@code bench/target/data} (or {@code -Dassay.bench.dir}) and
 * reused by later forks and runs.
 */
public final class BenchData {
    public static final int POINTS = Integer.getInteger("assay.bench.points", 10_000_000);
    static final long T0 = 1_500_000_000_000L;
    static final int VERSION = 1;

    private BenchData() {
    }

    /** Generates the points in order; {@link #next()} advances to the next one. */
    static final class Gen {
        private final SplittableRandom r = new SplittableRandom(42);
        long height;
        long time = T0;
        long hi;
        long lo;

        void next() {
            height++;
            time += 1 + r.nextInt(24_000);
            hi = r.nextLong() >> 44;
            lo = r.nextLong();
        }
    }

    static long lastTime() {
        Gen g = new Gen();
        for (int i = 0; i < POINTS; i++) {
            g.next();
        }
        return g.time;
    }

    static long firstTime() {
        Gen g = new Gen();
        g.next();
        return g.time;
    }

    /** {@code n} (a power of two) query times, uniform over the series' time span. */
    static long[] queryTimes(int n, long seed) {
        long first = firstTime();
        long last = lastTime();
        SplittableRandom r = new SplittableRandom(seed);
        long[] t = new long[n];
        for (int i = 0; i < n; i++) {
            t[i] = first + r.nextLong(last - first + 1);
        }
        return t;
    }

    /** For each of {@code times}: the lo half of the value of the last point at or before it (0 if none). */
    static long[] expectedLo(long[] times) {
        long[] sorted = times.clone();
        java.util.Arrays.sort(sorted);
        java.util.Map<Long, Long> answer = new java.util.HashMap<>();
        Gen g = new Gen();
        long prevLo = 0;
        int k = 0;
        for (int i = 0; i < POINTS && k < sorted.length; i++) {
            g.next();
            while (k < sorted.length && sorted[k] < g.time) {
                answer.put(sorted[k++], prevLo);
            }
            prevLo = g.lo;
        }
        while (k < sorted.length) {
            answer.put(sorted[k++], prevLo);
        }
        long[] out = new long[times.length];
        for (int i = 0; i < times.length; i++) {
            out[i] = answer.get(times[i]);
        }
        return out;
    }

    /** Sum of the lo halves of the points with {@code from <= time <= to}. */
    static long expectedRangeSum(long from, long to) {
        Gen g = new Gen();
        long sum = 0;
        for (int i = 0; i < POINTS; i++) {
            g.next();
            if (g.time > to) {
                break;
            }
            if (g.time >= from) {
                sum += g.lo;
            }
        }
        return sum;
    }

    /** Throws unless {@code actual} answers like the generator at 256 times (a wrong contender is no contender). */
    static void check(String who, java.util.function.LongUnaryOperator actual) {
        long[] sample = queryTimes(256, 99);
        long[] want = expectedLo(sample);
        for (int i = 0; i < sample.length; i++) {
            long got = actual.applyAsLong(sample[i]);
            if (got != want[i]) {
                throw new IllegalStateException(who + ": value at time " + sample[i] + " is " + got + ", expected "
                        + want[i]);
            }
        }
    }

    static Path root() {
        return Path.of(System.getProperty("assay.bench.dir", "bench/target/data")).toAbsolutePath();
    }

    /** A data set directory: reused if its marker says it holds this data set, otherwise (re)built. */
    static Path dataset(String name, Builder builder) {
        Path dir = root().resolve(name);
        Path marker = root().resolve(name + ".ready");
        String want = "v" + VERSION + " points " + POINTS;
        try {
            if (Files.exists(marker) && Files.readString(marker).equals(want)) {
                return dir;
            }
            delete(dir);
            Files.createDirectories(dir);
            long t = System.nanoTime();
            builder.build(dir);
            System.out.printf("built %s data set (%,d points) in %.1f s%n", name, POINTS,
                    (System.nanoTime() - t) / 1e9);
            Files.writeString(marker, want);
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    interface Builder {
        void build(Path dir) throws IOException;
    }

    static void delete(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Path tempDir(String prefix) {
        try {
            Files.createDirectories(root());
            return Files.createTempDirectory(root(), prefix);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    // ---- the three copies ----

    static final String SERIES = "bench/chain/metric/s0";

    /** Assay options for benchmarks: commits reach the page cache (QuestDB's default commit mode is nosync too). */
    static StoreOptions assayOptions() {
        return StoreOptions.defaults().withBackend(StoreOptions.Backend.MMAP).withSync(StoreOptions.Sync.NONE)
                .withMaxReorgDepth(64);
    }

    static Path assay() {
        return dataset("assay-10m", dir -> {
            try (Store s = Stores.open(dir, assayOptions())) {
                int id = s.series(io.assay.store.SeriesKey.parse(SERIES));
                Gen g = new Gen();
                byte[] hash = new byte[32];
                for (int i = 0; i < POINTS; i++) {
                    g.next();
                    s.append(id, g.height, g.time, g.hi, g.lo);
                    if (g.height % 10_000 == 0 || i == POINTS - 1) {
                        s.commit("chain", g.height, hash, g.time);
                    }
                }
            }
        });
    }

    static Path questdb() {
        return dataset("questdb-10m", dir -> {
            try (QuestDb q = new QuestDb(dir)) {
                q.createSeriesTable("s10m");
                q.load("s10m", POINTS);
            }
        });
    }

    static Path chronicle() {
        return dataset("chronicle-10m", dir -> {
            try (NaiveChronicleTsdb m = NaiveChronicleTsdb.create(dir.resolve("points.cmap"), POINTS)) {
                Gen g = new Gen();
                for (int i = 0; i < POINTS; i++) {
                    g.next();
                    m.put(0, g.height, g.time, g.hi, g.lo);
                }
            }
        });
    }
}
