import com.fasterxml.jackson.databind.JsonNode;
import io.assay.chain.bitcoin.BitcoinIndexer;
import io.assay.chain.bitcoin.BlockReader;
import io.assay.chain.rpc.JsonRpcClient;
import io.assay.config.AssetPolicy;
import io.assay.config.AssetProfile;
import io.assay.config.ChainFamily;
import io.assay.config.ChainLimits;
import io.assay.config.ChainProfile;
import io.assay.config.Endpoint;
import io.assay.config.Finality;
import io.assay.config.Profiles;
import io.assay.config.ReserveSource;
import io.assay.config.SourceKind;
import io.assay.descriptor.Descriptor;
import io.assay.devnet.BitcoinNode;
import io.assay.store.Point;
import io.assay.store.SeriesNames;
import io.assay.store.Store;
import io.assay.store.StoreOptions;
import io.assay.store.Stores;
import org.bitcoinj.base.Base58;
import org.bitcoinj.base.BitcoinNetwork;
import org.bitcoinj.core.Block;
import org.bitcoinj.crypto.DeterministicKey;
import org.bitcoinj.crypto.ECKey;
import org.bitcoinj.crypto.HDKeyDerivation;

import java.io.ByteArrayOutputStream;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Bitcoin backfill benchmark (issue 5): builds a litecoind regtest chain of >= 10k blocks and >= 200k transactions
 * whose outputs pay (and whose inputs spend) reserve scripts of a ranged descriptor, then measures, alternating runs:
 * <ul>
 *   <li>the limit: hashes by batched getblockhash + raw blocks over REST + bitcoinj {@code Block.read}, with the
 *       indexer's fetch parallelism (and the same with Assay's {@code BlockReader} instead of bitcoinj);</li>
 *   <li>Assay: a {@link BitcoinIndexer} backfilling a fresh store (production store options: sync on commit) from
 *       block 0 to the tip, ending with every balance equal to the node's {@code scantxoutset};</li>
 *   <li>parse only, in memory: bitcoinj vs BlockReader over every block, one thread.</li>
 * </ul>
 * Run with {@code bench/bitcoin/run.sh} (see bench/RESULTS.md). Properties: {@code rounds} (10: 20k transactions each),
 * {@code perRound} (20000), {@code runs} (5), {@code parallelism} (4).
 *
 * <p>{@code -Dbackends=true} (issue 20, "Bitcoin backends" in bench/RESULTS.md): the node runs with
 * {@code -blockfilterindex=1}, the chain also pays the first 8 children of a second descriptor once per 2,000
 * transactions, and the reserve is that descriptor with a gap limit of 10, 1,000 or 100,000 ({@code -Dsizes=}): full
 * scan vs {@code backfill: filters}, against the raw fetch+parse limit and parse-only rates; balances must agree
 * between modes (and with {@code scantxoutset} up to 1,000 scripts). {@code -Dblockmaxweight=} sets the block size.
 */
public final class BitcoinBackfillBench {
    private static final HexFormat HEX = HexFormat.of();
    private static final int TRACKED_CHILDREN = 1000;
    /** Children are used in order, as wallets do: a gap of 100 keeps every next one watched. */
    private static final int GAP_LIMIT = 100;
    /** The Bitcoin profile default: the last 100 blocks are committed one by one (exact rollback). */
    private static final int REORG_DEPTH = 100;
    private static final int UNTRACKED_KEYS = 200;
    private static final long FEE = 1_000;
    private static final long DUST = 10_000;
    /** Transactions sent before mining them: block assembly slows down with a large mempool. */
    private static final int CHUNK = 2_000;
    /** Backends mode: children of the sparse reserve descriptor that the chain pays (in every tracked set). */
    private static final int SPARSE_CHILDREN = 8;
    private static final AtomicLong BYTES = new AtomicLong();

    record Utxo(String txid, int vout, long sats, int key) {
    }

