package io.assay.chain.bitcoin;

import io.assay.chain.rpc.RpcException;
import org.jboss.logging.Logger;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@link CoinLookup} from Bitcoin Core: reads the blocks of the range again and replays the scripts' outputs and the
 * inputs spending them, in block order. With {@code filters} (a node with {@code -blockfilterindex=1}) only blocks
 * whose BIP 158 filter matches one of the scripts are read: a filter lists the scripts of a block's outputs and of
 * the outputs its inputs spend, so every block that pays or spends one of them is read (false positives are read
 * too and find nothing); the filter header chain is checked over the whole range ({@link BlockFilters}). Without
 * filters every block of the range is read: exact, but a cost proportional to the range for every growth of a
 * window.
 *
 * <p>The answer is of the chain whose block {@code to} is {@code toHash}: the hashes of the range are read in one
 * batch per run and the last must be {@code toHash}, and every block read must hash to its hash (and the filters
 * chain), otherwise the chain moved while it was read and the lookup fails (retried by the indexer).
 */
public final class CoreHistory implements CoinLookup {
    private static final Logger LOG = Logger.getLogger(CoreHistory.class);
    /** Heights per batch of hashes and filters. */
    static final int RUN = 500;
    /** Core's MAX_SCRIPT_SIZE (see {@link BlockScanner}). */
    private static final int MAX_SCRIPT_SIZE = 10_000;
    private static final int OP_RETURN = 0x6a;

    private final String chain;
    private final BitcoinRpc rpc;
    private final BlockFilters filters;

    /**
     * @param filters block filters to skip blocks with, or null to read every block of a range
     */
    CoreHistory(String chain, BitcoinRpc rpc, BlockFilters filters) {
        this.chain = chain;
        this.rpc = rpc;
        this.filters = filters;
    }

    @Override
    public History history(List<byte[]> scripts, long from, long to, String toHash) {
        if (scripts.isEmpty() || to < from) {
            return new History(List.of(), List.of(), 0);
        }
        Set<ByteBuffer> wanted = new HashSet<>();
        for (byte[] s : scripts) {
            wanted.add(ByteBuffer.wrap(s));
        }
        Map<ByteBuffer, CoinLookup.Coin> unspent = new LinkedHashMap<>();
        Set<ByteBuffer> paid = new HashSet<>();
        BalanceSteps steps = new BalanceSteps();
        BlockReader r = new BlockReader();
        long read = 0;
        long started = System.nanoTime();
        String parent = null;
        for (long a = from; a <= to; a += RUN) {
            long b = Math.min(to, a + RUN - 1);
            List<String> hashes = rpc.blockHashes(a, b);
            if (b == to && !hashes.get(hashes.size() - 1).equals(toHash)) {
                throw new RpcException(chain + ": block " + to + " is no longer " + toHash + " (chain moving) while"
                        + " looking up coins of newly watched scripts", 0, 0, true, 0, null);
            }
            List<BlockFilters.Filter> fs = null;
            if (filters != null) {
                String before = parent != null ? parent : a == 0 ? null : rpc.blockHashes(a - 1, a - 1).get(0);
                fs = filters.filters(before, hashes);
            }
            for (int i = 0; i < hashes.size(); i++) {
                long height = a + i;
                String hash = hashes.get(i);
                if (fs != null && !fs.get(i).matchesAny(scripts)) {
                    continue;
                }
                byte[] raw = rpc.rawBlock(hash);
                read++;
                try {
                    r.wrap(raw);
                } catch (BlockFormatException e) {
                    throw RpcException.malformed(chain + ": block " + height + " " + hash + ": " + e.getMessage(), e);
                }
                if (!r.hash().toString().equals(hash)) {
                    throw RpcException.malformed(chain + ": asked for block " + hash + ", received " + r.hash(), null);
                }
                if (fs == null && (i > 0 || parent != null)
                        && !r.prevHash().toString().equals(i > 0 ? hashes.get(i - 1) : parent)) {
                    throw new RpcException(chain + ": block " + height + " does not extend the block before it"
                            + " (chain moving)", 0, 0, true, 0, null);
                }
                replay(r, raw, height, wanted, unspent, paid, steps);
                steps.endBlock(height, hash);
            }
            parent = hashes.get(hashes.size() - 1);
        }
        List<byte[]> paidList = new ArrayList<>();
        for (ByteBuffer p : paid) {
            paidList.add(p.array());
        }
        LOG.debugf("%s: coins of %d newly watched scripts in #%d..#%d: %d unspent, %d scripts paid, %d blocks read"
                        + " (%s) in %d ms", chain, scripts.size(), from, to, unspent.size(), paid.size(), read,
                filters != null ? "filters" : "every block", (System.nanoTime() - started) / 1_000_000);
        return new History(List.copyOf(unspent.values()), paidList, read, steps.steps());
    }

    /** Applies one block to {@code unspent}: per transaction its spends, then its outputs paying {@code wanted}. */
    static void replay(BlockReader r, byte[] raw, long height, Set<ByteBuffer> wanted,
                       Map<ByteBuffer, CoinLookup.Coin> unspent, Set<ByteBuffer> paid) {
        replay(r, raw, height, wanted, unspent, paid, null);
    }

    /** Like {@link #replay(BlockReader, byte[], long, Set, Map, Set)}, counting every change in {@code steps}. */
    static void replay(BlockReader r, byte[] raw, long height, Set<ByteBuffer> wanted,
                       Map<ByteBuffer, CoinLookup.Coin> unspent, Set<ByteBuffer> paid, BalanceSteps steps) {
        while (r.nextTx()) {
            while (r.nextInput()) {
                if (!r.isCoinbaseInput() && !unspent.isEmpty()) {
                    CoinLookup.Coin c = unspent.remove(ByteBuffer.wrap(raw, r.prevTxidOffset(), 36).slice());
                    if (c != null && steps != null) {
                        steps.add(c.script(), -c.sats());
                    }
                }
            }
            if (height == 0) {
                continue; // the genesis block's outputs never enter the UTXO set
            }
            while (r.nextOutput()) {
                int len = r.scriptLength();
                int off = r.scriptOffset();
                if (len > MAX_SCRIPT_SIZE || (len > 0 && (raw[off] & 0xff) == OP_RETURN)) {
                    continue;
                }
                ByteBuffer script = ByteBuffer.wrap(raw, off, len).slice();
                if (!wanted.contains(script)) {
                    continue;
                }
                byte[] s = new byte[len];
                System.arraycopy(raw, off, s, 0, len);
                byte[] outpoint = new byte[36];
                System.arraycopy(r.txidBuffer(), r.txidOffset(), outpoint, 0, 32);
                int vout = r.outputIndex();
                outpoint[32] = (byte) vout;
                outpoint[33] = (byte) (vout >>> 8);
                outpoint[34] = (byte) (vout >>> 16);
                outpoint[35] = (byte) (vout >>> 24);
                paid.add(ByteBuffer.wrap(s));
                CoinLookup.Coin before = unspent.put(ByteBuffer.wrap(outpoint), new CoinLookup.Coin(outpoint, s, r.value(),
                        height));
                if (steps != null) {
                    if (before != null) {
                        steps.add(before.script(), -before.sats()); // a duplicate txid replaces the older output
                    }
                    steps.add(s, r.value());
                }
            }
        }
    }
}
