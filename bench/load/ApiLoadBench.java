import io.assay.devnet.DemoScenario;
import io.assay.devnet.Devnet;
import io.assay.devnet.DevnetDemo;
import io.assay.devnet.Poll;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * API load benchmark (issue 6). Starts the devnet, deploys the demo asset and plays the whole demo scenario
 * (every series of the asset has history; all chains indexed and fresh, so snapshot answers OK and mint-check
 * takes its full "allowed" path), starts the packaged uber-jar on it as an operator would ({@code java -jar},
 * production profile, a test signing key), then in one run:
 * <ol>
 *   <li>maximum throughput per endpoint with {@code wrk} (closed loop), endpoints interleaved, several rounds;</li>
 *   <li>latency at half of each endpoint's median maximum with an open-loop driver of its own ({@link OpenLoop}:
 *       requests scheduled at a constant rate, latency measured from the scheduled send time, so a stall counts
 *       for every request it delays; Debian's wrk 4 has no {@code -R});</li>
 *   <li>malformed requests under load ({@code malformed.lua}), answers counted by status.</li>
 * </ol>
 * System properties: {@code duration} (s per wrk run, 15), {@code rounds} (3), {@code connections} (wrk, 32),
 * {@code wrkThreads} (2), {@code openDuration} (s, 20), {@code openConnections} (16), {@code jar}; for profiling,
 * {@code only} (endpoints to load: ping, snapshot, mint-check; stops after the throughput runs) and
 * {@code appJavaOpts} (extra JVM options of the app, e.g. {@code -XX:StartFlightRecording=filename=/tmp/a.jfr});
 * {@code launcherJavaOpts}: the app's JVM options as the {@code ./assay} launcher gives them (run.sh passes the pom's
 * {@code app.jvm.flags}; set it to compare collectors, e.g. {@code -DlauncherJavaOpts=-XX:+UseG1GC}).
 */
public final class ApiLoadBench {
    static final String TEST_KEY = "8b3a350cf5c34c9194ca85829a2df0ec3153be0318b5e2d3348e872092edffba"; // test-only key
    static final String ASSET = "wbtc-demo";

