import io.assay.chain.ChainIndexer;
import io.assay.chain.ChainState;
import io.assay.chain.RetryPolicy;
import io.assay.chain.evm.EvmHex;
import io.assay.chain.evm.EvmIndexers;
import io.assay.chain.evm.EvmSegment;
import io.assay.chain.rpc.JsonRpcClient;
import io.assay.config.AssetPolicy;
import io.assay.config.AssetProfile;
import io.assay.config.ChainFamily;
import io.assay.config.ChainLimits;
import io.assay.config.ChainProfile;
import io.assay.config.Endpoint;
import io.assay.config.Finality;
import io.assay.config.Profiles;
import io.assay.config.SupplySource;
import io.assay.devnet.Devnet;
import io.assay.devnet.Erc20;
import io.assay.devnet.EvmNode;
import io.assay.store.Point;
import io.assay.store.SeriesKey;
import io.assay.store.Store;
import io.assay.store.Stores;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * EVM backfill benchmark (issue 4). On one local anvil chain holding {@code events} ERC-20 Transfer events:
 * <ol>
 *   <li>the raw {@code eth_getLogs} rate: the token's mint logs fetched with 4 requests in flight, bodies read
 *       and discarded (best of three range sizes per round) — the limit the node sets;</li>
 *   <li>Assay's backfill of the token's supply into a fresh store (production code path, default store
 *       options), events/s and blocks/s, final supply checked against {@code totalSupply()};</li>
 *   <li>ponder (bench/ponder) indexing the same token's supply: time until its supply row reaches the last
 *       block with a Transfer, and the final supply.</li>
 * </ol>
 * Raw and Assay alternate for {@code rounds} rounds; medians and per-round ratios are printed. Run with
 * {@code bench/evm/run.sh}.
 */
public final class EvmBackfillBench {
    private static final int PER_TX = 200;
    private static final int PARALLELISM = 4;

    public static void main(String[] args) throws Exception {
        int events = Integer.getInteger("events", 1_000_000);
        int rounds = Integer.getInteger("rounds", 5);
        boolean ponder = !Boolean.getBoolean("skipPonder");
        Locale.setDefault(Locale.ROOT);
        try (Devnet devnet = Devnet.start(EnumSet.of(Devnet.Node.ETHEREUM))) {
            EvmNode node = devnet.evm(1);
            Erc20 token = Erc20.deploy(node, EvmNode.DEV_ACCOUNT, "Bench", "BNC", 8);
            long t0 = System.nanoTime();
            long lastEventBlock = build(node, token, events);
            node.mine(70); // anvil's 'finalized' is head - 64: every Transfer is final for both indexers
            long head = node.blockNumber();
            BigInteger supply = token.totalSupply("latest");
            System.out.printf("chain: %,d Transfer events in blocks 1-%d (%d blocks in all), supply %s, built in %.0f s%n",
                    events, lastEventBlock, head + 1, supply, (System.nanoTime() - t0) / 1e9);

            raw(node.url(), token.address(), head, 100); // warm-up (JIT, connections)
            assay(node, token, head, supply);           // warm-up
            List<double[]> rows = new ArrayList<>();
            for (int r = 1; r <= rounds; r++) {
                double rawRate = 0;
                for (long span : new long[]{50, 100, 500}) {
                    rawRate = Math.max(rawRate, raw(node.url(), token.address(), head, span));
                }
                double[] a = assay(node, token, head, supply);
                rows.add(new double[]{rawRate, a[0], a[1], a[2]});
                System.out.printf("round %d: raw eth_getLogs %,.0f logs/s | Assay %.2f s = %,.0f events/s, %,.0f blocks/s"
                        + " | ratio %.2f%n", r, rawRate, a[0], a[1], a[2], a[1] / rawRate);
                System.out.flush();
            }
            double rawMed = median(rows, 0);
            double secMed = median(rows, 1);
            double evMed = median(rows, 2);
            double blkMed = median(rows, 3);
            List<Double> ratios = rows.stream().map(x -> x[2] / x[0]).sorted().toList();
            System.out.printf("%nmedian: raw %,.0f logs/s; Assay %.2f s, %,.0f events/s, %,.0f blocks/s; ratio (median of"
                    + " per-round ratios) %.2f%n", rawMed, secMed, evMed, blkMed, ratios.get(ratios.size() / 2));
            if (ponder) {
                PonderRun.Result p = PonderRun.run(Path.of("bench/ponder").toAbsolutePath(), node.url(), 1,
                        token.address(), lastEventBlock, Duration.ofHours(2));
                System.out.printf("ponder: %.1f s to index (process start to final supply row), supply %s at block %d;"
                        + " node %s; Assay median %.2f s: %.1fx faster%n", p.seconds(), p.supply(), p.block(), supply,
                        secMed, p.seconds() / secMed);
                if (!p.supply().equals(supply.toString())) {
                    throw new IllegalStateException("ponder's supply " + p.supply() + " differs from the node's " + supply);
                }
            }
        }
    }

    private static double median(List<double[]> rows, int col) {
        List<Double> v = new ArrayList<>();
        rows.forEach(r -> v.add(r[col]));
        Collections.sort(v);
        return v.get(v.size() / 2);
    }

