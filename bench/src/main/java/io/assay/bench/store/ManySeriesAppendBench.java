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
 * Many-series append: 100,000 series (say, tracked addresses); a block changes every series once and is then
 * committed. One store/table/map per fork, loaded with {@link #BEFORE} blocks in setup; each iteration appends
 * {@link #BLOCKS} more blocks (one million points). Reported as time per point.
 */
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 5)
@Measurement(iterations = 15)
@Fork(2)
public class ManySeriesAppendBench {
    static final int SERIES = 100_000;
    static final int BEFORE = 20;
    static final int BLOCKS = 10;

    @State(Scope.Thread)
    public static class AssayState {
        Path dir;
        Store store;
        int[] ids = new int[SERIES];
        long h;
        long t = BenchData.T0;
        final byte[] hash = new byte[32];

        @Setup(Level.Trial)
        public void open() {
            dir = BenchData.tempDir("many-assay-");
            store = Stores.open(dir, BenchData.assayOptions());
            for (int i = 0; i < SERIES; i++) {
                ids[i] = store.series(new SeriesKey("bench", "chain", "balance", "a" + i));
            }
            h = 0;
            for (int b = 0; b < BEFORE; b++) {
                block(this);
            }
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
            dir = BenchData.tempDir("many-questdb-");
            q = new QuestDb(dir);
            q.createManySeriesTable("many");
            w = q.writer("many");
            h = 0;
            for (int b = 0; b < BEFORE; b++) {
                block(this);
            }
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
            dir = BenchData.tempDir("many-chronicle-");
            m = NaiveChronicleTsdb.create(dir.resolve("points.cmap"), (long) SERIES * (BEFORE + 21 * BLOCKS));
            h = 0;
            for (int b = 0; b < BEFORE; b++) {
                block(this);
            }
        }

        @TearDown(Level.Trial)
        public void close() {
            m.close();
            BenchData.delete(dir);
        }
    }

    static void block(AssayState s) {
        long h = ++s.h;
        s.t += 12_000;
        for (int i = 0; i < SERIES; i++) {
            s.store.append(s.ids[i], h, s.t, 0, h * 31 + i);
        }
        s.store.commit("chain", h, s.hash, s.t);
    }

    static void block(QuestState s) {
        long h = ++s.h;
        s.t += 12_000;
        TableWriter w = s.w;
        for (int i = 0; i < SERIES; i++) {
            TableWriter.Row r = w.newRow(s.t * 1000);
            r.putInt(0, i);
            r.putLong(1, h);
            r.putLong(2, 0);
            r.putLong(3, h * 31 + i);
            r.append();
        }
        w.commit();
    }

    static void block(ChronicleState s) {
        long h = ++s.h;
        s.t += 12_000;
        for (int i = 0; i < SERIES; i++) {
            s.m.put(i, h, s.t, 0, h * 31 + i);
        }
    }

    @Benchmark
    @OperationsPerInvocation(SERIES * BLOCKS)
    public void assay(AssayState s) {
        for (int b = 0; b < BLOCKS; b++) {
            block(s);
        }
    }

    @Benchmark
    @OperationsPerInvocation(SERIES * BLOCKS)
    public void questdb(QuestState s) {
        for (int b = 0; b < BLOCKS; b++) {
            block(s);
        }
    }

    @Benchmark
    @OperationsPerInvocation(SERIES * BLOCKS)
    public void chronicleMapNaive(ChronicleState s) {
        for (int b = 0; b < BLOCKS; b++) {
            block(s);
        }
    }
}
