package io.assay.attest;

import io.assay.devnet.DevnetPaths;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Signed reports written by the Java side verify with ethers v6 ({@code chains/devnet/attest/verify-ethers.test.mjs}),
 * an independent EIP-712 implementation, as any user of ethers or viem would check them.
 */
class EthersCrossCheckTest {
    @TempDir
    Path tmp;

    @Test
    void ethersVerifiesOurReports() throws Exception {
        Path devnet = DevnetPaths.devnetDir();
        assertTrue(Files.isDirectory(devnet.resolve("node_modules/ethers")),
                "ethers is missing from " + devnet.resolve("node_modules") + ": run 'npm install' in " + devnet);
        SigningKey key = SigningKey.generate(new SecureRandom());
        write("plain.json", SignedReport.sign(Reports.sample(), ReportDomain.of(1), key));
        write("contract.json", SignedReport.sign(Reports.sample(), ReportDomain.of(137, "0x5FbDB2315678afecb367f032d93F642f64180aa3"), key));
        write("nothing-circulates.json", SignedReport.sign(new PorReport("empty", BigInteger.ZERO, 0, BigInteger.TEN,
                BigInteger.ZERO, 1, 2, List.of()), ReportDomain.of(43114), key));
        write("huge.json", SignedReport.sign(new PorReport("huge", ReportMessage.UINT80_MAX, 255, ReportMessage.UINT256_MAX,
                BigInteger.ONE, Long.MAX_VALUE - 1, Long.MAX_VALUE, Reports.sample().heights()), ReportDomain.of(1), key));
        // a solvency report (PorSolvencyReport with its nested Liabilities struct)
        PorReport base = Reports.sample();
        write("solvency.json", SignedReport.sign(base.withLiabilities(ReportLiabilities.of(
                io.assay.crypto.Bytes32.parse("0x" + "c1".repeat(32), "root"), new BigInteger("2050000000000"), 1L << 20,
                Reports.T0 - 3600, base.reserves())), ReportDomain.of(1), key));

        ProcessBuilder pb = new ProcessBuilder(DevnetPaths.node().toString(), "--test",
                devnet.resolve("attest/verify-ethers.test.mjs").toString())
                .directory(devnet.toFile()).redirectErrorStream(true);
        pb.environment().put("ASSAY_REPORTS", tmp.toString());
        Process p = pb.start();
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "node --test finishes");
        assertEquals(0, p.exitValue(), out);
        assertTrue(out.contains("# pass 15") && out.contains("# fail 0"), out);
    }

    private void write(String name, SignedReport s) throws Exception {
        Files.writeString(tmp.resolve(name), SignedReportJson.write(s).toPrettyString());
    }
}
