package io.assay;

import io.assay.attest.ChainHeight;
import io.assay.attest.PorReport;
import io.assay.attest.ReportDomain;
import io.assay.attest.SignedReport;
import io.assay.attest.SignedReportJson;
import io.assay.attest.SigningKey;
import io.assay.crypto.Bytes32;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code java -jar assay-runner.jar verify report.json} as a user runs it: no configuration, no key, no profiles
 * folder (it runs in an empty folder), no HTTP server; exit status 0 / 1 / 2.
 */
class VerifyCliIT {
    private static final Path JAR = Path.of(System.getProperty("devnet.runner-jar",
            "target/assay-0.1.0-SNAPSHOT-runner.jar")).toAbsolutePath();
    static final SigningKey KEY = SigningKey.parse("59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d".toCharArray(), "t");

    @TempDir
    Path tmp;

    record Run(int status, String output, long millis) {
    }

    Run verify(String... args) throws Exception {
        String java = ProcessHandle.current().info().command().orElseThrow();
        List<String> cmd = new ArrayList<>(List.of(java, "-jar", JAR.toString(), "verify"));
        cmd.addAll(List.of(args));
        Path out = tmp.resolve("out-" + System.nanoTime());
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(tmp.toFile()).redirectErrorStream(true).redirectOutput(out.toFile());
        pb.environment().remove("ASSAY_ATTEST_KEY");
        long t0 = System.nanoTime();
        Process p = pb.start();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "verify exits");
        return new Run(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8), (System.nanoTime() - t0) / 1_000_000);
    }

    Path report(long timestamp, long validUntil) throws Exception {
        PorReport r = new PorReport("wbtc-demo", BigInteger.valueOf(9), 8, BigInteger.valueOf(105), BigInteger.valueOf(100),
                timestamp, validUntil, List.of(new ChainHeight("ethereum", 12, Bytes32.parse("0x" + "ab".repeat(32), "h"))));
        Path f = tmp.resolve("report-" + System.nanoTime() + ".json");
        Files.writeString(f, SignedReportJson.write(SignedReport.sign(r, ReportDomain.of(1), KEY)).toPrettyString());
        return f;
    }

    @Test
    void validInvalidAndUnreadableReportsGiveExitStatusZeroOneTwo() throws Exception {
        long now = Instant.now().getEpochSecond();
        Run ok = verify(report(now - 5, now + 600).toString(), "--signer", KEY.address(), "--max-age", "1h");
        assertEquals(0, ok.status(), ok.output());
        assertTrue(ok.output().startsWith("VALID: report for wbtc-demo round 9"), ok.output());
        assertTrue(ok.output().contains("  signer:      " + KEY.address()), ok.output());
        assertFalse(ok.output().contains("Listening on") || ok.output().contains("Quarkus"), "no server starts:\n" + ok.output());
        assertFalse(ok.output().contains("ERROR") || ok.output().contains("LogManager"), "nothing but the result:\n" + ok.output());

        Run expired = verify(report(now - 7200, now - 3600).toString());
        assertEquals(1, expired.status(), expired.output());
        assertTrue(expired.output().contains("  reason:      expired at "), expired.output());

        Path bad = tmp.resolve("bad.json");
        Files.writeString(bad, "not json");
        Run unreadable = verify(bad.toString());
        assertEquals(2, unreadable.status(), unreadable.output());
        assertTrue(unreadable.output().startsWith("assay verify: " + bad + ": not valid JSON: "), unreadable.output());
        System.out.printf("assay verify wall time: valid %d ms, expired %d ms, unreadable %d ms%n",
                ok.millis(), expired.millis(), unreadable.millis());
    }
}
