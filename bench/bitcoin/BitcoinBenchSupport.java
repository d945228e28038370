import com.fasterxml.jackson.databind.JsonNode;
import io.assay.chain.bitcoin.BitcoinIndexer;
import io.assay.chain.bitcoin.BlockReader;
import io.assay.chain.rpc.JsonRpcClient;
import io.assay.store.Point;
import io.assay.store.SeriesNames;
import io.assay.store.Store;
import org.bitcoinj.core.Block;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What the Bitcoin benches ({@code BitcoinBackfillBench}, {@code MainnetLikeBench}) share. They are launched as
 * source files ({@code java ... bench/bitcoin/X.java}); the launcher compiles this file with them (multi-file
 * source launch, JDK 22+), so it stays in this directory and in the unnamed package.
 */
final class BitcoinBenchSupport {
    private BitcoinBenchSupport() {
    }

    /** Waits until the node's block filter index holds block {@code hash}, polling with a deadline. */
    static void awaitFilterIndex(JsonRpcClient rpc, String hash, long timeoutNanos, long pollMillis)
            throws InterruptedException {
        long until = System.nanoTime() + timeoutNanos;
        while (true) {
            try {
                rpc.call("getblockfilter", hash);
                return;
            } catch (RuntimeException notYet) {
                if (System.nanoTime() > until) {
                    throw notYet;
                }
                Thread.sleep(pollMillis); // polling the node's filter index, with a deadline
            }
        }
    }

    /**
     * Starts {@code ix}, waits until it has indexed {@code tip} (failing if it halts) and closes it; the nanoseconds
     * from start to tip.
     */
    static long indexToTip(BitcoinIndexer ix, long tip) {
        long t1 = System.nanoTime();
        ix.start();
        while (ix.status().indexedHeight() < tip) {
            if (ix.status().haltReason() != null) {
                throw new IllegalStateException("halted: " + ix.status().haltReason());
            }
            try {
                Thread.sleep(5); // polling the indexer's status
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        }
        long t2 = System.nanoTime();
        ix.close();
        return t2 - t1;
    }

    /**
     * The bench reserve's indexed balance (asset "bench", source "hd"), in sats; it must equal what another mode
     * indexed for the same {@code size} (kept in {@code balances}).
     */
    static long agreedBalance(Store store, Map<String, Long> balances, int size, String mode) {
        Point p = new Point();
        store.latest(store.find(SeriesNames.reserve("bench", "bitcoin", "hd")).orElseThrow(), p);
        long balance = p.value.lo();
        Long before = balances.putIfAbsent(String.valueOf(size), balance);
        if (before != null && before != balance) {
            throw new IllegalStateException(mode + " indexed " + balance + " sats, another mode " + before);
        }
        return balance;
    }

    /**
     * Fetches every block up to {@code tip} by hash over REST ({@code span} heights a task, {@code parallelism} tasks
     * at once) and parses it with bitcoinj's {@code Block.read} or Assay's {@code BlockReader}, adding the bytes
     * fetched to {@code bytes}: seconds, blocks/s, tx/s.
     */
    static double[] rawRate(JsonRpcClient rpc, String rest, long tip, int parallelism, int span, boolean blockReader,
                            AtomicLong bytes) throws Exception {
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        AtomicLong txs = new AtomicLong();
        ExecutorService pool = Executors.newFixedThreadPool(parallelism);
        long t0 = System.nanoTime();
        try {
            List<Future<?>> fs = new ArrayList<>();
            for (long from = 0; from <= tip; from += span) {
                long f = from;
                long to = Math.min(tip, from + span - 1);
                fs.add(pool.submit(() -> {
                    List<JsonRpcClient.Call> calls = new ArrayList<>();
                    for (long h = f; h <= to; h++) {
                        calls.add(new JsonRpcClient.Call("getblockhash", h));
                    }
                    BlockReader reader = new BlockReader();
                    long n = 0;
                    for (JsonNode hash : rpc.batch(calls)) {
                        byte[] raw = get(http, rest + "/block/" + hash.asText() + ".bin");
                        bytes.addAndGet(raw.length);
                        if (blockReader) {
                            n += reader.wrap(raw).txCount();
                        } else {
                            n += Block.read(ByteBuffer.wrap(raw)).getTransactions().size();
                        }
                    }
                    txs.addAndGet(n);
                    return null;
                }));
            }
            for (Future<?> f : fs) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }
        double s = (System.nanoTime() - t0) / 1e9;
        return new double[]{s, (tip + 1) / s, txs.get() / s};
    }

    /**
     * The backends table's header and its two limit rows (raw REST fetch + bitcoinj, + BlockReader; medians of the
     * runs) in Markdown; {@code mb} is the chain's size in MB.
     */
    static void appendLimitRows(StringBuilder md, List<double[]> raw, List<double[]> rawReader, double mb, long tip) {
        md.append("| pipeline | tracked scripts | seconds | blocks/s | MB/s | blocks read | vs full scan |\n"
                + "| --- | ---: | ---: | ---: | ---: | ---: | ---: |\n");
        double[] lim = median(raw);
        double[] limR = median(rawReader);
        md.append(String.format("| raw REST fetch + bitcoinj `Block.read` (limit) | - | %.2f | %.0f | %.1f | %d | |%n",
                lim[0], lim[1], mb / lim[0], tip + 1));
        md.append(String.format("| raw REST fetch + Assay `BlockReader` | - | %.2f | %.0f | %.1f | %d | |%n",
                limR[0], limR[1], mb / limR[0], tip + 1));
    }

    static byte[] get(HttpClient http, String url) throws IOException, InterruptedException {
        HttpResponse<byte[]> r = http.send(HttpRequest.newBuilder(URI.create(url)).GET().build(),
                HttpResponse.BodyHandlers.ofByteArray());
        if (r.statusCode() != 200) {
            throw new IOException(url + ": HTTP " + r.statusCode());
        }
        return r.body();
    }

    /** The median of each column over the runs. */
    static double[] median(List<double[]> runs) {
        int n = runs.get(0).length;
        double[] out = new double[n];
        for (int i = 0; i < n; i++) {
            double[] v = new double[runs.size()];
            for (int r = 0; r < runs.size(); r++) {
                v[r] = runs.get(r)[i];
            }
            Arrays.sort(v);
            out[i] = v[v.length / 2];
        }
        return out;
    }

    /** {@code v} as {@code n} little-endian bytes. */
    static void le(ByteArrayOutputStream b, long v, int n) {
        for (int i = 0; i < n; i++) {
            b.write((int) (v >>> (8 * i)) & 0xff);
        }
    }

    /** Bitcoin's CompactSize, up to 32 bits. */
    static void varint(ByteArrayOutputStream b, long v) {
        if (v < 0xfd) {
            b.write((int) v);
        } else if (v <= 0xffff) {
            b.write(0xfd);
            le(b, v, 2);
        } else {
            b.write(0xfe);
            le(b, v, 4);
        }
    }

    static void deleteTree(Path p) throws IOException {
        if (!Files.exists(p)) {
            return;
        }
        try (var s = Files.walk(p)) {
            for (Path f : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(f);
            }
        }
    }
}
