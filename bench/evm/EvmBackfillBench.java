import com.fasterxml.jackson.databind.JsonNode;
import io.assay.chain.EndpointPool;
import io.assay.chain.RetryPolicy;
import io.assay.chain.evm.EvmChainReader;
import io.assay.chain.evm.EvmHex;
import io.assay.chain.evm.EvmRpc;
import io.assay.chain.evm.EvmSegment;
import io.assay.chain.evm.EvmTracking;
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

import java.math.BigDecimal;
import java.math.BigInteger;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/** Scratch: measures chain building, raw eth_getLogs and reader fetch rates on a local anvil chain. */
public final class EvmBackfillBench {
    public static void main(String[] args) throws Exception {
        int events = Integer.parseInt(System.getProperty("events", "1000000"));
        int perTx = Integer.parseInt(System.getProperty("perTx", "200"));
        int txsPerBlock = Integer.parseInt(System.getProperty("txsPerBlock", "1"));
        try (Devnet devnet = Devnet.start(EnumSet.of(Devnet.Node.ETHEREUM))) {
            EvmNode node = devnet.evm(1);
            Erc20 token = Erc20.deploy(node, EvmNode.DEV_ACCOUNT, "Bench", "BNC", 8);
            long t0 = System.nanoTime();
            build(node, token, events, perTx, txsPerBlock);
            if (Boolean.getBoolean("buildOnly")) {
                return;
            }
            if (Boolean.getBoolean("ponderOnly")) {
                long head = node.blockNumber();
                node.mine(70);
                PonderRun.Result pr = PonderRun.run(java.nio.file.Path.of("bench/ponder").toAbsolutePath(), node.url(), 1,
                        token.address(), head, Duration.ofMinutes(30));
                System.out.printf("ponder: %.2f s, supply %s at block %d (node: %s)%n", pr.seconds(), pr.supply(), pr.block(),
                        token.totalSupply("latest"));
                return;
            }
            long head = node.blockNumber();
            System.out.printf("built %d events in %d blocks in %.1f s%n", events, head, (System.nanoTime() - t0) / 1e9);
            if (Boolean.getBoolean("fetchCost")) {
                fetch(node.url(), token.address(), head, 2);
                for (int round = 0; round < 5; round++) {
                    raw(node.url(), token.address(), head, 50, 4, false);
                    System.setProperty("rpc.bytes", "false");
                    fetch(node.url(), token.address(), head, 4);
                    System.setProperty("rpc.bytes", "true");
                    fetch(node.url(), token.address(), head, 4);
                }
                return;
            }
            if (Boolean.getBoolean("toCost")) {
                for (int round = 0; round < 4; round++) {
                    for (String topics : new String[]{"\"" + EvmHex.ZERO_WORD + "\"", "null,\"" + EvmHex.ZERO_WORD + "\""}) {
                        long t1 = System.nanoTime();
                        long bytes = 0;
                        for (long f = 0; f <= head; f += 100) {
                            String body = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"eth_getLogs\",\"params\":[{\"fromBlock\":\""
                                    + EvmHex.hex(f) + "\",\"toBlock\":\"" + EvmHex.hex(Math.min(head, f + 99)) + "\",\"address\":\"" + token.address()
                                    + "\",\"topics\":[\"" + EvmHex.TRANSFER_TOPIC + "\"," + topics + "]}]}";
                            bytes += HttpClient.newHttpClient().send(HttpRequest.newBuilder(node.url()).header("Content-Type", "application/json")
                                    .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofByteArray()).body().length;
                        }
                        System.out.printf("sequential %s: %.2f s, %d bytes%n", topics.startsWith("null") ? "TO  " : "FROM", (System.nanoTime() - t1) / 1e9, bytes);
                    }
                }
                return;
            }
            if (Boolean.getBoolean("burnCost")) {
                raw(node.url(), token.address(), head, 100, 2);
                for (int round = 0; round < 3; round++) {
                    raw(node.url(), token.address(), head, 100, 4, false);
                    raw(node.url(), token.address(), head, 100, 4, true);
                }
                return;
            }
            raw(node.url(), token.address(), head, 200, 2); // warm-up
            fetch(node.url(), token.address(), head, 2); // warm-up
            for (int round = 0; round < 2; round++) {
                for (int p : new int[]{1, 2, 3, 4}) {
                    for (long span : new long[]{50, 200, 1000}) {
                        raw(node.url(), token.address(), head, span, p);
                    }
                }
                for (int p : new int[]{1, 2, 3, 4}) {
                    fetch(node.url(), token.address(), head, p);
                }
            }
        }
    }

    static void build(EvmNode node, Erc20 token, int events, int perTx, int txsPerBlock) {
        JsonRpcClient rpc = node.rpc();
        node.setAutomine(false);
        long nonce = Long.decode(rpc.call("eth_getTransactionCount", EvmNode.DEV_ACCOUNT, "pending").asText());
        int txs = events / perTx;
        long seed = 1;
        long sendNanos = 0;
        long mineNanos = 0;
        for (int i = 0; i < txs; i += txsPerBlock) {
            List<JsonRpcClient.Call> calls = new ArrayList<>();
            for (int k = 0; k < txsPerBlock && i + k < txs; k++) {
                Map<String, Object> tx = new LinkedHashMap<>();
                tx.put("from", EvmNode.DEV_ACCOUNT);
                tx.put("to", token.address());
                tx.put("data", token.mintManyData(1 + (seed++ % Long.getLong("seeds", 1_000_000_000L)), perTx, BigInteger.valueOf(3)));
                tx.put("gas", "0x" + Long.toHexString(30_000L * perTx + 100_000));
                tx.put("nonce", "0x" + Long.toHexString(nonce++));
                calls.add(new JsonRpcClient.Call("eth_sendTransaction", tx));
            }
            long a = System.nanoTime();
            rpc.batch(calls);
            long b = System.nanoTime();
            rpc.call("evm_mine");
            long c = System.nanoTime();
            sendNanos += b - a;
            mineNanos += c - b;
            if (i % 1000 == 0) {
                System.out.printf("block %d: send %.1f ms, mine %.1f ms%n", i, (b - a) / 1e6, (c - b) / 1e6);
            }
        }
        System.out.printf("send total %.1f s, mine total %.1f s%n", sendNanos / 1e9, mineNanos / 1e9);
        node.setAutomine(true);
        BigInteger supply = token.totalSupply("latest");
        if (!supply.equals(BigInteger.valueOf(3L * events))) {
            throw new IllegalStateException("supply " + supply + " after building");
        }
    }

