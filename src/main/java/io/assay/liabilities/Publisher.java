package io.assay.liabilities;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;

/**
 * Reads balances, builds the tree and writes a publication directory:
 * <ul>
 * <li>{@code publication.json}: id, assets, root, totals, leaves, asOf (public);</li>
 * <li>{@code proofs.jsonl}: one inclusion proof per user, each with that user's secret (deliver each line to its
 * user only); or, with {@link Proofs#FILES}, {@code proofs/<xx>/<name>.json}, one file per user, and
 * {@code proofs/index.tsv} ({@code user<TAB>path} per line).</li>
 * </ul>
 * Proofs are made and written one user at a time (the tree is in memory, the proofs never are all at once), with
 * progress reported every few seconds on long runs.
 * All or nothing: the input is read and checked completely first, files are written into a temporary sibling
 * directory, and only a complete directory is renamed to {@code out}; on any error {@code out} does not appear.
 */
public final class Publisher {
    /** How the per-user proofs are written. */
    public enum Proofs {
        /** {@code proofs.jsonl}: one line per user. */
        JSONL,
        /** {@code proofs/<xx>/<name>.json}: one file per user, plus {@code proofs/index.tsv}. */
        FILES,
        /** {@code proofs/<xx>/<name>.bin}: one binary proof ({@link ProofBinary}) per user, plus {@code proofs/index.tsv}. */
        BIN_FILES;

        public static Proofs of(String s) {
            return of(s, "json");
        }

        /** {@code --proofs} and {@code --proof-format} ({@code json} or {@code bin}, which needs {@code files}). */
        public static Proofs of(String s, String format) {
            if (!format.equals("json") && !format.equals("bin")) {
                throw new IllegalArgumentException("--proof-format: expected json or bin, found '" + format + "'");
            }
            if (format.equals("bin")) {
                if (!s.equals("files")) {
                    throw new IllegalArgumentException("--proof-format bin needs --proofs files (a binary proof is one file)");
                }
                return BIN_FILES;
            }
            return switch (s) {
                case "jsonl" -> JSONL;
                case "files" -> FILES;
                default -> throw new IllegalArgumentException("--proofs: expected jsonl or files, found '" + s + "'");
            };
        }
    }

    private Publisher() {
    }

    public static Publication publish(Reader input, BalanceReader.Format format, List<String> assets, String source,
                                      byte[] master, String publicationId, Instant asOf, int parts, Path out)
            throws IOException, InputException {
        return publish(input, format, assets, source, master, publicationId, asOf, parts, out, Proofs.JSONL,
                Progress.SILENT);
    }

    public static Publication publish(Reader input, BalanceReader.Format format, List<String> assets, String source,
                                      byte[] master, String publicationId, Instant asOf, int parts, Path out,
                                      Proofs proofs, Progress progress)
            throws IOException, InputException {
        return publish(input, format, assets, source, master, publicationId, asOf, parts, out, proofs, progress,
                Scheme.DEFAULT_WINDOW_BITS);
    }

