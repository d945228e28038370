package io.assay.store;

import java.nio.file.Path;

/**
 * Opens a keyed-state map file. The Chronicle Map backend is provided through {@link java.util.ServiceLoader}
 * (package {@code io.assay.store.chronicle}, listed in {@code META-INF/services}) so that nothing on the native
 * path refers to it: a native image cannot run Chronicle Map (it compiles Java at run time), and Quarkus registers
 * no service providers in an image unless an extension declares them. See docs/native.md.
 */
public interface KeyValueFactory {
    /**
     * Opens {@code file}, creating it if new (sizes of 0 mean "as stored").
     *
     * @param recover the previous process did not close the store: release locks a killed process held
     */
    KeyValue open(Path file, int maxKey, int maxValue, long entries, boolean recover);
}
