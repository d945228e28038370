package io.assay.liabilities;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The command line of liabilities, without starting the service:
 * <ul>
 * <li>{@code assay liabilities build --input balances.csv --id 2026-12-03 --secret-file master.key --out dir
 * [--assets btc,eth] [--format csv|jsonl] [--as-of <time>] [--parts 2]}: exit 0 published, 1 bad input (nothing
 * written), 2 bad usage.</li>
 * <li>{@code assay verify-liability <proof.json|-> [--root 0x..] [--publication publication.json] [--json]}: exit 0
 * valid, 1 invalid, 2 unreadable or bad usage.</li>
 * </ul>
 * The master secret is read from {@code --secret-file} (64+ hex digits) or {@code ASSAY_LIABILITIES_SECRET}; it is
 * never printed.
 */
public final class LiabilitiesCommand {
    public static final int OK = 0;
    public static final int INVALID = 1;
    public static final int USAGE = 2;

    static final String BUILD_USAGE = """
            usage: assay liabilities build --input <balances.csv|.jsonl> --id <publication id> --out <dir> [options]
              --secret-file <file>   the master secret, 64+ hex digits (else env ASSAY_LIABILITIES_SECRET)
              --assets a,b,c         the publication's assets in order (CSV: default the header's; JSONL: required)
              --format csv|jsonl     input format (default from the file name: .jsonl/.ndjson, else csv)
              --as-of <time>         when the balances were taken (ISO-8601; default now)
              --parts <n>            leaves per user, 2 to 16 (default 2)
              --window <leaves>      leaves per window, a power of two from 4 (default 256): each user's leaves
                                     lie in one window, in both halves (docs/liabilities.md, "Privacy")
              --proofs jsonl|files   proofs.jsonl (one line per user; default) or proofs/<xx>/<user>.json (one file
                                     per user) with proofs/index.tsv
              --proof-format json|bin  with --proofs files: proofs/<xx>/<user>.bin, binary proofs (default json)
              --quiet                no progress lines on standard error
            writes <dir>/publication.json and the proofs (one proof and secret per user), all or nothing
            exit status: 0 published, 1 bad input (nothing written), 2 bad usage""";

    static final String VERIFY_USAGE = """
            usage: assay verify-liability <proof.json | proof.bin | -> [options]
              --root 0x..                    require this published root
              --publication <file>           require the root and totals of this publication.json
              --json                         print the result as JSON ({valid, reasons, user, balances, root, ...})
            exit status: 0 valid, 1 invalid, 2 unreadable input or bad usage""";

    private LiabilitiesCommand() {
    }

