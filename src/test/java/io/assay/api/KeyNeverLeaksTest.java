package io.assay.api;

import io.assay.attest.ChainHeight;
import io.assay.attest.PorReport;
import io.assay.attest.ReportSigner;
import io.assay.attest.SignedReportJson;
import io.assay.crypto.Bytes32;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * With a key from a file (as a mounted Kubernetes Secret gives it) and debug logging, the key's hex appears in no
 * API answer, no metric and no log line, while the signer address does.
 */
@QuarkusTest
@TestProfile(KeyNeverLeaksTest.KeyFile.class)
class KeyNeverLeaksTest {
    // Quarkus loads the profile and the test in different class loaders: share the key and folder through
    // system properties so both sides see the same ones.
    static final String KEY = shared("keyleak.test.key", () -> HexFormat.of().formatHex(new SecureRandom().generateSeed(32)));
    static final Path DIR = Path.of(shared("keyleak.test.dir", () -> tempDir().toString()));
    static final Path KEY_FILE = DIR.resolve("signing-key");
    static final Path LOG = DIR.resolve("assay.log");

    public static class KeyFile implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            try {
                Files.writeString(KEY_FILE, "0x" + KEY + "\n");
                Files.setPosixFilePermissions(KEY_FILE, PosixFilePermissions.fromString("r--------"));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return Map.of("assay.attest.key-file", KEY_FILE.toString(),
                    "assay.attest.ephemeral-key", "false",
                    "assay.attest.chain-id", "137",
                    "quarkus.log.file.enabled", "true",
                    "quarkus.log.file.path", LOG.toString(),
                    "quarkus.log.category.\"io.assay\".level", "DEBUG");
        }
    }

    static synchronized String shared(String property, java.util.function.Supplier<String> init) {
        String v = System.getProperty(property);
        if (v == null) {
            v = init.get();
            System.setProperty(property, v);
        }
        return v;
    }

    static Path tempDir() {
        try {
            return Files.createTempDirectory("assay-key-test");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Inject
    ReportSigner signer;

    static List<String> forms() {
        return List.of(KEY, KEY.toUpperCase(Locale.ROOT), KEY.substring(0, 16), KEY.substring(48));
    }

    static void assertNoKey(String where, String text) {
        for (String f : forms()) {
            assertFalse(text.toLowerCase(Locale.ROOT).contains(f.toLowerCase(Locale.ROOT)), where + " contains key material");
        }
    }

    @Test
    void theKeyIsNowhereButTheAddressIs() throws Exception {
        String address = signer.address().orElseThrow();
        // the node really uses the key this test greps for
        assertEquals("0x" + KEY + "\n", Files.readString(KEY_FILE));
        assertEquals(io.assay.attest.SigningKey.parse(KEY.toCharArray(), "test").address(), address);
        List<String> answers = new ArrayList<>();
        answers.add(given().get("/v1/attestations").then().statusCode(200).extract().asString());
        answers.add(given().get("/q/metrics").then().statusCode(200).extract().asString());
        answers.add(given().get("/q/health").then().extract().asString());
        long now = Instant.now().getEpochSecond();
        String signed = SignedReportJson.write(signer.sign(new PorReport("wbtc", BigInteger.ONE, 8, BigInteger.TEN,
                BigInteger.TWO, now, now + 60, List.of(new ChainHeight("bitcoin", 1, Bytes32.parse("0x" + "00".repeat(32), "h")))))
                .orElseThrow()).toString();
        answers.add(signed);
        answers.add(given().contentType(ContentType.JSON).body(signed).post("/v1/attestations/verify")
                .then().statusCode(200).extract().asString());
        answers.add(given().contentType(ContentType.JSON).body("{oops").post("/v1/attestations/verify")
                .then().statusCode(400).extract().asString());
        answers.add(given().get("/q/openapi").then().extract().asString());
        for (String a : answers) {
            assertNoKey("an API answer", a);
        }
        assertTrue(answers.get(0).contains(address));
        assertTrue(answers.get(1).contains("assay_signer_info{chain_id=\"137\",signer=\"" + address + "\"} 1.0"));

        String log = Files.readString(LOG);
        assertNoKey("the log", log);
        assertTrue(log.contains("attestations: signer " + address + " (key from key file " + KEY_FILE + ")"), log);
        assertNoKey("the signer bean's toString", signer.toString());
    }
}
