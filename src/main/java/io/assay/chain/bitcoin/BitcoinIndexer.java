package io.assay.chain.bitcoin;

import io.assay.chain.ChainIndexer;
import io.assay.chain.ChainStatus;
import io.assay.chain.ChainSync;
import io.assay.chain.EndpointPool;
import io.assay.chain.RetryPolicy;
import io.assay.config.ChainProfile;
import io.assay.config.Profiles;
import io.assay.store.Checkpoint;
import io.assay.store.KeyValue;
import io.assay.store.Store;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.util.Optional;

/**
 * One Bitcoin chain's indexer, assembled: the endpoint pool, {@link BitcoinChainReader} (REST/RPC fetch, parse and
 * scan in parallel), {@link BitcoinWriter} (UTXOs, balances, windows), the generic {@link ChainIndexer} loop
 * (ordered apply, commits, reorg rollback) and the {@link Reconciler}.
 *
 * <p>Each time the loop is caught up it reports to {@link ChainSync} (the engine's freshness; withdrawn when the chain
 * halts), and a reconciliation is started when one is due.
 */
public final class BitcoinIndexer implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(BitcoinIndexer.class);

    private final ChainProfile profile;
    private final BitcoinTracking tracking;
    private final Store store;
    private final ChainStatus status;
    private final BitcoinRpc rpc;
    private final BitcoinChainReader reader;
    private final BitcoinWriter writer;
    private final Reconciler reconciler;
    private final ChainIndexer<BitcoinSegment> loop;
    private final EsploraClient esplora;

    private BitcoinIndexer(ChainProfile profile, BitcoinTracking tracking, Store store, RetryPolicy retry,
                           ChainSync sync) {
        this.profile = profile;
        this.tracking = tracking;
        this.store = store;
        int depth = profile.limits().maxReorgDepth();
        if (store.maxReorgDepth(profile.name()) < depth) {
            throw new IllegalStateException(profile.name() + ": limits.maxReorgDepth is " + depth
                    + " but the store keeps undo data for " + store.maxReorgDepth(profile.name())
                    + " blocks of this chain; open the store with at least " + depth);
        }
        EndpointPool pool = EndpointPool.of(profile, retry);
        this.status = new ChainStatus(profile.name(), "bitcoin", 0, profile.finality().toString());
        this.rpc = new BitcoinRpc(profile, pool);
        TrackedScripts tracked = new TrackedScripts(tracking);
        BlockClock clock = new BlockClock();
        // one keyed-state map per chain: the loop's block hashes and the writer's UTXOs and windows
        KeyValue state = store.state(profile.name(), "indexer");
        boolean esplora = !profile.endpoints().isEmpty() && profile.endpoints().get(0).isEsplora();
        this.writer = new BitcoinWriter(store, state, tracked, clock);
        if (esplora) {
            // an Esplora API: blocks by height and hash, and script histories for the coins found late
            this.esplora = new EsploraClient(profile, profile.endpoints().get(0), retry);
            this.reader = new BitcoinChainReader(profile, null, this.esplora, tracked, clock, null);
            writer.findLateCoins(this.esplora, profile.startHeight());
        } else {
            this.esplora = null;
            BlockFilters filters = profile.filterBackfill() ? new BlockFilters(rpc) : null;
            this.reader = new BitcoinChainReader(profile, rpc, tracked, clock, filters);
            // scripts entering the watch set late (a gap window grows): their earlier coins, from the blocks again
            writer.findLateCoins(new CoreHistory(profile.name(), rpc, filters), profile.startHeight());
            writer.refetchSkippedWith(reader);
        }
        this.reconciler = new Reconciler(profile, tracking, rpc, status);
        // the loop keeps `parallelism` segments being fetched while it writes one
        this.loop = new ChainIndexer<>(new ChainIndexer.Settings(profile.name(), profile.startHeight(), depth,
                profile.limits().parallelism(), profile.limits().pollInterval(),
                profile.finality().quietSkew(profile.family(), profile.network()).orElse(null)), reader, writer, store, state, pool,
                status);
        if (sync != null) {
            loop.reportSyncTo(sync);
        }
        if (!esplora) { // reconciliation compares with Core's scantxoutset
            loop.onSynced(() -> reconciler.maybeStart(status.indexedHeight(), this::snapshot));
        }
    }

    /**
     * An indexer for {@code profile} (a Bitcoin chain with at least one endpoint) tracking the reserve sources the
     * asset profiles place on it.
     */
    public static BitcoinIndexer create(ChainProfile profile, Profiles profiles, Store store, ChainSync sync) {
        return create(profile, BitcoinTracking.of(profiles, profile), store, RetryPolicy.DEFAULT, sync);
    }

    /**
     * @param sync where the loop reports that it is caught up (the engine's freshness clock), or null
     */
    public static BitcoinIndexer create(ChainProfile profile, BitcoinTracking tracking, Store store, RetryPolicy retry,
                                        ChainSync sync) {
        return new BitcoinIndexer(profile, tracking, store, retry, sync);
    }

    private UtxoSnapshot snapshot() {
        Optional<Checkpoint> cp = store.checkpoint(profile.name());
        return cp.map(c -> writer.snapshot(c.height(), c.hashHex())).orElse(null);
    }

    public ChainProfile profile() {
        return profile;
    }

    public BitcoinTracking tracking() {
        return tracking;
    }

    public ChainStatus status() {
        return status;
    }

    public BitcoinChainReader reader() {
        return reader;
    }

    public BitcoinWriter writer() {
        return writer;
    }

    /** The Esplora client when the chain is read from an Esplora API, else null. */
    public EsploraClient esplora() {
        return esplora;
    }

    public Reconciler reconciler() {
        return reconciler;
    }

    public void start() {
        LOG.infof("%s: Bitcoin indexer (%s, %s) for %s", profile.name(), profile.network(), profile.finality(),
                tracking.describe());
        loop.start();
    }

    /** Stops after the current commit (a block boundary), waiting at most {@code timeout}. */
    public void stop(Duration timeout) {
        loop.stop(timeout);
        reconciler.close();
        rpc.blocks().close();
    }

    @Override
    public void close() {
        stop(Duration.ofSeconds(30));
    }
}