    static void raw(URI url, String token, long head, long span, int parallel) throws Exception {
        raw(url, token, head, span, parallel, false);
    }

    static void raw(URI url, String token, long head, long span, int parallel, boolean withBurns) throws Exception {
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        ExecutorService ex = Executors.newFixedThreadPool(parallel);
        long t0 = System.nanoTime();
        List<Future<long[]>> fs = new ArrayList<>();
        for (long from = 0; from <= head; from += span) {
            long f = from;
            long to = Math.min(head, from + span - 1);
            fs.add(ex.submit(() -> {
                String body = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"eth_getLogs\",\"params\":[{\"fromBlock\":\""
                        + EvmHex.hex(f) + "\",\"toBlock\":\"" + EvmHex.hex(to) + "\",\"address\":\"" + token
                        + "\",\"topics\":[\"" + EvmHex.TRANSFER_TOPIC + "\",\"" + EvmHex.ZERO_WORD + "\"]}]}";
                HttpResponse<byte[]> r = http.send(HttpRequest.newBuilder(url).header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofByteArray());
                byte[] b = r.body();
                long n = 0;
                for (int i = 0; i + 9 < b.length; i++) {
                    if (b[i] == 'l' && b[i + 1] == 'o' && b[i + 2] == 'g' && b[i + 3] == 'I' && b[i + 8] == '"') {
                        n++;
                    }
                }
                if (withBurns) {
                    String burns = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"eth_getLogs\",\"params\":[{\"fromBlock\":\""
                            + EvmHex.hex(f) + "\",\"toBlock\":\"" + EvmHex.hex(to) + "\",\"address\":\"" + token
                            + "\",\"topics\":[\"" + EvmHex.TRANSFER_TOPIC + "\",null,\"" + EvmHex.ZERO_WORD + "\"]}]}";
                    http.send(HttpRequest.newBuilder(url).header("Content-Type", "application/json")
                            .POST(HttpRequest.BodyPublishers.ofString(burns)).build(), HttpResponse.BodyHandlers.ofByteArray());
                }
                return new long[]{n, b.length};
            }));
        }
        long logs = 0;
        long bytes = 0;
        for (Future<long[]> f : fs) {
            long[] r = f.get();
            logs += r[0];
            bytes += r[1];
        }
        double s = (System.nanoTime() - t0) / 1e9;
        ex.shutdown();
        System.out.printf("raw%s span=%d parallel=%d: %d logs %.0f MB in %.2f s = %.0f logs/s, %.0f blocks/s%n", withBurns ? "+burns" : "", span,
                parallel, logs, bytes / 1e6, s, logs / s, (head + 1) / s);
    }

    static void fetch(URI url, String token, long head, int parallel) throws Exception {
        ChainLimits limits = new ChainLimits(10_000, 50, parallel, 0, Duration.ofSeconds(60), 64, Duration.ofSeconds(1), 0);
        ChainProfile chain = new ChainProfile("ethereum", "bench", ChainFamily.EVM, 1, null, Finality.ofConfirmations(0),
                List.of(new Endpoint(url)), null, Duration.ofSeconds(1), 0, limits);
        AssetProfile a = new AssetProfile("bnc", "bench", "Bench", "BNC", 8, List.of(),
                List.of(new SupplySource("ethereum", token, 8, 0)), List.of(),
                new AssetPolicy(100, Duration.ofMinutes(1), BigDecimal.ONE, Duration.ofMinutes(5)));
        Profiles profiles = new Profiles(Map.of("ethereum", chain), Map.of("bnc", a));
        EvmTracking t = EvmTracking.of(profiles, chain);
        EndpointPool pool = EndpointPool.of(chain, RetryPolicy.DEFAULT);
        EvmChainReader r = new EvmChainReader(chain, t, new EvmRpc(pool, 50));
        r.prepare();
        ExecutorService ex = Executors.newFixedThreadPool(parallel);
        long t0 = System.nanoTime();
        List<Future<EvmSegment>> fs = new ArrayList<>();
        long next = 0;
        long events = 0;
        while (next <= head || !fs.isEmpty()) {
            while (fs.size() < parallel && next <= head) {
                long f = next;
                long to = Math.min(head, next + r.span() - 1);
                fs.add(ex.submit(() -> r.fetch(f, to, false)));
                next = to + 1;
            }
            events += fs.remove(0).get().events();
        }
        double s = (System.nanoTime() - t0) / 1e9;
        ex.shutdown();
        System.out.printf("reader fetch parallel=%d: %d events in %.2f s = %.0f events/s, %.0f blocks/s (span now %d)%n",
                parallel, events, s, events / s, (head + 1) / s, r.span());
    }
}
