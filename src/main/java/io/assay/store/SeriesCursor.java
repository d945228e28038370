package io.assay.store;

/** Iterates points of one series in time order, filling one reused {@link Point}. */
public interface SeriesCursor extends AutoCloseable {
    /** Advances; false when exhausted. */
    boolean next();

    /** The current point (valid until the next call to {@link #next()}). */
    Point point();

    @Override
    default void close() {
    }
}
