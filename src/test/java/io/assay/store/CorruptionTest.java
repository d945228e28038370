package io.assay.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Damaged files stop the open with a message naming the file and the problem, and nothing is rewritten: every file
 * is byte-identical after the failed open.
 */
class CorruptionTest {
    static final StoreOptions OPTS = SeriesStoreTest.MMAP;

    @TempDir
    Path tmp;
    Path pristine;

    @BeforeEach
    void buildStore() {
        pristine = tmp.resolve("pristine");
        try (Store s = Stores.open(pristine, OPTS)) {
            int a = s.series(SeriesKey.parse("a/c/m/x"));
            int b = s.series(SeriesKey.parse("a/c/m/y"));
            KeyValue kv = s.state("c", "bal");
            for (int h = 1; h <= 40; h++) {
                s.append(a, h, h * 10L, Int128.of(h));
                s.append(b, h, h * 10L, Int128.of(-h));
                kv.put(new byte[] {(byte) (h % 5)}, new byte[] {(byte) h});
                s.commit("c", h, new byte[] {(byte) h}, h * 10L);
            }
        }
    }

    enum Damage { TRUNCATED, WRONG_MAGIC, WRONG_VERSION, OVERWRITTEN_HEADER }

    static Stream<Arguments> cases() {
        List<Arguments> out = new ArrayList<>();
        String[] files = {"store.meta", "chains.dat", "catalog.dat", "series/data.dat", "series/blocks.dat",
                "series/series.dat", "undo/c.undo"};
        for (String f : files) {
            for (Damage d : Damage.values()) {
                out.add(Arguments.of(f, d));
            }
        }
        return out.stream();
    }

