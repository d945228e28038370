package io.assay.chain.bitcoin;

import io.assay.chain.ChainStatus;
import io.assay.chain.EndpointPool;
import io.assay.chain.rpc.JsonRpcClient;
import io.assay.chain.rpc.RpcException;
import io.assay.config.ChainProfile;
import io.assay.config.Endpoint;
import org.jboss.logging.Logger;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Compares the indexed reserves with the node's own UTXO set ({@code scantxoutset}; with an Esplora API, each watched
 * script's {@code /scripthash/:hash/utxo}) every {@code limits.reconcileEvery} blocks, on a thread of its own (a
 * mainnet scan takes minutes).
 *
 * <h2>Comparing at the indexed height</h2>
 * {@code scantxoutset} only sees the node's tip {@code T}, while the indexer stands at {@code h <= T} (by the
 * confirmations depth, or more). The comparison is therefore made on what both sides agree existed at {@code h} and
 * still exists at {@code T}: the node's coins created at heights {@code <= h} (each scanned coin carries its height)
 * against the indexed UTXOs at {@code h} not spent by blocks {@code h+1 .. T} (read by hash, checked to extend the
 * indexed block {@code h}). Per source: indexed balance at {@code h} = node surviving coins + indexed UTXOs spent in
 * {@code (h, T]}. The indexed balances are also checked against the indexed UTXO records themselves.
 *
 * <p>A mismatch is an alarm ({@code reconcile-mismatch} on the chain's status, the {@code assay.reconcile.mismatch}
 * gauge, an ERROR log naming the source, both amounts and the differing outpoints); indexed data is never changed.
 * A reconciliation that cannot be made (node busy with another scan, chain moved during the scan, node behind) is
 * skipped and tried again at the next opportunity.
 */
