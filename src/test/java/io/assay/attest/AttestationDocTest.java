package io.assay.attest;

import io.assay.crypto.Bytes32;
import io.assay.devnet.DevnetPaths;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * docs/attestations.md shows real output of this code: the example signed report (docs/examples/signed-report.json)
 * is what the signer produces for the example input, the CLI output shown is what {@code assay verify} prints,
 * and the ethers script shown verifies the example. Regenerate with {@code -Dattest.docs.write=true}.
 */
class AttestationDocTest {
    static final Path PROJECT = Path.of(System.getProperty("devnet.project-dir", ".")).toAbsolutePath();
    static final Path EXAMPLE = PROJECT.resolve("docs/examples/signed-report.json");
    static final Path DOC = PROJECT.resolve("docs/attestations.md");

    /** The example: anvil's first dev key (a public test key; never use it for anything of value). */
    static SignedReport example() {
        PorReport r = new PorReport("wbtc-demo", BigInteger.valueOf(42), 8,
                new BigInteger("2100000000000"), new BigInteger("2000000000000"),
                1_767_225_600L, 1_767_229_200L,
                List.of(new ChainHeight("bitcoin", 901_234, Bytes32.parse(
                                "0x00000000000000000001d2c8e5bb27c8a6e0a1f6f3c9e3d8b4a2c1e0f9d8c7b6", "h")),
                        new ChainHeight("ethereum", 21_000_000, Bytes32.parse(
                                "0x8f5bab218b6bb34476f51ca588e9f4553a3a7ce5e13a66c660a5283e97e9a85a", "h")),
                        new ChainHeight("polygon", 61_234_567, Bytes32.parse(
                                "0x3f4c1bd0e8e1b1a2f3d4c5b6a7980a1b2c3d4e5f60718293a4b5c6d7e8f90a1b", "h"))));
        return SignedReport.sign(r, ReportDomain.of(1), Reports.key(Reports.ANVIL_KEY));
    }

    static String exampleJson() {
        return SignedReportJson.pretty(SignedReportJson.write(example())) + "\n";
    }

    static String cli(int expectedStatus, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int status = VerifyCommand.run(args, new PrintStream(out, true, StandardCharsets.UTF_8), System.err);
        assertEquals(expectedStatus, status);
        return out.toString(StandardCharsets.UTF_8).replace(EXAMPLE.toString(), "docs/examples/signed-report.json");
    }

    @Test
    void theExampleFileIsWhatTheSignerProduces() throws Exception {
        if (Boolean.getBoolean("attest.docs.write")) {
            Files.writeString(EXAMPLE, exampleJson());
        }
        assertEquals(exampleJson(), Files.readString(EXAMPLE), "regenerate with -Dattest.docs.write=true");
        assertTrue(Files.readString(DOC).contains("```json\n" + exampleJson() + "```"), "docs/attestations.md shows the example");
    }

    @Test
    void theCliOutputShownIsWhatTheCliPrints() throws Exception {
        String valid = cli(0, EXAMPLE.toString(), "--signer", Reports.ANVIL_ADDRESS, "--at", "2026-01-01T00:10:00Z");
        String expired = cli(1, EXAMPLE.toString(), "--at", "2026-01-01T02:00:00Z", "--json");
        if (Boolean.getBoolean("attest.docs.write")) {
            System.out.println("---- cli\n" + valid + "----\n" + expired + "----");
        }
        String doc = Files.readString(DOC);
        assertTrue(doc.contains(valid), "docs/attestations.md shows:\n" + valid);
        assertTrue(doc.contains(expired), "docs/attestations.md shows:\n" + expired);
    }

    @Test
    void theEthersScriptVerifiesTheExample() throws Exception {
        Path devnet = DevnetPaths.devnetDir();
        Process p = new ProcessBuilder(DevnetPaths.node().toString(), devnet.resolve("attest/verify-report.mjs").toString(),
                EXAMPLE.toString()).redirectErrorStream(true).start();
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), out);
        String expected = "{\"signer\":\"" + Reports.ANVIL_ADDRESS + "\",\"digest\":\"" + example().digest().hex()
                + "\",\"digestMatches\":true,\"signerMatches\":true}\n";
        assertEquals(expected, out);
        assertTrue(Files.readString(DOC).contains(expected), "docs/attestations.md shows:\n" + expected);
    }
}