    static void damage(Path file, Damage d) throws IOException {
        try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw")) {
            switch (d) {
                case TRUNCATED -> f.setLength(f.length() <= 64 ? 40 : Math.max(65, f.length() / 2 - 3));
                case WRONG_MAGIC -> {
                    f.seek(0);
                    f.write("NOTASSAY".getBytes());
                }
                case WRONG_VERSION -> {
                    f.seek(8);
                    f.write(ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(0, 99).array());
                }
                case OVERWRITTEN_HEADER -> {
                    f.seek(16);
                    byte[] junk = new byte[40];
                    Arrays.fill(junk, (byte) 0x5a);
                    f.write(junk);
                }
            }
        }
    }

    static String expectedProblem(String file, Damage d) {
        return switch (d) {
            case TRUNCATED -> switch (file) {
                case "store.meta" -> "shorter than its 64-byte header";
                case "chains.dat" -> "not a 256-byte header plus";
                case "catalog.dat" -> "the checkpoints cover";
                case "undo/c.undo" -> "the checkpoint says the log ends at offset";
                default -> "not a positive multiple of its segment size";
            };
            case WRONG_MAGIC -> "wrong magic 'NOTASSAY'";
            case WRONG_VERSION -> "format version 99 is not supported (this build reads version 1)";
            case OVERWRITTEN_HEADER -> "header checksum mismatch";
        };
    }

    static Map<String, byte[]> snapshot(Path dir) {
        Map<String, byte[]> m = new TreeMap<>();
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.filter(Files::isRegularFile).toList()) {
                m.put(dir.relativize(p).toString(), Files.readAllBytes(p));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return m;
    }

    static void assertSameFiles(Map<String, byte[]> before, Map<String, byte[]> after) {
        assertEquals(before.keySet(), after.keySet(), "no file created or deleted");
        for (String f : before.keySet()) {
            assertTrue(Arrays.equals(before.get(f), after.get(f)), f + " was rewritten");
        }
    }

    private Path copy(String name) throws IOException {
        Path dst = tmp.resolve(name);
        try (Stream<Path> s = Files.walk(pristine)) {
            for (Path p : s.toList()) {
                Path q = dst.resolve(pristine.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(q);
                } else {
                    Files.copy(p, q);
                }
            }
        }
        return dst;
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("cases")
    void damagedFileStopsTheOpenNamingFileAndProblem(String file, Damage d) throws IOException {
        Path store = copy("case");
        damage(store.resolve(file), d);
        Map<String, byte[]> before = snapshot(store);
        StoreException e = assertThrows(StoreException.class, () -> Stores.open(store, OPTS).close());
        assertEquals(store.resolve(file), e.file(), e.getMessage());
        assertTrue(e.getMessage().startsWith(store.resolve(file).toString()), e.getMessage());
        assertTrue(e.getMessage().contains(expectedProblem(file, d)), e.getMessage());
        assertSameFiles(before, snapshot(store));
    }

    @ParameterizedTest(name = "state map {0}")
    @MethodSource("damages")
    void damagedStateMapIsReportedWhenOpenedAndByVerify(Damage d) throws IOException {
        Path store = copy("case");
        Path map = store.resolve("state/c/bal.hash");
        damage(map, d);
        Map<String, byte[]> before = snapshot(store);
        try (Store s = Stores.open(store, OPTS)) {
            StoreException e = assertThrows(StoreException.class, () -> s.state("c", "bal"));
            assertEquals(map, e.file());
            VerifyReport v = s.verify();
            assertFalse(v.ok());
            assertTrue(v.problems().stream().anyMatch(p -> p.startsWith(map.toString())), v.problems().toString());
        }
        Map<String, byte[]> after = snapshot(store);
        after.put("store.lock", before.get("store.lock")); // the clean-close marker is the one byte that changes
        assertSameFiles(before, after);
    }

    static Stream<Damage> damages() {
        return Stream.of(Damage.values());
    }

    @Test
    void bothCheckpointSlotsDamagedIsAnError() throws IOException {
        Path store = copy("slots");
        Path chains = store.resolve("chains.dat");
        try (RandomAccessFile f = new RandomAccessFile(chains.toFile(), "rw")) {
            f.seek(256 + 72 + 8);
            f.write(1);
            f.seek(256 + 160 + 8);
            f.write(1);
        }
        StoreException e = assertThrows(StoreException.class, () -> Stores.open(store, OPTS).close());
        assertTrue(e.getMessage().contains("chain 'c': both checkpoint slots are damaged"), e.getMessage());
    }

    @Test
    void oneTornCheckpointSlotFallsBackToThePreviousCommit() throws IOException {
        Path store = copy("torn");
        // the newest slot (commit 40 went to slot 1: commits alternate starting with slot 0)
        try (RandomAccessFile f = new RandomAccessFile(store.resolve("chains.dat").toFile(), "rw")) {
            f.seek(256 + 160 + 8);
            f.write(0x77);
        }
        try (Store s = Stores.open(store, OPTS)) {
            assertEquals(39, s.checkpoint("c").orElseThrow().height());
            Point p = new Point();
            assertTrue(s.latest(0, p));
            assertEquals(39, p.height, "the point of the torn commit is gone");
            assertEquals(35, s.state("c", "bal").get(new byte[] {0})[0], "commit 40's state write is undone");
            assertTrue(s.verify().ok(), s.verify().problems().toString());
        }
    }

    @Test
    void damagedCommittedCatalogRecordIsAnError() throws IOException {
        Path store = copy("catalog");
        try (RandomAccessFile f = new RandomAccessFile(store.resolve("catalog.dat").toFile(), "rw")) {
            f.seek(64 + 4);
            f.write('#');
        }
        Map<String, byte[]> before = snapshot(store);
        StoreException e = assertThrows(StoreException.class, () -> Stores.open(store, OPTS).close());
        assertTrue(e.getMessage().contains("catalog.dat: record at offset 64 is damaged"), e.getMessage());
        assertSameFiles(before, snapshot(store));
    }

    @Test
    void damagedCommittedUndoRecordIsAnError() throws IOException {
        Path store = copy("undo");
        Path undo = store.resolve("undo/c.undo");
        try (RandomAccessFile f = new RandomAccessFile(undo.toFile(), "rw")) {
            f.seek(f.length() - 30);
            f.write(~f.read());
        }
        Map<String, byte[]> before = snapshot(store);
        StoreException e = assertThrows(StoreException.class, () -> Stores.open(store, OPTS).close());
        assertEquals(undo, e.file());
        assertTrue(e.getMessage().contains("is damaged"), e.getMessage());
        assertSameFiles(before, snapshot(store));
    }

    @Test
    void missingManifestWithStoreFilesIsAnError() throws IOException {
        Path store = copy("nometa");
        Files.delete(store.resolve("store.meta"));
        Map<String, byte[]> before = snapshot(store);
        StoreException e = assertThrows(StoreException.class, () -> Stores.open(store, OPTS).close());
        assertTrue(e.getMessage().contains("store.meta: missing, but the directory holds store files"),
                e.getMessage());
        assertSameFiles(before, snapshot(store));
    }

    @Test
    void backendMismatchIsAnError() throws IOException {
        Path store = copy("backend");
        StoreException e = assertThrows(StoreException.class,
                () -> Stores.open(store, OPTS.withBackend(StoreOptions.Backend.CHRONICLE)).close());
        assertTrue(e.getMessage().contains("keeps its state with MMAP"), e.getMessage());
    }
}
