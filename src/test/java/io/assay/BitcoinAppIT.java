package io.assay;

import io.assay.descriptor.Descriptor;
import io.assay.devnet.BitcoinNode;
import io.assay.devnet.Devnet;
import io.assay.devnet.Poll;
import io.assay.store.Point;
import io.assay.store.SeriesNames;
import io.assay.store.Store;
import io.assay.store.Stores;
import org.bitcoinj.base.BitcoinNetwork;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The packaged jar indexes a Bitcoin chain as an operator would run it: profiles in a folder, the endpoint (with
 * credentials) in {@code ASSAY_CHAINS_BITCOIN_ENDPOINTS}, metrics at {@code /q/metrics}; SIGTERM stops the indexer at
 * a block boundary, the store holds the node's balance, and a second start resumes from the checkpoint.
 */
class BitcoinAppIT {
    private static final Path PROJECT = Path.of(System.getProperty("devnet.project-dir", "."));
    private static final Path JAR = Path.of(System.getProperty("devnet.runner-jar",
            "target/assay-0.1.0-SNAPSHOT-runner.jar"));
    private static final String SCRIPT = HexFormat.of().formatHex(Descriptor.parse(
            "wpkh(02c6047f9441ed7d6d3045406e95c07cd85c778e4b8cef3ca7abac09b95c709ee5)", BitcoinNetwork.REGTEST).scriptAt(0));

    @TempDir
    Path tmp;

    @Test
    void jarIndexesARegtestNodeAndResumesAfterSigterm() throws Exception {
        Path profiles = tmp.resolve("profiles");
        Files.createDirectories(profiles.resolve("assets"));
        Files.writeString(profiles.resolve("bitcoin.yaml"), String.join("\n",
                "name: bitcoin", "family: bitcoin", "network: regtest", "finality:", "  confirmations: 1",
                "endpoints: []", "blockTime: 1s", "limits:", "  maxReorgDepth: 20", "  pollInterval: 100ms",
                "  reconcileEvery: 1", ""));
        Files.writeString(profiles.resolve("ethereum.yaml"), String.join("\n",
                "name: ethereum", "family: evm", "chainId: 1", "finality:", "  tag: finalized", "endpoints: []", ""));
        Files.writeString(profiles.resolve("assets/res.yaml"), String.join("\n",
                "id: res", "decimals: 8", "reserves:", "  - id: cold", "    chain: bitcoin", "    script: \"" + SCRIPT + "\"",
                "supply:", "  - chain: ethereum", "    token: \"0x5FbDB2315678afecb367f032d93F642f64180aa3\"",
                "    decimals: 8", "policy:", "  heartbeat: 1h", ""));
        try (Devnet d = Devnet.start(EnumSet.of(Devnet.Node.BITCOIN))) {
            BitcoinNode node = d.bitcoin();
            node.payToScript(SCRIPT, 123_000_000L);
            node.generate(2);
            long fin = node.height() - 1;
            int port = AppProcess.freePort();
            Path log = tmp.resolve("app.log");
            Process app = launch(node, profiles, port, log);
            try {
                String metrics = Poll.value(Duration.ofSeconds(90), "indexed height " + fin + " in /q/metrics", () -> {
                    if (!app.isAlive()) {
                        throw new IllegalStateException("app exited: " + AppProcess.log(log));
                    }
                    String m = get(port, "/q/metrics");
                    return m != null && gauge(m, "assay_chain_indexed_height{chain=\"bitcoin\"}") == fin ? m : null;
                });
                assertTrue(gauge(metrics, "assay_bitcoin_blocks_fetched_total{chain=\"bitcoin\",via=\"rest\"}") >= fin,
                        metrics);
                Poll.until(Duration.ofSeconds(60), "a reconciliation", () -> {
                    String m = get(port, "/q/metrics");
                    return m != null && gauge(m, "assay_bitcoin_reconciliations_total{chain=\"bitcoin\",result=\"completed\"}") >= 1;
                });
                assertEquals(0, gauge(get(port, "/q/metrics"), "assay_reconcile_mismatch{chain=\"bitcoin\"}"));
            } finally {
                app.destroy();
                assertTrue(app.waitFor(30, TimeUnit.SECONDS), "stops on SIGTERM");
            }
            String out = AppProcess.log(log);
            assertTrue(out.contains("bitcoin: indexer stopped at #" + fin), out);
            assertTrue(!out.contains(node.url().getUserInfo().split(":")[1]), "the RPC password is never logged");
            try (Store s = Stores.open(tmp.resolve("data/store"))) {
                Point p = new Point();
                assertTrue(s.latest(s.find(SeriesNames.reserve("res", "bitcoin", "cold")).orElseThrow(), p));
                assertEquals(123_000_000L, p.value.lo());
                assertEquals(fin, s.checkpoint("bitcoin").orElseThrow().height());
            }

            node.generate(1);
            Path log2 = tmp.resolve("app2.log");
            Process again = launch(node, profiles, port, log2);
            try {
                Poll.until(Duration.ofSeconds(90), "indexed height " + (fin + 1), () -> {
                    String m = get(port, "/q/metrics");
                    return m != null && gauge(m, "assay_chain_indexed_height{chain=\"bitcoin\"}") == fin + 1;
                });
                assertTrue(AppProcess.log(log2).contains("bitcoin: indexing from #" + (fin + 1) + " (checkpoint)"), AppProcess.log(log2));
            } finally {
                again.destroy();
                assertTrue(again.waitFor(30, TimeUnit.SECONDS), "stops on SIGTERM");
            }
        }
    }

    private Process launch(BitcoinNode node, Path profiles, int port, Path log) throws IOException {
        List<String> cmd = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElseThrow(),
                "-Dassay.profiles=" + profiles, "-Dassay.data-dir=" + tmp.resolve("data"), "-Dassay.attest.allow-unsigned=true",
                "-Dquarkus.http.port=" + port, "-jar", JAR.toString()));
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(PROJECT.toFile()).redirectErrorStream(true)
                .redirectOutput(log.toFile());
        pb.environment().put("ASSAY_CHAINS_BITCOIN_ENDPOINTS", node.url().toString());
        return pb.start();
    }

    private static long gauge(String metrics, String name) {
        Matcher m = Pattern.compile("(?m)^" + Pattern.quote(name) + " ([0-9.E+-]+)$").matcher(metrics);
        return m.find() ? (long) Double.parseDouble(m.group(1)) : Long.MIN_VALUE;
    }

    private static String get(int port, String path) {
        try {
            HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + port + path)).build(), HttpResponse.BodyHandlers.ofString());
            return r.statusCode() == 200 ? r.body() : null;
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

}