public final class Reconciler implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(Reconciler.class);
    /** Do not chase a tip more than this far ahead of the indexed height (the indexer is still catching up). */
    static final long MAX_DISTANCE = 500;
    static final Duration SCAN_TIMEOUT = Duration.ofHours(1);

    private final BitcoinTracking tracking;
    private final BitcoinRpc rpc;
    private final EsploraClient esplora;
    /** Where the blocks after the indexed one are read: the Core endpoints or the Esplora API. */
    private final BlockSource blocks;
    private final ChainStatus status;
    private final long every;
    private final Map<JsonRpcClient, JsonRpcClient> scanClients = new IdentityHashMap<>();
    private final ExecutorService thread;
    private final AtomicBoolean running = new AtomicBoolean();
    private final BlockReader reader = new BlockReader();
    private volatile long lastStarted = -1;
    private volatile long completed;
    private volatile long skipped;

    public Reconciler(ChainProfile profile, BitcoinTracking tracking, BitcoinRpc rpc, ChainStatus status) {
        this(profile, tracking, rpc, null, status);
    }

    /**
     * A reconciler against an Esplora API: the node's coins are {@code /scripthash/:hash/utxo} of every watched
     * script (one request each, the tip read before and after: the scan is skipped if it moved), the blocks after
     * the indexed one are read from the same API.
     */
    public Reconciler(ChainProfile profile, BitcoinTracking tracking, EsploraClient esplora, ChainStatus status) {
        this(profile, tracking, null, esplora, status);
    }

    private Reconciler(ChainProfile profile, BitcoinTracking tracking, BitcoinRpc rpc, EsploraClient esplora,
                       ChainStatus status) {
        this.tracking = tracking;
        this.rpc = rpc;
        this.esplora = esplora;
        this.blocks = rpc != null ? rpc : esplora;
        this.status = status;
        this.every = profile.limits().reconcileEvery();
        if (rpc != null) {
            List<EndpointPool.Member> members = rpc.pool().members();
            List<Endpoint> endpoints = profile.endpoints();
            for (int i = 0; i < members.size() && i < endpoints.size(); i++) {
                scanClients.put(members.get(i).client(), new JsonRpcClient(endpoints.get(i).uri(), SCAN_TIMEOUT));
            }
        }
        this.thread = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "reconcile-" + profile.name());
            t.setDaemon(true);
            return t;
        });
    }

    /** Reconciliations finished (with or without mismatch). */
    public long completed() {
        return completed;
    }

    /** Reconciliations that could not be made and were skipped. */
    public long skipped() {
        return skipped;
    }

    public boolean running() {
        return running.get();
    }

    /**
     * Called on the indexer thread when it is caught up at {@code height}: starts a reconciliation there if one is
     * due and none is running; {@code snapshot} is taken right away, on the calling thread.
     */
    public void maybeStart(long height, java.util.function.Supplier<UtxoSnapshot> snapshot) {
        if (every <= 0 || tracking.isEmpty() || height < 0 || running.get()) {
            return;
        }
        long last = lastStarted;
        if (last >= 0 && height < last + every) {
            return;
        }
        UtxoSnapshot snap = snapshot.get();
        if (snap == null) {
            return;
        }
        running.set(true);
        lastStarted = height;
        try {
            thread.submit(() -> run(snap));
        } catch (RuntimeException e) {
            running.set(false); // shut down
        }
    }

    private void run(UtxoSnapshot snap) {
        try {
            String skip = reconcile(snap);
            if (skip != null) {
                skipped++;
                lastStarted = -1; // try again when next caught up
                LOG.debugf("%s: reconciliation at #%d skipped: %s", snap.chain(), snap.height(), skip);
            } else {
                completed++;
            }
        } catch (RpcException e) {
            skipped++;
            lastStarted = -1;
            LOG.warnf("%s: reconciliation at #%d not possible: %s", snap.chain(), snap.height(), e.getMessage());
        } catch (RuntimeException e) {
            skipped++;
            LOG.errorf(e, "%s: reconciliation at #%d failed", snap.chain(), snap.height());
        } finally {
            running.set(false);
        }
    }

    /** Runs one reconciliation; returns why it was skipped, or null when it was made. */
    String reconcile(UtxoSnapshot snap) {
        UtxoScan scan;
        if (esplora != null) {
            scan = esplora.utxos(snap.scriptOwners().keySet());
            if (scan == null) {
                return "the Esplora server's tip moved while its UTXOs were read";
            }
        } else {
            try {
                scan = rpc.pool().call("scantxoutset", c -> UtxoScan.run(scanClients.getOrDefault(c, c),
                        snap.scriptOwners().keySet()));
            } catch (RpcException e) {
                if (UtxoScan.inProgress(e)) {
                    return "the node is running another scantxoutset";
                }
                throw e;
            }
        }
        long h = snap.height();
        long tip = scan.height();
        if (tip < h) {
            return "the node's tip #" + tip + " is below the indexed height #" + h;
        }
        if (tip - h > MAX_DISTANCE) {
            return "the node's tip #" + tip + " is " + (tip - h) + " blocks ahead of the indexed height";
        }
        List<String> hashes = blocks.blockHashes(h, tip);
        if (!hashes.get(0).equals(snap.hash())) {
            return "block #" + h + " is no longer " + snap.hash() + " (reorg)";
        }
        if (!hashes.get(hashes.size() - 1).equals(scan.bestblock())) {
            return "the chain moved after the scan (block #" + tip + " is now " + hashes.get(hashes.size() - 1) + ")";
        }
        Map<ByteBuffer, UtxoSnapshot.Utxo> ours = new HashMap<>();
        for (UtxoSnapshot.Utxo u : snap.utxos()) {
            ours.put(ByteBuffer.wrap(u.outpoint()), u);
        }
        // our UTXOs spent by the blocks the node has on top of the indexed one
        Map<ByteBuffer, UtxoSnapshot.Utxo> spentAfter = new HashMap<>();
        String changed = readSpends(snap, hashes, ours, spentAfter);
        if (changed != null) {
            return changed;
        }
        Tally t = new Tally(snap.balances().length); // the sources of the snapshot (set members may have been added since)
        t.countNode(scan, snap, ours);
        t.countOurs(snap, spentAfter);
        int mismatches = report(snap, t, tip);
        status.reconciled(h, mismatches);
        if (mismatches == 0) {
            LOG.debugf("%s: reconciled at #%d against scantxoutset at #%d: %d sources equal", snap.chain(), h, tip,
                    t.recordSum.length);
        }
        return null;
    }

    /**
     * Reads the blocks after the indexed one ({@code hashes[1..]}) and puts each of {@code ours} they spend into
     * {@code spentAfter}; returns why the reconciliation is skipped (a block changed while read), or null.
     */
    private String readSpends(UtxoSnapshot snap, List<String> hashes, Map<ByteBuffer, UtxoSnapshot.Utxo> ours,
                              Map<ByteBuffer, UtxoSnapshot.Utxo> spentAfter) {
        long h = snap.height();
        String parent = snap.hash();
        for (int i = 1; i < hashes.size(); i++) {
            byte[] raw = blocks.rawBlock(hashes.get(i));
            BlockReader r;
            try {
                r = reader.wrap(raw);
            } catch (BlockFormatException e) {
                throw RpcException.malformed("block " + hashes.get(i) + ": " + e.getMessage(), e);
            }
            if (!r.hash().toString().equals(hashes.get(i)) || !r.prevHash().toString().equals(parent)) {
                return "block #" + (h + i) + " changed while it was read";
            }
            parent = hashes.get(i);
            byte[] buf = r.buffer();
            while (r.nextTx()) {
                while (r.nextInput()) {
                    if (r.isCoinbaseInput()) {
                        continue;
                    }
                    int off = r.prevTxidOffset();
                    ByteBuffer key = ByteBuffer.wrap(buf, off, 36).slice();
                    UtxoSnapshot.Utxo u = ours.get(key);
                    if (u != null) {
                        spentAfter.put(ByteBuffer.wrap(u.outpoint()), u);
                    }
                }
            }
        }
        return null;
    }

    /** Per reserve source: what the node holds, what the index holds, and the outpoints only one side has. */
    private static final class Tally {
        final long[] nodeSurviving;
        final long[] oursSurviving;
        final long[] oursSpentAfter;
        final long[] recordSum;
        final Map<Integer, List<String>> missing = new HashMap<>();
        final Map<Integer, List<String>> unexpected = new HashMap<>();
        final Map<ByteBuffer, UtxoScan.Coin> nodeOld = new HashMap<>();

        Tally(int sources) {
            nodeSurviving = new long[sources];
            oursSurviving = new long[sources];
            oursSpentAfter = new long[sources];
            recordSum = new long[sources];
        }

        /** The node's coins created at or below the indexed height; those the index lacks are missing. */
        void countNode(UtxoScan scan, UtxoSnapshot snap, Map<ByteBuffer, UtxoSnapshot.Utxo> ours) {
            long h = snap.height();
            for (UtxoScan.Coin c : scan.coins()) {
                if (c.height() > h) {
                    continue; // created after the indexed height
                }
                ByteBuffer key = ByteBuffer.wrap(outpoint(c.txid(), c.vout()));
                nodeOld.put(key, c);
                int[] owners = snap.scriptOwners().getOrDefault(c.script(), new int[0]);
                for (int s : owners) {
                    nodeSurviving[s] += c.sats();
                }
                if (!ours.containsKey(key)) {
                    for (int s : owners) {
                        missing.computeIfAbsent(s, k -> new ArrayList<>()).add(c.txid() + ":" + c.vout() + " ("
                                + c.sats() + " sats, block " + c.height() + ")");
                    }
                }
            }
        }

        /** The index's UTXOs: spent by a later block, or surviving (and then the node must have them too). */
        void countOurs(UtxoSnapshot snap, Map<ByteBuffer, UtxoSnapshot.Utxo> spentAfter) {
            for (UtxoSnapshot.Utxo u : snap.utxos()) {
                ByteBuffer key = ByteBuffer.wrap(u.outpoint());
                boolean spent = spentAfter.containsKey(key);
                for (int s : u.owners()) {
                    recordSum[s] += u.sats();
                    if (spent) {
                        oursSpentAfter[s] += u.sats();
                    } else {
                        oursSurviving[s] += u.sats();
                        if (!nodeOld.containsKey(key)) {
                            unexpected.computeIfAbsent(s, k -> new ArrayList<>()).add(describe(u.outpoint()) + " ("
                                    + u.sats() + " sats)");
                        }
                    }
                }
            }
        }
    }

    /** Logs and raises an alarm for every source whose indexed balance is not the node's; returns how many. */
    private int report(UtxoSnapshot snap, Tally t, long tip) {
        long h = snap.height();
        int mismatches = 0;
        for (int s = 0; s < t.recordSum.length; s++) {
            long indexed = snap.balances()[s];
            long node = t.nodeSurviving[s] + t.oursSpentAfter[s];
            boolean bad = indexed != node || t.recordSum[s] != indexed || t.missing.containsKey(s)
                    || t.unexpected.containsKey(s);
            if (!bad) {
                continue;
            }
            mismatches++;
            BitcoinTracking.Source src = tracking.sources().get(s);
            StringBuilder msg = new StringBuilder().append(src.key()).append(" at #").append(h).append(": indexed ")
                    .append(indexed).append(" sats, node ").append(node).append(" sats (scantxoutset at #").append(tip)
                    .append(tip > h ? ", less the changes of blocks #" + (h + 1) + "..#" + tip : "").append(')');
            if (t.recordSum[s] != indexed) {
                msg.append("; indexed UTXO records sum to ").append(t.recordSum[s]).append(" sats");
            }
            if (t.missing.containsKey(s)) {
                msg.append("; node has, index lacks: ").append(limit(t.missing.get(s)));
            }
            if (t.unexpected.containsKey(s)) {
                msg.append("; index has, node lacks: ").append(limit(t.unexpected.get(s)));
            }
            LOG.errorf("%s: RECONCILIATION MISMATCH %s", snap.chain(), msg);
            status.alarm("reconcile-mismatch", msg.toString(), h);
        }
        return mismatches;
    }

    private static String limit(List<String> l) {
        return l.size() <= 5 ? String.join(", ", l) : String.join(", ", l.subList(0, 5)) + " and " + (l.size() - 5)
                + " more";
    }

    /** Serialized outpoint of a display-order txid and an index. */
    static byte[] outpoint(String txid, long vout) {
        byte[] t = HexFormat.of().parseHex(txid);
        byte[] out = new byte[36];
        for (int i = 0; i < 32; i++) {
            out[i] = t[31 - i];
        }
        out[32] = (byte) vout;
        out[33] = (byte) (vout >>> 8);
        out[34] = (byte) (vout >>> 16);
        out[35] = (byte) (vout >>> 24);
        return out;
    }

    static String describe(byte[] outpoint) {
        byte[] t = new byte[32];
        for (int i = 0; i < 32; i++) {
            t[i] = outpoint[31 - i];
        }
        long vout = (outpoint[32] & 0xffL) | (outpoint[33] & 0xffL) << 8 | (outpoint[34] & 0xffL) << 16
                | (outpoint[35] & 0xffL) << 24;
        return HexFormat.of().formatHex(t) + ":" + vout;
    }

    @Override
    public void close() {
        thread.shutdownNow();
    }
}
