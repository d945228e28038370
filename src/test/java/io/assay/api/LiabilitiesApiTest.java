package io.assay.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** {@code POST /v1/liabilities/verify} on the shared vectors (src/test/resources/liabilities/vectors.json). */
@QuarkusTest
class LiabilitiesApiTest {
    @Test
    void everyVectorAnswersAsExpected() throws Exception {
        JsonNode vectors = new ObjectMapper().readTree(Files.readAllBytes(Path.of("src/test/resources/liabilities/vectors.json")));
        assertEquals(23, vectors.size());
        for (JsonNode v : vectors) {
            String url = "/v1/liabilities/verify" + (v.get("root").isNull() ? "" : "?root=" + v.get("root").asText());
            ValidatableResponse r = given().contentType(ContentType.JSON).body(v.get("proof").toString()).post(url)
                    .then().statusCode(200).contentType(containsString("application/json"))
                    .body("valid", equalTo(v.get("valid").asBoolean()));
            if (v.get("valid").asBoolean()) {
                r.body("reasons", empty()).body("user", equalTo(v.at("/proof/user").asText()))
                        .body("root", equalTo(v.at("/proof/publication/root").asText()));
            } else {
                r.body("reasons", hasItem(containsString(v.get("reason").asText())));
            }
        }
    }

    @Test
    void everyBinaryTwinAnswersAsItsJson() throws Exception {
        JsonNode vectors = new ObjectMapper().readTree(Files.readAllBytes(Path.of("src/test/resources/liabilities/vectors.json")));
        int twins = 0;
        for (JsonNode v : vectors) {
            if (v.get("binary").isNull()) {
                continue;
            }
            twins++;
            byte[] bin = java.util.Base64.getUrlDecoder().decode(v.get("binary").asText());
            String url = "/v1/liabilities/verify" + (v.get("root").isNull() ? "" : "?root=" + v.get("root").asText());
            JsonNode json = new ObjectMapper().readTree(given().contentType(ContentType.JSON).body(v.get("proof").toString())
                    .post(url).then().statusCode(200).extract().asString());
            JsonNode binary = new ObjectMapper().readTree(given().contentType("application/octet-stream").body(bin)
                    .post(url).then().statusCode(200).contentType(containsString("application/json")).extract().asString());
            assertEquals(json, binary, v.get("name").asText() + ": the same answer for the binary form");
            assertEquals(v.get("valid").asBoolean(), binary.get("valid").asBoolean(), v.get("name").asText());
        }
        assertEquals(20, twins);
        byte[] alice = java.util.Base64.getUrlDecoder().decode(vectors.get(0).get("binary").asText());
        byte[] trailing = java.util.Arrays.copyOf(alice, alice.length + 1);
        given().contentType("application/octet-stream").body(trailing).post("/v1/liabilities/verify")
                .then().statusCode(400).contentType("application/problem+json")
                .body("type", equalTo("urn:assay:problem:malformed-proof"))
                .body("detail", equalTo("binary proof: 1 trailing bytes after the proof, at byte " + alice.length));
        given().contentType("application/octet-stream").body(vectors.get(0).get("proof").toString().getBytes())
                .post("/v1/liabilities/verify").then().statusCode(400)
                .body("detail", equalTo("binary proof: not a binary liabilities proof (expected the magic 'ALP')"));
    }

    @Test
    void theAnswerCarriesTheUsersBalancesAndTheTotals() throws Exception {
        JsonNode alice = new ObjectMapper().readTree(Files.readAllBytes(Path.of("src/test/resources/liabilities/vectors.json"))).get(0);
        given().contentType(ContentType.JSON).body(alice.get("proof").toString()).post("/v1/liabilities/verify")
                .then().statusCode(200)
                .body("balances.btc", equalTo("150000000"))
                .body("balances.eth", equalTo("2000000000000000000"))
                .body("totals.usdt", equalTo("1250000001"))
                .body("publication", equalTo("vectors-2026-12-03"));
    }

    @Test
    void unreadableBodiesAndParametersAreProblems() {
        given().contentType(ContentType.JSON).body("{\"format\": ").post("/v1/liabilities/verify")
                .then().statusCode(400).contentType("application/problem+json")
                .body("type", equalTo("urn:assay:problem:malformed-json"))
                .body("detail", containsString("request body: not JSON"));
        given().contentType(ContentType.JSON).body("").post("/v1/liabilities/verify")
                .then().statusCode(400).contentType("application/problem+json")
                .body("type", equalTo("urn:assay:problem:malformed-proof"));
        given().contentType(ContentType.JSON).body("{}").post("/v1/liabilities/verify?root=0x12")
                .then().statusCode(400).contentType("application/problem+json")
                .body("type", equalTo("urn:assay:problem:bad-parameter"))
                .body("detail", equalTo("query parameter: root: expected 0x and 64 hex digits"));
        given().contentType(ContentType.JSON).body("[1]").post("/v1/liabilities/verify")
                .then().statusCode(200).body("valid", equalTo(false))
                .body("reasons", hasItem(equalTo("the proof is not a JSON object")))
                .body("reasons", not(empty()));
    }
}
