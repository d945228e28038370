package io.assay.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Commit points, truncateAfter and the undo log of keyed state. */
class RollbackTest {
    static final StoreOptions MMAP = SeriesStoreTest.MMAP;

    @TempDir
    Path dir;

    static byte[] hash(long h) {
        byte[] b = new byte[32];
        b[0] = (byte) h;
        b[31] = (byte) (h >> 8);
        return b;
    }

    static byte[] b(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    static String s(byte[] b) {
        return b == null ? null : new String(b, StandardCharsets.UTF_8);
    }

    /** Series "even" changes at every height, "odd" (value h|1) at height 1 and every even height; one commit each. */
    private void build(Store s, int upTo) {
        int even = s.series(SeriesKey.parse("t/c/m/even"));
        int odd = s.series(SeriesKey.parse("t/c/m/odd"));
        for (int h = 1; h <= upTo; h++) {
            s.append(even, h, h * 100L, Int128.of(h));
            s.append(odd, h, h * 100L, Int128.of(h | 1));
            s.commit("c", h, hash(h), h * 100L);
        }
    }

    private static List<Long> heights(Store s, String key) {
        int id = s.find(SeriesKey.parse(key)).orElseThrow();
        List<Long> out = new ArrayList<>();
        try (SeriesCursor c = s.range(id, Long.MIN_VALUE, Long.MAX_VALUE)) {
            while (c.next()) {
                out.add(c.point().height);
            }
        }
        return out;
    }

    @ParameterizedTest
    @ValueSource(longs = {1, 2, 9, 10, 19})
    void truncateAfterKeepsExactlyThePointsAtOrBelowTheHeight(long target) {
        try (Store s = Stores.open(dir, MMAP)) {
            build(s, 20);
            assertEquals(target, s.truncateAfter("c", target));
            Checkpoint cp = s.checkpoint("c").orElseThrow();
            assertEquals(target, cp.height());
            assertArrayEquals(hash(target), cp.hash());
            assertEquals(target * 100, cp.time());
            assertEquals(target, heights(s, "t/c/m/even").size());
            assertEquals(1 + target / 2, heights(s, "t/c/m/odd").size());
            Point p = new Point();
            int even = s.find(SeriesKey.parse("t/c/m/even")).orElseThrow();
            assertTrue(s.valueAt(even, Long.MAX_VALUE, p));
            assertEquals(target, p.height);
            assertTrue(s.verify().ok(), s.verify().problems().toString());
            // the chain carries on from the target, on another branch
            s.append(even, target + 1, (target + 1) * 100, Int128.of(-1));
            s.commit("c", target + 1, hash(99), (target + 1) * 100);
        }
        try (Store s = Stores.open(dir, MMAP)) {
            assertEquals(target + 1, s.checkpoint("c").orElseThrow().height());
            List<Long> hs = heights(s, "t/c/m/even");
            assertEquals(target + 1, hs.size());
            assertEquals(target + 1, hs.get(hs.size() - 1));
            assertTrue(s.verify().ok(), s.verify().problems().toString());
        }
    }

    @Test
    void truncateAtOrAboveTheCheckpointOnlyDropsUncommittedWrites() {
        try (Store s = Stores.open(dir, MMAP)) {
            build(s, 5);
            int even = s.find(SeriesKey.parse("t/c/m/even")).orElseThrow();
            s.append(even, 6, 600, Int128.of(6));
            KeyValue kv = s.state("c", "bal");
            kv.put(b("k"), b("v"));
            assertEquals(5, s.truncateAfter("c", 5));
            assertNull(kv.get(b("k")));
            assertEquals(5, s.truncateAfter("c", 100));
            s.commit("c", 6, hash(6), 600);
            assertEquals(5, heights(s, "t/c/m/even").size(), "the dropped point was not committed");
            assertThrows(IllegalArgumentException.class, () -> s.truncateAfter("nope", 1));
        }
    }

    /** Keyed state written across blocks (put, overwrite, remove) is restored exactly at every earlier height. */
    @ParameterizedTest
    @EnumSource(value = StoreOptions.Backend.class, names = {"MMAP", "CHRONICLE"})
    void undoLogRestoresKeyedStateAtEveryHeight(StoreOptions.Backend backend) {
        StoreOptions opts = MMAP.withBackend(backend);
        List<Map<String, String>> snapshots = new ArrayList<>();
        try (Store s = Stores.open(dir, opts)) {
            KeyValue kv = s.state("c", "bal");
            TreeMap<String, String> model = new TreeMap<>();
            snapshots.add(new TreeMap<>(model)); // height 0: empty
            for (int h = 1; h <= 12; h++) {
                for (int k = 0; k < 6; k++) {
                    String key = "k" + ((h * 7 + k * 3) % 9);
                    if ((h + k) % 4 == 0) {
                        assertEquals(model.remove(key), s(kv.remove(b(key))));
                    } else {
                        String v = "v" + h + "." + k;
                        assertEquals(model.put(key, v), s(kv.put(b(key), b(v))));
                    }
                }
                assertEquals(model, dump(kv), "reads see the open block's writes");
                assertEquals(model.size(), kv.size());
                s.commit("c", h, hash(h), h);
                snapshots.add(new TreeMap<>(model));
            }
            for (int target = 11; target >= 7; target -= 2) {
                s.truncateAfter("c", target);
                assertEquals(snapshots.get(target), dump(kv), "state at height " + target);
            }
        }
        try (Store s = Stores.open(dir, opts)) {
            KeyValue kv = s.state("c", "bal");
            assertEquals(snapshots.get(7), dump(kv), "after reopen");
            assertEquals(7, s.truncateAfter("c", 7));
            s.truncateAfter("c", 2);
            assertEquals(snapshots.get(2), dump(kv));
            assertEquals(-1, s.truncateAfter("c", 0), "below the first commit: back to nothing");
            assertTrue(s.checkpoint("c").isEmpty());
            assertEquals(Map.of(), dump(kv));
            assertTrue(s.verify().ok(), s.verify().problems().toString());
        }
        try (Store s = Stores.open(dir, opts)) {
            assertTrue(s.checkpoint("c").isEmpty());
            assertEquals(0, s.state("c", "bal").size());
        }
    }

    static Map<String, String> dump(KeyValue kv) {
        TreeMap<String, String> m = new TreeMap<>();
        kv.forEach((k, v) -> m.put(s(k), s(v)));
        return m;
    }

    @Test
    void uncommittedKeyedStateIsGoneAfterReopen() {
        try (Store s = Stores.open(dir, MMAP)) {
            KeyValue kv = s.state("c", "utxo");
            kv.put(b("a"), b("1"));
            s.commit("c", 1, hash(1), 1);
            kv.put(b("a"), b("2"));
            kv.put(b("b"), b("3"));
            kv.remove(b("a"));
        }
        try (Store s = Stores.open(dir, MMAP)) {
            assertEquals(Map.of("a", "1"), dump(s.state("c", "utxo")));
        }
    }

    @Test
    void rollbackDeeperThanTheUndoLogIsRefusedAndChangesNothing() {
        try (Store s = Stores.open(dir, MMAP.withMaxReorgDepth("c", 5))) {
            assertEquals(5, s.maxReorgDepth("c"));
            assertEquals(128, s.maxReorgDepth("other"));
            build(s, 20);
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> s.truncateAfter("c", 14));
            assertTrue(e.getMessage().contains("maxReorgDepth 5"), e.getMessage());
            assertEquals(20, s.checkpoint("c").orElseThrow().height());
            assertEquals(20, heights(s, "t/c/m/even").size());
            assertEquals(15, s.truncateAfter("c", 15), "exactly the depth works");
        }
    }

