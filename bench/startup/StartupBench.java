import io.assay.store.SeriesNames;
import io.assay.store.Store;
import io.assay.store.StoreOptions;
import io.assay.store.Stores;

import java.io.IOException;
import java.math.BigInteger;
import java.net.ConnectException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Startup benchmark (issue 9): time from {@code java -jar} to the first 200 of {@code /q/health/ready} on a store of
 * 10M points, against the same on 1M points (if reopening scanned the data, 10x the points would show).
 *
 * <p>Each store is built once with the store API ({@code bench/target/startup/<points>/data/store}, reused when its
 * marker file exists): two chains, one block per height, every block committed-height plus one asset point
 * (ethereum: supply; bitcoin: reserve), so the points are what indexers write; a commit every 10,000 blocks; the last
 * block is stamped with the build time. The app runs with {@code bench/startup/profiles} (those chains without
 * endpoints, so nothing is indexed; the asset's staleness tolerance is ten years, so readiness depends on the store
 * only). Runs alternate between the sizes. The page cache is warm (the store was just built or read): this measures
 * what the process does, not the disk.
 *
 * <p>System properties: {@code sizes} (comma list of point counts, default 1000000,10000000), {@code runs} (5),
 * {@code jar}.
 */
public final class StartupBench {
    static final String TEST_KEY = "8b3a350cf5c34c9194ca85829a2df0ec3153be0318b5e2d3348e872092edffba"; // test-only key
    static final long BLOCKS_PER_COMMIT = 10_000;

    public static void main(String[] args) throws Exception {
        Path project = Path.of(System.getProperty("devnet.project-dir", ".")).toAbsolutePath();
        Path jar = project.resolve(System.getProperty("jar", "target/assay-0.1.0-SNAPSHOT-runner.jar"));
        int runs = Integer.getInteger("runs", 5);
        List<Long> sizes = Stream.of(System.getProperty("sizes", "1000000,10000000").split(",")).map(Long::parseLong).toList();
        Map<Long, Path> dataDirs = new LinkedHashMap<>();
        for (long points : sizes) {
            Path data = project.resolve("bench/target/startup/" + points + "/data");
            build(data.resolve("store"), points);
            dataDirs.put(points, data);
        }
        Map<Long, List<long[]>> results = new LinkedHashMap<>();
        sizes.forEach(s -> results.put(s, new ArrayList<>()));
        System.out.printf("# runs: %d per size, alternating; load %s%n", runs, load());
        for (int r = 1; r <= runs; r++) {
            for (long points : sizes) {
                String before = load();
                long[] t = startOnce(project, jar, dataDirs.get(points));
                results.get(points).add(t);
                System.out.printf(Locale.ROOT, "run %d %,12d points: ready after %5d ms (store open %4d ms, Quarkus 'started in' %5d ms;"
                                + " store files mapped %,d kB, resident %,d kB; read() %,d kB)  load %s%n", r, points, t[0], t[1], t[2], t[3], t[4],
                        t[5], before);
            }
        }
        System.out.println("## medians");
        for (var e : results.entrySet()) {
            System.out.printf(Locale.ROOT, "%,12d points (%s on disk): ready %d ms, store open %d ms, Quarkus started %d ms,"
                            + " store resident at ready %,d kB of %,d kB mapped, read() %,d kB%n",
                    e.getKey(), du(dataDirs.get(e.getKey()).resolve("store")), median(e.getValue(), 0),
                    median(e.getValue(), 1), median(e.getValue(), 2), median(e.getValue(), 4), median(e.getValue(), 3), median(e.getValue(), 5));
        }
        System.out.println("# load after: " + load());
    }

    /** Builds a store of {@code points} points unless one is there (marker file), and verifies it opens. */
    static void build(Path dir, long points) throws IOException {
        Path marker = dir.resolveSibling("built-" + points);
        if (Files.exists(marker)) {
            System.out.printf("# store of %,d points: reusing %s%n", points, dir);
            return;
        }
        if (Files.exists(dir)) {
            try (Stream<Path> files = Files.walk(dir)) {
                for (Path f : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
                    Files.delete(f);
                }
            }
        }
        Files.createDirectories(dir);
        long blocks = points / 4; // per chain; each block writes two points
        long now = System.currentTimeMillis();
        long t0 = System.nanoTime();
        StoreOptions options = StoreOptions.defaults().withSync(StoreOptions.Sync.NONE)
                .withMaxReorgDepth("ethereum", 64).withMaxReorgDepth("bitcoin", 64);
        try (Store s = Stores.open(dir, options)) {
            write(s, "ethereum", s.series(SeriesNames.supply("bench", "ethereum")), blocks, now, 12_000L);
            write(s, "bitcoin", s.series(SeriesNames.reserve("bench", "bitcoin", "custody-1")), blocks, now, 600_000L);
        }
        Files.writeString(marker, points + " points, built " + java.time.Instant.ofEpochMilli(now) + "\n");
        System.out.printf(Locale.ROOT, "# built a store of %,d points in %.1f s: %s (%s)%n", 4 * blocks,
                (System.nanoTime() - t0) / 1e9, dir, du(dir));
    }

