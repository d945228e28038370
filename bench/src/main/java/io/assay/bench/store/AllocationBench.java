package io.assay.bench.store;

import io.assay.store.Point;
import io.assay.store.SeriesKey;
import io.assay.store.Store;
import io.assay.store.Stores;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Allocation of Assay's hot paths under the GC profiler, in AverageTime mode (SampleTime and SingleShotTime
 * allocate for their own bookkeeping, which shows up as a fraction of a byte per operation):
 * {@code append} (plus a commit every 1,000 points; every 20M points the chain is rolled back to nothing so the store
 * stays in memory) and {@code valueAt} on the ten-million-point series.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class AllocationBench {
    @State(Scope.Thread)
    public static class Appender {
        Path dir;
        Store store;
        int id;
        long h;
        long t = BenchData.T0;
        final byte[] hash = new byte[32];

        @Setup(Level.Trial)
        public void open() {
            dir = BenchData.tempDir("alloc-");
            store = Stores.open(dir, BenchData.assayOptions().withMaxReorgDepth(Integer.MAX_VALUE));
            id = store.series(SeriesKey.parse(BenchData.SERIES));
        }

        @TearDown(Level.Trial)
        public void close() {
            store.close();
            BenchData.delete(dir);
        }
    }

    @State(Scope.Thread)
    public static class Reader {
        Store store;
        int id;
        final Point p = new Point();
        long[] times;
        int next;

        @Setup(Level.Trial)
        public void open() {
            store = Stores.open(BenchData.assay(), BenchData.assayOptions());
            id = store.find(SeriesKey.parse(BenchData.SERIES)).orElseThrow();
            times = BenchData.queryTimes(1 << 20, 7);
        }

        @TearDown(Level.Trial)
        public void close() {
            store.close();
        }
    }

    @Benchmark
    public boolean append(Appender a) {
        long h = ++a.h;
        a.t += 12_000;
        boolean changed = a.store.append(a.id, h, a.t, h >> 3, h * 0x9E3779B97F4A7C15L);
        if (h % 1_000 == 0) {
            a.store.commit("chain", h, a.hash, a.t);
            if (h == 20_000_000) {
                a.store.truncateAfter("chain", 0);
                a.h = 0;
            }
        }
        return changed;
    }

    @Benchmark
    public long valueAt(Reader r) {
        return r.store.valueAt(r.id, r.times[r.next++ & ((1 << 20) - 1)], r.p) ? r.p.value.lo() : 0;
    }
}