    @Test
    void batchedCommitsRollBackToTheCommitBelowTheHeight() {
        try (Store s = Stores.open(dir, MMAP)) {
            int id = s.series(SeriesKey.parse("t/c/m/x"));
            KeyValue kv = s.state("c", "bal");
            for (int h = 1; h <= 30; h++) {
                s.append(id, h, h, Int128.of(h));
                kv.put(b("last"), b(Integer.toString(h)));
                if (h % 10 == 0) {
                    s.commit("c", h, hash(h), h);
                }
            }
            assertEquals(20, s.truncateAfter("c", 25));
            assertEquals(20, heights(s, "t/c/m/x").size());
            assertEquals("20", s(kv.get(b("last"))));
            assertEquals(10, s.truncateAfter("c", 19));
            assertEquals("10", s(kv.get(b("last"))));
        }
    }

    /** Many commits with bulky undo records: the log is compacted, and rollbacks within the depth still work. */
    @Test
    void undoLogStaysBoundedAndRollbackStillWorksAfterCompaction() throws Exception {
        StoreOptions opts = MMAP.withMaxReorgDepth(10).withSync(StoreOptions.Sync.NONE)
                .withStateSizing(1024, 16, 4096);
        Path log = dir.resolve("undo").resolve("c.undo");
        long maxSize = 0;
        try (Store s = Stores.open(dir, opts)) {
            KeyValue kv = s.state("c", "big");
            byte[] v = new byte[4000];
            for (int h = 1; h <= 1500; h++) {
                v[0] = (byte) h;
                v[1] = (byte) (h >> 8);
                kv.put(b("k" + (h % 4)), v.clone());
                s.commit("c", h, hash(h), h);
                maxSize = Math.max(maxSize, Files.size(log));
            }
            assertTrue(maxSize < 3 << 20, "undo log grew to " + maxSize);
        }
        try (Store s = Stores.open(dir, opts)) {
            KeyValue kv = s.state("c", "big");
            assertEquals(1490, s.truncateAfter("c", 1490));
            byte[] got = kv.get(b("k" + (1490 % 4)));
            assertEquals((byte) 1490, got[0]);
            assertEquals((byte) (1490 >> 8), got[1]);
            byte[] older = kv.get(b("k" + (1487 % 4)));
            assertEquals((byte) 1487, older[0]);
            assertThrows(IllegalStateException.class, () -> s.truncateAfter("c", 1470));
            assertTrue(s.verify().ok(), s.verify().problems().toString());
        }
    }

