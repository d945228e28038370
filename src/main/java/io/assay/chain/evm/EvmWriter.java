package io.assay.chain.evm;

import io.assay.chain.BlockRef;
import io.assay.chain.ChainHaltedException;
import io.assay.chain.ChainStatus;
import io.assay.chain.SegmentWriter;
import io.assay.store.Int128;
import io.assay.store.KeyValue;
import io.assay.store.Point;
import io.assay.store.SeriesKey;
import io.assay.store.Store;
import org.jboss.logging.Logger;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
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
    private static final byte[] FINGERPRINT_KEY = "fingerprint".getBytes(StandardCharsets.UTF_8);

    private final Store store;
    private final KeyValue meta;
    private final EvmTracking tracking;
    private final ChainStatus status;
    private final String chain;
    private final int slots;
    private final int[] seriesIds;
    private final int[] aggregateIds;
    private final int[][] slotSeries;
    private final int[][] slotAggregates;
    private final long[] hi;
    private final long[] lo;
    private final boolean[] changed;
    private final boolean[] aggChanged;
    /** Series and aggregates without any point yet: they get their current value at the next commit. */
    private final boolean[] seriesUnwritten;
    private final boolean[] aggUnwritten;
    private boolean anyUnwritten;
    private final Point point = new Point();
    private final Int128 sum = new Int128();
    private final Int128 term = new Int128();

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
        this.seriesIds = new int[tracking.series().size()];
        this.aggregateIds = new int[tracking.aggregates().size()];
        this.hi = new long[slots];
        this.lo = new long[slots];
        this.changed = new boolean[slots];
        this.aggChanged = new boolean[tracking.aggregates().size()];
        this.seriesUnwritten = new boolean[tracking.series().size()];
        this.aggUnwritten = new boolean[tracking.aggregates().size()];
        List<List<Integer>> bySlot = new ArrayList<>();
        List<List<Integer>> aggBySlot = new ArrayList<>();
        for (int i = 0; i < slots; i++) {
            bySlot.add(new ArrayList<>());
            aggBySlot.add(new ArrayList<>());
        }
        for (int i = 0; i < tracking.series().size(); i++) {
            bySlot.get(tracking.series().get(i).slot()).add(i);
        }
        for (int a = 0; a < tracking.aggregates().size(); a++) {
            for (int s : tracking.aggregates().get(a).slots()) {
                aggBySlot.get(s).add(a);
            }
        }
        this.slotSeries = bySlot.stream().map(l -> l.stream().mapToInt(Integer::intValue).toArray()).toArray(int[][]::new);
        this.slotAggregates = aggBySlot.stream().map(l -> l.stream().mapToInt(Integer::intValue).toArray()).toArray(int[][]::new);
    }

    @Override
    public void reload() {
        checkFingerprint();
        for (int i = 0; i < seriesIds.length; i++) {
            seriesIds[i] = store.series(tracking.series().get(i).key());
        }
        for (int i = 0; i < aggregateIds.length; i++) {
            aggregateIds[i] = store.series(tracking.aggregates().get(i).key());
        }
        for (int s = 0; s < slots; s++) {
            hi[s] = 0;
            lo[s] = 0;
            int[] feeds = slotSeries[s];
            if (feeds.length > 0 && store.latest(seriesIds[feeds[0]], point)) {
                hi[s] = point.value.hi();
                lo[s] = point.value.lo();
            }
        }
        anyUnwritten = false;
        for (int i = 0; i < seriesIds.length; i++) {
            seriesUnwritten[i] = !store.latest(seriesIds[i], point);
            anyUnwritten |= seriesUnwritten[i];
        }
        for (int a = 0; a < aggregateIds.length; a++) {
            aggUnwritten[a] = !store.latest(aggregateIds[a], point);
            anyUnwritten |= aggUnwritten[a];
        }
    }

    /**
     * Data indexed for another tracked set would be wrong for this one (a holder added later has no history).
     */
    private void checkFingerprint() {
        String want = tracking.fingerprint();
        byte[] have = meta.get(FINGERPRINT_KEY);
        if (have == null) {
            if (store.checkpoint(chain).isPresent()) {
                throw new ChainHaltedException(chain + ": the store holds data for this chain without a record of what"
                        + " was tracked; remove the chain's data to index it again");
            }
            meta.put(FINGERPRINT_KEY, want.getBytes(StandardCharsets.UTF_8));
            return;
        }
        String had = new String(have, StandardCharsets.UTF_8);
        if (!had.equals(want)) {
            throw new ChainHaltedException(chain + ": the tracked tokens/holders changed since this chain was indexed"
                    + " (fingerprint " + had + ", profiles now give " + want + "); remove the chain's data to index it"
                    + " again with the new profiles");
        }
    }

    @Override
    public void apply(EvmSegment seg, BlockRef commit) {
        List<BlockChange> changes = seg.changes;
        while (seg.applied < changes.size() && changes.get(seg.applied).height <= commit.height()) {
            write(changes.get(seg.applied));
            seg.applied++;
        }
        if (anyUnwritten) {
            writeBaseline(commit);
        }
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
        if (!any) {
            return;
        }
        java.util.Arrays.fill(aggChanged, false);
        for (int s = 0; s < slots; s++) {
            if (!changed[s]) {
                continue;
            }
            if (hi[s] < 0) {
                throw new ChainHaltedException(chain + ": " + describe(s) + " went negative at block " + c.height
                        + " (" + new Int128(hi[s], lo[s]) + "): the token does not follow ERC-20 Transfer semantics,"
                        + " or history before the start block is missing");
            }
            for (int i : slotSeries[s]) {
                store.append(seriesIds[i], c.height, c.time, hi[s], lo[s]);
                seriesUnwritten[i] = false;
            }
            for (int a : slotAggregates[s]) {
                aggChanged[a] = true;
            }
        }
        for (int a = 0; a < aggregateIds.length; a++) {
            if (aggChanged[a]) {
                writeAggregate(a, c.height, c.time);
            }
        }
    }

    /**
     * Hazard: points are written only when a value changes, so a token with no Transfer yet (or a holder that never
     * received one) would have no point at all, and the engine refuses snapshots over a series without data
     * ("indexing starts later") although the value is known: zero from the start block, or the initial value read
     * at {@code startHeight - 1}. Every such series and aggregate gets its current value at the first commit.
     */
    private void writeBaseline(BlockRef commit) {
        for (int s = 0; s < slots; s++) {
            for (int i : slotSeries[s]) {
                if (seriesUnwritten[i]) {
                    store.append(seriesIds[i], commit.height(), commit.time(), hi[s], lo[s]);
                    seriesUnwritten[i] = false;
                }
            }
        }
        for (int a = 0; a < aggregateIds.length; a++) {
            if (aggUnwritten[a]) {
                writeAggregate(a, commit.height(), commit.time());
            }
        }
        anyUnwritten = false;
    }

    private void writeAggregate(int a, long height, long time) {
        aggUnwritten[a] = false;
        EvmTracking.Aggregate agg = tracking.aggregates().get(a);
        boolean scaled = false;
        for (int x : agg.scale()) {
            scaled |= x != 0;
        }
        if (!scaled) {
            sum.set(0L);
            for (int s : agg.slots()) {
                sum.add(term.set(hi[s], lo[s]));
            }
            store.append(aggregateIds[a], height, time, sum);
            return;
        }
        BigInteger total = BigInteger.ZERO;
        for (int i = 0; i < agg.slots().length; i++) {
            int s = agg.slots()[i];
            total = total.add(new Int128(hi[s], lo[s]).toBigInteger().multiply(BigInteger.TEN.pow(agg.scale()[i])));
        }
        store.append(aggregateIds[a], height, time, total);
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
        StringBuilder sb = new StringBuilder();
        for (int i : slotSeries[slot]) {
            SeriesKey k = tracking.series().get(i).key();
            sb.append(sb.isEmpty() ? "" : ", ").append(k);
        }
        return sb.isEmpty() ? tracking.slots().get(slot).toString() : sb.toString();
    }
}