    public static void main(String[] args) throws Exception {
        Path project = Path.of(System.getProperty("devnet.project-dir", ".")).toAbsolutePath();
        Path jar = project.resolve(System.getProperty("jar", "target/assay-0.1.0-SNAPSHOT-runner.jar"));
        int duration = Integer.getInteger("duration", 15);
        int rounds = Integer.getInteger("rounds", 3);
        int connections = Integer.getInteger("connections", 32);
        int wrkThreads = Integer.getInteger("wrkThreads", 2);
        int openDuration = Integer.getInteger("openDuration", 20);
        int openConnections = Integer.getInteger("openConnections", 16);
        Path work = Files.createTempDirectory("assay-load-");

        try (Devnet devnet = Devnet.start()) {
            DevnetDemo demo = DevnetDemo.deploy(devnet);
            new DemoScenario(devnet, demo).play(() -> { });
            // like real chains, the nodes make a block a second: the asset's cut (every "now" answer) keeps moving
            try (io.assay.devnet.BlockProducer blocks = io.assay.devnet.BlockProducer.start(devnet, java.time.Duration.ofSeconds(1))) {
            int port = freePort();
            List<String> cmd = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElseThrow()));
            String opts = System.getProperty("launcherJavaOpts", "") + " " + System.getProperty("appJavaOpts", "");
            System.out.println("# app JVM options: " + opts.trim());
            for (String o : opts.split(" ")) {
                if (!o.isBlank()) {
                    cmd.add(o); // e.g. a JFR recording for profiling
                }
            }
            cmd.add("-Dquarkus.http.port=" + port);
            cmd.add("-Dassay.data-dir=" + work.resolve("data"));
            cmd.add("-Dassay.profiles=" + project.resolve("chains/devnet/profiles"));
            devnet.configOverrides().forEach((k, v) -> cmd.add("-D" + k + "=" + v));
            cmd.addAll(List.of("-jar", jar.toString()));
            Path log = work.resolve("app.log");
            ProcessBuilder pb = new ProcessBuilder(cmd).directory(project.toFile()).redirectErrorStream(true)
                    .redirectOutput(log.toFile());
            pb.environment().put("ASSAY_ATTEST_KEY", TEST_KEY);
            Process app = pb.start();
            try {
                run(app, log, port, duration, rounds, connections, wrkThreads, openDuration, openConnections);
            } finally {
                app.destroy();
                if (!app.waitFor(20, TimeUnit.SECONDS)) {
                    app.destroyForcibly().waitFor();
                }
                System.out.println("# app log: " + log);
            }
            }
        }
    }

    static void run(Process app, Path log, int port, int duration, int rounds, int connections, int wrkThreads,
                    int openDuration, int openConnections) throws Exception {
        String base = "http://127.0.0.1:" + port;
        Map<String, String> endpoints = new LinkedHashMap<>();
        endpoints.put("ping", "/v1/ping");
        endpoints.put("snapshot", "/v1/assets/" + ASSET + "/snapshot");
        endpoints.put("mint-check", "/v1/assets/" + ASSET + "/mint-check?amount=100000000");
        HttpClient http = HttpClient.newHttpClient();
        // ready = indexed and fresh everywhere; then the answers the benchmark hammers must be the healthy ones
        Poll.until(Duration.ofMinutes(3), "asset " + ASSET + " healthy", () -> {
            if (!app.isAlive()) {
                throw new IllegalStateException("app exited: " + read(log));
            }
            String s = get(http, base + endpoints.get("snapshot"));
            String m = get(http, base + endpoints.get("mint-check"));
            return s != null && s.contains("\"status\":\"OK\"") && m != null && m.contains("\"allowed\":true");
        });
        System.out.println("# snapshot body: " + get(http, base + endpoints.get("snapshot")));
        System.out.println("# mint-check body: " + get(http, base + endpoints.get("mint-check")));
        String only = System.getProperty("only");
        if (only != null) { // profiling one endpoint
            endpoints.keySet().retainAll(List.of(only.split(",")));
        }
        System.out.printf("# %s, %d cores, load %s%n", java.time.Instant.now(), Runtime.getRuntime().availableProcessors(), load());

        // warm-up: every endpoint, JIT and pools
        for (String path : endpoints.values()) {
            wrk(wrkThreads, connections, 5, base + path, null);
        }

        Map<String, List<Double>> max = new LinkedHashMap<>();
        Map<String, List<Double>> cpu = new LinkedHashMap<>();
        endpoints.keySet().forEach(k -> max.put(k, new ArrayList<>()));
        endpoints.keySet().forEach(k -> cpu.put(k, new ArrayList<>()));
        System.out.println("## maximum throughput (wrk -t" + wrkThreads + " -c" + connections + " -d" + duration + "s)");
        for (int r = 1; r <= rounds; r++) {
            for (var e : endpoints.entrySet()) {
                String before = load();
                long cpu0 = cpuMicros(app.pid());
                WrkResult w = wrk(wrkThreads, connections, duration, base + e.getValue(), null);
                double us = (cpuMicros(app.pid()) - cpu0) / (double) w.requests;
                cpu.get(e.getKey()).add(us);
                if (w.non2xx != 0) {
                    throw new IllegalStateException(e.getKey() + ": " + w.non2xx + " non-2xx answers");
                }
                max.get(e.getKey()).add(w.rps);
                System.out.printf(Locale.ROOT, "round %d %-10s %10.0f req/s  app CPU %6.1f us/req  p50 %s p99 %s  load %s -> %s%n",
                        r, e.getKey(), w.rps, us, w.p50, w.p99, before, load());
            }
        }
        if (System.getProperty("only") != null || !max.containsKey("ping")) {
            return;
        }
        double pingMax = median(max.get("ping"));
        System.out.println("## median maximum throughput");
        for (var e : max.entrySet()) {
            double m = median(e.getValue());
            double c = median(cpu.get(e.getKey()));
            System.out.printf(Locale.ROOT, "%-10s %10.0f req/s  ratio to ping %.2f  (rounds %s)  app CPU %.1f us/req, ping/this %.2f%n",
                    e.getKey(), m, m / pingMax, e.getValue().stream().map(d -> String.format(Locale.ROOT, "%.0f", d)).toList(),
                    c, median(cpu.get("ping")) / c);
        }
        // per-round ratios too: the machine is shared, neighbouring runs are the fairest comparison
        for (String k : List.of("snapshot", "mint-check")) {
            List<Double> ratios = new ArrayList<>();
            for (int r = 0; r < rounds; r++) {
                ratios.add(max.get(k).get(r) / max.get("ping").get(r));
            }
            System.out.printf(Locale.ROOT, "%-10s per-round ratio to ping %s, median %.2f%n", k,
                    ratios.stream().map(d -> String.format(Locale.ROOT, "%.2f", d)).toList(), median(ratios));
        }

        System.out.println("## latency at half the maximum (open loop, " + openConnections + " connections, "
                + openDuration + " s after 3 s warm-up; ms from scheduled send)");
        for (var e : endpoints.entrySet()) {
            double rate = median(max.get(e.getKey())) / 2;
            String before = load();
            OpenLoop.Result o = OpenLoop.run("127.0.0.1", port, e.getValue(), rate, openConnections, 3, openDuration);
            System.out.printf(Locale.ROOT, "%-10s rate %7.0f/s sent %7d  p50 %6.2f  p90 %6.2f  p99 %6.2f  p99.9 %6.2f  max %7.2f"
                            + "  non-200 %d  load %s -> %s%n", e.getKey(), rate, o.count(), o.p(0.50), o.p(0.90), o.p(0.99),
                    o.p(0.999), o.p(1.0), o.non200(), before, load());
        }

        System.out.println("## malformed requests under load (wrk -s bench/load/malformed.lua)");
        for (String line : malformedOnce(http, base)) {
            System.out.println("  " + line);
        }
        String before = load();
        WrkResult bad = wrk(wrkThreads, connections, duration, base, "bench/load/malformed.lua");
        System.out.printf(Locale.ROOT, "malformed  %10.0f req/s  load %s -> %s%n%s", bad.rps, before, load(), bad.statusLines);
        if (bad.statusLines.contains("status 5")) {
            throw new IllegalStateException("5xx under load:\n" + bad.statusLines);
        }
        if (!app.isAlive()) {
            throw new IllegalStateException("app died: " + read(log));
        }
    }

    /** Each malformed request once, with its status and the start of the problem's detail. */
    static List<String> malformedOnce(HttpClient http, String base) throws Exception {
        Path lua = Path.of("bench/load/malformed.lua");
        Pattern spec = Pattern.compile("\\{ \"(GET|POST)\", (a \\.\\. )?\"([^\"]*)\"(?: \\.\\. string\\.rep\\(\"9\", 200\\))?(?:, (json|\\{[^}]*\\}), \"((?:[^\"\\\\]|\\\\.)*)\")? \\},");
        List<String> out = new ArrayList<>();
        for (String line : Files.readAllLines(lua)) {
            Matcher m = spec.matcher(line.trim());
            if (!m.matches()) {
                continue;
            }
            String path = (m.group(2) != null ? "/v1/assets/" + ASSET : "") + m.group(3)
                    + (line.contains("string.rep") ? "9".repeat(200) : "");
            HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path.replace("%ff%fe%00", "%FF%FE%00")));
            if (m.group(1).equals("POST")) {
                String type = "json".equals(m.group(4)) ? "application/json" : "text/plain";
                b.header("Content-Type", type).POST(HttpRequest.BodyPublishers.ofString(m.group(5).replace("\\\"", "\"")));
            }
            HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
            String body = r.body().replaceAll("\\s+", " ");
            out.add(r.statusCode() + " " + m.group(1) + " " + abbreviate(path, 70) + "  " + abbreviate(body, 110));
            if (r.statusCode() >= 500 || r.statusCode() < 400) {
                throw new IllegalStateException("expected a 4xx for " + path + ", got " + r.statusCode() + ": " + body);
            }
        }
        if (out.size() < 25) {
            throw new IllegalStateException("read only " + out.size() + " requests from " + lua);
        }
        return out;
    }

    record WrkResult(double rps, long requests, String p50, String p99, long non2xx, String statusLines) {
    }

    /** CPU time (user + system) the process has used so far, in microseconds (Linux /proc). */
    static long cpuMicros(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return (Long.parseLong(f[11]) + Long.parseLong(f[12])) * 10_000L; // clock ticks of 10 ms (USER_HZ 100)
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    static WrkResult wrk(int threads, int connections, int seconds, String url, String script) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("wrk", "-t" + threads, "-c" + connections, "-d" + seconds + "s", "--latency"));
        if (script != null) {
            cmd.addAll(List.of("-s", script));
        }
        cmd.add(url);
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (p.waitFor() != 0) {
            throw new IllegalStateException(String.join(" ", cmd) + " failed:\n" + out);
        }
        double rps = Double.parseDouble(find(out, "Requests/sec:\\s+([0-9.]+)"));
        String non = find(out, "Non-2xx or 3xx responses:\\s+([0-9]+)");
        StringBuilder statuses = new StringBuilder();
        for (String line : out.split("\n")) {
            if (line.startsWith("status ")) {
                statuses.append("  ").append(line).append('\n');
            }
            if (line.contains("Socket errors")) {
                statuses.append("  ").append(line.trim()).append('\n');
            }
        }
        return new WrkResult(rps, Long.parseLong(find(out, "(\\d+) requests in")), find(out, "\\s50%\\s+(\\S+)"), find(out, "\\s99%\\s+(\\S+)"),
                non == null ? 0 : Long.parseLong(non), statuses.toString());
    }

    static String find(String s, String regex) {
        Matcher m = Pattern.compile(regex).matcher(s);
        return m.find() ? m.group(1) : null;
    }

    static double median(List<Double> xs) {
        double[] a = xs.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        return a.length % 2 == 1 ? a[a.length / 2] : (a[a.length / 2 - 1] + a[a.length / 2]) / 2;
    }

    static String load() {
        try {
            String[] f = Files.readString(Path.of("/proc/loadavg")).split(" ");
            return f[0] + " " + f[1] + " " + f[2];
        } catch (IOException e) {
            return "?";
        }
    }

    static String get(HttpClient http, String url) {
        try {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString());
            return r.statusCode() == 200 ? r.body() : null;
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }

    static String abbreviate(String s, int n) {
        return s.length() <= n ? s : s.substring(0, n) + "…";
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    static String read(Path p) {
        try {
            return Files.readString(p);
        } catch (IOException e) {
            return "(unreadable: " + e + ")";
        }
    }

    /**
     * Open-loop HTTP/1.1 load at a constant rate over keep-alive connections, one thread per connection.
     * Connection i sends request j at {@code t0 + (i + j * n) / rate}; when a connection falls behind it sends at
     * once, and every latency is measured from the scheduled time (the coordinated-omission correction wrk2 makes).
     * Answers are read whole (Content-Length or chunked).
     */
    static final class OpenLoop {
        record Result(long[] sortedNanos, long non200) {
            long count() {
                return sortedNanos.length;
            }

            double p(double q) {
                if (sortedNanos.length == 0) {
                    return Double.NaN;
                }
                int i = (int) Math.min(sortedNanos.length - 1, Math.ceil(q * sortedNanos.length) - 1);
                return sortedNanos[Math.max(0, i)] / 1e6;
            }
        }

        static Result run(String host, int port, String path, double rate, int n, int warmupSeconds, int seconds)
                throws Exception {
            byte[] request = ("GET " + path + " HTTP/1.1\r\nHost: " + host + ":" + port + "\r\nAccept: application/json\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII);
            long intervalNanos = (long) (1e9 / rate);
            long t0 = System.nanoTime() + 100_000_000L;
            long measureFrom = t0 + warmupSeconds * 1_000_000_000L;
            long end = measureFrom + seconds * 1_000_000_000L;
            long[][] lat = new long[n][];
            int[] counts = new int[n];
            long[] non200 = new long[n];
            Thread[] ts = new Thread[n];
            Throwable[] failure = new Throwable[1];
            for (int c = 0; c < n; c++) {
                final int ci = c;
                lat[c] = new long[(int) ((end - measureFrom) / intervalNanos / n + 16)];
                ts[c] = Thread.ofPlatform().name("open-loop-" + c).start(() -> {
                    try (Socket s = new Socket()) {
                        s.setTcpNoDelay(true);
                        s.connect(new InetSocketAddress(host, port));
                        OutputStream out = s.getOutputStream();
                        Reader in = new Reader(s.getInputStream());
                        for (long j = 0; ; j++) {
                            long scheduled = t0 + (ci + j * n) * intervalNanos;
                            if (scheduled >= end) {
                                break;
                            }
                            long wait;
                            while ((wait = scheduled - System.nanoTime()) > 0) {
                                LockSupport.parkNanos(wait);
                            }
                            out.write(request);
                            out.flush();
                            int status = in.response();
                            long done = System.nanoTime();
                            if (scheduled >= measureFrom) {
                                if (counts[ci] == lat[ci].length) {
                                    lat[ci] = Arrays.copyOf(lat[ci], lat[ci].length * 2);
                                }
                                lat[ci][counts[ci]++] = done - scheduled;
                                if (status != 200) {
                                    non200[ci]++;
                                }
                            }
                        }
                    } catch (Throwable t) {
                        failure[0] = t;
                    }
                });
            }
            for (Thread t : ts) {
                t.join();
            }
            if (failure[0] != null) {
                throw new IllegalStateException("open-loop connection failed", failure[0]);
            }
            int total = Arrays.stream(counts).sum();
            long[] all = new long[total];
            int k = 0;
            for (int c = 0; c < n; c++) {
                System.arraycopy(lat[c], 0, all, k, counts[c]);
                k += counts[c];
            }
            Arrays.sort(all);
            return new Result(all, Arrays.stream(non200).sum());
        }

        /** Minimal HTTP/1.1 response reader over one keep-alive connection. */
        static final class Reader {
            private final InputStream in;
            private final byte[] buf = new byte[1 << 16];
            private int pos;
            private int lim;

            Reader(InputStream in) {
                this.in = in;
            }

            private int next() throws IOException {
                if (pos == lim) {
                    lim = in.read(buf, 0, buf.length);
                    pos = 0;
                    if (lim <= 0) {
                        throw new IOException("connection closed");
                    }
                }
                return buf[pos++] & 0xff;
            }

            private String line() throws IOException {
                StringBuilder sb = new StringBuilder();
                for (int b; (b = next()) != '\n'; ) {
                    if (b != '\r') {
                        sb.append((char) b);
                    }
                }
                return sb.toString();
            }

            private void skip(long n) throws IOException {
                for (long i = 0; i < n; i++) {
                    next();
                }
            }

            int response() throws IOException {
                String status = line();
                int code = Integer.parseInt(status.substring(9, 12));
                long length = -1;
                boolean chunked = false;
                for (String h; !(h = line()).isEmpty(); ) {
                    String lower = h.toLowerCase(Locale.ROOT);
                    if (lower.startsWith("content-length:")) {
                        length = Long.parseLong(lower.substring(15).trim());
                    } else if (lower.startsWith("transfer-encoding:") && lower.contains("chunked")) {
                        chunked = true;
                    }
                }
                if (chunked) {
                    for (long size; (size = Long.parseLong(line().split(";")[0].trim(), 16)) > 0; ) {
                        skip(size);
                        line();
                    }
                    while (!line().isEmpty()) {
                        // trailers
                    }
                } else if (length > 0) {
                    skip(length);
                }
                return code;
            }
        }
    }
}
