package io.assay.chain.evm;

import io.assay.chain.BlockRef;
import io.assay.chain.ChainHaltedException;
import io.assay.chain.ChainStatus;
import io.assay.chain.SegmentWriter;
import io.assay.chain.SeriesFeeds;
import io.assay.chain.TrackedSeries;
import io.assay.chain.TrackingFingerprint;
import io.assay.store.Int128;
import io.assay.store.KeyValue;
import io.assay.store.Point;
import io.assay.store.Store;
import org.jboss.logging.Logger;

import java.math.BigInteger;
import java.util.List;

/**
 * Writes EVM segments into the store: running slot values (supply, token and native balances), one point per
 * series per block where its value changed (time = block time), and the per-(asset, chain, metric)
 * aggregates recomputed when a member changed. At a segment's reconciliation height the values are compared
 * with the node's {@code eth_call} answers: a mismatch raises an alarm and is logged; the indexed value is
 * kept (never overwritten with the node's).
 */
public final class EvmWriter implements SegmentWriter<EvmSegment> {
    private static final Logger LOG = Logger.getLogger(EvmWriter.class);

    private final Store store;
    private final KeyValue meta;
    /** Burn-and-mint records ({@link io.assay.store.BurnMintRecords}), opened on first use. */
    private KeyValue burnMintState;
    private final EvmTracking tracking;
    private final ChainStatus status;
    private final String chain;
    private final int slots;
    private final SeriesFeeds feeds;
    private final long[] hi;
    private final long[] lo;
    private final boolean[] changed;
    private final Point point = new Point();
    private final Int128 sum = new Int128();
    private final Int128 term = new Int128();
    private final Points points = new Points();
    /** Height and time of the points {@link #points} writes. */
    private long pointHeight;
    private long pointTime;

    /**
     * @param meta the chain's keyed-state map shared with the indexer loop; the writer keeps the tracked-set
     *             fingerprint under the key {@code fingerprint}
     */
    public EvmWriter(Store store, KeyValue meta, EvmTracking tracking, ChainStatus status) {
        this.store = store;
        this.meta = meta;
        this.tracking = tracking;
        this.status = status;
        this.chain = tracking.chain();
        this.slots = tracking.slots().size();
        this.feeds = new SeriesFeeds(slots, tracking.series(), tracking.aggregates());
        this.hi = new long[slots];
        this.lo = new long[slots];
        this.changed = new boolean[slots];
    }

    @Override
    public void reload() {
        // data indexed for another tracked set would be wrong for this one (a holder added later has no history)
        TrackingFingerprint.check(store, meta, chain, tracking.fingerprint(), "the tracked tokens/holders");
        feeds.register(store);
        for (int s = 0; s < slots; s++) {
            hi[s] = 0;
            lo[s] = 0;
            if (feeds.latest(store, s, point)) {
                hi[s] = point.value.hi();
                lo[s] = point.value.lo();
            }
        }
    }

    @Override
    public void apply(EvmSegment seg, BlockRef commit) {
        List<BlockChange> changes = seg.changes;
        while (seg.applied < changes.size() && changes.get(seg.applied).height <= commit.height()) {
            write(changes.get(seg.applied));
            seg.applied++;
        }
        // series without any point yet get their current value (usually zero), which they have had since the
        // segment's first block: written there, so every node writes it at the same block however it cut segments
        pointHeight = seg.from();
        pointTime = seg.first.time();
        feeds.baseline(points);
        pointHeight = commit.height();
        pointTime = commit.time();
        if (seg.reconcileHeight == commit.height()) {
            reconcile(seg, commit.height());
        }
    }

    private void write(BlockChange c) {
        boolean any = false;
        for (int s = 0; s < slots; s++) {
            changed[s] = false;
            if (c.touched[s]) {
                long l = lo[s] + c.deltaLo[s];
                long carry = Long.compareUnsigned(l, lo[s]) < 0 ? 1 : 0;
                long h = hi[s] + c.deltaHi[s] + carry;
                if (((hi[s] ^ h) & (c.deltaHi[s] ^ h)) < 0) {
                    throw new ChainHaltedException(chain + ": " + describe(s) + " overflows int128 at block " + c.height);
                }
                hi[s] = h;
                lo[s] = l;
                changed[s] = true;
            }
            if (c.absSet != null && c.absSet[s] && (c.absHi[s] != hi[s] || c.absLo[s] != lo[s])) {
                hi[s] = c.absHi[s];
                lo[s] = c.absLo[s];
                changed[s] = true;
            }
            any |= changed[s];
        }
        if (c.burnMint != null) {
            if (burnMintState == null) {
                burnMintState = store.state(chain, io.assay.store.BurnMintRecords.STATE);
            }
            for (io.assay.store.BurnMintRecords.Entry e : c.burnMint) {
                // the record carries its block's time (the reader learns it from the header after the log)
                io.assay.store.BurnMintRecords.Entry dated = e.dated(c.height, c.time);
                burnMintState.put(dated.key(), dated.value());
            }
        }
        if (!any) {
            return;
        }
        pointHeight = c.height;
        pointTime = c.time;
        feeds.write(changed, points);
    }

    /** Writes points at {@link #pointHeight} / {@link #pointTime}. */
    private final class Points implements SeriesFeeds.Sink {
        @Override
        public void member(int s, int[] seriesIds) {
            if (hi[s] < 0) {
                throw new ChainHaltedException(chain + ": " + describe(s) + " went negative at block " + pointHeight
                        + " (" + new Int128(hi[s], lo[s]) + "): the token does not follow ERC-20 Transfer semantics,"
                        + " or history before the start block is missing");
            }
            for (int id : seriesIds) {
                store.append(id, pointHeight, pointTime, hi[s], lo[s]);
            }
        }

        @Override
        public void aggregate(int aggregateId, TrackedSeries.Aggregate agg) {
            if (agg.unscaled()) {
                sum.set(0L);
                for (int s : agg.members()) {
                    sum.add(term.set(hi[s], lo[s]));
                }
                store.append(aggregateId, pointHeight, pointTime, sum);
                return;
            }
            BigInteger total = BigInteger.ZERO;
            for (int i = 0; i < agg.members().length; i++) {
                int s = agg.members()[i];
                total = total.add(new Int128(hi[s], lo[s]).toBigInteger().multiply(BigInteger.TEN.pow(agg.scale()[i])));
            }
            store.append(aggregateId, pointHeight, pointTime, total);
        }
    }

    private void reconcile(EvmSegment seg, long height) {
        if (seg.expected == null) {
            if (seg.reconcileSkipped != null) {
                LOG.warnf("%s: reconciliation at #%d not possible: %s", chain, height, seg.reconcileSkipped);
                status.error("reconciliation at #" + height + " not possible: " + seg.reconcileSkipped);
            }
            return;
        }
        int mismatches = 0;
        for (int s = 0; s < slots; s++) {
            BigInteger want = seg.expected[s];
            if (want == null) {
                continue;
            }
            BigInteger have = new Int128(hi[s], lo[s]).toBigInteger();
            if (!have.equals(want)) {
                mismatches++;
                String msg = describe(s) + " at #" + height + ": indexed " + have + ", node (eth_call) says " + want;
                LOG.errorf("%s: RECONCILIATION MISMATCH %s", chain, msg);
                status.alarm("reconcile-mismatch", msg, height);
            }
        }
        status.reconciled(height, mismatches);
        if (mismatches == 0) {
            LOG.debugf("%s: reconciled at #%d: indexed values equal the node's", chain, height);
        }
    }

    private String describe(int slot) {
        return feeds.describe(slot, tracking.slots().get(slot));
    }
}
