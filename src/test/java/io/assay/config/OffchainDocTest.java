package io.assay.config;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The asset profile shown in docs/offchain-and-alerts.md loads as documented. */
class OffchainDocTest {
    private static final Path DOC = Path.of(System.getProperty("devnet.project-dir", "."), "docs/offchain-and-alerts.md");

    @TempDir
    Path dir;

    @Test
    void theDocumentedProfileLoads() throws IOException {
        Matcher m = Pattern.compile("(?s)```yaml\n(.*?)```").matcher(Files.readString(DOC));
        assertTrue(m.find(), "a yaml example in " + DOC);
        Files.createDirectories(dir.resolve("assets"));
        Files.writeString(dir.resolve("ethereum.yaml"), "family: evm\nchainId: 1\nfinality: {tag: finalized}\n");
        Files.writeString(dir.resolve("assets/usdx.yaml"), m.group(1));
        Profiles p = new ProfileLoader(n -> Optional.empty(),
                n -> n.equals("CUSTODIAN_TOKEN") ? Optional.of("Bearer x") : Optional.empty()).load(dir);
        OffchainSource o = p.asset("usdx").orElseThrow().reserves().get(0).offchain();
        assertEquals("offchain.usdx.bank", o.chain());
        assertEquals("Example Trust", o.custodian());
        assertEquals(500, o.maxChangeBps());
        assertEquals("0x7E5F4552091A69125d5DfCb7b8C2659029395Bdf", o.signer());
    }
}
