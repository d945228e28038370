package io.assay.bench.store;

import io.assay.store.SeriesKey;
import io.assay.store.Store;
import io.assay.store.Stores;
import io.questdb.cairo.TableWriter;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Append to one series: each iteration appends {@link #POINTS} more points to the same store/table/map (one per
 * fork, starting empty), committing every 1,000 points (QuestDB: {@code TableWriter} rows + {@code commit()};
 * Assay: {@code append} + {@code commit}; both without fsync). Reported as time per point. A fixed amount per
 * iteration (32 MB of points; 800 MB per fork) stays within the page cache: sustained appends of new data beyond it
 * are bounded by the disk (255 MB/s here) for every contender.
 */
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 5)
@Measurement(iterations = 20)
@Fork(2)
public class AppendBench {
    static final int POINTS = 1_000_000;
    static final int BATCH = 1_000;

    @State(Scope.Thread)
    public static class AssayState {
        Path dir;
        Store store;
        int id;
        long h;
        long t = BenchData.T0;
        final byte[] hash = new byte[32];

        @Setup(Level.Trial)
        public void open() {
            dir = BenchData.tempDir("append-assay-");
            store = Stores.open(dir, BenchData.assayOptions());
            id = store.series(SeriesKey.parse(BenchData.SERIES));
            h = 0;
        }

        @TearDown(Level.Trial)
        public void close() {
            store.close();
            BenchData.delete(dir);
        }
    }

    @State(Scope.Thread)
    public static class QuestState {
        Path dir;
        QuestDb q;
        TableWriter w;
        long h;
        long t = BenchData.T0;

        @Setup(Level.Trial)
        public void open() {
            dir = BenchData.tempDir("append-questdb-");
            q = new QuestDb(dir);
            q.createAppendTable("append");
            w = q.writer("append");
            h = 0;
        }

        @TearDown(Level.Trial)
        public void close() {
            w.close();
            q.close();
            BenchData.delete(dir);
        }
    }

    @State(Scope.Thread)
    public static class ChronicleState {
        Path dir;
        NaiveChronicleTsdb m;
        long h;
        long t = BenchData.T0;

        @Setup(Level.Trial)
        public void open() {
            dir = BenchData.tempDir("append-chronicle-");
            m = NaiveChronicleTsdb.create(dir.resolve("points.cmap"), 26L * POINTS);
            h = 0;
        }

        @TearDown(Level.Trial)
        public void close() {
            m.close();
            BenchData.delete(dir);
        }
    }

    @Benchmark
    @OperationsPerInvocation(POINTS)
    public void assay(AssayState s) {
        for (int b = 0; b < POINTS / BATCH; b++) {
            for (int k = 0; k < BATCH; k++) {
                long h = ++s.h;
                s.t += 12_000;
                s.store.append(s.id, h, s.t, h >> 3, h * 0x9E3779B97F4A7C15L);
            }
            s.store.commit("chain", s.h, s.hash, s.t);
        }
    }

    @Benchmark
    @OperationsPerInvocation(POINTS)
    public void questdb(QuestState s) {
        TableWriter w = s.w;
        for (int b = 0; b < POINTS / BATCH; b++) {
            for (int k = 0; k < BATCH; k++) {
                long h = ++s.h;
                s.t += 12_000;
                TableWriter.Row r = w.newRow(s.t * 1000);
                r.putLong(0, h);
                r.putLong(1, h >> 3);
                r.putLong(2, h * 0x9E3779B97F4A7C15L);
                r.append();
            }
            w.commit();
        }
    }

    @Benchmark
    @OperationsPerInvocation(POINTS)
    public void chronicleMapNaive(ChronicleState s) {
        for (int k = 0; k < POINTS; k++) {
            long h = ++s.h;
            s.t += 12_000;
            s.m.put(0, h, s.t, h >> 3, h * 0x9E3779B97F4A7C15L);
        }
    }
}