    /** The node measured: JSON-RPC URL (with credentials) and its REST base. */
    record Node(URI url, JsonRpcClient rpc, String restUrl) {
        static Node of(URI url) {
            return new Node(url, new JsonRpcClient(url, Duration.ofSeconds(300)),
                    "http://" + url.getHost() + ":" + url.getPort() + "/rest");
        }
    }

    public static void main(String[] args) throws Exception {
        int rounds = Integer.getInteger("rounds", 10);
        int perRound = Integer.getInteger("perRound", 20_000);
        int runs = Integer.getInteger("runs", 5);
        int parallelism = Integer.getInteger("parallelism", 4);
        Path work = Path.of(System.getProperty("work", "target/bench-bitcoin")).toAbsolutePath();
        BitcoinBenchSupport.deleteTree(work);
        Files.createDirectories(work);
        DeterministicKey master = HDKeyDerivation.createMasterPrivateKey(
                HEX.parseHex("000102030405060708090a0b0c0d0e0f"));
        DeterministicKey external = HDKeyDerivation.deriveChildKey(master, 0);
        String descriptor = "wpkh(" + master.serializePubB58(BitcoinNetwork.TESTNET) + "/0/*)";
        Descriptor d = Descriptor.parse(descriptor, BitcoinNetwork.REGTEST);
        // keys 0..999: tracked children; 1000..1199: untracked keys
        List<ECKey> keys = new ArrayList<>();
        List<String> scripts = new ArrayList<>();
        for (int i = 0; i < TRACKED_CHILDREN; i++) {
            keys.add(HDKeyDerivation.deriveChildKey(external, i));
            scripts.add(HEX.formatHex(d.scriptAt(i)));
        }
        for (int i = 0; i < UNTRACKED_KEYS; i++) {
            ECKey k = ECKey.fromPrivate(new BigInteger(1, MessageDigest.getInstance("SHA-256")
                    .digest(("bench-untracked-" + i).getBytes(StandardCharsets.UTF_8))), true);
            keys.add(k);
            scripts.add(HEX.formatHex(Descriptor.parse("wpkh(" + HEX.formatHex(k.getPubKey()) + ")",
                    BitcoinNetwork.REGTEST).scriptAt(0)));
        }
        String existing = System.getProperty("node");
        boolean backends = Boolean.getBoolean("backends");
        String weight = System.getProperty("blockmaxweight", "15300");
        // backends mode: a second descriptor, paid now and then (one payment per 2,000 transactions), is the reserve
        DeterministicKey sparseMaster = HDKeyDerivation.createMasterPrivateKey(
                HEX.parseHex("0f0e0d0c0b0a09080706050403020100"));
        String sparseDescriptor = "wpkh(" + sparseMaster.serializePubB58(BitcoinNetwork.TESTNET) + "/0/*)";
        Descriptor sd = Descriptor.parse(sparseDescriptor, BitcoinNetwork.REGTEST);
        List<String> sparse = new ArrayList<>();
        for (int i = 0; i < SPARSE_CHILDREN; i++) {
            sparse.add(HEX.formatHex(sd.scriptAt(i)));
        }
        try (BitcoinNode started = existing != null ? null : BitcoinNode.startStandalone(work.resolve("node"),
                "-blockmaxweight=" + weight, "-maxmempool=2000", "-rpcworkqueue=256", "-dbcache=1000",
                "-blockfilterindex=" + (backends ? 1 : 0))) {
            Node node = Node.of(existing != null ? URI.create(existing) : started.url());
            JsonRpcClient rpc = node.rpc();
            long t0 = System.nanoTime();
            if (existing == null) {
                JsonRpcClient wallet = new JsonRpcClient(URI.create(node.url() + "wallet/devnet"), Duration.ofSeconds(60));
                build(rpc, keys, scripts, rounds, perRound, backends ? sparse : null, wallet);
            }
            if (backends) {
                // the filter index catches up with the chain on its own thread
                long target = rpc.call("getblockcount").asLong();
                String last = rpc.call("getblockhash", target).asText();
                BitcoinBenchSupport.awaitFilterIndex(rpc, last, 600_000_000_000L, 200);
            }
            long tip = rpc.call("getblockcount").asLong();
            long txs = countTxs(rpc, tip);
            double buildS = (System.nanoTime() - t0) / 1e9;
            System.out.printf("chain: %d blocks, %d transactions, built in %.0f s%n", tip + 1, txs, buildS);
            if (backends) {
                backendsRun(node, work, sparseDescriptor, tip, txs, buildS, runs, parallelism);
                return;
            }
            List<double[]> raw = new ArrayList<>();
            List<double[]> rawReader = new ArrayList<>();
            List<double[]> assay = new ArrayList<>();
            List<double[]> assayNoSetup = new ArrayList<>();
            boolean assayOnly = Boolean.getBoolean("assayOnly");
            for (int r = 0; r < runs; r++) {
                if (assayOnly) {
                    print("Assay backfill", assayRate(node, work.resolve("store-" + r), descriptor, tip, txs, parallelism)[0]);
                    continue;
                }
                raw.add(BitcoinBenchSupport.rawRate(node.rpc(), node.restUrl(), tip, parallelism, 500, false, BYTES));
                print("raw REST + bitcoinj Block.read", raw.get(r));
                rawReader.add(BitcoinBenchSupport.rawRate(node.rpc(), node.restUrl(), tip, parallelism, 500, true, BYTES));
                print("raw REST + BlockReader", rawReader.get(r));
                double[][] a = assayRate(node, work.resolve("store-" + r), descriptor, tip, txs, parallelism);
                assay.add(a[0]);
                assayNoSetup.add(a[1]);
                print("Assay backfill", a[0]);
            }
            if (assayOnly) {
                return;
            }
            double[] parse = parseOnly(node, tip);
            Map<String, double[]> table = new LinkedHashMap<>();
            table.put("raw REST fetch + bitcoinj `Block.read` (the limit)", BitcoinBenchSupport.median(raw));
            table.put("raw REST fetch + Assay `BlockReader` (verify + index)", BitcoinBenchSupport.median(rawReader));
            table.put("**Assay backfill** (fetch, verify, scan, apply, commit)", BitcoinBenchSupport.median(assay));
            table.put("Assay backfill up to the last " + REORG_DEPTH + " blocks (bulk rate, store open excluded)",
                    BitcoinBenchSupport.median(assayNoSetup));
            StringBuilder md = new StringBuilder();
            md.append(String.format("chain: %d blocks, %d transactions (built in %.0f s); %d runs, medians; fetch parallelism %d%n%n",
                    tip + 1, txs, buildS, runs, parallelism));
            md.append("| pipeline | seconds | blocks/s | tx/s | vs limit |\n| --- | ---: | ---: | ---: | ---: |\n");
            double limit = BitcoinBenchSupport.median(raw)[1];
            for (Map.Entry<String, double[]> e : table.entrySet()) {
                double[] v = e.getValue();
                md.append(String.format("| %s | %.2f | %.0f | %.0f | %.0f %% |%n", e.getKey(), v[0], v[1], v[2],
                        100 * v[1] / limit));
            }
            md.append(String.format("%nparse only, in memory, one thread: bitcoinj `Block.read` %.0f blocks/s (%.0f tx/s),"
                    + " `BlockReader.wrap` %.0f blocks/s (%.0f tx/s)%n", parse[0], parse[1], parse[2], parse[3]));
            System.out.println();
            System.out.print(md);
            Files.writeString(work.resolve("results.md"), md.toString());
        }
    }

