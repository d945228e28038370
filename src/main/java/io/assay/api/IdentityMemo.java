package io.assay.api;

import java.util.function.Function;

/**
 * Remembers the result of {@code f} for the last argument, compared by identity: for immutable values that the
 * caller hands out again and again (an engine reusing one list until the data changes). A different argument
 * replaces the entry. Thread-safe; two threads may both compute, which is harmless for a pure {@code f}.
 */
final class IdentityMemo<S, T> {
    private record Entry<S, T>(S source, T result) {
    }

    private final Function<S, T> f;
    private volatile Entry<S, T> last;

    IdentityMemo(Function<S, T> f) {
        this.f = f;
    }

    T apply(S source) {
        Entry<S, T> e = last;
        if (e != null && e.source() == source) {
            return e.result();
        }
        T r = f.apply(source);
        last = new Entry<>(source, r);
        return r;
    }
}
