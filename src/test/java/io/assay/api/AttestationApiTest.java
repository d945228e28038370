package io.assay.api;

import io.assay.attest.ChainHeight;
import io.assay.attest.PorReport;
import io.assay.attest.ReportDomain;
import io.assay.attest.ReportSigner;
import io.assay.attest.SignedReport;
import io.assay.attest.SignedReportJson;
import io.assay.attest.SigningKey;
import io.assay.crypto.Bytes32;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.math.BigInteger;
import java.time.Instant;
import java.util.List;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code /v1/attestations} with the test profile's fresh in-memory key. */
@QuarkusTest
class AttestationApiTest {
    static final SigningKey ANVIL = SigningKey.parse(
            "ac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80".toCharArray(), "test");

    @Inject
    ReportSigner signer;

    static PorReport report(long timestamp, long validUntil) {
        return new PorReport("wbtc-demo", BigInteger.valueOf(3), 8, BigInteger.valueOf(2_100_000_000_000L),
                BigInteger.valueOf(2_000_000_000_000L), timestamp, validUntil,
                List.of(new ChainHeight("ethereum", 100, Bytes32.parse("0x" + "11".repeat(32), "h"))));
    }

    static String json(SignedReport s) {
        return SignedReportJson.write(s).toString();
    }

    @Test
    void theNodeShowsItsSignerAndDomain() {
        given().get("/v1/attestations").then().statusCode(200)
                .body("signing", equalTo(true))
                .body("signer", equalTo(signer.address().orElseThrow()))
                .body("signer", matchesPattern("0x[0-9a-fA-F]{40}"))
                .body("domain.name", equalTo("Assay"))
                .body("domain.version", equalTo("1"))
                .body("domain.chainId", equalTo(1))
                .body("primaryType", equalTo("PorReport"))
                .body("encodedType", startsWith("PorReport(bytes32 assetId,uint80 roundId,"))
                .body("types.ChainHeight.name", equalTo(List.of("chain", "height", "blockHash")));
    }

    @Test
    void theSignerAddressIsAMetricsLabel() {
        String metrics = given().get("/q/metrics").then().statusCode(200).extract().asString();
        String line = "assay_signer_info{chain_id=\"1\",signer=\"" + signer.address().orElseThrow() + "\"} 1.0";
        assertTrue(metrics.contains(line), metrics.lines().filter(l -> l.contains("signer")).toList().toString());
    }

    @Test
    void aReportThisNodeSignedVerifies() {
        long now = Instant.now().getEpochSecond();
        SignedReport s = signer.sign(report(now - 10, now + 3600)).orElseThrow();
        given().contentType(ContentType.JSON).body(json(s)).post("/v1/attestations/verify?maxAge=1h&chainId=1")
                .then().statusCode(200)
                .body("valid", equalTo(true))
                .body("signer", equalTo(signer.address().orElseThrow()))
                .body("digest", equalTo(s.digest().hex()))
                .body("reasons", empty())
                .body("signedByThisNode", equalTo(true));
    }

    @Test
    void aReportByAnotherSignerVerifiesButIsNotThisNodes() {
        long now = Instant.now().getEpochSecond();
        SignedReport s = SignedReport.sign(report(now - 10, now + 3600), ReportDomain.of(1), ANVIL);
        given().contentType(ContentType.JSON).body(json(s)).post("/v1/attestations/verify?signer=" + ANVIL.address())
                .then().statusCode(200)
                .body("valid", equalTo(true))
                .body("signer", equalTo(ANVIL.address()))
                .body("signedByThisNode", equalTo(false));
        given().contentType(ContentType.JSON).body(json(s))
                .post("/v1/attestations/verify?signer=" + signer.address().orElseThrow())
                .then().statusCode(200)
                .body("valid", equalTo(false))
                .body("reasons", hasItem("expected signer " + signer.address().orElseThrow() + "; signed by " + ANVIL.address()));
    }

    @Test
    void anExpiredReportIsInvalidWithItsReason() {
        SignedReport s = SignedReport.sign(report(1_767_225_600L, 1_767_229_200L), ReportDomain.of(1), ANVIL);
        given().contentType(ContentType.JSON).body(json(s)).post("/v1/attestations/verify")
                .then().statusCode(200)
                .body("valid", equalTo(false))
                .body("signer", equalTo(ANVIL.address()))
                .body("reasons[0]", startsWith("expired at 2026-01-01T01:00:00Z (now "));
    }

    @Test
    void malformedJsonIsAProblem() {
        given().contentType(ContentType.JSON).body("{\"report\": {\"assetId\": ").post("/v1/attestations/verify")
                .then().statusCode(400)
                .contentType("application/problem+json")
                .body("type", equalTo("urn:assay:problem:malformed-json"))
                .body("title", equalTo("Malformed JSON"))
                .body("status", equalTo(400))
                .body("detail", startsWith("request body: not valid JSON: "));
    }

    @Test
    void aMalformedReportOrParameterIsAProblemNamingTheField() {
        long now = Instant.now().getEpochSecond();
        String body = json(SignedReport.sign(report(now, now + 60), ReportDomain.of(1), ANVIL))
                .replace("\"decimals\":8", "\"decimals\":300");
        given().contentType(ContentType.JSON).body(body).post("/v1/attestations/verify")
                .then().statusCode(400)
                .contentType("application/problem+json")
                .body("type", equalTo("urn:assay:problem:malformed-report"))
                .body("detail", equalTo("request body: typedData.message.decimals: 300 is out of range for uint8"));
        given().contentType(ContentType.JSON).body("{}").post("/v1/attestations/verify?maxAge=soon")
                .then().statusCode(400)
                .body("type", equalTo("urn:assay:problem:bad-parameter"))
                .body("detail", containsString("found 'soon'"));
        given().contentType(ContentType.JSON).body("").post("/v1/attestations/verify")
                .then().statusCode(400)
                .body("detail", equalTo("request body is empty; expected a signed report as JSON"));
    }

    @Test
    void unknownApiPathsAreProblemsToo() {
        given().get("/v1/attestations/nope").then().statusCode(404)
                .contentType("application/problem+json")
                .body("status", equalTo(404))
                .body("title", equalTo("Not Found"));
    }
}