    // ---------------------------------------------------------------- chain building

    private static void build(JsonRpcClient rpc, List<ECKey> keys, List<String> scripts, int rounds, int perRound,
                              List<String> sparse, JsonRpcClient wallet) throws Exception {
        int[] sparsePaid = {0};
        Runnable paySparse = () -> {
            if (sparse != null) {
                String script = sparse.get(sparsePaid[0]++ % sparse.size());
                wallet.call("sendtoaddress", address(rpc, script), new BigDecimal("0.01"));
            }
        };
        int miner = TRACKED_CHILDREN; // first untracked key takes the coinbases
        String minerAddress = address(rpc, scripts.get(miner));
        long start = call(rpc, "getblockcount").asLong();
        call(rpc, "generatetoaddress", 400, minerAddress);
        // mature coinbases of the miner key (the first 300 of its 400 blocks; the last 100 are immature)
        List<Utxo> coinbases = new ArrayList<>();
        for (long h = start + 1; h <= start + 300; h++) {
            JsonNode b = call(rpc, "getblock", call(rpc, "getblockhash", h).asText(), 2);
            JsonNode cb = b.path("tx").get(0);
            for (JsonNode o : cb.path("vout")) {
                if (o.path("scriptPubKey").path("hex").asText().equals(scripts.get(miner))) {
                    coinbases.add(new Utxo(cb.path("txid").asText(), o.path("n").asInt(), sats(o.path("value")), miner));
                }
            }
        }
        // fan out: perRound outputs, alternating tracked children and untracked keys
        int per = (perRound + coinbases.size() - 1) / coinbases.size();
        List<String> raw = new ArrayList<>();
        List<List<Utxo>> outs = new ArrayList<>();
        int k = 0;
        for (Utxo cb : coinbases) {
            List<Utxo> o = new ArrayList<>();
            long each = (cb.sats() - FEE * 10) / per;
            List<long[]> outputs = new ArrayList<>();
            for (int i = 0; i < per; i++) {
                int key = k % 2 == 0 ? (k / 2) % TRACKED_CHILDREN : TRACKED_CHILDREN + 1 + (k / 2) % (UNTRACKED_KEYS - 1);
                outputs.add(new long[]{key, each});
                o.add(new Utxo(null, i, each, key));
                k++;
            }
            raw.add(tx(List.of(cb), outputs, scripts));
            outs.add(o);
        }
        List<String> txids = signAndSend(rpc, raw, coinbases.stream().map(List::of).toList(), keys, scripts);
        List<Utxo> pool = new ArrayList<>();
        for (int i = 0; i < txids.size(); i++) {
            for (Utxo u : outs.get(i)) {
                pool.add(new Utxo(txids.get(i), u.vout(), u.sats(), u.key()));
            }
        }
        mineAll(rpc, minerAddress);
        System.out.printf("fan-out: %d UTXOs at #%d%n", pool.size(), call(rpc, "getblockcount").asLong());
        // rounds: every UTXO of the pool pays a tracked child (most of it) and an untracked key (dust)
        int counter = 0;
        for (int r = 0; r < rounds; r++) {
            long t = System.nanoTime();
            List<String> txs = new ArrayList<>(pool.size());
            List<List<Utxo>> ins = new ArrayList<>(pool.size());
            List<Utxo> next = new ArrayList<>(pool.size());
            List<Integer> nextKeys = new ArrayList<>();
            for (Utxo u : pool) {
                int child = counter % TRACKED_CHILDREN;
                int other = TRACKED_CHILDREN + 1 + counter % (UNTRACKED_KEYS - 1);
                counter++;
                txs.add(tx(List.of(u), List.of(new long[]{child, u.sats() - FEE - DUST}, new long[]{other, DUST}), scripts));
                ins.add(List.of(u));
                nextKeys.add(child);
            }
            // a few thousand at a time: block assembly slows down with a large mempool
            List<String> ids = new ArrayList<>();
            for (int from = 0; from < txs.size(); from += CHUNK) {
                int to = Math.min(txs.size(), from + CHUNK);
                ids.addAll(signAndSend(rpc, txs.subList(from, to), ins.subList(from, to), keys, scripts));
                paySparse.run();
                mineAll(rpc, minerAddress);
            }
            for (int i = 0; i < ids.size(); i++) {
                next.add(new Utxo(ids.get(i), 0, pool.get(i).sats() - FEE - DUST, nextKeys.get(i)));
            }
            System.out.printf("round %d: %d transactions signed, sent and mined to #%d in %.1f s%n", r + 1,
                    ids.size(), call(rpc, "getblockcount").asLong(), (System.nanoTime() - t) / 1e9);
            pool = next;
        }
        call(rpc, "generatetoaddress", 10, minerAddress);
    }

