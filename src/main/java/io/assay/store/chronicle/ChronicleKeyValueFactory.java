package io.assay.store.chronicle;

import io.assay.store.KeyValue;
import io.assay.store.KeyValueFactory;

import java.nio.file.Path;

/** The Chronicle Map backend as a {@link java.util.ServiceLoader} provider (JVM only). */
public final class ChronicleKeyValueFactory implements KeyValueFactory {
    @Override
    public KeyValue open(Path file, int maxKey, int maxValue, long entries, boolean recover) {
        return ChronicleKeyValue.open(file, maxKey, maxValue, entries, recover);
    }
}
