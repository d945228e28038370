package io.assay.chain;

import io.assay.chain.rpc.RpcException;
import io.assay.store.SeriesNames;
import io.assay.store.Checkpoint;
import io.assay.store.KeyValue;
import io.assay.store.Store;
import io.assay.store.StoreException;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * The indexer loop every chain family shares: cursor from the store checkpoint, segments fetched ahead in
 * parallel, applied strictly in order, the store committed at each segment's commit points, then the head
 * followed at the profile's finality.
 *
 * <h2>Invariants</h2>
 * <ul>
 *   <li>Only final blocks (under the profile's rule) are applied; a segment is applied only if its first
 *       block's parent is the recorded hash of the last committed block.</li>
 *   <li>A commit point's hash is written to keyed state before the commit, so checkpoint, points and hashes
 *       move together; {@code kill -9} at any instant resumes from the last commit.</li>
 *   <li>A mismatch with recorded data is either an endpoint that lies (another endpoint still confirms the
 *       record: the liar is excluded), a reorg (every endpoint shows the new chain: walk back over recorded
 *       hashes to the common ancestor, {@link Store#truncateAfter}, re-apply), or a disagreement (halt).</li>
 *   <li>With two or more endpoints, each segment's last block is asked of every endpoint before it is
 *       recorded; if they answer different hashes the chain halts rather than record either.</li>
 *   <li>Stopping happens at a block boundary: after a commit, never between apply and commit.</li>
 *   <li>Every commit also records the committed height in {@code _chain/<chain>/height/committed}
 *       ({@link SeriesNames#committedHeight}), and the hash of every block at which the segment changed a tracked
 *       value ({@link Segment#changedBlocks()}; {@link SeriesNames#blockHashHi}), so an answer as of any moment names
 *       the block its values come from, the same on a node that followed the chain and one that backfilled it.</li>
 *   <li>Coverage: after each commit and each head poll the loop reports until when the chain is known final
 *       ({@link ChainSync#covered}): one millisecond before its last final block's time (a later block may share
 *       that time), or, while the chain is quiet (its head is the committed block), the wall clock at the poll
 *       less the profile's quiet skew, rounded down to a whole second, less one millisecond. A halt is reported at
 *       once ({@link ChainSync#halted}); a rollback withdraws the coverage ({@link ChainSync#rollingBack}).</li>
 * </ul>
 *
 * @param <S> the family's segment type
 */
public final class ChainIndexer<S extends Segment> implements Indexer, AutoCloseable {
    private static final Logger LOG = Logger.getLogger(ChainIndexer.class);
    private static final long PROGRESS_NANOS = 10_000_000_000L;

    /**
     * @param chain         chain profile name (the store's chain)
     * @param startHeight   first block to index when the store has no checkpoint for the chain
     * @param maxReorgDepth deepest rollback allowed; blocks within it of the head are committed one by one
     * @param parallelism   segments fetched at once
     * @param pollInterval  pause between head polls when caught up
     * @param quietSkew     how far below the wall clock a new block's time may lie when it is found; null: a quiet
     *                      chain is covered only through its last final block
     */
    public record Settings(String chain, long startHeight, int maxReorgDepth, int parallelism, Duration pollInterval,
                           Duration quietSkew) {
        public Settings(String chain, long startHeight, int maxReorgDepth, int parallelism, Duration pollInterval) {
            this(chain, startHeight, maxReorgDepth, parallelism, pollInterval, null);
        }
    }

    /** Another endpoint contradicts recorded data and none confirms it: handle as a reorg. */
    private static final class RecordContradicted extends RuntimeException {
        RecordContradicted() {
            super(null, null, false, false);
        }
    }

    private final Settings cfg;
    private final ChainReader<S> reader;
    private final SegmentWriter<S> writer;
    private final Store store;
    private final EndpointPool pool;
    private final ChainStatus status;
    private final RecentHashes hashes;
    private final int committedHeightSeries;
    private final int blockHashHiSeries;
    private final int blockHashLoSeries;
    private final ExecutorService fetchers;
    private final Object wake = new Object();
    /**
     * Held around every store write (apply + commit, rollback, reload). {@link #stop} takes it to set
     * {@link #stopping} and interrupt the loop, so an interrupt can only land in network waits: interrupting a
     * thread inside file-channel I/O would close the store's channel.
     */
    private final Object storeWork = new Object();
    private volatile boolean stopping;
    private volatile Thread thread;
    private volatile ChainSync sync;
    private volatile Runnable onSynced = () -> {
    };
    private long lastProgress;
    /** Height of the last block in the block log (writer thread); reset from the store on (re)load. */
    private long lastLogged = Long.MIN_VALUE;
    private long lastLoggedTime = Long.MIN_VALUE;
    private long retryPauseMillis;

    /**
     * @param state the chain's keyed-state map for the loop's recent block hashes (keys starting with {@code 'h'});
     *              the family may keep its own entries in it under other keys (one map is cheaper to open than two)
     */
    public ChainIndexer(Settings cfg, ChainReader<S> reader, SegmentWriter<S> writer, Store store, KeyValue state,
                        EndpointPool pool, ChainStatus status) {
        this.cfg = cfg;
        this.reader = reader;
        this.writer = writer;
        this.store = store;
        this.pool = pool;
        this.status = status;
        this.hashes = new RecentHashes(state, cfg.maxReorgDepth());
        this.committedHeightSeries = store.series(SeriesNames.committedHeight(cfg.chain()));
        this.blockHashHiSeries = store.series(SeriesNames.blockHashHi(cfg.chain()));
        this.blockHashLoSeries = store.series(SeriesNames.blockHashLo(cfg.chain()));
        this.fetchers = Executors.newFixedThreadPool(Math.max(1, cfg.parallelism()), r -> {
            Thread t = new Thread(r, "fetch-" + cfg.chain());
            t.setDaemon(true);
            return t;
        });
        status.attach(pool);
    }

    @Override
    public ChainStatus status() {
        return status;
    }

    /**
     * Reports to {@code sync} whenever the loop finds it has indexed everything final (the engine's freshness
     * clock), and withdraws the chain from it when it halts. Call before {@link #start()}.
     */
    public ChainIndexer<S> reportSyncTo(ChainSync sync) {
        this.sync = sync;
        sync.started(cfg.chain());
        return this;
    }

    /**
     * Runs {@code hook} on the indexer thread each time the loop, polling the head, finds everything final indexed,
     * between commits: for family work that needs a caught-up, committed state (Bitcoin reconciliation). A hook that
     * throws halts nothing: it is logged.
     */
    public ChainIndexer<S> onSynced(Runnable hook) {
        this.onSynced = hook;
        return this;
    }

    /** Starts the loop on its own thread. */
    @Override
    public synchronized void start() {
        if (thread != null) {
            throw new IllegalStateException(cfg.chain() + " indexer already started");
        }
        Thread t = new Thread(this::run, "indexer-" + cfg.chain());
        t.setDaemon(true);
        thread = t;
        t.start();
    }

    /**
     * Stops the loop at a block boundary and waits for it (at most {@code timeout}): a commit in progress
     * finishes, a network wait is interrupted at once.
     */
    @Override
    public void stop(Duration timeout) {
        Thread t = thread;
        synchronized (storeWork) {
            stopping = true;
            if (t != null && t != Thread.currentThread()) {
                t.interrupt();
            }
        }
        synchronized (wake) {
            wake.notifyAll();
        }
        fetchers.shutdownNow();
        if (t != null && t != Thread.currentThread()) {
            try {
                t.join(timeout.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public void close() {
        stop(Duration.ofSeconds(30));
    }

    private void run() {
        try {
            loop();
        } finally {
            fetchers.shutdownNow();
            if (status.state() != ChainState.HALTED) {
                status.state(ChainState.STOPPED);
            }
            LOG.infof("%s: indexer stopped at #%d (%s)", cfg.chain(), status.indexedHeight(), status.state());
        }
    }

    private void loop() {
        boolean prepared = false;
        while (!stopping) {
            try {
                if (!prepared) {
                    status.state(ChainState.STARTING);
                    reader.prepare();
                    synchronized (storeWork) {
                        if (stopping) {
                            return;
                        }
                        writer.reload();
                        hashes.load();
                        lastLogged = lastLoggedInStore();
                    }
                    Optional<Checkpoint> cp = store.checkpoint(cfg.chain());
                    cp.ifPresent(c -> status.rolledBack(c.height(), c.time()));
                    prepared = true;
                    LOG.infof("%s: indexing from #%d (%s)", cfg.chain(), cursor() + 1,
                            cp.isPresent() ? "checkpoint" : "start height");
                }
                long polledAt = System.currentTimeMillis(); // before the call: a block found after it is later
                Tip tip = reader.tip();
                status.tip(tip.head(), tip.finalized());
                Optional<Checkpoint> cp = store.checkpoint(cfg.chain());
                if (cp.isEmpty() && cfg.startHeight() > 0) {
                    applyInitial(cfg.startHeight() - 1);
                    continue;
                }
                long cursor = cp.map(Checkpoint::height).orElse(-1L);
                if (cursor >= tip.finalized()) {
                    if (cursor >= 0 && !stillOnChain(cursor)) {
                        mismatch(cursor);
                        continue;
                    }
                    followed(cp.orElse(null), tip.head() <= cursor ? polledAt : Long.MIN_VALUE);
                    synced();
                    pause(cfg.pollInterval().toMillis());
                    continue;
                }
                status.state(tip.finalized() - cursor > 2L * Math.max(1, reader.denseSpan())
                        ? ChainState.BACKFILLING : ChainState.FOLLOWING);
                pipeline(cursor, tip); // the next round sees whether the final head was reached
                retryPauseMillis = 0;
            } catch (RuntimeException e) {
                if (stopping) {
                    return; // an interrupted network wait, or anything else while shutting down
                }
                if (e instanceof ChainHaltedException) {
                    halt(e.getMessage(), e);
                    return;
                }
                if (e instanceof StoreException) {
                    halt("store: " + e.getMessage(), e);
                    return;
                }
                if (e instanceof RpcException r) {
                    retrying(r);
                    continue;
                }
                halt("internal error: " + e, e);
                return;
            }
        }
    }

    /**
     * Caught up at checkpoint {@code cp}; {@code quietSince} is the wall clock before the head poll that found the
     * chain's head at the checkpoint (nothing newer, final or not), or {@code Long.MIN_VALUE}.
     */
    private void followed(Checkpoint cp, long quietSince) {
        retryPauseMillis = 0;
        status.clearError();
        status.synced();
        if (cp != null) { // nothing committed yet (a chain whose start is its genesis, not mined past): no coverage
            long until = cp.time() - 1;
            Duration skew = cfg.quietSkew();
            if (quietSince != Long.MIN_VALUE && skew != null) {
                long wall = quietSince - skew.toMillis();
                until = Math.max(until, Math.floorDiv(wall, 1000) * 1000 - 1);
            }
            report(until);
        }
        if (status.state() != ChainState.FOLLOWING) {
            LOG.infof("%s: following at #%d (head #%d)", cfg.chain(), status.indexedHeight(), status.head());
        }
        status.state(ChainState.FOLLOWING);
    }

    private void synced() {
        try {
            onSynced.run();
        } catch (RuntimeException e) {
            LOG.warnf(e, "%s: synced hook failed", cfg.chain());
        }
    }

    private void retrying(RpcException e) {
        status.state(ChainState.RETRYING);
        String msg = String.valueOf(e.getMessage());
        if (!msg.equals(status.lastError())) {
            LOG.warnf("%s: %s (retrying)", cfg.chain(), msg);
        }
        status.error(msg);
        retryPauseMillis = retryPauseMillis == 0 ? Math.max(100, Math.min(1000, cfg.pollInterval().toMillis()))
                : Math.min(10_000, retryPauseMillis * 2);
        pause(retryPauseMillis);
    }

    private void report(long coveredUntil) {
        ChainSync s = sync;
        if (s != null) {
            s.covered(cfg.chain(), java.time.Instant.ofEpochMilli(coveredUntil));
        }
    }

    private void halt(String reason, Throwable e) {
        ChainSync s = sync;
        if (s != null) {
            s.halted(cfg.chain(), reason);
        }
        status.halt(reason);
        if (e instanceof ChainHaltedException) {
            LOG.errorf("%s: HALTED at #%d: %s", cfg.chain(), status.indexedHeight(), reason);
        } else {
            LOG.errorf(e, "%s: HALTED at #%d: %s", cfg.chain(), status.indexedHeight(), reason);
        }
    }

    /**
     * While caught up, the last recorded block must still be on the chain: a reorg without a new final block on
     * top would otherwise go unnoticed until the next one.
     */
    private boolean stillOnChain(long cursor) {
        String recorded = hashes.get(cursor);
        if (recorded == null) {
            return true;
        }
        BlockRef b = reader.block(cursor);
        return b == null || b.hash().equals(recorded);
    }

    private long cursor() {
        return store.checkpoint(cfg.chain()).map(Checkpoint::height).orElse(cfg.startHeight() - 1);
    }

    private void applyInitial(long height) {
        S init = reader.initial(height);
        commitAll(init, Long.MIN_VALUE);
        LOG.infof("%s: starting values read at #%d", cfg.chain(), height);
    }

    private void pipeline(long cursor, Tip tip) {
        ArrayDeque<Future<S>> inflight = new ArrayDeque<>();
        long[] next = {cursor + 1};
        long denseFrom = tip.head() - cfg.maxReorgDepth() + 1;
        try {
            while (!stopping) {
                topUp(inflight, next, denseFrom, tip);
                Future<S> head = inflight.poll();
                if (head == null) {
                    return;
                }
                S seg = await(head);
                topUp(inflight, next, denseFrom, tip); // keep every fetcher busy while this segment is written
                String recorded = hashes.get(cursor);
                if (recorded != null && !recorded.equals(seg.parentHash())) {
                    mismatch(cursor);
                    return;
                }
                try {
                    crossCheck(cursor, recorded, seg);
                } catch (RecordContradicted e) {
                    mismatch(cursor);
                    return;
                }
                cursor = commitAll(seg, cursor);
                if (cursor < seg.to()) {
                    return; // stopping
                }
                progress(tip);
            }
        } finally {
            for (Future<S> f : inflight) {
                f.cancel(true);
            }
        }
    }

    /** Plans and submits segments until {@code parallelism} are in flight or the final head is planned. */
    private void topUp(ArrayDeque<Future<S>> inflight, long[] next, long denseFrom, Tip tip) {
        while (inflight.size() < Math.max(1, cfg.parallelism()) && next[0] <= tip.finalized()) {
            long from = next[0];
            boolean dense = from >= denseFrom;
            long to = dense ? Math.min(from + reader.denseSpan() - 1, tip.finalized())
                    : Math.min(Math.min(from + reader.span() - 1, denseFrom - 1), tip.finalized());
            inflight.add(fetchers.submit(() -> reader.fetch(from, to, dense)));
            next[0] = to + 1;
        }
    }

    /**
     * Applies and commits every commit point of {@code seg}; returns the last committed height. {@code cursor} is
     * {@code Long.MIN_VALUE} for the initial segment (the block before the start height), whose commit point is
     * logged as the chain's first block.
     */
    private long commitAll(S seg, long cursor) {
        List<BlockRef> commits = seg.commits();
        List<BlockRef> changed = seg.changedBlocks();
        int logged = 0;
        boolean initial = cursor == Long.MIN_VALUE;
        if (!initial && seg.firstBlock() != null && store.checkpoint(cfg.chain()).isEmpty()) {
            synchronized (storeWork) {
                logBlock(seg.firstBlock()); // the chain's first segment: its first block is where the record starts
            }
        }
        for (int i = 0; i < commits.size(); i++) {
            BlockRef c = commits.get(i);
            synchronized (storeWork) {
                if (stopping) {
                    return cursor;
                }
                writer.apply(seg, c);
                hashes.put(c);
                if (initial) {
                    logBlock(c);
                }
                while (logged < changed.size() && changed.get(logged).height() <= c.height()) {
                    logBlock(changed.get(logged++));
                }
                store.append(committedHeightSeries, c.height(), c.time(), 0, c.height());
                store.commit(cfg.chain(), c.height(), c.hashBytes(), c.time());
            }
            status.indexed(c.height(), c.time(), i == commits.size() - 1 ? seg.events() : 0);
            report(c.time() - 1);
            cursor = c.height();
        }
        return cursor;
    }

    private long lastLoggedInStore() {
        io.assay.store.Point p = new io.assay.store.Point();
        boolean any = store.latest(blockHashLoSeries, p);
        lastLoggedTime = any ? p.time : Long.MIN_VALUE;
        return any ? p.height : Long.MIN_VALUE;
    }

    /** Records a block's hash at its height and time (two int128 halves), if it is above the last logged one. */
    private void logBlock(BlockRef b) {
        byte[] h = b.hashBytes();
        byte[] full = new byte[32];
        System.arraycopy(h, 0, full, 0, Math.min(32, h.length));
        java.nio.ByteBuffer bb = java.nio.ByteBuffer.wrap(full);
        long hh = bb.getLong(), hl = bb.getLong(), lh = bb.getLong(), ll = bb.getLong();
        if (b.height() <= lastLogged) {
            return; // the initial block, also listed as changed
        }
        long time = Math.max(b.time(), lastLoggedTime); // as the writers clamp a time below an earlier one
        store.append(blockHashHiSeries, b.height(), time, hh, hl);
        store.append(blockHashLoSeries, b.height(), time, lh, ll);
        lastLogged = b.height();
        lastLoggedTime = time;
    }

    private S await(Future<S> f) {
        try {
            return f.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw RpcException.transport(cfg.chain() + ": interrupted", e);
        } catch (ExecutionException e) {
            Throwable c = e.getCause();
            if (c instanceof RuntimeException r) {
                throw r;
            }
            throw new IllegalStateException(c);
        }
    }

    /**
     * With two or more endpoints: every endpoint is asked for the last recorded block and for the segment's
     * last block. Endpoints contradicting the record while another confirms it are excluded; if all that
     * answer contradict it, it is a reorg; if endpoints disagree on the new final block, the chain halts.
     */
    private void crossCheck(long cursor, String recorded, S seg) {
        List<EndpointPool.Member> usable = pool.usable();
        if (usable.size() < 2) {
            return;
        }
        BlockRef last = seg.commits().get(seg.commits().size() - 1);
        Map<EndpointPool.Member, BlockRef[]> answers = new LinkedHashMap<>();
        for (EndpointPool.Member m : usable) {
            try {
                answers.put(m, pool.callOn(m, c -> new BlockRef[]{
                        recorded == null ? null : reader.block(c, cursor), reader.block(c, last.height())}));
            } catch (RpcException e) {
                LOG.debugf("%s: %s could not answer the cross-check: %s", cfg.chain(), m.label(), e.getMessage());
            }
        }
        if (recorded != null) {
            List<EndpointPool.Member> confirm = new ArrayList<>();
            List<EndpointPool.Member> contradict = new ArrayList<>();
            answers.forEach((m, a) -> {
                if (a[0] != null) {
                    (a[0].hash().equals(recorded) ? confirm : contradict).add(m);
                }
            });
            if (!contradict.isEmpty()) {
                if (confirm.isEmpty()) {
                    throw new RecordContradicted();
                }
                for (EndpointPool.Member m : contradict) {
                    excludeLiar(m, cursor, answers.get(m)[0].hash(), recorded);
                    answers.remove(m);
                }
            }
        }
        StringBuilder seen = new StringBuilder();
        boolean disagree = false;
        for (Map.Entry<EndpointPool.Member, BlockRef[]> e : answers.entrySet()) {
            BlockRef b = e.getValue()[1];
            if (b == null) {
                continue; // that endpoint has not seen the block yet
            }
            seen.append(' ').append(e.getKey().label()).append(" -> 0x").append(b.hash()).append(';');
            if (!b.hash().equals(last.hash())) {
                disagree = true;
            }
        }
        if (disagree) {
            throw new ChainHaltedException("endpoints disagree on final block #" + last.height() + ":" + seen
                    + " the segment read 0x" + last.hash() + "; recording neither");
        }
    }

    private void excludeLiar(EndpointPool.Member m, long height, String answered, String recorded) {
        String reason = "answered hash 0x" + answered + " for final block #" + height + ", recorded 0x" + recorded
                + " (confirmed by another endpoint)";
        pool.exclude(m, reason);
        status.alarm("endpoint-excluded", m.label() + " " + reason, height);
    }

    /**
     * The chain no longer extends the recorded block at {@code cursor}. Decide between a lying endpoint, a
     * disagreement and a reorg; for a reorg, roll back to the newest recorded block still on the chain.
     */
    private void mismatch(long cursor) {
        String recorded = hashes.get(cursor);
        List<EndpointPool.Member> usable = pool.usable();
        if (usable.size() >= 2 && recorded != null) {
            Map<EndpointPool.Member, BlockRef> answers = new LinkedHashMap<>();
            for (EndpointPool.Member m : usable) {
                try {
                    BlockRef b = pool.callOn(m, c -> reader.block(c, cursor));
                    if (b != null) {
                        answers.put(m, b);
                    }
                } catch (RpcException e) {
                    LOG.debugf("%s: %s could not answer: %s", cfg.chain(), m.label(), e.getMessage());
                }
            }
            boolean confirmed = answers.values().stream().anyMatch(b -> b.hash().equals(recorded));
            if (confirmed) {
                answers.forEach((m, b) -> {
                    if (!b.hash().equals(recorded)) {
                        excludeLiar(m, cursor, b.hash(), recorded);
                    }
                });
                return; // retry with the endpoints that confirm the record
            }
            if (answers.values().stream().map(BlockRef::hash).distinct().count() > 1) {
                StringBuilder sb = new StringBuilder();
                answers.forEach((m, b) -> sb.append(' ').append(m.label()).append(" -> 0x").append(b.hash()).append(';'));
                throw new ChainHaltedException("endpoints disagree on block #" + cursor + " (recorded 0x" + recorded
                        + "):" + sb + " recording neither");
            }
        }
        long ancestor = -1;
        boolean found = false;
        for (long h : hashes.descendingFrom(cursor)) {
            BlockRef b = reader.block(h);
            if (b != null && b.hash().equals(hashes.get(h))) {
                ancestor = h;
                found = true;
                break;
            }
        }
        if (!found) {
            throw new ChainHaltedException("reorg reaches below the oldest recorded block hash (#" + hashes.oldest()
                    + ", maxReorgDepth " + cfg.maxReorgDepth() + "): cannot roll back exactly");
        }
        long depth = cursor - ancestor;
        if (depth > cfg.maxReorgDepth()) {
            throw new ChainHaltedException("reorg of depth " + depth + " from #" + cursor + " exceeds maxReorgDepth "
                    + cfg.maxReorgDepth() + ": cannot roll back exactly");
        }
        synchronized (storeWork) {
            if (stopping) {
                return;
            }
            ChainSync s = sync;
            if (s != null) {
                s.rollingBack(cfg.chain());
            }
            try {
                store.truncateAfter(cfg.chain(), ancestor);
            } catch (IllegalStateException e) {
                throw new ChainHaltedException("reorg of depth " + depth + " from #" + cursor + " cannot be undone by"
                        + " the store: " + e.getMessage(), e);
            } finally {
                if (s != null) {
                    s.rolledBack(cfg.chain());
                }
            }
            writer.reload();
            hashes.load();
            lastLogged = lastLoggedInStore();
        }
        long time = store.checkpoint(cfg.chain()).map(Checkpoint::time).orElse(0L);
        status.rolledBack(ancestor, time);
        status.reorg(depth, cursor, ancestor);
        LOG.warnf("%s: reorg of depth %d: rolled back from #%d to common ancestor #%d; re-applying", cfg.chain(), depth,
                cursor, ancestor);
    }

    private void progress(Tip tip) {
        long now = System.nanoTime();
        if (now - lastProgress < PROGRESS_NANOS) {
            return;
        }
        lastProgress = now;
        LOG.infof("%s: %s #%d of final #%d (lag %d), %.0f blocks/s, %.0f events/s", cfg.chain(),
                status.state().name().toLowerCase(), status.indexedHeight(), tip.finalized(),
                Math.max(0, tip.finalized() - status.indexedHeight()), status.blocksPerSecond(), status.eventsPerSecond());
    }

    private void pause(long millis) {
        if (millis <= 0 || stopping) {
            return;
        }
        synchronized (wake) {
            try {
                wake.wait(millis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                stopping = true;
            }
        }
    }
}
