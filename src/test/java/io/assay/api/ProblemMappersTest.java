package io.assay.api;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.Test;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.startsWith;

/** Every error of a JSON resource is application/problem+json (RFC 9457) with type, title, status and detail. */
@QuarkusTest
class ProblemMappersTest {
    @Test
    void syntaxErrorsInAJsonBodyNameLineAndColumn() {
        given().contentType(ContentType.JSON).body("{\"asset\": \"wbtc\",\n \"value\": }").post("/test-only/echo")
                .then().statusCode(400).contentType("application/problem+json")
                .body("type", equalTo("urn:assay:problem:malformed-json"))
                .body("title", equalTo("Malformed JSON"))
                .body("status", equalTo(400))
                .body("detail", startsWith("request body: Unexpected character ('}'"))
                .body("detail", containsString("(line 2, column 11)"));
    }

    @Test
    void aWronglyTypedFieldIsAProblemToo() {
        given().contentType(ContentType.JSON).body("{\"asset\": \"wbtc\", \"value\": \"many\"}").post("/test-only/echo")
                .then().statusCode(400).contentType("application/problem+json")
                .body("type", equalTo("urn:assay:problem:malformed-json"))
                .body("detail", startsWith("request body: field 'value': expected an integer, found a string"))
                .body("detail", not(containsString("io.assay")));
    }

    @Test
    void resourcesRaiseTheirOwnProblems() {
        given().contentType(ContentType.JSON).body("{\"asset\": \"wbtc\", \"value\": -1}").post("/test-only/echo")
                .then().statusCode(400).contentType("application/problem+json")
                .body("type", equalTo("urn:assay:problem:negative-amount"))
                .body("detail", equalTo("value: must not be negative, found -1"));
        given().contentType(ContentType.JSON).body("{\"asset\": \"wbtc\", \"value\": 5}").post("/test-only/echo")
                .then().statusCode(200).body("value", equalTo(5));
    }

    @Test
    void unexpectedErrorsSayNothingInternal() {
        given().contentType(ContentType.JSON).body("{\"asset\": \"wbtc\", \"value\": 13}").post("/test-only/echo")
                .then().statusCode(500).contentType("application/problem+json")
                .body("type", equalTo("urn:assay:problem:internal"))
                .body("detail", startsWith("unexpected error; the server log has details under id "))
                .body("detail", not(containsString("internal detail")));
    }

    @Test
    void wrongMethodAndMediaTypeAreProblems() {
        given().get("/test-only/echo").then().statusCode(405).contentType("application/problem+json")
                .body("status", equalTo(405));
        given().contentType(ContentType.TEXT).body("x").post("/test-only/echo").then().statusCode(415)
                .contentType("application/problem+json").body("status", equalTo(415));
    }
}