    @Test
    void chainsAreIndependent() {
        try (Store s = Stores.open(dir, MMAP)) {
            int a = s.series(SeriesKey.parse("t/a/m/x"));
            int bb = s.series(SeriesKey.parse("t/b/m/x"));
            for (int h = 1; h <= 5; h++) {
                s.append(a, h, h, Int128.of(h));
                s.append(bb, h, h, Int128.of(h));
                s.commit("a", h, hash(h), h);
                s.commit("b", h, hash(h), h);
            }
            s.truncateAfter("a", 2);
            assertEquals(2, heights(s, "t/a/m/x").size());
            assertEquals(5, heights(s, "t/b/m/x").size());
            assertEquals(5, s.checkpoint("b").orElseThrow().height());
            assertFalse(s.checkpoint("zz").isPresent());
        }
    }

    /** A series' past filled in below the checkpoint (a reserve set member's balance history): committed, rolled back. */
    @Test
    void backfillWritesBelowTheCheckpointAndIsCommittedAndRolledBackWithTheChain() {
        try (Store s = Stores.open(dir, MMAP)) {
            build(s, 20);
            int late = s.series(SeriesKey.parse("t/c/m/late"));
            assertThrows(IllegalArgumentException.class, () -> s.append(late, 5, 500, Int128.of(1)),
                    "append stays above the checkpoint");
            s.backfill(late, 0, 0, 0, 0);
            s.backfill(late, 3, 300, 0, 5);
            s.backfill(late, 7, 700, 0, 5); // unchanged: not written
            s.backfill(late, 12, 1200, 0, 9);
            assertThrows(IllegalArgumentException.class, () -> s.backfill(late, 12, 1200, 0, 4), "not above latest");
            assertThrows(IllegalArgumentException.class, () -> s.backfill(late, 13, 1100, 0, 4), "time goes back");
            Point p = new Point();
            assertFalse(s.latest(late, p), "invisible before the commit");
            s.append(late, 21, 2100, Int128.of(11));
            s.commit("c", 21, hash(21), 2100);
            assertEquals(List.of(0L, 3L, 12L, 21L), heights(s, "t/c/m/late"));
            assertTrue(s.valueAt(late, 1199, p));
            assertEquals(5, p.value.lo());
            assertTrue(s.valueAt(late, 1200, p));
            assertEquals(9, p.value.lo());
            assertEquals(10, s.truncateAfter("c", 10));
            assertEquals(List.of(0L, 3L), heights(s, "t/c/m/late"), "rolled back with the chain");
            // a later fill continues above what is held, below the checkpoint again
            s.append(s.series(SeriesKey.parse("t/c/m/even")), 11, 1100, Int128.of(11));
            s.commit("c", 11, hash(11), 1100);
            s.backfill(late, 8, 800, 0, 6); // closed without a commit: as after a crash
        }
        try (Store s = Stores.open(dir, MMAP)) {
            assertEquals(List.of(0L, 3L), heights(s, "t/c/m/late"), "a fill not committed is dropped");
            int late = s.find(SeriesKey.parse("t/c/m/late")).orElseThrow();
            s.backfill(late, 8, 800, 0, 6);
            s.append(late, 12, 1200, Int128.of(7));
            s.commit("c", 12, hash(12), 1200);
            assertEquals(List.of(0L, 3L, 8L, 12L), heights(s, "t/c/m/late"));
            assertTrue(s.verify().ok(), s.verify().toString());
        }
    }
}
