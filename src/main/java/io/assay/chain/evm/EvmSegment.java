package io.assay.chain.evm;

import io.assay.chain.BlockRef;
import io.assay.chain.Segment;

import java.math.BigInteger;
import java.util.List;

/**
 * Blocks {@code [from, to]} of an EVM chain as fetched: commit points, the per-block changes of the tracked
 * slots in height order, and, when the segment holds a reconciliation height, the node's own values there.
 */
public final class EvmSegment implements Segment {
    private final long from;
    private final long to;
    private final String parentHash;
    private final List<BlockRef> commits;
    final List<BlockChange> changes;
    private final long events;
    /** Height whose values are compared with {@link #expected}, or -1. */
    final long reconcileHeight;
    /** The node's value per slot at {@link #reconcileHeight} ({@code eth_call}), null where not checked. */
    final BigInteger[] expected;
    /** Why reconciliation could not be done at {@link #reconcileHeight}, or null. */
    final String reconcileSkipped;
    /** Index into {@link #changes} of the next change to write (the writer's progress). */
    int applied;

    EvmSegment(long from, long to, String parentHash, List<BlockRef> commits, List<BlockChange> changes, long events,
               long reconcileHeight, BigInteger[] expected, String reconcileSkipped) {
        this.from = from;
        this.to = to;
        this.parentHash = parentHash;
        this.commits = List.copyOf(commits);
        this.changes = changes;
        this.events = events;
        this.reconcileHeight = reconcileHeight;
        this.expected = expected;
        this.reconcileSkipped = reconcileSkipped;
    }

    @Override
    public long from() {
        return from;
    }

    @Override
    public long to() {
        return to;
    }

    @Override
    public String parentHash() {
        return parentHash;
    }

    @Override
    public List<BlockRef> commits() {
        return commits;
    }

    @Override
    public long events() {
        return events;
    }

    @Override
    public String toString() {
        return "segment " + from + "-" + to + " (" + changes.size() + " blocks with changes, " + events + " logs)";
    }
}