    /** A transaction (non-witness serialization, unsigned) spending {@code in} to {@code outputs (key, sats)}. */
    private static String tx(List<Utxo> in, List<long[]> outputs, List<String> scripts) {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        BitcoinBenchSupport.le(b, 2, 4);
        b.write(in.size());
        for (Utxo u : in) {
            byte[] id = HEX.parseHex(u.txid());
            for (int i = 31; i >= 0; i--) {
                b.write(id[i]);
            }
            BitcoinBenchSupport.le(b, u.vout(), 4);
            b.write(0);
            BitcoinBenchSupport.le(b, 0xffffffffL, 4);
        }
        BitcoinBenchSupport.varint(b, outputs.size());
        for (long[] o : outputs) {
            BitcoinBenchSupport.le(b, o[1], 8);
            byte[] s = HEX.parseHex(scripts.get((int) o[0]));
            b.write(s.length);
            b.writeBytes(s);
        }
        BitcoinBenchSupport.le(b, 0, 4);
        return HEX.formatHex(b.toByteArray());
    }

    private static List<String> signAndSend(JsonRpcClient rpc, List<String> raw, List<List<Utxo>> inputs,
                                            List<ECKey> keys, List<String> scripts) throws Exception {
        int batch = 500;
        List<String> txids = new ArrayList<>(raw.size());
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            List<Future<List<String>>> signed = new ArrayList<>();
            for (int from = 0; from < raw.size(); from += batch) {
                int f = from;
                int to = Math.min(raw.size(), from + batch);
                signed.add(pool.submit(() -> {
                    List<JsonRpcClient.Call> calls = new ArrayList<>();
                    for (int i = f; i < to; i++) {
                        List<String> wifs = new ArrayList<>();
                        List<Map<String, Object>> prev = new ArrayList<>();
                        for (Utxo u : inputs.get(i)) {
                            wifs.add(wif(keys.get(u.key())));
                            Map<String, Object> p = new LinkedHashMap<>();
                            p.put("txid", u.txid());
                            p.put("vout", u.vout());
                            p.put("scriptPubKey", scripts.get(u.key()));
                            p.put("amount", BigDecimal.valueOf(u.sats(), 8));
                            prev.add(p);
                        }
                        calls.add(new JsonRpcClient.Call("signrawtransactionwithkey", raw.get(i), wifs, prev));
                    }
                    List<String> hex = new ArrayList<>();
                    for (JsonNode r : rpc.batch(calls)) {
                        if (!r.path("complete").asBoolean()) {
                            throw new IllegalStateException("signing failed: " + r.path("errors"));
                        }
                        hex.add(r.path("hex").asText());
                    }
                    List<JsonRpcClient.Call> send = new ArrayList<>();
                    for (String h : hex) {
                        send.add(new JsonRpcClient.Call("sendrawtransaction", h));
                    }
                    List<String> ids = new ArrayList<>();
                    for (JsonNode r : rpc.batch(send)) {
                        ids.add(r.asText());
                    }
                    return ids;
                }));
            }
            for (Future<List<String>> f : signed) {
                txids.addAll(f.get());
            }
        } finally {
            pool.shutdownNow();
        }
        return txids;
    }

    /** Mines until the mempool is empty (about 20 transactions per block under -blockmaxweight=15300). */
    private static void mineAll(JsonRpcClient rpc, String address) {
        long size;
        while ((size = call(rpc, "getmempoolinfo").path("size").asLong()) > 0) {
            call(rpc, "generatetoaddress", Math.max(1, Math.min(200, size / 20)), address);
        }
    }

    /** One call, tried again after a transport failure (the JDK client sometimes drops a pooled connection). */
    private static JsonNode call(JsonRpcClient rpc, String method, Object... params) {
        for (int attempt = 1; ; attempt++) {
            try {
                return rpc.call(method, params);
            } catch (io.assay.chain.rpc.RpcException e) {
                if (attempt >= 3 || e.code() != 0 || e.httpStatus() != 0) {
                    throw e;
                }
            }
        }
    }

    /** Transactions in the chain up to the tip (including coinbases). */
    private static long countTxs(JsonRpcClient rpc, long tip) {
        return rpc.call("getchaintxstats", 1, rpc.call("getblockhash", tip).asText()).path("txcount").asLong();
    }

    // ---------------------------------------------------------------- measurements

    /** [with setup, without setup]: seconds, blocks/s, tx/s of Assay's backfill into a fresh store. */
    private static double[][] assayRate(Node node, Path dir, String descriptor, long tip, long txs,
                                        int parallelism) {
        ChainLimits limits = new ChainLimits(1, 16, parallelism, 0, Duration.ofSeconds(60), REORG_DEPTH,
                Duration.ofMillis(100), 0);
        ChainProfile chain = new ChainProfile("bitcoin", "bench", ChainFamily.BITCOIN, 0, "regtest",
                Finality.ofConfirmations(0), List.of(new Endpoint(node.url())), null, Duration.ofSeconds(1), 0, limits);
        AssetProfile asset = new AssetProfile("bench", "bench", "bench", "BENCH", 8,
                List.of(new ReserveSource("hd", "bitcoin", SourceKind.DESCRIPTOR, descriptor, null, 8, GAP_LIMIT)),
                List.of(), List.of(), new AssetPolicy(100, Duration.ofHours(1), BigDecimal.ONE, Duration.ofHours(1)));
        Profiles profiles = new Profiles(Map.of("bitcoin", chain), Map.of("bench", asset));
        long t0 = System.nanoTime();
        StoreOptions.Sync sync = StoreOptions.Sync.valueOf(System.getProperty("sync", "COMMIT"));
        try (Store store = Stores.open(dir, StoreOptions.defaults().withSync(sync))) {
            // the keyed-state map is created before the clock for the second figure (Chronicle Map: ~1 s)
            store.state("bitcoin", "indexer");
            BitcoinIndexer ix = BitcoinIndexer.create(chain, profiles, store, null);
            long t1 = System.nanoTime();
            long tBulk = 0;
            ix.start();
            while (ix.status().indexedHeight() < tip) {
                if (tBulk == 0 && ix.status().indexedHeight() >= tip - REORG_DEPTH) {
                    tBulk = System.nanoTime();
                }
                if (ix.status().haltReason() != null) {
                    throw new IllegalStateException("halted: " + ix.status().haltReason());
                }
                try {
                    Thread.sleep(5);
                } catch (InterruptedException e) {
                    throw new IllegalStateException(e);
                }
            }
            long t2 = System.nanoTime();
            ix.close();
            Point p = new Point();
            store.latest(store.find(SeriesNames.reserve("bench", "bitcoin", "hd")).orElseThrow(), p);
            long scanned = scan(node, ix.writer());
            if (p.value.lo() != scanned) {
                throw new IllegalStateException("indexed " + p.value.lo() + " sats, scantxoutset says " + scanned);
            }
            System.out.printf("  Assay: %d tracked UTXOs created, %d spent; balance %d sats equals scantxoutset%n",
                    ix.writer().utxosCreated(), ix.writer().utxosSpent(), scanned);
            double all = (t2 - t0) / 1e9;
            double bulk = ((tBulk == 0 ? t2 : tBulk) - t1) / 1e9;
            long bulkBlocks = tip - REORG_DEPTH + 1;
            return new double[][]{{all, (tip + 1) / all, txs / all},
                    {bulk, bulkBlocks / bulk, countTxs(node.rpc(), tip - REORG_DEPTH) / bulk}};
        }
    }

    private static long scan(Node node, io.assay.chain.bitcoin.BitcoinWriter w) {
        List<String> objects = new ArrayList<>();
        int watched = w.tracked().watched(0, 0);
        for (byte[] s : w.tracked().scripts()) {
            objects.add("raw(" + HEX.formatHex(s) + ")");
        }
        if (objects.size() != watched) {
            throw new IllegalStateException(objects.size() + " scripts, " + watched + " children");
        }
        return node.rpc().call("scantxoutset", "start", objects).path("total_amount").decimalValue()
                .movePointRight(8).longValueExact();
    }

    // ---------------------------------------------------------------- backends (issue 20)

    /**
     * Full scan vs compact filters for reserve sets of 10, 1,000 and 100,000 scripts (the sparse descriptor's gap
     * limit; its first children are paid now and then), against the raw fetch+parse limit and parse-only rates.
     */
    private static void backendsRun(Node node, Path work, String descriptor, long tip, long txs, double buildS,
                                    int runs, int parallelism) throws Exception {
        List<double[]> raw = new ArrayList<>();
        List<double[]> rawReader = new ArrayList<>();
        long bytes = 0;
        for (int r = 0; r < runs; r++) {
            BYTES.set(0);
            raw.add(BitcoinBenchSupport.rawRate(node.rpc(), node.restUrl(), tip, parallelism, 500, false, BYTES));
            bytes = BYTES.get();
            rawReader.add(BitcoinBenchSupport.rawRate(node.rpc(), node.restUrl(), tip, parallelism, 500, true, BYTES));
        }
        double mb = bytes / 1e6;
        double[] parse = parseOnly(node, tip);
        StringBuilder md = new StringBuilder();
        md.append(String.format("chain: %d blocks, %d transactions, %.1f MB (%.1f kB per block; built in %.0f s); %d runs,"
                + " medians; fetch parallelism %d%n%n", tip + 1, txs, mb, bytes / 1e3 / (tip + 1), buildS, runs,
                parallelism));
        BitcoinBenchSupport.appendLimitRows(md, raw, rawReader, mb, tip);
        for (String n : System.getProperty("sizes", "10,1000,100000").split(",")) {
            int size = Integer.parseInt(n.trim());
            Map<String, double[]> byMode = new LinkedHashMap<>();
            Map<String, Long> balances = new LinkedHashMap<>();
            for (String mode : List.of(ChainProfile.FULL, ChainProfile.FILTERS)) {
                List<double[]> rs = new ArrayList<>();
                for (int r = 0; r < runs; r++) {
                    double[] v = backendRate(node, work.resolve("store-" + mode + "-" + size + "-" + r), descriptor,
                            size, mode, tip, parallelism, balances);
                    rs.add(v);
                    System.out.printf("  %s, %d scripts: %.2f s, %d blocks read, %d skipped%n", mode, size, v[0],
                            (long) v[2], (long) v[3]);
                }
                byMode.put(mode, BitcoinBenchSupport.median(rs));
            }
            double full = byMode.get(ChainProfile.FULL)[0];
            for (Map.Entry<String, double[]> e : byMode.entrySet()) {
                double[] v = e.getValue();
                md.append(String.format("| Assay, backfill: %s | %,d | %.2f | %.0f | %.1f | %d | %.1fx |%n", e.getKey(),
                        size, v[0], v[1], mb / v[0], (long) v[2], full / v[0]));
            }
            md.append("\n");
        }
        md.append(String.format("%nparse only, in memory, one thread: bitcoinj `Block.read` %.0f blocks/s (%.0f tx/s),"
                + " `BlockReader.wrap` %.0f blocks/s (%.0f tx/s)%n", parse[0], parse[1], parse[2], parse[3]));
        System.out.println();
        System.out.print(md);
        Files.writeString(work.resolve("results-backends.md"), md.toString());
    }

    /**
     * One backfill of the whole chain with a reserve of {@code size} scripts: seconds (from start, after the store was
     * opened and the scripts derived), blocks/s, blocks read, blocks skipped. Balances of a size must agree across
     * modes, and with {@code scantxoutset} up to 1,000 scripts.
     */
    private static double[] backendRate(Node node, Path dir, String descriptor, int size, String mode, long tip,
                                        int parallelism, Map<String, Long> balances) {
        ChainLimits limits = new ChainLimits(1, 16, parallelism, 0, Duration.ofSeconds(60), REORG_DEPTH,
                Duration.ofMillis(100), 0);
        ChainProfile chain = new ChainProfile("bitcoin", "bench", ChainFamily.BITCOIN, 0, "regtest",
                Finality.ofConfirmations(0), List.of(new Endpoint(node.url())), null, Duration.ofSeconds(1), 0, limits,
                mode);
        AssetProfile asset = new AssetProfile("bench", "bench", "bench", "BENCH", 8,
                List.of(new ReserveSource("hd", "bitcoin", SourceKind.DESCRIPTOR, descriptor, null, 8, size)),
                List.of(), List.of(), new AssetPolicy(100, Duration.ofHours(1), BigDecimal.ONE, Duration.ofHours(1)));
        Profiles profiles = new Profiles(Map.of("bitcoin", chain), Map.of("bench", asset));
        StoreOptions.Sync sync = StoreOptions.Sync.valueOf(System.getProperty("sync", "COMMIT"));
        try (Store store = Stores.open(dir, StoreOptions.defaults().withSync(sync))) {
            store.state("bitcoin", "indexer");
            BitcoinIndexer ix = BitcoinIndexer.create(chain, profiles, store, null); // derives the window
            double s = BitcoinBenchSupport.indexToTip(ix, tip) / 1e9;
            long balance = BitcoinBenchSupport.agreedBalance(store, balances, size, mode);
            if (size <= 1000) {
                long scanned = scan(node, ix.writer());
                if (balance != scanned) {
                    throw new IllegalStateException("indexed " + balance + " sats, scantxoutset says " + scanned);
                }
            }
            if (balance == 0) {
                throw new IllegalStateException("the reserve holds nothing: the sparse payments were not made");
            }
            return new double[]{s, (tip + 1) / s, ix.reader().blocksFetched(), ix.reader().blocksSkipped()};
        }
    }

    /** blocks/s and tx/s of parsing every block in memory: bitcoinj, then BlockReader. */
    private static double[] parseOnly(Node node, long tip) throws Exception {
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        List<byte[]> blocks = new ArrayList<>();
        JsonRpcClient rpc = node.rpc();
        for (long from = 0; from <= tip; from += 1000) {
            List<JsonRpcClient.Call> calls = new ArrayList<>();
            for (long h = from; h <= Math.min(tip, from + 999); h++) {
                calls.add(new JsonRpcClient.Call("getblockhash", h));
            }
            for (JsonNode hash : rpc.batch(calls)) {
                blocks.add(BitcoinBenchSupport.get(http, node.restUrl() + "/block/" + hash.asText() + ".bin"));
            }
        }
        double[] out = new double[4];
        for (int pass = 0; pass < 3; pass++) { // the last pass counts (warm)
            long t = System.nanoTime();
            long n = 0;
            for (byte[] b : blocks) {
                n += Block.read(ByteBuffer.wrap(b)).getTransactions().size();
            }
            double s = (System.nanoTime() - t) / 1e9;
            out[0] = blocks.size() / s;
            out[1] = n / s;
            BlockReader r = new BlockReader();
            t = System.nanoTime();
            n = 0;
            for (byte[] b : blocks) {
                n += r.wrap(b).txCount();
            }
            s = (System.nanoTime() - t) / 1e9;
            out[2] = blocks.size() / s;
            out[3] = n / s;
        }
        return out;
    }

    // ---------------------------------------------------------------- helpers

    private static String address(JsonRpcClient rpc, String script) {
        String desc = "raw(" + script + ")";
        String checksum = rpc.call("getdescriptorinfo", desc).path("checksum").asText();
        return rpc.call("deriveaddresses", desc + "#" + checksum).get(0).asText();
    }

    private static long sats(JsonNode amount) {
        return amount.decimalValue().movePointRight(8).longValueExact();
    }

    private static String wif(ECKey k) {
        byte[] p = new byte[33];
        System.arraycopy(k.getPrivKeyBytes(), 0, p, 0, 32);
        p[32] = 1;
        return Base58.encodeChecked(0xef, p);
    }

    private static void print(String what, double[] v) {
        System.out.printf("  %-34s %7.2f s  %8.0f blocks/s  %9.0f tx/s%n", what, v[0], v[1], v[2]);
    }

}
