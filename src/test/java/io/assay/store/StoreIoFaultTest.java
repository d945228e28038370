package io.assay.store;

import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * An I/O error in the middle of a commit (a failed write, fsync, msync, mapping or rename, injected through the
 * store's {@link FilesFacade}) leaves a store that reopens with every earlier commit intact, and the failed commit
 * either wholly there (its checkpoint reached the file) or wholly absent: its points, its keyed state and its
 * checkpoint together. The store is closed after the failure, as the service does when a commit throws, and reopened
 * with plain NIO; it then verifies and takes the next commit.
 */
class StoreIoFaultTest {
    /** Small state maps, so that the failing commit's new keys make its map grow (a new mapping, then a rename). */
    static final StoreOptions OPTIONS = SeriesStoreTest.MMAP.withStateSizing(8, 16, 16);
    static final SeriesKey SERIES = SeriesKey.parse("t/c/m/x");
    static final int NEW_KEYS = 24;

    @TempDir
    Path dir;

    /** Where the failing commit is interrupted; each fails the first matching call after it is armed. */
    enum Fault {
        /** Step 1: msync of the point data. */
        MSYNC_POINT_DATA(Op.MSYNC, "data.dat"),
        /** Step 2: msync of the per-series table (after its counts were raised). */
        MSYNC_SERIES_TABLE(Op.MSYNC, "series.dat"),
        /** Step 3: the write of the first undo record. */
        WRITE_UNDO_RECORD(Op.WRITE, ".undo"),
        /** Step 3: fsync of the undo log. */
        FSYNC_UNDO_LOG(Op.FSYNC, ".undo"),
        /** Step 4: mapping the grown state map while staged state is applied (part of it is applied already). */
        MAP_GROWN_STATE_MAP(Op.MAP, ".hash.tmp"),
        /** Step 4: the rename that swaps the grown state map in. */
        RENAME_GROWN_STATE_MAP(Op.RENAME, ".hash"),
        /** Step 4: msync of the state map after the staged state was applied. */
        MSYNC_STATE_MAP(Op.MSYNC, "/m.hash"),
        /** Step 5: the write of the checkpoint slot (the commit point). */
        WRITE_CHECKPOINT(Op.WRITE, "chains.dat"),
        /** Step 5: fsync of the checkpoint slot, after its write reached the page cache. */
        FSYNC_CHECKPOINT(Op.FSYNC, "chains.dat");

        final Op op;
        final String pathSuffix;

        Fault(Op op, String pathSuffix) {
            this.op = op;
            this.pathSuffix = pathSuffix;
        }
    }

    enum Op { WRITE, FSYNC, MSYNC, MAP, RENAME }

    /** Real NIO, except for the one call it was armed to fail. */
    static final class FailingFiles implements FilesFacade {
        final List<String> calls = new ArrayList<>();
        private Fault armed;
        Fault fired;

        void arm(Fault f) {
            armed = f;
        }

        private void maybeFail(Op op, Path file) throws IOException {
            if (armed != null) {
                calls.add(op + " " + file.getFileName());
            }
            if (armed != null && armed.op == op && file.toString().endsWith(armed.pathSuffix)) {
                fired = armed;
                armed = null;
                throw new IOException("injected " + op + " failure on " + file.getFileName());
            }
        }

        @Override
        public int write(Path file, FileChannel ch, ByteBuffer src, long position) throws IOException {
            maybeFail(Op.WRITE, file);
            return FilesFacade.super.write(file, ch, src, position);
        }

        @Override
        public void force(Path file, FileChannel ch, boolean metaData) throws IOException {
            maybeFail(Op.FSYNC, file);
            FilesFacade.super.force(file, ch, metaData);
        }

        @Override
        public void force(Path file, MappedByteBuffer mapped) {
            try {
                maybeFail(Op.MSYNC, file);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            FilesFacade.super.force(file, mapped);
        }

        @Override
        public MappedByteBuffer map(Path file, FileChannel ch, long position, long size) throws IOException {
            maybeFail(Op.MAP, file);
            return FilesFacade.super.map(file, ch, position, size);
        }

        @Override
        public void rename(Path from, Path to) throws IOException {
            maybeFail(Op.RENAME, to);
            FilesFacade.super.rename(from, to);
        }
    }

    static byte[] hash(long h) {
        byte[] b = new byte[32];
        b[0] = (byte) h;
        b[31] = 7;
        return b;
    }

    static byte[] b(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /** Height h: one point (value 10h), key "h<h>" = h, key "latest" = h; the failing height adds NEW_KEYS keys. */
    static void write(Store s, long h, boolean many) {
        s.append(s.series(SERIES), h, h * 1000, BigInteger.valueOf(10 * h));
        KeyValue m = s.state("c", "m");
        m.put(b("h" + h), b(Long.toString(h)));
        m.put(b("latest"), b(Long.toString(h)));
        if (many) {
            for (int i = 0; i < NEW_KEYS; i++) {
                m.put(b("n" + i), b("v" + i));
            }
        }
    }

    @ParameterizedTest
    @EnumSource(Fault.class)
    void aFailedCommitIsWhollyThereOrWhollyAbsentAndEarlierCommitsSurvive(Fault fault) {
        FailingFiles files = new FailingFiles();
        Store s = StoreOpener.open(dir, OPTIONS, files);
        for (long h = 1; h <= 3; h++) {
            write(s, h, false);
            s.commit("c", h, hash(h), h * 1000);
        }
        write(s, 4, true);
        files.arm(fault);
        RuntimeException failure = assertThrows(RuntimeException.class, () -> s.commit("c", 4, hash(4), 4000),
                () -> "the commit did not fail; file calls: " + files.calls);
        assertEquals(fault, files.fired, () -> "not the injected fault: " + failure);
        assertTrue(String.valueOf(failure.getMessage()).contains("injected"), failure::toString);
        try {
            s.close();
        } catch (RuntimeException closeFailed) {
            // the service closes the store when a commit throws; a close that fails too must not matter either
        }

        long committed;
        try (Store r = Stores.open(dir, OPTIONS)) {
            assertTrue(r.verify().ok(), () -> fault + ": " + r.verify().problems());
            committed = r.checkpoint("c").orElseThrow().height();
            assertTrue(committed == 3 || committed == 4, fault + ": checkpoint at " + committed);
            assertArrayEquals(hash(committed), r.checkpoint("c").orElseThrow().hash());
            int id = r.find(SERIES).orElseThrow();
            Point p = new Point();
            for (long h = 1; h <= 3; h++) {
                assertTrue(r.valueAtHeight(id, h, p), fault + ": point at height " + h + " lost");
                assertEquals(h, p.height);
                assertEquals(BigInteger.valueOf(10 * h), p.valueAsBigInteger());
            }
            assertTrue(r.latest(id, p));
            assertEquals(committed, p.height, fault + ": latest point");
            KeyValue m = r.state("c", "m");
            for (long h = 1; h <= 3; h++) {
                assertArrayEquals(b(Long.toString(h)), m.get(b("h" + h)), fault + ": key h" + h);
            }
            assertArrayEquals(b(Long.toString(committed)), m.get(b("latest")), fault + ": key latest");
            for (int i = 0; i < NEW_KEYS; i++) {
                if (committed == 4) {
                    assertArrayEquals(b("v" + i), m.get(b("n" + i)), fault + ": key n" + i);
                } else {
                    assertNull(m.get(b("n" + i)), fault + ": key n" + i + " of the failed commit");
                }
            }
            assertEquals(committed == 4 ? 5 + NEW_KEYS : 4, m.size(), fault + ": keys");

            write(r, 5, false);
            r.commit("c", 5, hash(5), 5000);
        }
        try (Store r = Stores.open(dir, OPTIONS)) {
            assertEquals(5, r.checkpoint("c").orElseThrow().height());
            assertTrue(r.verify().ok(), () -> fault + " then height 5: " + r.verify().problems());
        }
        // a write that never reached the checkpoint must not be there; one that did must be all there
        assertEquals(fault == Fault.FSYNC_CHECKPOINT ? 4 : 3, committed, fault + ": which outcome");
    }
}
