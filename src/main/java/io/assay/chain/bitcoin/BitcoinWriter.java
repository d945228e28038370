package io.assay.chain.bitcoin;

import io.assay.chain.BlockRef;
import io.assay.chain.ChainHaltedException;
import io.assay.chain.SegmentWriter;
import io.assay.chain.TrackingFingerprint;
import io.assay.chain.rpc.RpcException;
import io.assay.store.Checkpoint;
import io.assay.store.KeyValue;
import io.assay.store.Point;
import io.assay.store.Store;
import org.jboss.logging.Logger;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Applies Bitcoin segments to the store: the UTXOs of tracked scripts in keyed state, one balance series per reserve
 * source and one total per asset (satoshis; a point at every block where the value changed, time = the block's
 * {@link BlockClock indexed time}), and the gap windows of ranged descriptors. (The chain loop records the committed
 * height.)
 *
 * <h2>Keyed state of the chain</h2>
 * One map per chain, shared with the loop's recent block hashes (keys {@code 'h'} + height), so keys carry a prefix:
 * <ul>
 *   <li>{@code 'u'} + outpoint (32-byte txid in internal order + 4-byte little-endian index, i.e. its serialization)
 *       to {@code value (8 bytes, big-endian sats) | n (1 byte) | n source indices (2 bytes each)}: the sources that
 *       counted it when it was created (one per asset), so a spend takes back exactly what was added;</li>
 *   <li>{@code 'w'} + source (2 bytes) + path (1 byte) to the last used child of a ranged descriptor (4 bytes);</li>
 *   <li>{@code fingerprint}: the tracking fingerprint (profiles changed since indexing: halt).</li>
 * </ul>
 * All of it is rolled back with the chain by {@link Store#truncateAfter}, so after a reorg the windows, UTXOs and
 * balances are exactly those an index of the new chain from scratch would hold.
 *
 * <h2>A block</h2>
 * First the outputs paying watched scripts decide which children are used; if a gap window grows, the block is
 * scanned again with the new scripts until nothing grows (a block is atomic: an output anywhere in it may use a
 * child that an earlier output pays). Then transactions are applied in order, each one's spends before its outputs,
 * so an output created and spent in the same block nets to nothing. Inputs are checked against an in-memory
 * {@link OutpointFilter} before keyed state.
 *
 * <p>Called from the indexer thread only (reconciliation snapshots too).
 */
public final class BitcoinWriter implements SegmentWriter<BitcoinSegment> {
    private static final Logger LOG = Logger.getLogger(BitcoinWriter.class);
    /** Owners per UTXO record: 8 + 1 + 2 * 27 = 63 bytes at most. */
    static final int MAX_OWNERS = 27;
    static final byte UTXO = 'u';
    static final byte WINDOW = 'w';
    /** {@code 'm'} + source index (2 bytes) -> set ordinal (2 bytes) | script: a member of a dynamic set. */
    static final byte MEMBER = 'm';
    /** Prefix + serialized outpoint. */
    static final int UTXO_KEY = 37;

    private final Store store;
    private final KeyValue state;
    private final BitcoinTracking tracking;
    private final TrackedScripts tracked;
    private final BlockClock clock;
    private final String chain;
    private int sources;
    private int[] sourceIds;
    private final int[] assetIds;
    private long[] balance;
    private boolean[] changed;
    private boolean[] sourceNeedsPoint;
    /** Per dynamic set: the membership chain's checkpoint (height, time) last read, to read it again only on change. */
    private final long[][] setSeen;
    /** Scripts of the members of each dynamic set already tracked, as their tags. */
    private final List<java.util.Set<String>> setTracked = new ArrayList<>();
    private final boolean[] assetNeedsPoint;
    private int[][] persistedLastUsed;
    private final OutpointFilter filter = new OutpointFilter();
    private final BlockScanner scanner = new BlockScanner();
    private final int[] owners = new int[256];
    private final Point point = new Point();
    private long lastHeight = -1;
    private CoinLookup lookup;
    /**
     * Children past the windows whose history is known (a lookup covered them): their scripts, their unspent coins
     * and whether they were ever paid, kept up to date block by block until a window reaches them. In memory only:
     * cleared on reload (start, rollback), after which the next growth looks them up again.
     */
    private final java.util.Set<java.nio.ByteBuffer> pending = new java.util.HashSet<>();
    private final Map<java.nio.ByteBuffer, CoinLookup.Coin> pendingCoins = new java.util.LinkedHashMap<>();
    private final java.util.Set<java.nio.ByteBuffer> pendingPaid = new java.util.HashSet<>();
    private final BlockReader pendingReader = new BlockReader();
    /** Children past each window looked up together with the scripts a growth adds. */
    static final int LOOKUP_AHEAD = 1000;
    private BitcoinChainReader refetch;
    /** The segment being applied (its blocks above the checkpoint give the times of a history's newest steps). */
    private BitcoinSegment applying;
    /** Balance histories returned by the lookups of the block being applied, by script hex. */
    private final Map<String, List<CoinLookup.Step>> lookedUp = new HashMap<>();
    private int blockHashLoSeries = -1;
    private volatile long historyPoints;
    private long startHeight;
    private volatile long lateCoins;
    private volatile long lookups;
    private volatile long created;
    private volatile long spent;
    private volatile long utxoCount;

    /**
     * @param state the chain's keyed-state map (shared with the loop's block hashes; see the class comment)
     */
    public BitcoinWriter(Store store, KeyValue state, TrackedScripts tracked, BlockClock clock) {
        if (state.maxKeySize() < UTXO_KEY || state.maxValueSize() < 9 + 2 * MAX_OWNERS) {
            throw new IllegalArgumentException("the keyed-state map must take keys of " + UTXO_KEY + " and values of "
                    + (9 + 2 * MAX_OWNERS) + " bytes");
        }
        this.store = store;
        this.state = state;
        this.tracked = tracked;
        this.tracking = tracked.tracking();
        this.clock = clock;
        this.chain = tracking.chainName();
        this.sources = tracking.sources().size();
        this.sourceIds = new int[sources];
        this.assetIds = new int[tracking.assets().size()];
        this.balance = new long[sources];
        this.changed = new boolean[sources];
        this.sourceNeedsPoint = new boolean[sources];
        this.assetNeedsPoint = new boolean[tracking.assets().size()];
        this.setSeen = new long[tracking.sets().size()][];
        for (int i = 0; i < tracking.sets().size(); i++) {
            setTracked.add(new java.util.HashSet<>());
        }
    }

    /** Sizes the per-source arrays to the tracking's sources (members of dynamic sets come and go with rollbacks). */
    private void fit() {
        int n = tracking.sources().size();
        if (n == sources) {
            return;
        }
        sourceIds = Arrays.copyOf(sourceIds, n);
        balance = Arrays.copyOf(balance, n);
        changed = Arrays.copyOf(changed, n);
        sourceNeedsPoint = Arrays.copyOf(sourceNeedsPoint, n);
        if (persistedLastUsed != null) {
            int before = persistedLastUsed.length;
            persistedLastUsed = Arrays.copyOf(persistedLastUsed, n);
            for (int s = before; s < n; s++) {
                persistedLastUsed[s] = new int[tracked.pathCount(s)];
                Arrays.fill(persistedLastUsed[s], -1);
            }
        }
        sources = n;
    }

    /**
     * The members of dynamic sets restored from keyed state (at start, after a rollback): members whose addition was
     * rolled back are dropped (a later {@link #syncMembers} adds them again, looking their coins up again).
     */
    private void restoreMembers() {
        java.util.TreeMap<Integer, byte[]> recorded = new java.util.TreeMap<>();
        state.forEach((k, v) -> {
            if (k.length == 3 && k[0] == MEMBER) {
                recorded.put(((k[1] & 0xff) << 8) | (k[2] & 0xff), v);
            }
        });
        tracking.truncate(tracking.staticCount());
        setTracked.forEach(java.util.Set::clear);
        Arrays.fill(setSeen, null);
        for (Map.Entry<Integer, byte[]> e : recorded.entrySet()) {
            byte[] v = e.getValue();
            int ordinal = ((v[0] & 0xff) << 8) | (v[1] & 0xff);
            if (ordinal >= tracking.sets().size() || e.getKey() != tracking.sources().size()) {
                throw new ChainHaltedException(chain + ": member record " + e.getKey() + " does not fit the profiles'"
                        + " reserve sets (store written under other profiles?)");
            }
            byte[] script = Arrays.copyOfRange(v, 2, v.length);
            tracking.addMember(tracking.sets().get(ordinal), script);
            setTracked.get(ordinal).add(io.assay.store.SetMembers.tag(script));
        }
    }

    /**
     * Starts watching the members that entered a dynamic set since the last call, as recorded by its membership
     * chain (any member ever recorded there: leaving the set is the engine's business, at the cut). Each new member
     * becomes a source with its own series, from this block on; the caller looks up its existing coins and its
     * balance history ({@link #fillHistory}).
     *
     * @return the members added (empty if none)
     */
    private List<BitcoinTracking.Source> syncMembers(long height, long time) {
        boolean added = false;
        List<BitcoinTracking.Source> fresh = new ArrayList<>();
        for (BitcoinTracking.SetSource set : tracking.sets()) {
            String mc = set.membershipChain();
            Optional<Checkpoint> cp = store.checkpoint(mc);
            if (cp.isEmpty()) {
                continue;
            }
            long[] seen = setSeen[set.ordinal()];
            if (seen != null && seen[0] == cp.get().height() && seen[1] == cp.get().time()) {
                continue;
            }
            setSeen[set.ordinal()] = new long[]{cp.get().height(), cp.get().time()};
            KeyValue members = io.assay.store.SetMembers.state(store, mc);
            java.util.Set<String> mine = setTracked.get(set.ordinal());
            for (io.assay.store.SetMembers.Member m : io.assay.store.SetMembers.read(members).values()) {
                if (mine.contains(m.tag())) {
                    continue;
                }
                BitcoinTracking.Source src = tracking.addMember(set, m.script());
                mine.add(m.tag());
                byte[] v = new byte[2 + m.script().length];
                v[0] = (byte) (set.ordinal() >>> 8);
                v[1] = (byte) set.ordinal();
                System.arraycopy(m.script(), 0, v, 2, m.script().length);
                state.put(new byte[]{MEMBER, (byte) (src.index() >>> 8), (byte) src.index()}, v);
                fresh.add(src);
                added = true;
                LOG.infof("%s: %s member %s (%s) watched from block %d", chain, set.asset() + "/" + set.source().id(),
                        m.display(), m.scriptHex(), height);
            }
        }
        if (added) {
            tracked.addSources();
            fit();
            for (BitcoinTracking.Source src : fresh) {
                sourceIds[src.index()] = store.series(src.key());
                balance[src.index()] = 0;
                sourceNeedsPoint[src.index()] = true;
            }
        }
        return fresh;
    }

    public TrackedScripts tracked() {
        return tracked;
    }

    /**
     * Finds, with {@code lookup}, the existing coins of scripts that enter the watch set (a gap window grows), over
     * blocks {@code startHeight ..} the block before the one where they entered; without it (the default) such
     * coins are never counted. See the class comment.
     */
    public void findLateCoins(CoinLookup lookup, long startHeight) {
        this.lookup = lookup;
        this.startHeight = startHeight;
    }

    /**
     * The reader that fetches a block its filter skipped when the watched scripts changed before it was applied
     * ({@code backfill: filters}).
     */
    public void refetchSkippedWith(BitcoinChainReader reader) {
        this.refetch = reader;
    }

    /** Lookups made ({@link CoinLookup#history} calls) since start. */
    public long lookups() {
        return lookups;
    }

    /** Coins found by the {@link CoinLookup} for scripts that entered the watch set late, since start. */
    public long lateCoins() {
        return lateCoins;
    }

    /** Balance of source {@code index} as applied so far (satoshis). */
    public long balance(int index) {
        return balance[index];
    }

    /** Tracked UTXOs created / spent since start (for metrics). */
    public long utxosCreated() {
        return created;
    }

    public long utxosSpent() {
        return spent;
    }

    public long utxoCount() {
        return utxoCount;
    }

    @Override
    public void reload() {
        TrackingFingerprint.check(store, state, chain, tracking.fingerprint(), "the reserve sources");
        restoreMembers();
        persistedLastUsed = null;
        fit();
        tracked.reset(null); // sized to the restored sources; reset again below with the windows' state
        for (BitcoinTracking.Source src : tracking.sources()) {
            int id = store.series(src.key());
            sourceIds[src.index()] = id;
            boolean has = store.latest(id, point);
            balance[src.index()] = has ? point.value.lo() : 0;
            sourceNeedsPoint[src.index()] = !has;
            changed[src.index()] = false;
        }
        for (int a = 0; a < assetIds.length; a++) {
            assetIds[a] = store.series(tracking.assets().get(a).key());
            assetNeedsPoint[a] = !store.latest(assetIds[a], point);
        }
        int[][] lastUsed = new int[sources][];
        for (int s = 0; s < sources; s++) {
            lastUsed[s] = new int[tracked.pathCount(s)];
            Arrays.fill(lastUsed[s], -1);
        }
        filter.clear();
        pending.clear();
        pendingCoins.clear();
        pendingPaid.clear();
        long[] utxos = {0};
        state.forEach((k, v) -> {
            if (k.length == UTXO_KEY && k[0] == UTXO) {
                filter.add(k, 1, vout(k, 1));
                utxos[0]++;
            } else if (k.length == 4 && k[0] == WINDOW) {
                int s = ((k[1] & 0xff) << 8) | (k[2] & 0xff);
                int p = k[3] & 0xff;
                if (s < sources && p < lastUsed[s].length) {
                    lastUsed[s][p] = java.nio.ByteBuffer.wrap(v).getInt();
                }
            }
        });
        utxoCount = utxos[0];
        persistedLastUsed = lastUsed;
        tracked.reset(lastUsed);
        Optional<Checkpoint> cp = store.checkpoint(chain);
        clock.reset(cp.map(Checkpoint::time).orElse(0L));
        lastHeight = cp.map(Checkpoint::height).orElse(-1L);
        LOG.debugf("%s: writer loaded at #%d: %d tracked UTXOs, %d watched scripts", chain, lastHeight, utxoCount,
                tracked.table().size());
    }

    @Override
    public void apply(BitcoinSegment seg, BlockRef commit) {
        try {
            applyUpTo(seg, commit);
        } catch (RpcException e) {
            // a coin lookup failed half-way through the commit: drop what was staged and come back to the last
            // commit, so that the loop's retry applies the blocks again from there
            store.truncateAfter(chain, store.checkpoint(chain).map(Checkpoint::height).orElse(-1L));
            reload();
            seg.applied = 0;
            throw e;
        }
    }

    private void applyUpTo(BitcoinSegment seg, BlockRef commit) {
        applying = seg;
        List<FetchedBlock> blocks = seg.blocks;
        while (seg.applied < blocks.size() && blocks.get(seg.applied).height <= commit.height()) {
            FetchedBlock b = blocks.get(seg.applied);
            long time = seg.time(seg.applied);
            applyBlock(b, time);
            seg.applied++;
        }
        if (seg.isInitial()) {
            // no block applied: the starting values (0: nothing before the start height is known) at the block before
            writePoints(commit.height(), commit.time());
            clock.reset(commit.time());
        }
        lastHeight = commit.height();
    }

    private void applyBlock(FetchedBlock b, long time) {
        if (b.height != lastHeight + 1 && lastHeight >= 0) {
            throw new IllegalStateException(chain + ": block " + b.height + " applied after " + lastHeight);
        }
        if (b.isSkipped() && b.filterTable != tracked.table()) {
            // skipped by a filter matched with fewer scripts than are watched now: ask the filter again
            if (refetch == null) {
                throw new IllegalStateException(chain + ": block " + b.height + " was skipped by its filter and no"
                        + " reader can fetch it");
            }
            FetchedBlock full = refetch.refetchIfMatching(b, tracked.table(), scanner);
            if (full != null) {
                applyBlock(full, time);
                return;
            }
        }
        clock.reset(time);
        FetchedBlock.Matches m = b.matches;
        if (m.table != tracked.table()) {
            // a skipped block pays none of the watched scripts (its filter says so): nothing to scan
            m = b.isSkipped() ? new FetchedBlock.Matches(tracked.table()) : scanner.rescan(b, tracked.table());
        }
        // which children does this block use? growth may reveal outputs anywhere in the block: scan again; and the
        // scripts that entered the watch set may have coins from before this block: look them up
        tracked.drainAdded(); // scripts added before this block (at start, a rollback) need no lookup
        List<BitcoinTracking.Source> entered = syncMembers(b.height, time);
        if (!entered.isEmpty()) {
            tracked.publish();
            b = rescan(b);
            m = b.matches;
        }
        lookedUp.clear();
        List<CoinLookup.Coin> late = new ArrayList<>();
        while (true) {
            boolean grew = false;
            for (int i = 0; i < m.count; i++) {
                grew |= tracked.markUsed(m.table, m.entry[i]);
            }
            grew |= lookUpAdded(b, late);
            if (!grew) {
                break;
            }
            tracked.publish();
            b = rescan(b);
            m = b.matches;
            LOG.debugf("%s: block %d used new children; %d scripts watched now", chain, b.height, tracked.table().size());
        }
        b.matches = m;
        persistWindows();
        for (BitcoinTracking.Source src : entered) {
            fillHistory(src, b, late);
        }
        for (CoinLookup.Coin c : late) {
            createLate(c, b.height);
        }
        byte[] raw = b.raw;
        int mi = 0;
        int in = 0;
        for (int tx = 0; tx < b.txCount; tx++) {
            int end = b.txInputsEnd[tx];
            for (; in < end; in++) {
                spend(raw, b.inputs[in], b.height);
            }
            while (mi < m.count && m.tx[mi] == tx) {
                create(m, mi, b.height);
                mi++;
            }
        }
        followPending(b);
        writePoints(b.height, time);
        lastHeight = b.height;
    }

    /**
     * Block {@code b} scanned again with the scripts watched now. A block its filter (or the scripts' Esplora
     * histories) skipped holds no bytes to scan: it is fetched if the filter matches one of the scripts watched now,
     * else it pays none of them.
     */
    private FetchedBlock rescan(FetchedBlock b) {
        if (!b.isSkipped()) {
            b.matches = scanner.rescan(b, tracked.table());
            return b;
        }
        if (refetch == null) {
            throw new IllegalStateException(chain + ": block " + b.height + " was skipped by its filter and no reader"
                    + " can fetch it");
        }
        FetchedBlock full = refetch.refetchIfMatching(b, tracked.table(), scanner);
        if (full == null) {
            b.matches = new FetchedBlock.Matches(tracked.table());
            return b;
        }
        return full;
    }

    /**
     * Looks up the coins of the scripts added to the watch set since the last call, until no lookup adds more (a
     * coin found for a child uses it, which may grow its window again). Unspent coins go to {@code late}.
     *
     * @return true if any window grew
     */
    private boolean lookUpAdded(FetchedBlock b, List<CoinLookup.Coin> late) {
        boolean grew = false;
        while (true) {
            List<byte[]> added = tracked.drainAdded();
            if (added.isEmpty() || lookup == null || b.height - 1 < startHeight) {
                return grew;
            }
            grew = true; // the added scripts must be registered in a published table and the block scanned again
            // children whose history is known already (looked up with an earlier growth, followed since)
            List<byte[]> unknown = new ArrayList<>();
            java.util.Set<java.nio.ByteBuffer> adopted = new java.util.HashSet<>();
            for (byte[] script : added) {
                java.nio.ByteBuffer key = java.nio.ByteBuffer.wrap(script);
                if (pending.remove(key)) {
                    adopted.add(key);
                } else {
                    unknown.add(script);
                }
            }
            List<CoinLookup.Coin> found = new ArrayList<>();
            List<byte[]> paid = new ArrayList<>();
            for (java.util.Iterator<CoinLookup.Coin> it = pendingCoins.values().iterator(); it.hasNext(); ) {
                CoinLookup.Coin c = it.next();
                if (adopted.contains(java.nio.ByteBuffer.wrap(c.script()))) {
                    found.add(c);
                    it.remove();
                }
            }
            for (java.nio.ByteBuffer key : adopted) {
                if (pendingPaid.remove(key)) {
                    paid.add(key.array());
                }
            }
            if (!unknown.isEmpty()) {
                // look up the next children too, so a wallet using children in order costs one lookup per
                // LOOKUP_AHEAD children, not one per child
                java.util.Set<java.nio.ByteBuffer> ahead = new java.util.LinkedHashSet<>();
                for (byte[] s : tracked.ahead(LOOKUP_AHEAD)) {
                    java.nio.ByteBuffer key = java.nio.ByteBuffer.wrap(s);
                    if (!tracked.isWatched(s) && !pending.contains(key)) {
                        ahead.add(key);
                    }
                }
                List<byte[]> ask = new ArrayList<>(unknown);
                for (java.nio.ByteBuffer k : ahead) {
                    ask.add(k.array());
                }
                CoinLookup.History h = lookup.history(ask, startHeight, b.height - 1, b.prevHash);
                lookups++;
                lookedUp.putAll(h.balances());
                pending.addAll(ahead);
                for (CoinLookup.Coin c : h.unspent()) {
                    if (ahead.contains(java.nio.ByteBuffer.wrap(c.script()))) {
                        pendingCoins.put(java.nio.ByteBuffer.wrap(c.outpoint()), c);
                    } else {
                        found.add(c);
                    }
                }
                for (byte[] script : h.paid()) {
                    if (ahead.contains(java.nio.ByteBuffer.wrap(script))) {
                        pendingPaid.add(java.nio.ByteBuffer.wrap(script));
                    } else {
                        paid.add(script);
                    }
                }
                LOG.debugf("%s: looked up %d newly watched scripts and %d ahead in #%d..#%d (%d blocks read)", chain,
                        unknown.size(), ahead.size(), startHeight, b.height - 1, h.blocksRead());
            }
            late.addAll(found);
            for (byte[] script : paid) {
                tracked.markUsed(script);
            }
            if (!paid.isEmpty()) {
                LOG.infof("%s: %d scripts newly watched at block %d had been paid before it (%d unspent coins):"
                        + " counted from block %d", chain, paid.size(), b.height, found.size(), b.height);
            }
        }
    }

    /**
     * Fills the balance series of a reserve set's member that enters at block {@code b} with its history before
     * {@code b}, as the coin lookup replayed it (docs/reserve-sets.md): 0 at the block before the start height (the
     * genesis block for a start height of 0), then
     * its balance after every block that changed it. Each point is dated at the indexed time the chain's block log
     * (or the segment being applied) has for its height, and the block a step names must be the indexer's block at
     * that height. Without a lookup nothing is filled: the member's balance is then known from {@code b} only.
     * Points the series holds already (a crash or rollback after an earlier fill) are kept.
     */
    private void fillHistory(BitcoinTracking.Source src, FetchedBlock b, List<CoinLookup.Coin> late) {
        // nothing is counted before the start height: 0 at the block before it (at a start height of 0, at the
        // genesis block, whose outputs never count)
        long zeroAt = Math.max(0, startHeight - 1);
        if (lookup == null || b.height <= zeroAt) {
            return;
        }
        String hex = src.source().target(); // a member source watches its script (hex)
        List<CoinLookup.Step> steps = new ArrayList<>();
        steps.add(new CoinLookup.Step(zeroAt, null, 0));
        if (b.height - 1 >= startHeight) {
            steps.addAll(lookedUp.getOrDefault(hex, List.of()));
        }
        long found = 0;
        for (CoinLookup.Coin c : late) {
            if (HexFormat.of().formatHex(c.script()).equals(hex)) {
                found += c.sats();
            }
        }
        long last = steps.get(steps.size() - 1).balance();
        if (last != found) {
            throw new ChainHaltedException(chain + ": the history of " + src + " ends at " + last + " sats, its coins"
                    + " found before block " + b.height + " hold " + found + " (the lookup contradicts itself)");
        }
        int id = sourceIds[src.index()];
        long held = store.latest(id, point) ? point.height : Long.MIN_VALUE;
        long[] times = new long[steps.size()];
        for (int i = 0; i < steps.size(); i++) {
            CoinLookup.Step st = steps.get(i);
            if (st.height() <= held) {
                continue;
            }
            times[i] = indexedTime(st.height(), st.blockHash());
            if (times[i] == Long.MIN_VALUE) {
                LOG.warnf("%s: %s: no indexed time for block %d; its balance is known from block %d only", chain, src,
                        st.height(), b.height);
                return;
            }
        }
        int written = 0;
        for (int i = 0; i < steps.size(); i++) {
            CoinLookup.Step st = steps.get(i);
            if (st.height() > held && store.backfill(id, st.height(), times[i], 0, st.balance())) {
                written++;
            }
        }
        historyPoints += written;
        LOG.debugf("%s: %s: balance history filled from block %d (%d points)", chain, src, zeroAt, written);
    }

    /**
     * The indexed time of block {@code height} of the indexer's chain, checking that it is {@code hash} (when given):
     * from the segment being applied above the checkpoint, from the block log at or below it; Long.MIN_VALUE if
     * neither has the block.
     */
    private long indexedTime(long height, String hash) {
        long cp = store.checkpoint(chain).map(Checkpoint::height).orElse(-1L);
        if (height > cp) {
            BitcoinSegment seg = applying;
            if (seg == null || seg.blocks.isEmpty() || height < seg.blocks.get(0).height
                    || height - seg.blocks.get(0).height >= seg.applied) {
                return Long.MIN_VALUE;
            }
            int i = (int) (height - seg.blocks.get(0).height);
            requireHash(height, hash, seg.blocks.get(i).hash);
            return seg.time(i);
        }
        if (blockHashLoSeries < 0) {
            blockHashLoSeries = store.series(io.assay.store.SeriesNames.blockHashLo(chain));
        }
        Point p = new Point();
        if (!store.valueAtHeight(blockHashLoSeries, height, p) || p.height != height) {
            return Long.MIN_VALUE;
        }
        if (hash != null) {
            java.nio.ByteBuffer bb = java.nio.ByteBuffer.wrap(HexFormat.of().parseHex(hash));
            if (bb.getLong(16) != p.value.hi() || bb.getLong(24) != p.value.lo()) {
                throw new RpcException(chain + ": the coin lookup's history names a block at #" + height
                        + " that is not the indexer's (" + hash + "; chain moving?)", 0, 0, true, 0, null);
            }
        }
        return p.time;
    }

    private void requireHash(long height, String hash, String indexed) {
        if (hash != null && !hash.equals(indexed)) {
            throw new RpcException(chain + ": the coin lookup's history names block " + hash + " at #" + height
                    + ", the indexer has " + indexed + " (chain moving?)", 0, 0, true, 0, null);
        }
    }

    /** Points written into the past of members' balance series ({@link #fillHistory}) since start. */
    public long historyPoints() {
        return historyPoints;
    }

    /** Follows the children past the windows whose history is known through block {@code b}. */
    private void followPending(FetchedBlock b) {
        if (pending.isEmpty() || b.isSkipped()) {
            return; // a block skipped by its filter touches none of them (they are in the filter query)
        }
        try {
            CoreHistory.replay(pendingReader.wrap(b.raw), b.raw, b.height, pending, pendingCoins, pendingPaid);
        } catch (BlockFormatException e) {
            throw new IllegalStateException(chain + ": block " + b.height + " no longer parses", e);
        }
    }

    /** Adds a coin found by the lookup (created before block {@code height}) to the tracked UTXOs, at {@code height}. */
    private void createLate(CoinLookup.Coin c, long height) {
        ScriptTable t = tracked.table();
        int entry = t.find(c.script(), 0, c.script().length);
        if (entry < 0) {
            throw new IllegalStateException(chain + ": a coin found for a watched script is not in the script table");
        }
        byte[] key = new byte[UTXO_KEY];
        key[0] = UTXO;
        System.arraycopy(c.outpoint(), 0, key, 1, 36);
        if (state.get(key) != null) {
            return; // already counted (its script was watched under another registrant)
        }
        if (record(key, c.sats(), t, entry, height)) {
            lateCoins++;
        }
    }

    private void spend(byte[] raw, int off, long height) {
        long vout = vout(raw, off);
        if (!filter.mightContain(raw, off, vout)) {
            return;
        }
        byte[] key = new byte[UTXO_KEY];
        key[0] = UTXO;
        System.arraycopy(raw, off, key, 1, UTXO_KEY - 1);
        byte[] v = state.remove(key);
        if (v == null) {
            return; // a fingerprint collision, or an outpoint spent before
        }
        subtract(v, height);
        spent++;
        utxoCount--;
    }

    private void create(FetchedBlock.Matches m, int i, long height) {
        byte[] key = new byte[UTXO_KEY];
        key[0] = UTXO;
        System.arraycopy(m.txids, 32 * i, key, 1, 32);
        int vout = m.vout[i];
        key[33] = (byte) vout;
        key[34] = (byte) (vout >>> 8);
        key[35] = (byte) (vout >>> 16);
        key[36] = (byte) (vout >>> 24);
        record(key, m.value[i], m.table, m.entry[i], height);
    }

    /** Records a tracked UTXO paying {@code entry}'s script and counts it for its owners; false if nobody owns it. */
    private boolean record(byte[] key, long sats, ScriptTable table, int entry, long height) {
        int n = tracked.owners(table, entry, owners);
        if (n == 0) {
            return false;
        }
        if (n > MAX_OWNERS) {
            throw new ChainHaltedException(chain + ": script " + HexFormat.of().formatHex(table.script(entry))
                    + " is claimed by " + n + " assets; at most " + MAX_OWNERS + " are supported");
        }
        long vout = vout(key, 1);
        byte[] v = new byte[9 + 2 * n];
        for (int k = 0; k < 8; k++) {
            v[k] = (byte) (sats >>> (56 - 8 * k));
        }
        v[8] = (byte) n;
        for (int k = 0; k < n; k++) {
            v[9 + 2 * k] = (byte) (owners[k] >>> 8);
            v[10 + 2 * k] = (byte) owners[k];
            balance[owners[k]] += sats;
            changed[owners[k]] = true;
        }
        byte[] prev = state.put(key, v);
        if (prev != null) {
            // a duplicate txid (pre-BIP 30 coinbases): the new output replaced the old one in Core's UTXO set too
            subtract(prev, height);
        } else {
            utxoCount++;
        }
        filter.add(key, 1, vout);
        created++;
        return true;
    }

    private void subtract(byte[] v, long height) {
        long sats = 0;
        for (int k = 0; k < 8; k++) {
            sats = (sats << 8) | (v[k] & 0xff);
        }
        int n = v[8] & 0xff;
        for (int k = 0; k < n; k++) {
            int s = ((v[9 + 2 * k] & 0xff) << 8) | (v[10 + 2 * k] & 0xff);
            if (s >= sources) {
                throw new ChainHaltedException(chain + ": a UTXO record names source " + s + " of " + sources
                        + " (store written under other profiles?)");
            }
            balance[s] -= sats;
            if (balance[s] < 0) {
                throw new ChainHaltedException(chain + ": balance of " + tracking.sources().get(s) + " went negative at"
                        + " block " + height + " (" + balance[s] + " sats): the UTXO records are inconsistent");
            }
            changed[s] = true;
        }
    }

    private void writePoints(long height, long time) {
        for (int s = 0; s < sources; s++) {
            if (changed[s] || sourceNeedsPoint[s]) {
                store.append(sourceIds[s], height, time, 0, balance[s]);
                sourceNeedsPoint[s] = false;
            }
        }
        for (int a = 0; a < assetIds.length; a++) {
            BitcoinTracking.AssetTotal t = tracking.assets().get(a);
            boolean any = assetNeedsPoint[a];
            long sum = 0;
            for (int s : t.sources()) {
                any |= changed[s];
                sum += balance[s];
            }
            if (any) {
                store.append(assetIds[a], height, time, 0, sum);
                assetNeedsPoint[a] = false;
            }
        }
        Arrays.fill(changed, false);
    }

    private void persistWindows() {
        for (int s = 0; s < sources; s++) {
            for (int p = 0; p < persistedLastUsed[s].length; p++) {
                int now = tracked.lastUsed(s, p);
                if (now != persistedLastUsed[s][p]) {
                    state.put(new byte[]{WINDOW, (byte) (s >>> 8), (byte) s, (byte) p},
                            java.nio.ByteBuffer.allocate(4).putInt(now).array());
                    persistedLastUsed[s][p] = now;
                }
            }
        }
    }

    private static long vout(byte[] b, int outpoint) {
        int p = outpoint + 32;
        return (b[p] & 0xffL) | (b[p + 1] & 0xffL) << 8 | (b[p + 2] & 0xffL) << 16 | (b[p + 3] & 0xffL) << 24;
    }

    /**
     * The tracked UTXO set as committed now, for reconciliation: every record with its value and owners, and the
     * owners of every watched script. Reads keyed state; call on the indexer thread between commits.
     */
    UtxoSnapshot snapshot(long height, String hash) {
        List<UtxoSnapshot.Utxo> list = new ArrayList<>();
        state.forEach((k, v) -> {
            if (k.length != UTXO_KEY || k[0] != UTXO) {
                return;
            }
            long sats = 0;
            for (int i = 0; i < 8; i++) {
                sats = (sats << 8) | (v[i] & 0xff);
            }
            int n = v[8] & 0xff;
            int[] o = new int[n];
            for (int i = 0; i < n; i++) {
                o[i] = ((v[9 + 2 * i] & 0xff) << 8) | (v[10 + 2 * i] & 0xff);
            }
            list.add(new UtxoSnapshot.Utxo(Arrays.copyOfRange(k, 1, UTXO_KEY), sats, o));
        });
        Map<String, int[]> scriptOwners = new HashMap<>();
        ScriptTable t = tracked.table();
        int[] buf = new int[256];
        for (int e = 0; e < t.size(); e++) {
            int n = tracked.owners(t, e, buf);
            scriptOwners.put(HexFormat.of().formatHex(t.script(e)), Arrays.copyOf(buf, n));
        }
        return new UtxoSnapshot(chain, height, hash, list, scriptOwners, balance.clone());
    }
}
