package io.assay.bench.store;

import io.assay.store.SeriesCursor;
import io.assay.store.SeriesKey;
import io.assay.store.Store;
import io.assay.store.Stores;
import io.questdb.cairo.sql.Record;
import io.questdb.cairo.sql.RecordCursor;
import io.questdb.cairo.sql.RecordCursorFactory;
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
 * Range scan of the ten-million-point series: all points (height, time, value) in a window of 12,000 s (about 1,000
 * points) starting at a random time, summing their values. Time per scan.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(2)
@State(Scope.Thread)
public class RangeScanBench {
    static final long WINDOW = 1_000 * 12_000L;
    static final int MASK = (1 << 16) - 1;
    long[] starts;
    int next;

    @Setup(Level.Trial)
    public void starts() {
        starts = BenchData.queryTimes(MASK + 1, 11);
    }

    long nextStart() {
        return starts[next++ & MASK];
    }

    static void check(String who, java.util.function.LongUnaryOperator sumFrom) {
        long[] sample = BenchData.queryTimes(4, 5);
        for (long from : sample) {
            long want = BenchData.expectedRangeSum(from, from + WINDOW);
            long got = sumFrom.applyAsLong(from);
            if (got != want) {
                throw new IllegalStateException(who + ": range sum from " + from + " is " + got + ", expected " + want);
            }
        }
    }

    @State(Scope.Thread)
    public static class AssayState {
        Store store;
        int id;
        long blackhole;

        @Setup(Level.Trial)
        public void open() {
            store = Stores.open(BenchData.assay(), BenchData.assayOptions());
            id = store.find(SeriesKey.parse(BenchData.SERIES)).orElseThrow();
            check("assay", this::sum);
        }

        long sum(long from) {
            long sum = 0;
            long other = 0;
            try (SeriesCursor c = store.range(id, from, from + WINDOW)) {
                while (c.next()) {
                    io.assay.store.Point p = c.point();
                    other += p.height ^ p.value.hi() ^ p.time;
                    sum += p.value.lo();
                }
            }
            blackhole = other;
            return sum;
        }

        @TearDown(Level.Trial)
        public void close() {
            store.close();
        }
    }

    @State(Scope.Thread)
    public static class QuestState {
        QuestDb q;
        RecordCursorFactory range;
        long blackhole;

        @Setup(Level.Trial)
        public void open() {
            q = new QuestDb(BenchData.questdb());
            range = q.compile("SELECT h, hi, lo, ts FROM s10m WHERE ts >= $1 AND ts <= $2", 2);
            check("questdb", this::sum);
        }

        long sum(long from) {
            q.bind(0, from * 1000);
            q.bind(1, (from + WINDOW) * 1000);
            long sum = 0;
            long other = 0;
            try (RecordCursor c = q.cursor(range)) {
                Record r = c.getRecord();
                while (c.hasNext()) {
                    other += r.getLong(0) ^ r.getLong(1) ^ r.getTimestamp(3); // read whole points, as the others do
                    sum += r.getLong(2);
                }
            }
            blackhole = other;
            return sum;
        }

        @TearDown(Level.Trial)
        public void close() {
            range.close();
            q.close();
        }
    }

    @State(Scope.Thread)
    public static class ChronicleState {
        NaiveChronicleTsdb m;

        @Setup(Level.Trial)
        public void open() {
            m = NaiveChronicleTsdb.create(BenchData.chronicle().resolve("points.cmap"), BenchData.POINTS);
            check("chronicle map", from -> m.rangeSum(0, BenchData.POINTS, from, from + WINDOW));
        }

        @TearDown(Level.Trial)
        public void close() {
            m.close();
        }
    }

    @Benchmark
    public long assay(AssayState s) {
        return s.sum(nextStart());
    }

    @Benchmark
    public long questdb(QuestState s) {
        return s.sum(nextStart());
    }

    @Benchmark
    public long chronicleMapNaive(ChronicleState s) {
        long from = nextStart();
        return s.m.rangeSum(0, BenchData.POINTS, from, from + WINDOW);
    }
}
