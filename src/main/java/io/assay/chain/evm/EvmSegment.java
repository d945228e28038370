package io.assay.chain.evm;

import io.assay.chain.BlockRef;
import io.assay.chain.BlockSpan;

import java.math.BigInteger;
import java.util.List;

/**
 * Blocks {@code [from, to]} of an EVM chain as fetched: commit points, the per-block changes of the tracked
 * slots in height order, and, when the segment holds a reconciliation height, the node's own values there.
 */
public final class EvmSegment extends BlockSpan {
    private final List<BlockRef> commits;
    /** Block {@code from}'s header. */
    final BlockRef first;
    final List<BlockChange> changes;
    /** Height whose values are compared with {@link #expected}, or -1. */
    final long reconcileHeight;
    /** The node's value per slot at {@link #reconcileHeight} ({@code eth_call}), null where not checked. */
    final BigInteger[] expected;
    /** Why reconciliation could not be done at {@link #reconcileHeight}, or null. */
    final String reconcileSkipped;
    /** Index into {@link #changes} of the next change to write (the writer's progress). */
    int applied;

    EvmSegment(long from, long to, String parentHash, BlockRef first, List<BlockRef> commits, List<BlockChange> changes,
               long events, long reconcileHeight, BigInteger[] expected, String reconcileSkipped) {
        super(from, to, parentHash, events);
        this.first = first;
        this.commits = List.copyOf(commits);
        this.changes = changes;
        this.reconcileHeight = reconcileHeight;
        this.expected = expected;
        this.reconcileSkipped = reconcileSkipped;
    }

    @Override
    public List<BlockRef> commits() {
        return commits;
    }

    @Override
    public BlockRef firstBlock() {
        return first;
    }

    /** Blocks with changes: their hashes come from the logs or the headers read for them. */
    @Override
    public List<BlockRef> changedBlocks() {
        List<BlockRef> out = new java.util.ArrayList<>(changes.size());
        for (BlockChange c : changes) {
            out.add(new BlockRef(c.height, c.hash, "", c.time));
        }
        return out;
    }

    @Override
    public String toString() {
        return describe(changes.size() + " blocks with changes, " + events() + " logs");
    }
}