    private static void write(Store s, String chain, int assetSeries, long blocks, long lastTime, long spacingMillis) {
        int heightSeries = s.series(SeriesNames.committedHeight(chain));
        byte[] hash = new byte[32];
        BigInteger value = BigInteger.ZERO;
        for (long h = 1; h <= blocks; h++) {
            long time = lastTime - (blocks - h) * spacingMillis;
            value = value.add(BigInteger.valueOf(h % 7 == 0 ? 3 : 5));
            s.append(heightSeries, h, time, 0L, h);
            s.append(assetSeries, h, time, 0L, value.longValue());
            if (h % BLOCKS_PER_COMMIT == 0 || h == blocks) {
                hash[0] = (byte) h;
                hash[1] = (byte) (h >>> 8);
                hash[2] = (byte) (h >>> 16);
                s.commit(chain, h, hash, time);
            }
        }
    }

    /** One start: {ms to first ready 200, store-open ms from the log, Quarkus "started in" ms}. */
    static long[] startOnce(Path project, Path jar, Path data) throws Exception {
        int port = freePort();
        Path log = Files.createTempFile("assay-startup-", ".log");
        List<String> cmd = List.of(ProcessHandle.current().info().command().orElseThrow(),
                "-Dquarkus.http.port=" + port, "-Dassay.data-dir=" + data,
                "-Dassay.profiles=" + project.resolve("bench/startup/profiles"), "-jar", jar.toString());
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(project.toFile()).redirectErrorStream(true)
                .redirectOutput(log.toFile());
        pb.environment().put("ASSAY_ATTEST_KEY", TEST_KEY);
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
        HttpRequest ready = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/q/health/ready")).build();
        long t0 = System.nanoTime();
        Process app = pb.start();
        try {
            long deadline = t0 + TimeUnit.SECONDS.toNanos(180);
            while (true) {
                if (!app.isAlive()) {
                    throw new IllegalStateException("app exited: " + Files.readString(log));
                }
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("not ready after 180 s: " + Files.readString(log));
                }
                try {
                    HttpResponse<String> r = http.send(ready, HttpResponse.BodyHandlers.ofString());
                    if (r.statusCode() == 200) {
                        break;
                    }
                    if (r.statusCode() != 503) {
                        throw new IllegalStateException("ready answered " + r.statusCode() + ": " + r.body());
                    }
                } catch (ConnectException e) {
                    // not listening yet
                }
                // polling interval: the next attempt is due 5 ms later (connection refused returns at once)
                java.util.concurrent.locks.LockSupport.parkNanos(5_000_000L);
            }
            long readyMs = (System.nanoTime() - t0) / 1_000_000;
            String out = Files.readString(log);
            long[] mapped = storeMappings(app.pid(), data.resolve("store").toRealPath().toString());
            return new long[]{readyMs, group(out, "store open at .* in (\\d+) ms"), Math.round(1000 * Double.parseDouble(
                    String.valueOf(groupString(out, "started in ([0-9.]+)s")))), mapped[0], mapped[1], readKb(app.pid())};
        } finally {
            app.destroy();
            if (!app.waitFor(30, TimeUnit.SECONDS)) {
                app.destroyForcibly().waitFor();
            }
            Files.deleteIfExists(log);
        }
    }

    /**
     * {kB of the store's files mapped by the process, kB of them resident in the process} at this moment, from
     * /proc/pid/smaps: a scan of the data at open would leave the data pages resident (Rss), a lazy open does not.
     */
    static long[] storeMappings(long pid, String storeDir) throws IOException {
        long size = 0;
        long rss = 0;
        boolean inStore = false;
        for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/smaps"))) {
            if (line.matches("^[0-9a-f]+-[0-9a-f]+ .*")) {
                inStore = line.contains(storeDir + "/");
            } else if (inStore && line.startsWith("Size:")) {
                size += Long.parseLong(line.replaceAll("[^0-9]", ""));
            } else if (inStore && line.startsWith("Rss:")) {
                rss += Long.parseLong(line.replaceAll("[^0-9]", ""));
            }
        }
        return new long[]{size, rss};
    }

    /** kB the process has read through read() and friends so far (/proc/pid/io rchar): the jar, configs, and any file scan. */
    static long readKb(long pid) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/io"))) {
            if (line.startsWith("rchar:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024;
            }
        }
        return -1;
    }

    static long group(String s, String regex) {
        String g = groupString(s, regex);
        return g == null ? -1 : Long.parseLong(g);
    }

    static String groupString(String s, String regex) {
        Matcher m = Pattern.compile(regex).matcher(s);
        return m.find() ? m.group(1) : null;
    }

    static long median(List<long[]> xs, int i) {
        long[] a = xs.stream().mapToLong(x -> x[i]).sorted().toArray();
        return a.length % 2 == 1 ? a[a.length / 2] : (a[a.length / 2 - 1] + a[a.length / 2]) / 2;
    }

    static String du(Path dir) {
        try {
            Process p = new ProcessBuilder("du", "-sh", "--apparent-size", dir.toString()).start();
            String s = new String(p.getInputStream().readAllBytes()).trim();
            p.waitFor();
            String real = new String(new ProcessBuilder("du", "-sh", dir.toString()).start().getInputStream().readAllBytes()).trim();
            return s.split("\\s+")[0] + " apparent, " + real.split("\\s+")[0] + " allocated";
        } catch (IOException | InterruptedException e) {
            return "?";
        }
    }

    static String load() {
        try {
            String[] f = Files.readString(Path.of("/proc/loadavg")).split(" ");
            return f[0] + " " + f[1] + " " + f[2];
        } catch (IOException e) {
            return "?";
        }
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
