import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs ponder (bench/ponder) against an anvil chain and measures the time until its historical indexing is
 * done ({@code /ready} answers 200), then reads the supply it computed ({@code /supply}).
 */
final class PonderRun {
    record Result(double seconds, String supply, long block) {
    }

    /**
     * @param lastBlock the block of the token's last Transfer: ponder is done when its supply row reached it
     */
    static Result run(Path ponderDir, URI rpc, long chainId, String token, long lastBlock, Duration limit) throws Exception {
        Path work = ponderDir.resolve(".ponder");
        deleteTree(work);
        deleteTree(ponderDir.resolve("generated"));
        int port = freePort();
        Path log = Files.createTempFile("ponder", ".log");
        ProcessBuilder pb = new ProcessBuilder(ponderDir.resolve("node_modules/.bin/ponder").toString(), "start",
                "--schema", "bench", "--port", Integer.toString(port), "--log-level", "warn")
                .directory(ponderDir.toFile())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile());
        pb.environment().put("PONDER_TELEMETRY_DISABLED", "true");
        pb.environment().put("BENCH_RPC_URL", rpc.toString());
        pb.environment().put("BENCH_CHAIN_ID", Long.toString(chainId));
        pb.environment().put("BENCH_TOKEN", token);
        pb.environment().put("DATABASE_URL", "");
        HttpClient http = HttpClient.newHttpClient();
        long t0 = System.nanoTime();
        Process p = pb.start();
        try {
            long deadline = t0 + limit.toNanos();
            while (true) {
                if (!p.isAlive()) {
                    throw new IllegalStateException("ponder exited with " + p.exitValue() + ":\n" + Files.readString(log));
                }
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("ponder not ready within " + limit + ":\n" + tail(log));
                }
                try {
                    HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/supply"))
                            .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
                    if (r.statusCode() == 200 && new com.fasterxml.jackson.databind.ObjectMapper().readTree(r.body())
                            .path("block").asLong(-1) >= lastBlock) {
                        break;
                    }
                } catch (IOException e) {
                    // not listening yet
                }
                Thread.sleep(100); // polling an external process: there is nothing to wait on
            }
            double seconds = (System.nanoTime() - t0) / 1e9;
            String body = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/supply")).build(),
                    HttpResponse.BodyHandlers.ofString()).body();
            var node = new com.fasterxml.jackson.databind.ObjectMapper().readTree(body);
            return new Result(seconds, node.path("value").asText(), node.path("block").asLong());
        } finally {
            p.destroy();
            if (!p.waitFor(10, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                p.waitFor(5, TimeUnit.SECONDS);
            }
            Files.deleteIfExists(log);
        }
    }

    private static String tail(Path log) throws IOException {
        List<String> lines = Files.readAllLines(log);
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    private static void deleteTree(Path p) throws IOException {
        if (!Files.exists(p)) {
            return;
        }
        try (var s = Files.walk(p)) {
            for (Path f : s.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(f);
            }
        }
    }
}