    public static int build(String[] args, PrintStream out, PrintStream err, Map<String, String> env) {
        Map<String, String> o;
        try {
            o = options(args, List.of("--input", "--id", "--out", "--secret-file", "--assets", "--format", "--as-of", "--parts",
                    "--window", "--proofs", "--proof-format", "--progress-every"), List.of("--quiet"));
            if (o.containsKey("--help")) {
                out.println(BUILD_USAGE);
                return OK;
            }
            for (String req : List.of("--input", "--id", "--out")) {
                if (!o.containsKey(req)) {
                    throw new IllegalArgumentException("missing " + req);
                }
            }
        } catch (IllegalArgumentException e) {
            err.println("assay liabilities build: " + e.getMessage());
            err.println(BUILD_USAGE);
            return USAGE;
        }
        try {
            byte[] master = secret(o.get("--secret-file"), env);
            Path input = Path.of(o.get("--input"));
            BalanceReader.Format format = o.containsKey("--format") ? BalanceReader.Format.of(o.get("--format"))
                    : BalanceReader.Format.ofFileName(input.getFileName().toString());
            List<String> assets = o.containsKey("--assets") ? List.of(o.get("--assets").split(",", -1)) : null;
            Instant asOf = o.containsKey("--as-of") ? Instant.parse(o.get("--as-of")) : Instant.now();
            int parts = o.containsKey("--parts") ? Integer.parseInt(o.get("--parts")) : 2;
            int windowBits = Scheme.DEFAULT_WINDOW_BITS;
            if (o.containsKey("--window")) {
                long w = Long.parseLong(o.get("--window"));
                if (w < 4 || w > (1L << SumTree.MAX_DEPTH) || Long.bitCount(w) != 1) {
                    throw new IllegalArgumentException("--window: expected a power of two from 4 to 2^" + SumTree.MAX_DEPTH
                            + ", found " + o.get("--window"));
                }
                windowBits = Long.numberOfTrailingZeros(w);
            }
            Scheme.checkPublicationId(o.get("--id"));
            Publisher.Proofs proofs = Publisher.Proofs.of(o.getOrDefault("--proofs", "jsonl"),
                    o.getOrDefault("--proof-format", "json"));
            // progress on standard error (standard output keeps the result); --progress-every (seconds) for tests
            Publisher.Progress progress = o.containsKey("--quiet") ? Publisher.Progress.SILENT
                    : new Publisher.Progress(err, java.time.Duration.ofMillis(
                    (long) (Double.parseDouble(o.getOrDefault("--progress-every", "5")) * 1000)));
            long t0 = System.nanoTime();
            Publication p;
            try (Reader r = Files.newBufferedReader(input, StandardCharsets.UTF_8)) {
                p = Publisher.publish(r, format, assets, input.toString(), master, o.get("--id"), asOf, parts,
                        Path.of(o.get("--out")), proofs, progress, windowBits);
            }
            out.println("published " + p.id() + ": root " + p.rootHex() + ", " + p.leaves() + " leaves (windows of "
                    + p.window() + "), in "
                    + (System.nanoTime() - t0) / 1_000_000 + " ms");
            for (int i = 0; i < p.assets().size(); i++) {
                out.println("  total " + p.assets().get(i) + ": " + p.totals().get(i));
            }
            out.println("  " + o.get("--out") + "/publication.json (public), " + o.get("--out")
                    + (proofs == Publisher.Proofs.JSONL ? "/proofs.jsonl (one line per user"
                    : "/proofs/ (one file per user, listed in proofs/index.tsv")
                    + ", with the user's secret: deliver each to its user only)");
            return OK;
        } catch (InputException e) {
            err.println("assay liabilities build: nothing published: " + e.getMessage());
            return INVALID;
        } catch (IOException e) {
            err.println("assay liabilities build: nothing published: " + e.getClass().getSimpleName() + ": " + e.getMessage());
            return INVALID;
        } catch (IllegalArgumentException | java.time.format.DateTimeParseException e) {
            err.println("assay liabilities build: " + e.getMessage());
            return USAGE;
        }
    }

    static byte[] secret(String file, Map<String, String> env) throws IOException {
        String hex;
        String where;
        if (file != null) {
            hex = Files.readString(Path.of(file)).trim();
            where = file;
        } else {
            hex = env.get("ASSAY_LIABILITIES_SECRET");
            where = "ASSAY_LIABILITIES_SECRET";
            if (hex == null) {
                throw new IllegalArgumentException("no master secret: give --secret-file or set ASSAY_LIABILITIES_SECRET");
            }
            hex = hex.trim();
        }
        if (hex.startsWith("0x")) {
            hex = hex.substring(2);
        }
        if (hex.length() < 64 || hex.length() % 2 != 0 || !hex.chars().allMatch(c -> Character.digit(c, 16) >= 0)) {
            throw new IllegalArgumentException(where + ": the master secret must be at least 64 hex digits (32 bytes)");
        }
        return HexFormat.of().parseHex(hex);
    }

