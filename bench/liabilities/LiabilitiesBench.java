import com.fasterxml.jackson.databind.JsonNode;
import io.assay.liabilities.BalanceReader;
import io.assay.liabilities.Balances;
import io.assay.liabilities.InclusionProof;
import io.assay.liabilities.ProofJson;
import io.assay.liabilities.ProofVerifier;
import io.assay.liabilities.SumTree;

import java.io.BufferedWriter;
import java.io.Reader;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;

/**
 * Liabilities benchmark (issue 22): N users x 3 assets (btc, eth, usdt) from a generated CSV.
 * Measures: reading the CSV (streamed, every row checked), building the tree (split into 2 leaves per user, pad,
 * lay out in windows, hash), peak memory, proof size (JSON and the siblings' compact bytes), proof extraction time, and verification
 * time of a proof (already parsed JSON, and parse + verify), median and p99 over a sample of users.
 *   -Dusers=10000000 -Dsample=1000 -Drounds=20 -Dwindow=8 (log2 of the leaves per window) -Ddir=bench/target/liabilities
 */
public class LiabilitiesBench {
    public static void main(String[] args) throws Exception {
        int users = Integer.getInteger("users", 10_000_000);
        int sample = Integer.getInteger("sample", 1000);
        int rounds = Integer.getInteger("rounds", 20);
        int windowBits = Integer.getInteger("window", 8); // log2 of the leaves per window
        Path dir = Path.of(System.getProperty("dir", "bench/target/liabilities"));
        Files.createDirectories(dir);
        Path csv = dir.resolve("balances-" + users + ".csv");
        if (!Files.exists(csv)) {
            long t = System.nanoTime();
            generate(csv, users);
            System.out.printf("generated %s (%,d bytes) in %.1f s (not measured below)%n", csv, Files.size(csv),
                    (System.nanoTime() - t) / 1e9);
        }
        System.out.printf("users %,d, assets 3, cores %d, max heap %,d MB, %s%n", users,
                Runtime.getRuntime().availableProcessors(), Runtime.getRuntime().maxMemory() >> 20,
                System.getProperty("java.vm.version"));

        long t0 = System.nanoTime();
        Balances b;
        try (Reader r = Files.newBufferedReader(csv, StandardCharsets.UTF_8)) {
            b = BalanceReader.read(r, BalanceReader.Format.CSV, null, csv.toString());
        }
        long t1 = System.nanoTime();
        System.out.printf("read:   %.2f s (%,.0f rows/s)%n", (t1 - t0) / 1e9, users / ((t1 - t0) / 1e9));

        byte[] master = new byte[32];
        new SplittableRandom(7).nextBytes(master);
        long t2 = System.nanoTime();
        SumTree tree = SumTree.build(b, master, "bench-" + users, Instant.parse("2026-12-03T00:00:00Z"), 2, windowBits);
        long t3 = System.nanoTime();
        System.out.printf("build:  %.2f s (%,.0f users/s): %,d leaves (2 per user, padded), depth %d, windows of %,d, root %s%n",
                (t3 - t2) / 1e9, users / ((t3 - t2) / 1e9), tree.publication().leaves(), tree.publication().depth(),
                tree.publication().window(), tree.publication().rootHex());
        long[] ph = tree.phaseNanos();
        System.out.printf("        phases: layout %.2f s, leaves (secrets, salts, splits, padding) %.2f s, upper levels %.2f s%n",
                ph[0] / 1e9, ph[1] / 1e9, ph[2] / 1e9);
        System.out.printf("read + build: %.2f s%n", (t3 - t0) / 1e9);
        System.out.printf("totals: %s%n", tree.publication().totals());
        long heapPeak = 0;
        for (MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans()) {
            if (p.getType() == MemoryType.HEAP && p.getPeakUsage() != null) {
                heapPeak += p.getPeakUsage().getUsed();
            }
        }
        System.gc();
        Runtime rt = Runtime.getRuntime();
        long live = rt.totalMemory() - rt.freeMemory();
        System.out.printf("memory: heap peak (sum of pool peaks) %,d MB, process peak RSS %s; live after a full GC"
                + " (tree and balances still held) %,d MB%n", heapPeak >> 20, vmHwm(), live >> 20);

        SplittableRandom rnd = new SplittableRandom(11);
        int[] rows = new int[sample];
        for (int i = 0; i < sample; i++) {
            rows[i] = rnd.nextInt(users);
        }
        long[] extract = new long[sample];
        List<byte[]> jsons = new ArrayList<>(sample);
        List<JsonNode> parsed = new ArrayList<>(sample);
        int[] binary = new int[sample];
        int siblings = 0;
        for (int i = 0; i < sample; i++) {
            long s = System.nanoTime();
            InclusionProof p = tree.proof(rows[i]);
            extract[i] = System.nanoTime() - s;
            byte[] j = ProofJson.line(ProofJson.proof(p)).getBytes(StandardCharsets.UTF_8);
            jsons.add(j);
            parsed.add(ProofJson.parse(j));
            // the siblings' compact bytes (what the base64url strings hold: hash, then length + minimal bytes per sum)
            siblings = p.windowPath().size() + p.path().size();
            for (InclusionProof.Sibling x : p.windowPath()) {
                binary[i] += java.util.Base64.getUrlDecoder().decode(x.encoded()).length;
            }
            for (InclusionProof.Sibling x : p.path()) {
                binary[i] += java.util.Base64.getUrlDecoder().decode(x.encoded()).length;
            }
        }
        int[] sizes = jsons.stream().mapToInt(x -> x.length).sorted().toArray();
        java.util.Arrays.sort(binary);
        System.out.printf("proof:  JSON per user (2 leaves) median %,d B, max %,d B, min %,d B; %d siblings (%d inside"
                        + " the window, %d above), their compact bytes median %,d B, max %,d B; extraction median %.1f us%n",
                sizes[sizes.length / 2], sizes[sizes.length - 1], sizes[0], siblings, 2 * (windowBits - 1),
                siblings - 2 * (windowBits - 1), binary[binary.length / 2], binary[binary.length - 1],
                median(extract) / 1e3);
        Files.write(dir.resolve("sample-proof.json"), jsons.get(0));

        byte[] root = tree.publication().root();
        tree = null; // let the tree go: verification needs only the proofs
        b = null;
        long[] verify = new long[sample * rounds];
        long[] parseVerify = new long[sample * rounds];
        int k = 0;
        for (int w = 0; w < 3; w++) { // warm-up
            for (int i = 0; i < sample; i++) {
                check(ProofVerifier.verify(parsed.get(i), Optional.of(root)));
            }
        }
        for (int r = 0; r < rounds; r++) {
            for (int i = 0; i < sample; i++) {
                long s = System.nanoTime();
                ProofVerifier.Result res = ProofVerifier.verify(parsed.get(i), Optional.of(root));
                long e = System.nanoTime();
                JsonNode n = ProofJson.parse(jsons.get(i));
                ProofVerifier.Result res2 = ProofVerifier.verify(n, Optional.of(root));
                long e2 = System.nanoTime();
                check(res);
                check(res2);
                verify[k] = e - s;
                parseVerify[k++] = e2 - e;
            }
        }
        System.out.printf("verify: %,d verifications; parsed proof median %.1f us, p99 %.1f us; parse + verify median %.1f us,"
                        + " p99 %.1f us%n", verify.length, median(verify) / 1e3, pct(verify, 0.99) / 1e3,
                median(parseVerify) / 1e3, pct(parseVerify, 0.99) / 1e3);
    }

