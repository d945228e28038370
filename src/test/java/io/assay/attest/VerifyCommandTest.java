package io.assay.attest;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code assay verify}, run in-process (the packaged jar is exercised by VerifyCliIT). */
class VerifyCommandTest {
    @TempDir
    Path tmp;

    record Run(int status, String out, String err) {
    }

    Run run(String stdin, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = VerifyCommand.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8),
                new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)));
        return new Run(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    Path write(ObjectNode json) throws Exception {
        Path f = tmp.resolve("report-" + System.nanoTime() + ".json");
        Files.writeString(f, json.toPrettyString());
        return f;
    }

    @Test
    void aValidReportExitsZeroAndSaysWhoSignedIt() throws Exception {
        Path f = write(SignedReportJson.write(Reports.signed()));
        Run r = run("", f.toString(), "--signer", Reports.ANVIL_ADDRESS, "--at", "2026-01-01T00:10:00Z", "--max-age", "1h");
        assertEquals(0, r.status(), r.err() + r.out());
        assertTrue(r.out().startsWith("VALID: report for wbtc-demo round 42 as of 2026-01-01T00:00:00Z\n"), r.out());
        assertTrue(r.out().contains("  signer:      " + Reports.ANVIL_ADDRESS + "\n"), r.out());
        assertTrue(r.out().contains("  digest:      " + Reports.signed().digest().hex() + "\n"), r.out());
        assertTrue(r.out().contains("  ratio:       1.05\n"), r.out());
    }

    @Test
    void aSolvencyReportVerifiesAndShowsItsLiabilities() throws Exception {
        PorReport base = Reports.sample();
        io.assay.crypto.Bytes32 root = io.assay.crypto.Bytes32.parse("0x" + "c1".repeat(32), "root");
        SignedReport s = SignedReport.sign(base.withLiabilities(ReportLiabilities.of(root,
                new java.math.BigInteger("2200000000000"), 1024, Reports.T0 - 86_400, base.reserves())),
                ReportDomain.of(1), Reports.key(Reports.ANVIL_KEY));
        Path f = write(SignedReportJson.write(s));
        Run r = run("", f.toString(), "--signer", Reports.ANVIL_ADDRESS, "--at", "2026-01-01T00:10:00Z");
        assertEquals(0, r.status(), r.err() + r.out());
        assertTrue(r.out().contains("  liabilities: 2200000000000 (raw units; root " + root.hex()
                + ", 1024 leaves, published 2025-12-31T00:00:00Z)\n"), r.out());
        assertTrue(r.out().contains("  solvency:    0.954545454545454545 (INSOLVENT: reserves below liabilities)\n"), r.out());
        // the signed view cannot be edited to look solvent
        com.fasterxml.jackson.databind.node.ObjectNode json = SignedReportJson.write(s);
        ((com.fasterxml.jackson.databind.node.ObjectNode) json.path("report").path("liabilities")).put("solvent", true);
        r = run("", write(json).toString(), "--at", "2026-01-01T00:10:00Z");
        assertEquals(1, r.status(), r.out());
        assertTrue(r.out().contains("report.liabilities is "), r.out());
        // nor the typed data's ratio
        json = SignedReportJson.write(s);
        ((com.fasterxml.jackson.databind.node.ObjectNode) json.path("typedData").path("message").path("liabilities"))
                .put("ratio", "1000000000000000000");
        r = run("", write(json).toString(), "--at", "2026-01-01T00:10:00Z");
        assertEquals(1, r.status(), r.out());
        assertTrue(r.out().contains("liabilities ratio 1000000000000000000 is not floor(reserves * 1e18 / liabilities) = "
                + "954545454545454545"), r.out());
    }

    @Test
    void anExpiredOrWronglySignedReportExitsOneWithReasons() throws Exception {
        Path f = write(SignedReportJson.write(Reports.signed()));
        Run r = run("", f.toString(), "--at", String.valueOf(Reports.T0 + 7200));
        assertEquals(1, r.status());
        assertTrue(r.out().startsWith("INVALID: "), r.out());
        assertTrue(r.out().contains("  reason:      expired at 2026-01-01T01:00:00Z (now 2026-01-01T02:00:00Z)\n"), r.out());

        r = run("", f.toString(), "--at", String.valueOf(Reports.T0), "--signer", "0x70997970C51812dc3A010C7d01b50e0d17dc79C8", "--json");
        assertEquals(1, r.status());
        ObjectNode json = (ObjectNode) SignedReportJson.mapper().readTree(r.out());
        assertEquals(false, json.get("valid").asBoolean());
        assertEquals(Reports.ANVIL_ADDRESS, json.get("signer").asText());
        assertEquals("expected signer 0x70997970C51812dc3A010C7d01b50e0d17dc79C8; signed by " + Reports.ANVIL_ADDRESS,
                json.get("reasons").get(0).asText());
    }

    @Test
    void standardInputIsRead() throws Exception {
        Run r = run(SignedReportJson.write(Reports.signed()).toString(), "-", "--at", String.valueOf(Reports.T0));
        assertEquals(0, r.status(), r.err());
    }

    @Test
    void unreadableInputAndBadUsageExitTwo() throws Exception {
        Path bad = tmp.resolve("bad.json");
        Files.writeString(bad, "{\"report\": {");
        Run r = run("", bad.toString());
        assertEquals(2, r.status());
        assertTrue(r.err().startsWith("assay verify: " + bad + ": not valid JSON: "), r.err());

        r = run("", tmp.resolve("missing.json").toString());
        assertEquals(2, r.status());
        assertTrue(r.err().startsWith("assay verify: " + tmp.resolve("missing.json") + ": cannot read (NoSuchFileException"), r.err());

        r = run("", bad.toString(), "--max-age", "soon");
        assertEquals(2, r.status());
        assertTrue(r.err().startsWith("assay verify: expected a duration such as 250ms"), r.err());

        r = run("");
        assertEquals(2, r.status());
        assertTrue(r.err().startsWith("assay verify: missing the report file"), r.err());
    }
}
