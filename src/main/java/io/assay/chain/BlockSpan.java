package io.assay.chain;

/**
 * What every family's {@link Segment} holds the same way: its ends, the parent hash of its first block and its
 * event count. The family adds its blocks or changes, its commit points and its writer's progress.
 */
public abstract class BlockSpan implements Segment {
    private final long from;
    private final long to;
    private final String parentHash;
    private final long events;

    protected BlockSpan(long from, long to, String parentHash, long events) {
        this.from = from;
        this.to = to;
        this.parentHash = parentHash;
        this.events = events;
    }

    @Override
    public final long from() {
        return from;
    }

    @Override
    public final long to() {
        return to;
    }

    @Override
    public final String parentHash() {
        return parentHash;
    }

    @Override
    public final long events() {
        return events;
    }

    /** {@code segment <from>-<to> (<contents>)}, for logs. */
    protected final String describe(String contents) {
        return "segment " + from + "-" + to + " (" + contents + ")";
    }
}
