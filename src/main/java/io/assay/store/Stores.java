package io.assay.store;

import java.nio.file.Path;

/** Opens {@link Store}s. */
public final class Stores {
    private Stores() {
    }

    /** Opens (creating if needed) the store in {@code dir} with {@link StoreOptions#defaults()}. */
    public static Store open(Path dir) {
        return open(dir, StoreOptions.defaults());
    }

    /**
     * Opens the store in {@code dir}, creating it if the directory is empty or missing, and recovers it from an
     * unclean shutdown (points and keyed-state writes above each chain's checkpoint are discarded). The backend and
     * segment size of an existing store are the ones it was created with.
     *
     * @throws StoreException naming the file and the problem if a file is damaged, of another format version, or the
     *                        store is open elsewhere; nothing is rewritten then
     */
    public static Store open(Path dir, StoreOptions options) {
        return StoreOpener.open(dir, options);
    }

    /** True inside a GraalVM native image (where only the {@link StoreOptions.Backend#MMAP} backend runs). */
    public static boolean inNativeImage() {
        return StoreOpener.inNativeImage();
    }
}
