package io.assay.bench.store;

import io.assay.store.Point;
import io.assay.store.SeriesKey;
import io.assay.store.Store;
import io.assay.store.Stores;
import io.questdb.cairo.sql.RecordCursor;
import io.questdb.cairo.sql.RecordCursorFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteOrder;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.StandardOpenOption;
import java.util.SplittableRandom;
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
 * As-of lookup on the ten-million-point series at uniformly random times: "the value at time T" (the last point with
 * {@code time <= T}). Latency per lookup, sampled (percentiles).
 *
 * <p>{@code floorRandomRead} is no contender but the floor of any as-of lookup on this machine: one 8-byte read at a
 * uniformly random record of Assay's 10M-point data file (a mapped file of about 320 MB, far beyond the caches and
 * the TLB's reach), with no search at all. Every contender needs at least one such access per lookup.
 */
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(2)
@State(Scope.Thread)
public class ValueAtBench {
    static final int MASK = (1 << 20) - 1;
    long[] times;
    int next;

    @Setup(Level.Trial)
    public void times() {
        times = BenchData.queryTimes(MASK + 1, 7);
    }

    long nextTime() {
        return times[next++ & MASK];
    }

    @State(Scope.Thread)
    public static class AssayState {
        Store store;
        int id;
        final Point p = new Point();

        @Setup(Level.Trial)
        public void open() {
            store = Stores.open(BenchData.assay(), BenchData.assayOptions());
            id = store.find(SeriesKey.parse(BenchData.SERIES)).orElseThrow();
            BenchData.check("assay", t -> store.valueAt(id, t, p) ? p.value.lo() : 0);
        }

        @TearDown(Level.Trial)
        public void close() {
            store.close();
        }
    }

    @State(Scope.Thread)
    public static class QuestState {
        QuestDb q;
        RecordCursorFactory limitLast;
        RecordCursorFactory latestOn;

        @Setup(Level.Trial)
        public void open() {
            q = new QuestDb(BenchData.questdb());
            limitLast = q.compile("SELECT h, hi, lo, ts FROM s10m WHERE ts <= $1 LIMIT -1", 1);
            latestOn = q.compile("SELECT h, hi, lo, ts FROM s10m WHERE ts <= $1 LATEST ON ts PARTITION BY s", 1);
            BenchData.check("questdb LIMIT -1", t -> query(limitLast, t));
            BenchData.check("questdb LATEST ON", t -> query(latestOn, t));
        }

        long query(RecordCursorFactory f, long time) {
            q.bind(0, time * 1000);
            try (RecordCursor c = q.cursor(f)) {
                return c.hasNext() ? c.getRecord().getLong(2) : 0;
            }
        }

        @TearDown(Level.Trial)
        public void close() {
            limitLast.close();
            latestOn.close();
            q.close();
        }
    }

    @State(Scope.Thread)
    public static class ChronicleState {
        NaiveChronicleTsdb m;

        @Setup(Level.Trial)
        public void open() {
            m = NaiveChronicleTsdb.create(BenchData.chronicle().resolve("points.cmap"), BenchData.POINTS);
            BenchData.check("chronicle map", t -> m.valueAt(0, BenchData.POINTS, t));
        }

        @TearDown(Level.Trial)
        public void close() {
            m.close();
        }
    }

    @State(Scope.Thread)
    public static class FloorState {
        MappedByteBuffer data;
        int[] offsets;

        @Setup(Level.Trial)
        public void open() {
            java.nio.file.Path f = BenchData.assay().resolve("series").resolve("data.dat");
            try (FileChannel ch = FileChannel.open(f, StandardOpenOption.READ)) {
                data = ch.map(FileChannel.MapMode.READ_ONLY, 0, ch.size());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            data.order(ByteOrder.LITTLE_ENDIAN);
            long records = Math.min(BenchData.POINTS, (data.capacity() - 4096L) / 32);
            SplittableRandom r = new SplittableRandom(11);
            offsets = new int[MASK + 1];
            for (int i = 0; i < offsets.length; i++) {
                offsets[i] = (int) (4096 + 32 * r.nextLong(records));
            }
        }
    }

    @Benchmark
    public long floorRandomRead(FloorState s) {
        return s.data.getLong(s.offsets[next++ & MASK]);
    }

    @Benchmark
    public long assay(AssayState s) {
        return s.store.valueAt(s.id, nextTime(), s.p) ? s.p.value.lo() : 0;
    }

    @Benchmark
    public long questdbLimitLast(QuestState s) {
        return s.query(s.limitLast, nextTime());
    }

    @Benchmark
    public long questdbLatestOn(QuestState s) {
        return s.query(s.latestOn, nextTime());
    }

    @Benchmark
    public long chronicleMapNaive(ChronicleState s) {
        return s.m.valueAt(0, BenchData.POINTS, nextTime());
    }
}
