package io.assay.chain.evm;

import com.fasterxml.jackson.databind.JsonNode;
import io.assay.chain.BlockRef;
import io.assay.chain.BlockSpan;
import io.assay.chain.ChainIndexer;
import io.assay.chain.ChainReader;
import io.assay.chain.ChainStatus;
import io.assay.chain.EndpointPool;
import io.assay.chain.MembershipLog;
import io.assay.chain.RetryPolicy;
import io.assay.chain.SegmentWriter;
import io.assay.chain.rpc.JsonRpcClient;
import io.assay.chain.rpc.RpcException;
import io.assay.config.AssetProfile;
import io.assay.config.ChainProfile;
import io.assay.config.ReserveSet;
import io.assay.config.ReserveSource;
import io.assay.config.SetMember;
import io.assay.store.KeyValue;
import io.assay.store.Store;
import org.bitcoinj.base.BitcoinNetwork;
import org.jboss.logging.Logger;
import org.web3j.crypto.Hash;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Follows one reserve set whose membership lives on an EVM chain, with the generic {@link ChainIndexer} loop (so
 * its membership is final, reorg-checked and rolled back like any chain's data), under the set's own store chain
 * ({@link ReserveSet#membershipChain()}), reading the list chain's blocks:
 * <ul>
 *   <li>{@link ReserveSet.Kind#CONTRACT}: Chainlink's {@code PoRAddressList} ({@code getPoRAddressListLength()},
 *       {@code getPoRAddressList(uint256 startIndex, uint256 endIndex)}, end inclusive) called at every commit block,
 *       pinned by hash; near the head every block is a commit, so a change is dated at its block; deep in a backfill
 *       the list is read at both ends of a segment and, where they differ, the block of each change is found by
 *       bisection (at most {@link #BISECT_BUDGET} extra reads per segment; past it a change is dated at the end of
 *       the interval still holding it);</li>
 *   <li>{@link ReserveSet.Kind#EVENTS}: tBTC Bridge logs, {@code NewWalletRegistered(bytes32 indexed ecdsaWalletID,
 *       bytes20 indexed walletPubKeyHash)} adds the wallet's P2WPKH script at its block, {@code WalletClosed(bytes32
 *       indexed ecdsaWalletID, bytes20 indexed walletPubKeyHash)} removes it (keep-network/tbtc-v2,
 *       solidity/contracts/bridge/Wallets.sol).</li>
 * </ul>
 * List entries that are not addresses of the set's Bitcoin network (nor {@code raw(<hex>)}) are left out, logged.
 */
public final class SetMembershipIndexer {
    private static final Logger LOG = Logger.getLogger(SetMembershipIndexer.class);
    static final String LENGTH = "0x" + selector("getPoRAddressListLength()");
    static final String LIST = "0x" + selector("getPoRAddressList(uint256,uint256)");
    public static final String REGISTERED = Hash.sha3String("NewWalletRegistered(bytes32,bytes20)");
    public static final String CLOSED = Hash.sha3String("WalletClosed(bytes32,bytes20)");
    /** Entries asked per {@code getPoRAddressList} call. */
    static final int PAGE = 200;
    /** List reads spent per sparse segment locating the blocks of its changes by bisection. */
    static final int BISECT_BUDGET = 48;
    /** Largest list read (a bigger one halts reading: a list that long is not a custodian's address list). */
    static final long MAX_LIST = 100_000;

    private SetMembershipIndexer() {
    }

    private static String selector(String signature) {
        return Hash.sha3String(signature).substring(2, 10);
    }

    /** The loop for {@code set} (a contract or events set of {@code asset}), reading {@code listChain}. */
    public static ChainIndexer<Segment> create(AssetProfile asset, ReserveSource set, ChainProfile listChain,
                                               BitcoinNetwork network, Store store, int maxReorgDepth,
                                               RetryPolicy retry) {
        ReserveSet s = set.set();
        EndpointPool pool = EndpointPool.of(listChain, retry);
        EvmRpc rpc = new EvmRpc(pool, listChain.limits().batchSize());
        String chain = s.membershipChain();
        ChainStatus status = new ChainStatus(chain, "evm", listChain.chainId(), listChain.finality().toString());
        KeyValue state = store.state(chain, "indexer");
        MembershipLog log = new MembershipLog(store, chain, asset.id(), set.id());
        Reader reader = new Reader(listChain, s, rpc, network);
        Writer writer = new Writer(log);
        int depth = Math.max(1, Math.min(listChain.limits().maxReorgDepth(), maxReorgDepth));
        ChainIndexer.Settings settings = new ChainIndexer.Settings(chain, s.startBlock(), depth,
                1, listChain.limits().pollInterval(),
                listChain.finality().quietSkew(listChain.family(), listChain.network()).orElse(null));
        return new ChainIndexer<>(settings, reader, writer, store, state, pool, status);
    }

    /** A run of list-chain blocks: the list at each commit block (contract) or the wallet events (events). */
    public static final class Segment extends BlockSpan {
        final BlockRef first;
        final List<BlockRef> commits;
        /** Contract: the list at each commit height and at each block where a bisection found it changed. */
        final Map<Long, List<SetMember>> lists;
        /** Contract: the blocks of {@link #lists} (for their times and hashes). */
        final Map<Long, BlockRef> listBlocks = new TreeMap<>();
        /** Contract: lists applied so far (in height order). */
        int listsApplied;
        /** Events: per block, in log order: +member or -member. */
        final List<Change> changes;
        int applied;

        Segment(long from, long to, String parentHash, BlockRef first, List<BlockRef> commits,
                Map<Long, List<SetMember>> lists, List<Change> changes) {
            super(from, to, parentHash, changes.size() + lists.size());
            this.first = first;
            this.commits = List.copyOf(commits);
            this.lists = lists;
            this.changes = changes;
        }

        @Override
        public List<BlockRef> commits() {
            return commits;
        }

        @Override
        public BlockRef firstBlock() {
            return first;
        }

        @Override
        public List<BlockRef> changedBlocks() {
            List<BlockRef> out = new ArrayList<>();
            Set<Long> seen = new java.util.HashSet<>();
            for (Change c : changes) {
                if (seen.add(c.block.height())) {
                    out.add(c.block);
                }
            }
            for (BlockRef b : commits) {
                if (lists.containsKey(b.height()) && seen.add(b.height())) {
                    out.add(b);
                }
            }
            for (BlockRef b : listBlocks.values()) {
                if (seen.add(b.height())) {
                    out.add(b);
                }
            }
            out.sort(java.util.Comparator.comparingLong(BlockRef::height));
            return out;
        }

        @Override
        public String toString() {
            return describe(lists.size() + " list reads, " + changes.size() + " wallet events");
        }
    }

    record Change(BlockRef block, boolean add, SetMember member) {
    }

    static final class Reader implements ChainReader<Segment> {
        private final ChainProfile profile;
        private final ReserveSet set;
        private final EvmRpc rpc;
        private final BitcoinNetwork network;

        Reader(ChainProfile profile, ReserveSet set, EvmRpc rpc, BitcoinNetwork network) {
            this.profile = profile;
            this.set = set;
            this.rpc = rpc;
            this.network = network;
        }

        @Override
        public void prepare() {
            rpc.requireChainId(profile.chainId());
        }

        @Override
        public io.assay.chain.Tip tip() {
            return rpc.tip(profile.finality());
        }

        @Override
        public BlockRef block(long height) {
            return rpc.block(height);
        }

        @Override
        public BlockRef block(JsonRpcClient client, long height) {
            return EvmRpc.block(client, height);
        }

        @Override
        public Segment initial(long height) {
            BlockRef b = rpc.block(height);
            if (b == null) {
                throw new InconsistentAnswerException("block " + height + " is not known yet");
            }
            Map<Long, List<SetMember>> lists = new TreeMap<>();
            if (set.kind() == ReserveSet.Kind.CONTRACT) {
                lists.put(height, list(b));
            }
            return new Segment(height, height, b.parentHash(), b, List.of(b), lists, List.of());
        }

        @Override
        public Segment fetch(long from, long to, boolean dense) {
            List<Long> heights = new ArrayList<>();
            if (dense) {
                for (long h = from; h <= to; h++) {
                    heights.add(h);
                }
            } else {
                heights.add(from);
                if (to != from) {
                    heights.add(to);
                }
            }
            List<JsonNode> logs = set.kind() == ReserveSet.Kind.EVENTS
                    ? rpc.logs(from, to, List.of(set.contract()), List.of(REGISTERED, CLOSED)) : List.of();
            Set<Long> extra = new LinkedHashSet<>();
            for (JsonNode l : logs) {
                long h = EvmHex.quantity(EvmRpc.text(l.get("blockNumber"), "log blockNumber"));
                if (h < from || h > to) {
                    throw RpcException.malformed("eth_getLogs " + from + "-" + to + " returned a log of block " + h, null);
                }
                if (!heights.contains(h)) {
                    extra.add(h);
                }
            }
            List<Long> all = new ArrayList<>(heights);
            all.addAll(extra);
            all.sort(Long::compare);
            Map<Long, BlockRef> blocks = new TreeMap<>();
            List<BlockRef> refs = rpc.blocks(all);
            for (BlockRef b : refs) {
                blocks.put(b.height(), b);
            }
            List<BlockRef> commits = new ArrayList<>();
            for (long h : heights) {
                if (dense || h == to) {
                    commits.add(blocks.get(h));
                }
            }
            List<Change> changes = new ArrayList<>();
            for (JsonNode l : logs) {
                long h = EvmHex.quantity(EvmRpc.text(l.get("blockNumber"), "log blockNumber"));
                BlockRef b = blocks.get(h);
                String hash = BlockRef.normalise(EvmRpc.text(l.get("blockHash"), "log blockHash"), "log blockHash");
                if (!hash.equals(b.hash())) {
                    throw new InconsistentAnswerException("a log of block " + h + " names hash " + hash + ", the block"
                            + " read has " + b.hash() + " (the chain moved while reading)");
                }
                JsonNode topics = l.get("topics");
                if (topics == null || !topics.isArray() || topics.size() < 3) {
                    throw RpcException.malformed("wallet event without its three topics at block " + h, null);
                }
                String t0 = topics.get(0).asText().toLowerCase(java.util.Locale.ROOT);
                String pkh = BlockRef.normalise(topics.get(2).asText(), "walletPubKeyHash topic");
                if (pkh.length() != 64) {
                    throw RpcException.malformed("walletPubKeyHash topic is not 32 bytes at block " + h, null);
                }
                // an indexed bytes20 is left-aligned in its topic word
                byte[] hash20 = HexFormat.of().parseHex(pkh.substring(0, 40));
                changes.add(new Change(b, t0.equals(REGISTERED), SetMember.p2wpkh(hash20, network)));
            }
            Map<Long, List<SetMember>> lists = new TreeMap<>();
            Map<Long, BlockRef> listBlocks = new TreeMap<>();
            if (set.kind() == ReserveSet.Kind.CONTRACT) {
                for (BlockRef c : commits) {
                    lists.put(c.height(), list(c));
                    listBlocks.put(c.height(), c);
                }
                if (!dense) {
                    // the list before the segment and at its end: the blocks of the changes in between, by bisection
                    BlockRef before = from > 0 ? rpc.block(from - 1) : null;
                    List<SetMember> start = before == null ? List.of() : list(before);
                    int[] budget = {BISECT_BUDGET};
                    bisect(from - 1, start, to, lists.get(to), budget, lists, listBlocks);
                }
            }
            // the last header again: if it changed, the chain moved under the reads
            BlockRef last = rpc.block(to);
            if (last == null || !last.hash().equals(blocks.get(to).hash())) {
                throw new InconsistentAnswerException("block " + to + " changed while the segment was read");
            }
            BlockRef first = blocks.get(from);
            Segment seg = new Segment(from, to, first.parentHash(), first, commits, lists, changes);
            seg.listBlocks.putAll(listBlocks);
            return seg;
        }

        /**
         * Finds the blocks in {@code (lo, hi]} where the list changed, given the lists at both ends (as sets of
         * scripts: an order change is no membership change). A change undone within an interval whose ends agree is
         * not seen; past the budget a change is dated at {@code hi}.
         */
        private void bisect(long lo, List<SetMember> atLo, long hi, List<SetMember> atHi, int[] budget,
                            Map<Long, List<SetMember>> lists, Map<Long, BlockRef> blocks) {
            if (scripts(atLo).equals(scripts(atHi))) {
                return;
            }
            if (hi - lo == 1 || budget[0] <= 0) {
                if (!blocks.containsKey(hi)) {
                    blocks.put(hi, requireBlock(hi));
                }
                lists.put(hi, atHi);
                return;
            }
            long mid = lo + (hi - lo) / 2;
            budget[0]--;
            BlockRef b = requireBlock(mid);
            List<SetMember> atMid = list(b);
            blocks.put(mid, b);
            bisect(lo, atLo, mid, atMid, budget, lists, blocks);
            bisect(mid, atMid, hi, atHi, budget, lists, blocks);
            if (!lists.containsKey(mid)) {
                blocks.remove(mid); // read only to split the interval
            }
        }

        private BlockRef requireBlock(long height) {
            BlockRef b = rpc.block(height);
            if (b == null) {
                throw new InconsistentAnswerException("block " + height + " is not known (the chain moved)");
            }
            return b;
        }

        private static Set<String> scripts(List<SetMember> list) {
            Set<String> out = new java.util.HashSet<>();
            for (SetMember m : list) {
                out.add(m.scriptHex());
            }
            return out;
        }

        /** The list at block {@code b} (pinned by hash): every entry, in list order, malformed ones left out. */
        List<SetMember> list(BlockRef b) {
            Object at = EvmRpc.at(b);
            String lenHex = rpc.rawCalls(List.<String[]>of(new String[]{set.contract(), LENGTH}), at).get(0);
            if (lenHex.equals("0x")) {
                return List.of(); // no code at this block (not deployed yet): an empty list
            }
            BigInteger len = EvmHex.word(lenHex);
            if (len.compareTo(BigInteger.valueOf(MAX_LIST)) > 0) {
                throw new io.assay.chain.ChainHaltedException(profile.name() + ": PoRAddressList " + set.contract()
                        + " reports " + len + " entries at block " + b.height() + " (more than " + MAX_LIST + ")");
            }
            long n = len.longValueExact();
            List<SetMember> out = new ArrayList<>();
            for (long start = 0; start < n; start += PAGE) {
                long end = Math.min(n, start + PAGE) - 1;
                String data = LIST + word(start) + word(end);
                String answer = rpc.rawCalls(List.<String[]>of(new String[]{set.contract(), data}), at).get(0);
                List<String> entries = decodeStrings(answer);
                if (entries.size() != end - start + 1) {
                    throw RpcException.malformed("getPoRAddressList(" + start + ", " + end + ") returned "
                            + entries.size() + " entries at block " + b.height(), null);
                }
                for (String e : entries) {
                    try {
                        out.add(SetMember.parse(e, network));
                    } catch (IllegalArgumentException ex) {
                        LOG.warnf("%s: PoRAddressList %s entry '%s' at block %d left out: %s", set.membershipChain(),
                                set.contract(), e.length() > 100 ? e.substring(0, 100) + "…" : e, b.height(),
                                ex.getMessage());
                    }
                }
            }
            return out;
        }

        @Override
        public long span() {
            return Math.max(1, profile.limits().maxLogRange());
        }

        @Override
        public int denseSpan() {
            return Math.max(1, profile.limits().batchSize());
        }
    }

    private static String word(long v) {
        String h = Long.toHexString(v);
        return "0".repeat(64 - h.length()) + h;
    }

    /** ABI-decodes a {@code string[]} return value, with bounds checks. */
    static List<String> decodeStrings(String hex) {
        byte[] b;
        try {
            b = HexFormat.of().parseHex(hex.startsWith("0x") ? hex.substring(2) : hex);
        } catch (IllegalArgumentException e) {
            throw RpcException.malformed("eth_call answer is not hex", e);
        }
        int head = uint(b, 0);
        int n = uint(b, head);
        if (n > PAGE) {
            throw RpcException.malformed("string[] of " + n + " entries where at most " + PAGE + " were asked", null);
        }
        int base = head + 32;
        List<String> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            int off = base + uint(b, base + 32 * i);
            int len = uint(b, off);
            if (len > 4096 || off + 32 + len > b.length) {
                throw RpcException.malformed("string[] entry " + i + " runs past the answer", null);
            }
            out.add(new String(b, off + 32, len, StandardCharsets.UTF_8));
        }
        return out;
    }

    private static int uint(byte[] b, int off) {
        if (off < 0 || off + 32 > b.length) {
            throw RpcException.malformed("ABI word at " + off + " runs past the answer (" + b.length + " bytes)", null);
        }
        for (int i = off; i < off + 24; i++) {
            if (b[i] != 0) {
                throw RpcException.malformed("ABI offset or length too large at " + off, null);
            }
        }
        long v = 0;
        for (int i = off + 24; i < off + 32; i++) {
            v = (v << 8) | (b[i] & 0xff);
        }
        if (v > Integer.MAX_VALUE) {
            throw RpcException.malformed("ABI offset or length too large at " + off, null);
        }
        return (int) v;
    }

    static final class Writer implements SegmentWriter<Segment> {
        private final MembershipLog log;

        Writer(MembershipLog log) {
            this.log = log;
        }

        @Override
        public void reload() {
            log.reload();
        }

        @Override
        public void apply(Segment seg, BlockRef commit) {
            while (seg.applied < seg.changes.size() && seg.changes.get(seg.applied).block.height() <= commit.height()) {
                Change c = seg.changes.get(seg.applied++);
                if (c.add) {
                    log.add(c.member, c.block.height(), c.block.time());
                } else {
                    log.remove(c.member.script(), c.block.height(), c.block.time());
                }
            }
            // lists in height order up to the commit: those a bisection dated inside the segment, then the commit's
            List<Long> heights = new ArrayList<>(seg.lists.keySet());
            while (seg.listsApplied < heights.size() && heights.get(seg.listsApplied) <= commit.height()) {
                long h = heights.get(seg.listsApplied++);
                BlockRef b = h == commit.height() ? commit : seg.listBlocks.get(h);
                log.replace(seg.lists.get(h), h, b.time());
            }
        }
    }
}
