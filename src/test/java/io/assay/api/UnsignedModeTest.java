package io.assay.api;

import io.assay.attest.PorReport;
import io.assay.attest.ReportSigner;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.math.BigInteger;
import java.util.List;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** With {@code assay.attest.allow-unsigned=true} and no key, the node starts, says it does not sign, and signs nothing. */
@QuarkusTest
@TestProfile(UnsignedModeTest.Unsigned.class)
class UnsignedModeTest {
    public static class Unsigned implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("assay.attest.ephemeral-key", "false", "assay.attest.allow-unsigned", "true");
        }
    }

    @Inject
    ReportSigner signer;

    @Test
    void theNodeSaysItDoesNotSignAndSignsNothing() {
        given().get("/v1/attestations").then().statusCode(200)
                .body("signing", equalTo(false))
                .body("signer", nullValue());
        String metrics = given().get("/q/metrics").then().statusCode(200).extract().asString();
        assertTrue(metrics.contains("assay_signer_info{chain_id=\"1\",signer=\"none\"} 1.0"), metrics);
        assertTrue(signer.sign(new PorReport("wbtc", BigInteger.ONE, 8, BigInteger.ONE, BigInteger.ONE, 0, 1, List.of()))
                .isEmpty());
    }
}
