package io.assay;

import io.assay.devnet.Devnet;
import io.assay.devnet.DevnetDemo;
import io.assay.devnet.Erc20;
import io.assay.devnet.EvmNode;
import io.assay.devnet.Poll;
import io.assay.store.Checkpoint;
import io.assay.store.Point;
import io.assay.store.SeriesKey;
import io.assay.store.Store;
import io.assay.store.Stores;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.math.BigInteger;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * SIGTERM to the packaged jar while it indexes a devnet chain that keeps producing blocks (issue 9): the process
 * exits within 10 seconds, the indexer says where it stopped, and the store it leaves is at exactly that block:
 * checkpoint height = the logged height, the supply series holds the token's {@code totalSupply()} at that block
 * (not a partly applied later block), and {@code verify-store} passes.
 */
class GracefulShutdownIT {
    private static final Path PROJECT = Path.of(System.getProperty("devnet.project-dir", "."));
    private static final Path JAR = Path.of(System.getProperty("devnet.runner-jar",
            "target/assay-0.1.0-SNAPSHOT-runner.jar"));
    private static final Pattern STOPPED = Pattern.compile("ethereum: indexer stopped at #(\\d+) \\(STOPPED\\)");

    @TempDir
    Path tmp;

    @Test
    void sigtermWhileIndexingStopsAtABlockBoundaryWithinTenSeconds() throws Exception {
        try (Devnet devnet = Devnet.start(Set.of(Devnet.Node.ETHEREUM))) {
            EvmNode node = devnet.evm(1);
            Erc20 token = Erc20.deploy(node, EvmNode.DEV_ACCOUNT, "Wrapped BTC", "WBTC", 8);
            assertEquals(DevnetDemo.TOKEN, token.address(), "the devnet profile names this address");
            // history to backfill, so the indexer has work from the first second
            for (int i = 0; i < 30; i++) {
                token.mintMany(EvmNode.DEV_ACCOUNT, i, 20, BigInteger.valueOf(100_000_000L));
            }

            int port = AppProcess.freePort();
            Path data = tmp.resolve("data");
            Path log = tmp.resolve("app.log");
            String java = ProcessHandle.current().info().command().orElseThrow();
            List<String> cmd = new ArrayList<>(List.of(java, "-Dquarkus.http.port=" + port, "-Dassay.data-dir=" + data,
                    "-Dassay.profiles=" + PROJECT.resolve("chains/devnet/profiles"),
                    "-Dassay.chains.ethereum.endpoints=" + node.url(), "-jar", JAR.toString()));
            ProcessBuilder pb = new ProcessBuilder(cmd).directory(PROJECT.toFile()).redirectErrorStream(true)
                    .redirectOutput(log.toFile());
            pb.environment().put("ASSAY_ATTEST_KEY", PackagedAppIT.TEST_KEY);
            Process app = pb.start();

            // new blocks with mints keep arriving while the app runs, so SIGTERM finds the indexer at work
            AtomicBoolean mining = new AtomicBoolean(true);
            AtomicReference<Throwable> minerFailure = new AtomicReference<>();
            Thread miner = Thread.ofPlatform().name("test-miner").start(() -> {
                for (long seed = 1000; mining.get(); seed++) {
                    try {
                        token.mintMany(EvmNode.DEV_ACCOUNT, seed, 20, BigInteger.valueOf(100_000_000L));
                    } catch (RuntimeException e) {
                        minerFailure.set(e);
                        return;
                    }
                }
            });
            try {
                HttpClient http = HttpClient.newHttpClient();
                long started = node.blockNumber();
                // indexing and following: the indexed height has passed the history made before the start
                Poll.until(Duration.ofSeconds(120), "ethereum indexed past #" + started, () -> {
                    if (!app.isAlive()) {
                        throw new IllegalStateException("app exited: " + AppProcess.log(log));
                    }
                    return indexedHeight(http, port) > started;
                });
                long before = indexedHeight(http, port);

                long t0 = System.nanoTime();
                app.destroy(); // SIGTERM
                boolean exited = app.waitFor(10, TimeUnit.SECONDS);
                long millis = (System.nanoTime() - t0) / 1_000_000;
                assertTrue(exited, "exits within 10 s of SIGTERM; log:\n" + AppProcess.log(log));
                mining.set(false);
                miner.join(30_000);
                assertTrue(minerFailure.get() == null, () -> "miner failed: " + minerFailure.get());
                String out = AppProcess.log(log);
                Matcher m = STOPPED.matcher(out);
                assertTrue(m.find(), "the indexer logs where it stopped:\n" + out);
                long stoppedAt = Long.parseLong(m.group(1));
                assertTrue(stoppedAt >= before, "stopped at #" + stoppedAt + ", was at #" + before);
                assertTrue(node.blockNumber() > stoppedAt + 2, "the chain went on after the stop (the test interrupted work)");
                assertTrue(out.contains("assay stopped in"), out);
                assertFalse(out.contains("ERROR"), "no error on shutdown:\n" + out);
                System.out.printf("SIGTERM to exit: %d ms (exit code %d), stopped at #%d%n", millis, app.exitValue(), stoppedAt);

                Path storeDir = data.resolve("store");
                try (Store store = Stores.open(storeDir)) {
                    Checkpoint cp = store.checkpoint("ethereum").orElseThrow();
                    assertEquals(stoppedAt, cp.height(), "the checkpoint is the block the indexer logged");
                    int id = store.find(SeriesKey.parse("wbtc-demo/ethereum/supply/_total")).orElseThrow();
                    Point p = new Point();
                    assertTrue(store.latest(id, p));
                    assertTrue(p.height <= stoppedAt, "no point after the checkpoint");
                    BigInteger onChain = token.totalSupply("0x" + Long.toHexString(stoppedAt));
                    assertEquals(onChain, p.value.toBigInteger(),
                            "supply in the store = totalSupply() at the checkpoint block #" + stoppedAt);
                    assertTrue(onChain.signum() > 0);
                    assertEquals(cp.hashHex(), node.rpc().call("eth_getBlockByNumber", "0x" + Long.toHexString(stoppedAt), false)
                            .path("hash").asText().substring(2), "checkpoint hash is the chain's block hash");
                }
                Process verify = new ProcessBuilder(java, "-jar", JAR.toString(), "verify-store", storeDir.toString())
                        .redirectErrorStream(true).start();
                String report = new String(verify.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                assertTrue(verify.waitFor(60, TimeUnit.SECONDS));
                assertEquals(0, verify.exitValue(), report);
                assertTrue(report.contains("chain ethereum: committed at height " + stoppedAt), report);
            } finally {
                mining.set(false);
                if (app.isAlive()) {
                    app.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
                }
                miner.join(30_000);
            }
        }
    }

    private static long indexedHeight(HttpClient http, int port) {
        try {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                    + "/v1/chains/ethereum")).build(), HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() != 200) {
                return -1;
            }
            Matcher m = Pattern.compile("\"indexedHeight\"\\s*:\\s*(-?\\d+)").matcher(r.body());
            return m.find() ? Long.parseLong(m.group(1)) : -1;
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }

}