    private static void check(ProofVerifier.Result r) {
        if (!r.valid()) {
            throw new IllegalStateException("a proof did not verify: " + r.reasons());
        }
    }

    private static double median(long[] v) {
        return pct(v, 0.5);
    }

    private static double pct(long[] v, double p) {
        long[] s = v.clone();
        Arrays.sort(s);
        return s[Math.min(s.length - 1, (int) Math.floor(p * s.length))];
    }

    private static String vmHwm() throws Exception {
        for (String l : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (l.startsWith("VmHWM:")) {
                return String.format("%,d MB", Long.parseLong(l.replaceAll("[^0-9]", "")) >> 10);
            }
        }
        return "?";
    }

    /** Users u0..uN-1; btc up to 10^10 sat, eth up to ~10^22 wei, usdt up to 10^12; about 1 in 5 amounts is 0. */
    private static void generate(Path csv, int users) throws Exception {
        SplittableRandom r = new SplittableRandom(42);
        BigInteger e18 = BigInteger.TEN.pow(18);
        try (BufferedWriter w = Files.newBufferedWriter(csv, StandardCharsets.UTF_8)) {
            w.write("user,btc,eth,usdt\n");
            StringBuilder sb = new StringBuilder(128);
            for (int u = 0; u < users; u++) {
                sb.setLength(0);
                sb.append("user-").append(u).append(',');
                sb.append(r.nextInt(5) == 0 ? 0 : r.nextLong(10_000_000_000L)).append(',');
                if (r.nextInt(5) == 0) {
                    sb.append('0');
                } else {
                    sb.append(BigInteger.valueOf(r.nextLong(10_000)).multiply(e18).add(BigInteger.valueOf(r.nextLong(1L << 60))));
                }
                sb.append(',').append(r.nextInt(5) == 0 ? 0 : r.nextLong(1_000_000_000_000L)).append('\n');
                w.write(sb.toString());
            }
        }
    }
}
