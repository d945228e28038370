package io.assay.chain.solana;

import io.assay.chain.BlockRef;
import io.assay.chain.ChainStatus;
import io.assay.chain.SegmentWriter;
import io.assay.chain.SeriesFeeds;
import io.assay.chain.TrackedSeries;
import io.assay.chain.TrackingFingerprint;
import io.assay.store.KeyValue;
import io.assay.store.Point;
import io.assay.store.Store;
import org.jboss.logging.Logger;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Writes Solana segments into the store: the running value of each tracked mint supply and token-account
 * balance, one point per series at each slot where its value changed (time = block time), and the
 * per-(asset, chain, metric) aggregates recomputed when a member changed. A chain's first segment writes every
 * series, so each has a point from the first indexed slot on.
 *
 * <p>Before writing a segment it checks it against what is indexed: each token account's balance before its
 * first transaction in the segment must equal the indexed balance, and no value may go negative. Otherwise the
 * endpoint's history has a gap: nothing of the segment is written, the reader's cached history is dropped and
 * the segment is retried (a retryable error, shown in the chain's status). When the segment is reconciled, the
 * values it leads to must equal the node's at its last slot: a mismatch raises an alarm and the segment is not
 * written either (the chain then stays at its last good slot, and turns stale, until the history adds up).
 */
public final class SolanaWriter implements SegmentWriter<SolanaSegment> {
    private static final Logger LOG = Logger.getLogger(SolanaWriter.class);

    private final Store store;
    private final KeyValue meta;
    private final SolanaTracking tracking;
    private final ChainStatus status;
    private final Runnable onGap;
    private final String chain;
    private final int n;
    private final SeriesFeeds feeds;
    private final BigInteger[] current;
    private final boolean[] changed;
    private final Point point = new Point();
    private final Points points = new Points();
    private long lastTime;
    private String lastMismatch;
    /** Slot and time {@link #points} writes at. */
    private long writeSlot;
    private long writeTime;

    /**
     * @param meta  the chain's keyed-state map shared with the indexer loop; the writer keeps the tracked-set
     *              fingerprint in it
     * @param onGap called when a segment contradicts what is indexed (the reader then drops its cached history)
     */
    public SolanaWriter(Store store, KeyValue meta, SolanaTracking tracking, ChainStatus status, Runnable onGap) {
        this.store = store;
        this.meta = meta;
        this.tracking = tracking;
        this.status = status;
        this.onGap = onGap;
        this.chain = tracking.chain();
        this.n = tracking.values().size();
        this.feeds = new SeriesFeeds(n, tracking.series(), tracking.aggregates());
        this.current = new BigInteger[n];
        this.changed = new boolean[n];
    }

    @Override
    public void reload() {
        // data indexed for another tracked set would be wrong for this one (an account added later has no history)
        TrackingFingerprint.check(store, meta, chain, tracking.fingerprint(), "the tracked mints/token accounts");
        feeds.register(store);
        lastTime = store.checkpoint(chain).map(c -> c.time()).orElse(0L);
        for (int v = 0; v < n; v++) {
            current[v] = BigInteger.ZERO;
            if (feeds.latest(store, v, point)) {
                current[v] = point.value.toBigInteger();
                lastTime = Math.max(lastTime, point.time);
            }
        }
    }

    /** The indexed value of each tracked value (raw units), in {@link SolanaTracking#values()} order. */
    public List<BigInteger> values() {
        return List.of(current.clone());
    }

    @Override
    public void apply(SolanaSegment seg, BlockRef commit) {
        if (!seg.checked) {
            check(seg);
            seg.checked = true;
        }
        List<SlotChange> changes = seg.changes;
        while (seg.applied < changes.size() && changes.get(seg.applied).slot <= commit.height()) {
            write(changes.get(seg.applied), seg.initial && seg.applied == 0);
            seg.applied++;
        }
    }

    /** Nothing is written unless the whole segment continues what is indexed. */
    private void check(SolanaSegment seg) {
        for (int v = 0; v < n; v++) {
            BigInteger before = seg.before[v];
            if (before != null && !before.equals(current[v])) {
                gap(tracking.values().get(v) + " is indexed at " + current[v] + ", but its next transaction ("
                        + seg.beforeSource[v] + ") starts from " + before);
            }
        }
        BigInteger[] sim = current.clone();
        for (SlotChange c : seg.changes) {
            for (int v = 0; v < n; v++) {
                sim[v] = c.apply(v, sim[v]);
                if (sim[v].signum() < 0) {
                    gap(tracking.values().get(v) + " would go negative at slot " + c.slot + " (" + sim[v] + ")");
                }
            }
        }
        if (seg.expected != null && seg.reconcileSlot == seg.to()) {
            reconcile(sim, seg.expected, seg.reconcileSlot);
        }
    }

    /**
     * The values the segment leads to must equal the node's at its last slot. A difference means the history
     * read misses (or misreads) a transaction: it is raised as an alarm and the segment is not written.
     */
    private void reconcile(BigInteger[] sim, BigInteger[] expected, long slot) {
        List<String> wrong = new ArrayList<>();
        for (int v = 0; v < n; v++) {
            if (expected[v] != null && !sim[v].equals(expected[v])) {
                wrong.add(describe(v) + ": history gives " + sim[v] + ", node says " + expected[v]);
            }
        }
        status.reconciled(slot, wrong.size());
        if (wrong.isEmpty()) {
            LOG.debugf("%s: reconciled at slot %d: values equal the node's %s", chain, slot, Arrays.toString(expected));
            return;
        }
        String msg = "at slot " + slot + ": " + String.join("; ", wrong);
        if (!msg.equals(lastMismatch)) {
            lastMismatch = msg;
            LOG.errorf("%s: RECONCILIATION MISMATCH %s", chain, msg);
            status.alarm("reconcile-mismatch", msg, slot);
        }
        gap("reconciliation " + msg);
    }

    private void gap(String what) {
        onGap.run();
        throw new SolanaChainReader.HistoryGap(chain + ": " + what
                + ": the endpoint's transaction history misses something; nothing written, retrying");
    }

    private void write(SlotChange c, boolean all) {
        long time = Math.max(c.time, lastTime); // a block time below an earlier one would be refused by the store
        boolean any = false;
        for (int v = 0; v < n; v++) {
            BigInteger next = c.apply(v, current[v]);
            changed[v] = all || !next.equals(current[v]);
            current[v] = next;
            any |= changed[v];
        }
        if (!any) {
            return;
        }
        writeSlot = c.slot;
        writeTime = time;
        feeds.write(changed, points);
        lastTime = time;
    }

    /** Writes the points at {@link #writeSlot}. */
    private final class Points implements SeriesFeeds.Sink {
        @Override
        public void member(int v, int[] seriesIds) {
            for (int id : seriesIds) {
                store.append(id, writeSlot, writeTime, current[v]);
            }
        }

        @Override
        public void aggregate(int aggregateId, TrackedSeries.Aggregate agg) {
            BigInteger total = BigInteger.ZERO;
            for (int i = 0; i < agg.members().length; i++) {
                total = total.add(current[agg.members()[i]].multiply(BigInteger.TEN.pow(agg.scale()[i])));
            }
            store.append(aggregateId, writeSlot, writeTime, total);
        }
    }

    private String describe(int v) {
        return feeds.describe(v, tracking.values().get(v));
    }
}
