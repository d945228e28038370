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