    public static int verify(String[] args, PrintStream out, PrintStream err, InputStream stdin) {
        Map<String, String> o;
        try {
            o = options(args, List.of("--root", "--publication"), List.of("--json"));
            if (o.containsKey("--help")) {
                out.println(VERIFY_USAGE);
                return OK;
            }
            if (!o.containsKey("")) {
                throw new IllegalArgumentException("missing the proof file (or - for standard input)");
            }
        } catch (IllegalArgumentException e) {
            err.println("assay verify-liability: " + e.getMessage());
            err.println(VERIFY_USAGE);
            return USAGE;
        }
        String file = o.get("");
        JsonNode proof;
        Optional<byte[]> root = Optional.empty();
        JsonNode publication = null;
        try {
            byte[] bytes = file.equals("-") ? stdin.readAllBytes() : Files.readAllBytes(Path.of(file));
            try {
                proof = ProofBinary.isBinary(bytes) ? ProofBinary.toJson(bytes) : ProofJson.parse(bytes);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException((ProofBinary.isBinary(bytes) ? "binary proof: " : "") + e.getMessage());
            }
            if (o.containsKey("--root")) {
                root = Optional.of(Hex32.decode(o.get("--root"), 32, "--root"));
            }
            if (o.containsKey("--publication")) {
                publication = ProofJson.parse(Files.readAllBytes(Path.of(o.get("--publication"))));
                root = Optional.of(Hex32.decode(publication.path("root").asText(null), 32, o.get("--publication") + ": root"));
            }
        } catch (IOException | java.nio.file.InvalidPathException e) {
            err.println("assay verify-liability: cannot read (" + e.getClass().getSimpleName() + ": " + e.getMessage() + ")");
            return USAGE;
        } catch (IllegalArgumentException e) {
            err.println("assay verify-liability: " + file + ": " + e.getMessage());
            return USAGE;
        }
        ProofVerifier.Result r = ProofVerifier.verify(proof, root);
        if (publication != null && r.valid()) {
            JsonNode totals = publication.path("totals");
            List<String> expected = new java.util.ArrayList<>();
            totals.forEach(t -> expected.add(t.asText()));
            List<String> got = r.totals().stream().map(Object::toString).toList();
            if (!expected.equals(got) || !publication.path("id").asText("").equals(r.publicationId())) {
                r = new ProofVerifier.Result(false, List.of("the proof's publication (id " + r.publicationId() + ", totals "
                        + got + ") is not the given publication (id " + publication.path("id").asText() + ", totals "
                        + expected + ")"), r.user(), r.publicationId(), r.root(), r.assets(), r.balances(), r.totals());
            }
        }
        if (o.containsKey("--json")) {
            out.println(ProofJson.pretty(toJson(r)));
        } else {
            print(out, r);
        }
        return r.valid() ? OK : INVALID;
    }

    /** The result as the API returns it. */
    public static ObjectNode toJson(ProofVerifier.Result r) {
        ObjectNode n = com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode();
        n.put("valid", r.valid());
        n.putArray("reasons").addAll(r.reasons().stream()
                .map(com.fasterxml.jackson.databind.node.TextNode::valueOf).toList());
        n.put("user", r.user());
        n.put("publication", r.publicationId());
        n.put("root", r.root());
        ObjectNode bal = n.putObject("balances");
        ObjectNode tot = n.putObject("totals");
        for (int i = 0; i < r.assets().size(); i++) {
            if (i < r.balances().size()) {
                bal.put(r.assets().get(i), r.balances().get(i).toString());
            }
            if (i < r.totals().size()) {
                tot.put(r.assets().get(i), r.totals().get(i).toString());
            }
        }
        return n;
    }

    private static void print(PrintStream out, ProofVerifier.Result r) {
        out.println((r.valid() ? "VALID" : "INVALID") + ": " + (r.user() == null ? "(no user)" : "user " + r.user())
                + " in publication " + r.publicationId());
        out.println("  root:     " + r.root());
        for (int i = 0; i < r.assets().size(); i++) {
            out.println("  " + r.assets().get(i) + ": balance " + (i < r.balances().size() ? r.balances().get(i) : "?")
                    + " of total " + (i < r.totals().size() ? r.totals().get(i) : "?"));
        }
        r.reasons().forEach(x -> out.println("  reason:   " + x));
        if (r.valid()) {
            out.println("  compare the root with the one the custodian published, and the balances with your statement");
        }
    }

    /** Parses {@code --name value} options and flags; the one positional argument goes under "". */
    private static Map<String, String> options(String[] args, List<String> valued, List<String> flags) {
        Map<String, String> o = new java.util.HashMap<>();
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (a.equals("-h") || a.equals("--help")) {
                o.put("--help", "");
            } else if (valued.contains(a)) {
                if (i + 1 >= args.length) {
                    throw new IllegalArgumentException(a + " needs a value");
                }
                o.put(a, args[++i]);
            } else if (flags.contains(a)) {
                o.put(a, "");
            } else if (a.startsWith("--") || o.containsKey("")) {
                throw new IllegalArgumentException("unexpected argument '" + a + "'");
            } else {
                o.put("", a);
            }
        }
        return o;
    }

    static String[] rest(String[] args) {
        return Arrays.copyOfRange(args, 1, args.length);
    }
}
