package io.assay.store;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * In a native image (seen by the property GraalVM sets there, {@code org.graalvm.nativeimage.imagecode=runtime}) the
 * store picks the Chronicle-free mmap backend and refuses, with a message, a store kept in Chronicle Map; on the JVM,
 * AUTO is Chronicle Map. The property is set for the duration of each check only.
 */
class NativeBackendChoiceTest {
    private static final String IMAGE_CODE = "org.graalvm.nativeimage.imagecode";

    @TempDir
    Path dir;

    private static <T> T asNativeImage(java.util.function.Supplier<T> s) {
        String before = System.getProperty(IMAGE_CODE);
        System.setProperty(IMAGE_CODE, "runtime");
        try {
            return s.get();
        } finally {
            if (before == null) {
                System.clearProperty(IMAGE_CODE);
            } else {
                System.setProperty(IMAGE_CODE, before);
            }
        }
    }

    @Test
    void aNativeImageOpensTheMmapBackendAndRefusesChronicle() {
        assertFalse(Stores.inNativeImage());
        StoreOptions.Backend nativeChoice = asNativeImage(() -> {
            assertTrue(Stores.inNativeImage());
            try (Store s = Stores.open(dir.resolve("native"))) {
                return ((MappedStore) s).backend;
            }
        });
        assertEquals(StoreOptions.Backend.MMAP, nativeChoice);
        try (Store s = Stores.open(dir.resolve("native"))) {
            assertEquals(StoreOptions.Backend.MMAP, ((MappedStore) s).backend, "an existing store keeps its backend");
        }

        try (Store s = Stores.open(dir.resolve("jvm"))) {
            assertEquals(StoreOptions.Backend.CHRONICLE, ((MappedStore) s).backend);
        }
        StoreException e = assertThrows(StoreException.class, () -> asNativeImage(() -> Stores.open(dir.resolve("jvm"))));
        assertTrue(e.getMessage().contains("Chronicle Map, which cannot run in a native image; open it with the JVM build"),
                e.getMessage());
        IllegalArgumentException created = assertThrows(IllegalArgumentException.class, () -> asNativeImage(() ->
                Stores.open(dir.resolve("new"), StoreOptions.defaults().withBackend(StoreOptions.Backend.CHRONICLE))));
        assertEquals("the Chronicle Map backend cannot run in a native image; use MMAP", created.getMessage());
    }
}
