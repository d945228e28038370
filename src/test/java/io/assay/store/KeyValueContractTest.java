package io.assay.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The one contract both keyed-state backends must meet. Chronicle Map compiles code when a map is created (about a
 * second), so each case creates few maps.
 */
class KeyValueContractTest {
    @TempDir
    Path dir;

    private KeyValue open(StoreOptions.Backend backend, int maxKey, int maxValue) {
        return KeyValues.open(FilesFacade.NIO, dir, "m", backend, maxKey, maxValue, 1024, false);
    }

    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @ParameterizedTest
    @EnumSource(value = StoreOptions.Backend.class, names = {"MMAP", "CHRONICLE"})
    void putGetRemoveOverwriteAndSize(StoreOptions.Backend backend) {
        try (KeyValue kv = open(backend, 16, 32)) {
            assertEquals(16, kv.maxKeySize());
            assertEquals(32, kv.maxValueSize());
            assertNull(kv.get(b("a")));
            assertNull(kv.put(b("a"), b("one")));
            assertNull(kv.put(b("ab"), b("two")), "a key that extends another is a different key");
            assertArrayEquals(b("one"), kv.put(b("a"), b("uno")), "put returns the previous value");
            assertArrayEquals(b("uno"), kv.get(b("a")));
            assertArrayEquals(b("two"), kv.get(b("ab")));
            assertEquals(2, kv.size());
            assertArrayEquals(b("uno"), kv.remove(b("a")));
            assertNull(kv.remove(b("a")), "removing an absent key returns null");
            assertNull(kv.get(b("a")));
            assertEquals(1, kv.size());
            assertNull(kv.put(b("a"), new byte[0]), "a removed key can come back");
            assertArrayEquals(new byte[0], kv.get(b("a")), "empty values are values");
            assertEquals(2, kv.size());
        }
    }

    @ParameterizedTest
    @EnumSource(value = StoreOptions.Backend.class, names = {"MMAP", "CHRONICLE"})
    void limitsAreEnforcedWithClearErrors(StoreOptions.Backend backend) {
        try (KeyValue kv = open(backend, 8, 4)) {
            assertThrows(IllegalArgumentException.class, () -> kv.put(new byte[9], new byte[1]));
            assertThrows(IllegalArgumentException.class, () -> kv.put(new byte[0], new byte[1]));
            assertThrows(IllegalArgumentException.class, () -> kv.put(null, new byte[1]));
            assertThrows(IllegalArgumentException.class, () -> kv.put(new byte[1], null));
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> kv.put(new byte[8], new byte[5]));
            assertEquals(true, e.getMessage().contains("value must be 0-4 bytes"), e.getMessage());
            assertThrows(IllegalArgumentException.class, () -> kv.get(new byte[9]));
            kv.put(new byte[8], new byte[4]);
            assertEquals(1, kv.size(), "the refused writes changed nothing");
        }
    }

    @ParameterizedTest
    @EnumSource(value = StoreOptions.Backend.class, names = {"MMAP", "CHRONICLE"})
    void arraysPassedInAndOutAreCopies(StoreOptions.Backend backend) {
        try (KeyValue kv = open(backend, 8, 8)) {
            byte[] k = {1, 2};
            byte[] v = {3, 4};
            kv.put(k, v);
            k[0] = 9;
            v[0] = 9;
            byte[] got = kv.get(new byte[] {1, 2});
            assertArrayEquals(new byte[] {3, 4}, got);
            got[1] = 9;
            assertArrayEquals(new byte[] {3, 4}, kv.get(new byte[] {1, 2}));
            assertNull(kv.get(new byte[] {9, 2}));
        }
    }

    /** Binary keys, many entries (the mmap table grows by rehash several times), removals, and reopen. */
    @ParameterizedTest
    @EnumSource(value = StoreOptions.Backend.class, names = {"MMAP", "CHRONICLE"})
    void manyEntriesSurviveGrowthRemovalAndReopen(StoreOptions.Backend backend) {
        Map<String, byte[]> expected = new HashMap<>();
        Random r = new Random(7);
        try (KeyValue kv = open(backend, 36, 40)) {
            for (int i = 0; i < 20_000; i++) {
                byte[] k = new byte[1 + r.nextInt(36)];
                r.nextBytes(k);
                k[0] = (byte) i; // zero bytes and high bytes included
                byte[] v = new byte[r.nextInt(41)];
                r.nextBytes(v);
                kv.put(k, v);
                expected.put(java.util.HexFormat.of().formatHex(k), v);
                if (i % 3 == 0) {
                    kv.remove(k);
                    expected.remove(java.util.HexFormat.of().formatHex(k));
                }
            }
            kv.flush();
            assertEquals(expected.size(), kv.size());
        }
        try (KeyValue kv = KeyValues.open(FilesFacade.NIO, dir, "m", backend, 36, 40, 1024, false)) {
            assertEquals(expected.size(), kv.size());
            Map<String, byte[]> seen = new HashMap<>();
            kv.forEach((k, v) -> seen.put(java.util.HexFormat.of().formatHex(k), v));
            assertEquals(expected.keySet(), seen.keySet());
            for (Map.Entry<String, byte[]> e : expected.entrySet()) {
                assertArrayEquals(e.getValue(), kv.get(java.util.HexFormat.of().parseHex(e.getKey())), "get");
                assertArrayEquals(e.getValue(), seen.get(e.getKey()), "forEach");
            }
        }
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> KeyValues.open(FilesFacade.NIO, dir, "m", backend, 36, 41, 1024, false));
        assertEquals(true, e.getMessage().contains("created with keys up to 36"), e.getMessage());
    }

    @ParameterizedTest
    @EnumSource(value = StoreOptions.Backend.class, names = {"MMAP", "CHRONICLE"})
    void readersOnOtherThreadsSeeWholeValues(StoreOptions.Backend backend) throws Exception {
        try (KeyValue kv = open(backend, 16, 64)) {
            byte[] key = b("k");
            kv.put(key, value(0));
            java.util.concurrent.atomic.AtomicReference<String> bad =
                    new java.util.concurrent.atomic.AtomicReference<>();
            java.util.concurrent.atomic.AtomicBoolean stop = new java.util.concurrent.atomic.AtomicBoolean();
            Thread reader = new Thread(() -> {
                while (!stop.get()) {
                    byte[] v = kv.get(key);
                    for (byte x : v) {
                        if (x != v[0]) {
                            bad.set("torn value " + java.util.Arrays.toString(v));
                        }
                    }
                }
            });
            reader.start();
            try {
                for (int i = 1; i < 50_000; i++) {
                    kv.put(key, value(i));
                    if (i % 1000 == 0) {
                        kv.put(b("filler" + i), value(i)); // makes the mmap table grow under the reader
                    }
                }
            } finally {
                stop.set(true);
                reader.join();
            }
            assertNull(bad.get());
        }
    }

    private static byte[] value(int i) {
        byte[] v = new byte[64];
        java.util.Arrays.fill(v, (byte) i);
        return v;
    }
}
