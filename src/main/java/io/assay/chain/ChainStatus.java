package io.assay.chain;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The live status of one chain's indexer: written by its indexer thread, read by the API and metrics from
 * any thread ({@link #view()} gives a consistent-enough snapshot; each field is individually current).
 */
public final class ChainStatus {
    private static final int MAX_ALARMS = 50;
    private static final long RATE_WINDOW_NANOS = 10_000_000_000L;

    private final String chain;
    private final String family;
    private final long chainId;
    private final String finality;
    private volatile EndpointPool pool;

    private volatile ChainState state = ChainState.STARTING;
    private volatile long head = -1;
    private volatile long finalHead = -1;
    private volatile long indexedHeight = -1;
    private volatile long indexedTime;
    private final AtomicLong events = new AtomicLong();
    private final AtomicLong reorgs = new AtomicLong();
    private final AtomicLong alarmsRaised = new AtomicLong();
    private volatile long lastReorgDepth;
    private volatile long lastReorgAt;
    private volatile String haltReason;
    private volatile String lastError;
    private volatile int reconcileMismatches;
    private volatile long lastReconciledHeight = -1;
    private volatile long syncedAt;
    private final Deque<Alarm> alarms = new ArrayDeque<>();
    /** (nanoTime, height, events) samples for the rates; guarded by itself. */
    private final Deque<long[]> samples = new ArrayDeque<>();

    public ChainStatus(String chain, String family, long chainId, String finality) {
        this.chain = chain;
        this.family = family;
        this.chainId = chainId;
        this.finality = finality;
    }

    public String chain() {
        return chain;
    }

    public void attach(EndpointPool pool) {
        this.pool = pool;
    }

    public EndpointPool pool() {
        return pool;
    }

    public void state(ChainState s) {
        this.state = s;
    }

    public ChainState state() {
        return state;
    }

    public void tip(long head, long finalHead) {
        this.head = head;
        this.finalHead = finalHead;
    }

    public long head() {
        return head;
    }

    public long finalHead() {
        return finalHead;
    }

    /** A commit at {@code height}; {@code newEvents} chain events were applied since the previous one. */
    public void indexed(long height, long time, long newEvents) {
        this.indexedHeight = height;
        this.indexedTime = time;
        long e = events.addAndGet(newEvents);
        long now = System.nanoTime();
        synchronized (samples) {
            samples.addLast(new long[]{now, height, e});
            while (samples.size() > 2 && now - samples.peekFirst()[0] > RATE_WINDOW_NANOS) {
                samples.removeFirst();
            }
        }
    }

    /** After a rollback the indexed height moves back; rates restart. */
    public void rolledBack(long height, long time) {
        this.indexedHeight = height;
        this.indexedTime = time;
        synchronized (samples) {
            samples.clear();
        }
    }

    public long indexedHeight() {
        return indexedHeight;
    }

    public long lag() {
        return finalHead < 0 || indexedHeight < 0 ? Math.max(0, finalHead + 1) : Math.max(0, finalHead - indexedHeight);
    }

    public long events() {
        return events.get();
    }

    public double blocksPerSecond() {
        return rate(1);
    }

    public double eventsPerSecond() {
        return rate(2);
    }

    private double rate(int field) {
        synchronized (samples) {
            if (samples.size() < 2) {
                return 0;
            }
            long[] a = samples.peekFirst();
            long[] b = samples.peekLast();
            long dt = b[0] - a[0];
            return dt <= 0 ? 0 : (b[field] - a[field]) * 1e9 / dt;
        }
    }

    /** The indexer confirmed it has indexed everything final on the chain, now. */
    public void synced() {
        syncedAt = System.currentTimeMillis();
    }

    /** When the indexer last confirmed it was at the final head, epoch milliseconds (empty if never). */
    public java.util.Optional<java.time.Instant> syncedAt() {
        long t = syncedAt;
        return t == 0 ? java.util.Optional.empty() : java.util.Optional.of(java.time.Instant.ofEpochMilli(t));
    }

    public void reorg(long depth, long fromHeight, long toHeight) {
        reorgs.incrementAndGet();
        lastReorgDepth = depth;
        lastReorgAt = System.currentTimeMillis();
        alarm("reorg", "reorg of depth " + depth + ": rolled back from #" + fromHeight + " to #" + toHeight, toHeight);
    }

    public long reorgs() {
        return reorgs.get();
    }

    public long lastReorgDepth() {
        return lastReorgDepth;
    }

    /** When the last reorg was handled, epoch milliseconds (0 if never). */
    public long lastReorgAt() {
        return lastReorgAt;
    }

    public void halt(String reason) {
        this.haltReason = reason;
        this.state = ChainState.HALTED;
        alarm("halt", reason, indexedHeight);
    }

    public String haltReason() {
        return haltReason;
    }

    public void error(String message) {
        this.lastError = message;
    }

    public void clearError() {
        this.lastError = null;
    }

    public String lastError() {
        return lastError;
    }

    public void reconciled(long height, int mismatches) {
        this.lastReconciledHeight = height;
        this.reconcileMismatches = mismatches;
    }

    public int reconcileMismatches() {
        return reconcileMismatches;
    }

    public long alarmsRaised() {
        return alarmsRaised.get();
    }

    public void alarm(String kind, String message, long height) {
        alarmsRaised.incrementAndGet();
        synchronized (alarms) {
            alarms.addLast(new Alarm(kind, message, height, System.currentTimeMillis()));
            while (alarms.size() > MAX_ALARMS) {
                alarms.removeFirst();
            }
        }
    }

    public List<Alarm> alarms() {
        synchronized (alarms) {
            return List.copyOf(alarms);
        }
    }

    public ChainStatusView view() {
        EndpointPool p = pool;
        return new ChainStatusView(chain, family, chainId, finality, state, head, finalHead, indexedHeight,
                indexedTime, lag(), blocksPerSecond(), eventsPerSecond(), events.get(), reorgs.get(), lastReorgDepth,
                haltReason, lastError, reconcileMismatches, lastReconciledHeight,
                p == null ? List.of() : new ArrayList<>(p.views()), alarms());
    }

    @Override
    public String toString() {
        return chain + " " + state + " indexed #" + indexedHeight + " final #" + finalHead + " head #" + head;
    }
}
