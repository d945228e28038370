package io.assay.attest;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.assay.config.AssayConfig;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;

/**
 * {@code assay verify <report.json|-> [--signer 0x..] [--max-age 1h] [--chain-id N] [--verifying-contract 0x..]
 * [--at <time>] [--json]}: verifies a signed report offline, without starting the service (no configuration, no
 * network). Exit status: 0 valid, 1 invalid (reasons printed), 2 unreadable input or bad usage.
 */
public final class VerifyCommand {
    public static final int VALID = 0;
    public static final int INVALID = 1;
    public static final int UNREADABLE = 2;

    static final String USAGE = """
            usage: assay verify <report.json | -> [options]
              --signer 0x..               require this signer address
              --max-age <duration>        require the as-of time to be at most this old (e.g. 90s, 1h, PT1H)
              --chain-id <n>              require the report to be signed for this EIP-712 chain id
              --verifying-contract 0x..   require the report to be signed for this verifying contract
              --at <time>                 verify as of this time (ISO-8601 or Unix seconds) instead of now
              --json                      print the result as JSON ({valid, signer, digest, reasons})
            exit status: 0 valid, 1 invalid, 2 unreadable input or bad usage""";

    private VerifyCommand() {
    }

    public static int run(String[] args, PrintStream out, PrintStream err) {
        return run(args, out, err, System.in);
    }

    static int run(String[] args, PrintStream out, PrintStream err, java.io.InputStream stdin) {
        String file = null;
        Expectations expect = Expectations.none();
        Instant now = Instant.now();
        boolean json = false;
        try {
            for (int i = 0; i < args.length; i++) {
                String a = args[i];
                switch (a) {
                    case "--signer" -> expect = expect.withSigner(value(args, ++i, a));
                    case "--max-age" -> expect = expect.withMaxAge(AssayConfig.duration(value(args, ++i, a)));
                    case "--chain-id" -> expect = expect.withChainId(parseLong(value(args, ++i, a), a));
                    case "--verifying-contract" -> expect = expect.withVerifyingContract(value(args, ++i, a));
                    case "--at" -> now = parseTime(value(args, ++i, a));
                    case "--json" -> json = true;
                    case "-h", "--help" -> {
                        out.println(USAGE);
                        return VALID;
                    }
                    default -> {
                        if (a.startsWith("--") || file != null) {
                            throw new IllegalArgumentException("unexpected argument '" + a + "'");
                        }
                        file = a;
                    }
                }
            }
            if (file == null) {
                throw new IllegalArgumentException("missing the report file (or - for standard input)");
            }
        } catch (IllegalArgumentException e) {
            err.println("assay verify: " + e.getMessage());
            err.println(USAGE);
            return UNREADABLE;
        }

        byte[] bytes;
        try {
            bytes = file.equals("-") ? stdin.readAllBytes() : Files.readAllBytes(Path.of(file));
        } catch (IOException | java.nio.file.InvalidPathException e) {
            err.println("assay verify: " + file + ": cannot read (" + e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : ": " + e.getMessage()) + ")");
            return UNREADABLE;
        }
        SignedReportJson.Read read;
        try {
            read = SignedReportJson.read(bytes);
        } catch (TypedDataException e) {
            err.println("assay verify: " + file + ": " + e.getMessage());
            return UNREADABLE;
        }
        VerificationResult r = Verifier.verify(read, expect, now);
        if (json) {
            out.println(SignedReportJson.pretty(toJson(r)));
        } else {
            print(out, read.report(), r);
        }
        return r.valid() ? VALID : INVALID;
    }

    /** The result as the API returns it: {@code {valid, signer, digest, reasons}}. */
    public static ObjectNode toJson(VerificationResult r) {
        ObjectNode n = JsonNodeFactory.instance.objectNode();
        n.put("valid", r.valid());
        if (r.signer().isPresent()) {
            n.put("signer", r.signer().get());
        } else {
            n.putNull("signer");
        }
        n.put("digest", r.digest().hex());
        var reasons = n.putArray("reasons");
        r.reasons().forEach(reasons::add);
        return n;
    }

    private static void print(PrintStream out, SignedReport s, VerificationResult r) {
        ReportMessage m = s.message();
        out.println((r.valid() ? "VALID" : "INVALID") + ": report for " + s.assetId() + " round " + m.roundId()
                + " as of " + Times.iso(m.timestamp()));
        out.println("  signer:      " + r.signer().orElse("(not recoverable)")
                + (r.signer().map(a -> a.equals(m.signer())).orElse(true) ? "" : " (report names " + m.signer() + ")"));
        out.println("  digest:      " + r.digest().hex());
        out.println("  domain:      " + s.domain().name() + "/" + s.domain().version() + " chainId " + s.domain().chainId()
                + s.domain().verifyingContract().map(c -> " verifyingContract " + c).orElse(""));
        out.println("  reserves:    " + m.reserves() + " (raw units, " + m.decimals() + " decimals)");
        out.println("  circulating: " + m.circulating());
        out.println("  ratio:       " + ReportMessage.ratioText(m.ratio()));
        out.println("  valid until: " + Times.iso(m.validUntil()));
        if (m.liabilities() != null) {
            ReportLiabilities l = m.liabilities();
            out.println("  liabilities: " + l.total() + " (raw units; root " + l.root().hex() + ", " + l.leaves()
                    + " leaves, published " + Times.iso(l.publishedAt()) + ")");
            out.println("  solvency:    " + ReportMessage.ratioText(l.ratio()) + (l.solvent(m.reserves()) ? " (solvent)"
                    : " (INSOLVENT: reserves below liabilities)"));
        }
        for (ChainHeight h : m.heights()) {
            out.println("  height:      " + h.chain() + " " + h.height() + " " + h.blockHash().hex());
        }
        for (String reason : r.reasons()) {
            out.println("  reason:      " + reason);
        }
    }

    private static String value(String[] args, int i, String option) {
        if (i >= args.length) {
            throw new IllegalArgumentException(option + " needs a value");
        }
        return args[i];
    }

    private static long parseLong(String s, String option) {
        try {
            return Long.parseLong(s);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(option + ": expected an integer, found '" + s + "'");
        }
    }

    private static Instant parseTime(String s) {
        try {
            return s.chars().allMatch(Character::isDigit) ? Instant.ofEpochSecond(Long.parseLong(s)) : Instant.parse(s);
        } catch (DateTimeParseException | NumberFormatException e) {
            throw new IllegalArgumentException("--at: expected an ISO-8601 time (2026-01-01T00:00:00Z) or Unix seconds, found '" + s + "'");
        }
    }
}