    /** As above, with windows of 2^{@code windowBits} leaves (docs/liabilities.md, "Layout"). */
    public static Publication publish(Reader input, BalanceReader.Format format, List<String> assets, String source,
                                      byte[] master, String publicationId, Instant asOf, int parts, Path out,
                                      Proofs proofs, Progress progress, int windowBits)
            throws IOException, InputException {
        if (Files.exists(out)) {
            throw new FileAlreadyExistsException(out.toString(), null, "the output directory already exists");
        }
        long t0 = System.nanoTime();
        Balances balances = BalanceReader.read(input, format, assets, source);
        progress.phase(String.format("read %,d users in %.1f s", balances.size(), (System.nanoTime() - t0) / 1e9));
        long t1 = System.nanoTime();
        SumTree tree = SumTree.build(balances, master, publicationId, asOf, parts, windowBits);
        progress.phase(String.format("built the tree: %,d leaves, root %s, in %.1f s", tree.publication().leaves(),
                tree.publication().rootHex(), (System.nanoTime() - t1) / 1e9));
        Path parent = out.toAbsolutePath().getParent();
        Files.createDirectories(parent);
        Path tmp = Files.createTempDirectory(parent, "." + out.getFileName() + ".partial-");
        boolean done = false;
        try {
            Files.writeString(tmp.resolve("publication.json"), ProofJson.pretty(ProofJson.publication(tree.publication())) + "\n");
            progress.start("proofs", tree.users());
            if (proofs == Proofs.JSONL) {
                try (BufferedWriter w = Files.newBufferedWriter(tmp.resolve("proofs.jsonl"), StandardCharsets.UTF_8)) {
                    for (int row = 0; row < tree.users(); row++) {
                        w.write(ProofJson.line(ProofJson.proof(tree.proof(row))));
                        w.write('\n');
                        progress.done(row + 1);
                    }
                }
            } else {
                Path dir = Files.createDirectory(tmp.resolve("proofs"));
                try (BufferedWriter index = Files.newBufferedWriter(dir.resolve("index.tsv"), StandardCharsets.UTF_8)) {
                    for (int row = 0; row < tree.users(); row++) {
                        InclusionProof proof = tree.proof(row);
                        String rel = proofFile(proof.user());
                        if (proofs == Proofs.BIN_FILES) {
                            rel = rel.substring(0, rel.length() - ".json".length()) + ".bin";
                        }
                        Path f = dir.resolve(rel);
                        Files.createDirectories(f.getParent());
                        byte[] content = proofs == Proofs.BIN_FILES ? ProofBinary.encode(proof)
                                : (ProofJson.line(ProofJson.proof(proof)) + "\n").getBytes(StandardCharsets.UTF_8);
                        Files.write(f, content, java.nio.file.StandardOpenOption.CREATE_NEW,
                                java.nio.file.StandardOpenOption.WRITE);
                        index.write(proof.user());
                        index.write('\t');
                        index.write(rel);
                        index.write('\n');
                        progress.done(row + 1);
                    }
                }
            }
            progress.finish();
            try {
                Files.move(tmp, out, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, out);
            }
            done = true;
            return tree.publication();
        } finally {
            if (!done) {
                deleteTree(tmp);
            }
        }
    }

    private static final java.util.regex.Pattern SAFE_NAME = java.util.regex.Pattern.compile("[A-Za-z0-9_-][A-Za-z0-9._@+-]{0,99}");

    /**
     * Where a user's proof goes under {@code proofs/}: {@code <xx>/<user>.json}, {@code xx} the first byte of
     * SHA-256(user id) in hex (256 folders, so no folder holds millions of files); a user id that is not a safe
     * file name (other characters, over 100 characters, a leading dot) is named {@code h-<SHA-256 of the id>}.
     * Case-insensitive file systems: ids differing only in case get distinct names through the {@code h-} form.
     */
    static String proofFile(String user) {
        byte[] h;
        try {
            h = java.security.MessageDigest.getInstance("SHA-256").digest(user.getBytes(StandardCharsets.UTF_8));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        String shard = java.util.HexFormat.of().formatHex(h, 0, 1);
        boolean lowerSafe = SAFE_NAME.matcher(user).matches() && user.equals(user.toLowerCase(java.util.Locale.ROOT));
        String name = lowerSafe ? user : "h-" + java.util.HexFormat.of().formatHex(h);
        return shard + "/" + name + ".json";
    }

    /** Progress of a long build, reported by phase and, while proofs are written, every {@code interval}. */
    public static class Progress {
        /** Reports nothing. */
        public static final Progress SILENT = new Progress(null, java.time.Duration.ofDays(365));

        private final java.io.PrintStream out;
        private final long intervalNanos;
        private String what;
        private long total;
        private long started;
        private long lastReport;
        private long count;

        public Progress(java.io.PrintStream out, java.time.Duration interval) {
            this.out = out;
            this.intervalNanos = interval.toNanos();
        }

        void phase(String line) {
            if (out != null) {
                out.println(line);
            }
        }

        void start(String what, long total) {
            this.what = what;
            this.total = total;
            this.started = System.nanoTime();
            this.lastReport = started;
            this.count = 0;
        }

        void done(long n) {
            count = n;
            long now = System.nanoTime();
            if (out != null && now - lastReport >= intervalNanos) {
                lastReport = now;
                report(now);
            }
        }

        void finish() {
            if (out != null) {
                report(System.nanoTime());
            }
        }

        private void report(long now) {
            double secs = Math.max(1e-9, (now - started) / 1e9);
            double rate = count / secs;
            String eta = count >= total ? "done" : String.format("eta %.0f s", (total - count) / Math.max(rate, 1e-9));
            out.println(String.format("%s: %,d / %,d (%d %%), %,.0f per s, %.1f s, %s", what, count, total,
                    total == 0 ? 100 : count * 100 / total, rate, secs, eta));
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
