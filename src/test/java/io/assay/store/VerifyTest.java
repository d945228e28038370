package io.assay.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** verify() finds damage that opening does not look for (it reads every point), and writes nothing. */
class VerifyTest {
    static final StoreOptions OPTS = SeriesStoreTest.MMAP;

    @TempDir
    Path dir;

    @BeforeEach
    void build() {
        try (Store s = Stores.open(dir, OPTS)) {
            int id = s.series(SeriesKey.parse("a/c/m/x"));
            s.state("c", "bal").put(new byte[] {1}, new byte[] {2});
            for (int h = 1; h <= 10; h++) {
                s.append(id, h, h * 10L, Int128.of(h));
                s.commit("c", h, new byte[] {(byte) h}, h * 10L);
            }
            VerifyReport v = s.verify();
            assertTrue(v.ok(), v.problems().toString());
            assertEquals(1, v.series());
            assertEquals(10, v.points());
        }
    }

    /** File offset of point {@code i} of series 0 (its first block holds 4 points, the second 8). */
    private long pointAt(int i) throws IOException {
        try (RandomAccessFile blocks = new RandomAccessFile(dir.resolve("series/blocks.dat").toFile(), "r")) {
            int block = i < 4 ? 0 : 1;
            blocks.seek(64 + block * 32L);
            byte[] addr = new byte[8];
            blocks.readFully(addr);
            return ByteBuffer.wrap(addr).order(ByteOrder.LITTLE_ENDIAN).getLong() + (i - (block == 0 ? 0 : 4)) * 32L;
        }
    }

    private void putLong(String file, long pos, long v) throws IOException {
        try (RandomAccessFile f = new RandomAccessFile(dir.resolve(file).toFile(), "rw")) {
            f.seek(pos);
            f.write(ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(v).array());
        }
    }

    private VerifyReport verifyWithoutWriting() {
        try (Store s = Stores.open(dir, OPTS)) {
            Map<String, byte[]> before = CorruptionTest.snapshot(dir);
            VerifyReport v = s.verify();
            CorruptionTest.assertSameFiles(before, CorruptionTest.snapshot(dir));
            return v;
        }
    }

    @Test
    void pointHeightsOutOfOrderAreReported() throws IOException {
        putLong("series/data.dat", pointAt(6), 3);
        VerifyReport v = verifyWithoutWriting();
        assertFalse(v.ok());
        assertTrue(v.problems().get(0).contains("series 'a/c/m/x': point 6 has height 3 after 6"), v.problems().toString());
    }

    @Test
    void repeatedValuesAreReported() throws IOException {
        putLong("series/data.dat", pointAt(5) + 24, 5); // point 5 (height 6) now holds 5, like point 4
        VerifyReport v = verifyWithoutWriting();
        assertFalse(v.ok());
        assertTrue(v.problems().toString().contains("point 5 at height 6 repeats the previous value"),
                v.problems().toString());
    }

    @Test
    void timeGoingBackIsReported() throws IOException {
        putLong("series/data.dat", pointAt(8) + 8, 5);
        VerifyReport v = verifyWithoutWriting();
        assertTrue(v.problems().toString().contains("point 8 at height 9 has time 5 before 80"), v.problems().toString());
    }

    @Test
    void blockIndexDisagreeingWithTheDataIsReported() throws IOException {
        putLong("series/blocks.dat", 64 + 32 + 24, 12345); // first time of block 1
        VerifyReport v = verifyWithoutWriting();
        assertTrue(v.problems().toString().contains("block 1 index says first point (height 5, time 12345)"),
                v.problems().toString());
    }

    @Test
    void damagedStateSlotIsReported() throws IOException {
        Path map = dir.resolve("state/c/bal.hash");
        try (RandomAccessFile f = new RandomAccessFile(map.toFile(), "rw")) {
            for (long p = 4096; p < f.length(); p += MappedHashTable.slotSize(64, 128)) {
                f.seek(p);
                if (f.read() == 1) {
                    f.seek(p);
                    f.write(9);
                    break;
                }
            }
        }
        VerifyReport v = verifyWithoutWriting();
        assertTrue(v.problems().toString().contains("unknown state 9"), v.problems().toString());
    }
}