    /** Mints {@code events} in blocks of {@value PER_TX}; recipients cycle over 10,000 addresses. Returns the last block. */
    static long build(EvmNode node, Erc20 token, int events) {
        JsonRpcClient rpc = node.rpc();
        node.setAutomine(false);
        try {
            long nonce = Long.decode(rpc.call("eth_getTransactionCount", EvmNode.DEV_ACCOUNT, "pending").asText());
            for (int i = 0; i < events / PER_TX; i++) {
                Map<String, Object> tx = new LinkedHashMap<>();
                tx.put("from", EvmNode.DEV_ACCOUNT);
                tx.put("to", token.address());
                tx.put("data", token.mintManyData(1 + i % 50, PER_TX, BigInteger.valueOf(3)));
                tx.put("gas", "0x" + Long.toHexString(30_000L * PER_TX + 100_000));
                tx.put("nonce", "0x" + Long.toHexString(nonce++));
                rpc.call("eth_sendTransaction", tx);
                rpc.call("evm_mine");
            }
        } finally {
            node.setAutomine(true);
        }
        if (!token.totalSupply("latest").equals(BigInteger.valueOf(3L * (events / PER_TX) * PER_TX))) {
            throw new IllegalStateException("a mint failed while building the chain");
        }
        return node.blockNumber();
    }

    /** Raw eth_getLogs rate (logs/s): ranges of {@code span} blocks, {@value PARALLELISM} in flight, bodies discarded. */
    static double raw(URI url, String token, long head, long span) throws Exception {
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        ExecutorService ex = Executors.newFixedThreadPool(PARALLELISM);
        try {
            long t0 = System.nanoTime();
            List<Future<Long>> fs = new ArrayList<>();
            for (long from = 0; from <= head; from += span) {
                long f = from;
                long to = Math.min(head, from + span - 1);
                fs.add(ex.submit(() -> {
                    String body = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"eth_getLogs\",\"params\":[{\"fromBlock\":\""
                            + EvmHex.hex(f) + "\",\"toBlock\":\"" + EvmHex.hex(to) + "\",\"address\":\"" + token
                            + "\",\"topics\":[\"" + EvmHex.TRANSFER_TOPIC + "\",\"" + EvmHex.ZERO_WORD + "\"]}]}";
                    byte[] b = http.send(HttpRequest.newBuilder(url).header("Content-Type", "application/json")
                            .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofByteArray()).body();
                    long n = 0;
                    for (int i = 0; i + 10 < b.length; i++) {
                        if (b[i] == '"' && b[i + 1] == 'l' && b[i + 2] == 'o' && b[i + 3] == 'g' && b[i + 4] == 'I') {
                            n++;
                        }
                    }
                    return n;
                }));
            }
            long logs = 0;
            for (Future<Long> f : fs) {
                logs += f.get();
            }
            double s = (System.nanoTime() - t0) / 1e9;
            return logs / s;
        } finally {
            ex.shutdown();
            http.close();
        }
    }

    /** One Assay backfill into a fresh store: {seconds, events/s, blocks/s}. */
    static double[] assay(EvmNode node, Erc20 token, long head, BigInteger supply) throws Exception {
        ChainLimits limits = new ChainLimits(10_000, 50, PARALLELISM, 0, Duration.ofSeconds(30), 64,
                Duration.ofMillis(20), 1000);
        ChainProfile chain = new ChainProfile("ethereum", "bench", ChainFamily.EVM, 1, null, Finality.ofTag("finalized"),
                List.of(new Endpoint(node.url())), null, Duration.ofSeconds(12), 0, limits);
        AssetProfile asset = new AssetProfile("bnc", "bench", "Bench", "BNC", 8, List.of(),
                List.of(new SupplySource("ethereum", token.address(), 8, 0)), List.of(),
                new AssetPolicy(100, Duration.ofMinutes(1), BigDecimal.ONE, Duration.ofMinutes(5)));
        Profiles profiles = new Profiles(Map.of("ethereum", chain), Map.of("bnc", asset));
        Path dir = Files.createTempDirectory("assay-bench-store");
        try (Store store = Stores.open(dir)) {
            ChainIndexer<EvmSegment> ix = EvmIndexers.create(profiles, chain, store, store.maxReorgDepth("ethereum"),
                    RetryPolicy.DEFAULT);
            long target = head - 64;
            long t0 = System.nanoTime();
            ix.start();
            while (ix.status().indexedHeight() < target) {
                if (ix.status().state() == ChainState.HALTED) {
                    throw new IllegalStateException("halted: " + ix.status().haltReason());
                }
                Thread.sleep(5); // sampling a background indexer's progress
            }
            double s = (System.nanoTime() - t0) / 1e9;
            long events = ix.status().events();
            ix.close();
            Point p = new Point();
            store.latest(store.find(new SeriesKey("bnc", "ethereum", "supply", "_total")).orElseThrow(), p);
            if (!p.valueAsBigInteger().equals(supply)) {
                throw new IllegalStateException("Assay's supply " + p.valueAsBigInteger() + " differs from the node's " + supply);
            }
            if (ix.status().reconcileMismatches() != 0) {
                throw new IllegalStateException("reconciliation mismatches: " + ix.status().alarms());
            }
            return new double[]{s, events / s, (target + 1) / s};
        } finally {
            try (var w = Files.walk(dir)) {
                for (Path f : w.sorted(java.util.Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(f);
                }
            }
        }
    }
}
