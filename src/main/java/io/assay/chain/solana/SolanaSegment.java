package io.assay.chain.solana;

import io.assay.chain.BlockRef;
import io.assay.chain.BlockSpan;

import java.math.BigInteger;
import java.util.List;

/**
 * Slots {@code [from, to]} of a Solana chain as fetched: the slot changes of the tracked values in slot order,
 * the balance each tracked token account had before its first change in the segment (checked against the
 * indexed value before anything is written: a gap in the endpoint's history shows there), and, when the segment
 * is reconciled, the node's own values at its last slot.
 *
 * <p>Commit points are the segment's last slot only. Its {@link BlockRef} is the <em>anchor</em> of that slot:
 * the last produced block at or below it (slots may be skipped), with the slot as height.
 */
public final class SolanaSegment extends BlockSpan {
    private final List<BlockRef> commits;
    final List<SlotChange> changes;
    /** Per value: its balance before the segment's first change of it per the transactions, or null. */
    final BigInteger[] before;
    /** Per value: the slot and signature that {@link #before} comes from (for messages). */
    final String[] beforeSource;
    /** Write every series at this segment's first change even if unchanged (a chain's first values). */
    final boolean initial;
    /** Slot whose values are compared with {@link #expected}, or -1. */
    final long reconcileSlot;
    /** The node's value per tracked value at {@link #reconcileSlot}, null where not checked. */
    final BigInteger[] expected;
    /** Index into {@link #changes} of the next change to write (the writer's progress). */
    int applied;
    boolean checked;

    SolanaSegment(long from, long to, String parentHash, BlockRef commit, List<SlotChange> changes, BigInteger[] before,
                  String[] beforeSource, boolean initial, long reconcileSlot, BigInteger[] expected) {
        super(from, to, parentHash, transactions(changes));
        this.commits = List.of(commit);
        this.changes = changes;
        this.before = before;
        this.beforeSource = beforeSource;
        this.initial = initial;
        this.reconcileSlot = reconcileSlot;
        this.expected = expected;
    }

    private static long transactions(List<SlotChange> changes) {
        long n = 0;
        for (SlotChange c : changes) {
            n += c.transactions;
        }
        return n;
    }

    @Override
    public List<BlockRef> commits() {
        return commits;
    }

    private List<BlockRef> changedBlocks = List.of();

    /** Gives each slot with changes the hash of its anchor (the block at that slot when it has one). */
    SolanaSegment anchored(java.util.function.LongFunction<BlockRef> anchor) {
        List<BlockRef> out = new java.util.ArrayList<>(changes.size());
        for (SlotChange c : changes) {
            out.add(new BlockRef(c.slot, anchor.apply(c.slot).hash(), "", c.time));
        }
        changedBlocks = List.copyOf(out);
        return this;
    }

    /** Slots with changes, with their anchors' hashes ({@link #anchored}). */
    @Override
    public List<BlockRef> changedBlocks() {
        return changedBlocks;
    }

    @Override
    public String toString() {
        return describe(changes.size() + " slots with changes, " + events() + " transactions");
    }
}
