package io.assay.chain;

/**
 * A chain family's write side for {@link ChainIndexer}: turns segments into store points and keyed state.
 * Called from the indexer's thread only.
 *
 * @param <S> the family's segment type
 */
public interface SegmentWriter<S extends Segment> {
    /**
     * Registers series and loads the current values from the store (called once before indexing and after the
     * store was rolled back or reset).
     */
    void reload();

    /**
     * Writes the changes of {@code segment} up to and including block {@code commit} that were not written yet.
     * The loop commits the store right after.
     */
    void apply(S segment, BlockRef commit);
}
