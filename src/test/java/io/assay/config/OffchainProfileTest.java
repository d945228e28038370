package io.assay.config;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Off-chain (http) reserve sources in asset profiles: every field read, every mistake named by file and field. */
class OffchainProfileTest {
    private static final String TOKEN = "s3cr3t-bearer-token-value";
    private static final String ETH = """
            name: ethereum
            family: evm
            chainId: 1
            finality: {tag: finalized}
            """;
    private static final String ASSET = """
            id: usdx
            decimals: 6
            reserves:
              - id: bank
                decimals: 2
                http:
                  url: https://custodian.example/v1/reserves?account=7
                  amount: data.total
                  timestamp: data.asOf
                  unit: USD
                  custodian: Example Trust
                  pollInterval: 30s
                  timeout: 5s
                  maxAge: 2h
                  maxChangeBps: 500
                  auth: {header: Authorization, secret: CUSTODIAN_TOKEN}
                  signature: {signer: "0x7e5f4552091a69125d5dfcb7b8c2659029395bdf", header: X-Sig}
            supply:
              - chain: ethereum
                token: "0x2260FAC5E5542a773Aa44fBCfeDf7C193bc2C599"
                decimals: 6
            policy:
              minRatio: "1.0"
            """;

    @TempDir
    Path dir;

    private Profiles load(String asset, Map<String, String> secrets) throws IOException {
        Files.createDirectories(dir.resolve("assets"));
        Files.writeString(dir.resolve("ethereum.yaml"), ETH);
        Files.writeString(dir.resolve("assets/usdx.yaml"), asset);
        return new ProfileLoader(n -> Optional.empty(), n -> Optional.ofNullable(secrets.get(n))).load(dir);
    }

    private ProfileException reject(String asset) {
        return assertThrows(ProfileException.class, () -> load(asset, Map.of("CUSTODIAN_TOKEN", TOKEN)));
    }

    @Test
    void readsEveryFieldOfAnHttpSource() throws IOException {
        ReserveSource r = load(ASSET, Map.of("CUSTODIAN_TOKEN", TOKEN)).asset("usdx").orElseThrow().reserves().get(0);
        assertEquals(SourceKind.HTTP, r.kind());
        assertEquals("offchain.usdx.bank", r.chain());
        assertEquals(2, r.decimals());
        OffchainSource o = r.offchain();
        assertEquals(URI.create("https://custodian.example/v1/reserves?account=7"), o.url());
        assertEquals("data.total", o.amountField());
        assertEquals("data.asOf", o.timestampField());
        assertEquals("USD", o.unit());
        assertEquals("Example Trust", o.custodian());
        assertEquals(Duration.ofSeconds(30), o.pollInterval());
        assertEquals(Duration.ofSeconds(5), o.timeout());
        assertEquals(Duration.ofHours(2), o.maxAge());
        assertEquals(500, o.maxChangeBps());
        assertEquals("Authorization", o.authHeader());
        assertEquals(TOKEN, o.auth().reveal());
        assertEquals("0x7E5F4552091A69125d5DfCb7b8C2659029395Bdf", o.signer());
        assertEquals("X-Sig", o.signatureHeader());
        assertEquals("Example Trust (signed by 0x7E5F4552091A69125d5DfCb7b8C2659029395Bdf)", o.attestedBy());
    }

    @Test
    void theSecretNeverShowsInToString() throws IOException {
        ReserveSource r = load(ASSET, Map.of("CUSTODIAN_TOKEN", TOKEN)).asset("usdx").orElseThrow().reserves().get(0);
        assertFalse(r.toString().contains(TOKEN), r.toString());
        assertFalse(r.offchain().toString().contains("account=7"), "query strings may carry keys: " + r.offchain());
        assertTrue(r.offchain().auth().toString().contains("CUSTODIAN_TOKEN"));
    }

    @Test
    void minimalSourceGetsDefaults() throws IOException {
        String minimal = ASSET.replaceAll("(?s)      custodian:.*?X-Sig}\n", "");
        OffchainSource o = load(minimal, Map.of()).asset("usdx").orElseThrow().reserves().get(0).offchain();
        assertEquals("custodian.example", o.custodian());
        assertEquals(Duration.ofSeconds(60), o.pollInterval());
        assertEquals(Duration.ofHours(1), o.maxAge());
        assertEquals(0, o.maxChangeBps());
        assertNull(o.auth());
        assertNull(o.signer());
    }

    @Test
    void missingSecretNamesTheFieldAndTheVariable() {
        ProfileException e = assertThrows(ProfileException.class, () -> load(ASSET, Map.of()));
        assertTrue(e.getMessage().contains("usdx.yaml"), e.getMessage());
        assertEquals("reserves[0].http.auth.secret", e.field());
        assertTrue(e.getMessage().contains("'CUSTODIAN_TOKEN' is not set"), e.getMessage());
    }

    @Test
    void anHttpSourceHasNoChain() {
        ProfileException e = reject(ASSET.replace("  - id: bank\n", "  - id: bank\n    chain: ethereum\n"));
        assertEquals("reserves[0].chain", e.field());
        assertTrue(e.getMessage().contains("offchain.usdx.bank"), e.getMessage());
    }

    @Test
    void rejectsAUrlThatIsNotHttp() {
        assertEquals("reserves[0].http.url", reject(ASSET.replace("https://custodian.example", "ftp://custodian.example")).field());
    }

    @Test
    void rejectsCredentialsInTheUrlWithoutShowingThem() {
        ProfileException e = reject(ASSET.replace("https://custodian.example", "https://user:pa55word@custodian.example"));
        assertEquals("reserves[0].http.url", e.field());
        assertFalse(e.getMessage().contains("pa55word"), e.getMessage());
    }

    @Test
    void rejectsABadFieldPath() {
        ProfileException e = reject(ASSET.replace("amount: data.total", "amount: \"data..total\""));
        assertEquals("reserves[0].http.amount", e.field());
    }

    @Test
    void rejectsABadSigner() {
        assertEquals("reserves[0].http.signature.signer", reject(ASSET.replace("0x7e5f4552091a69125d5dfcb7b8c2659029395bdf", "0x1234")).field());
    }

    @Test
    void rejectsAnotherSignatureScheme() {
        ProfileException e = reject(ASSET.replace("header: X-Sig}", "header: X-Sig, scheme: jws}"));
        assertEquals("reserves[0].http.signature.scheme", e.field());
    }

    @Test
    void rejectsMissingDecimalsAndUnit() {
        assertEquals("reserves[0].decimals", reject(ASSET.replace("    decimals: 2\n", "")).field());
        assertEquals("reserves[0].http.unit", reject(ASSET.replace("      unit: USD\n", "")).field());
    }

    @Test
    void rejectsUnknownFieldsAndZeroDurations() {
        assertEquals("reserves[0].http.maxage", reject(ASSET.replace("maxAge: 2h", "maxage: 2h")).field());
        assertEquals("reserves[0].http.pollInterval", reject(ASSET.replace("pollInterval: 30s", "pollInterval: 0s")).field());
        assertEquals("reserves[0].http.maxChangeBps", reject(ASSET.replace("maxChangeBps: 500", "maxChangeBps: -1")).field());
    }
}
