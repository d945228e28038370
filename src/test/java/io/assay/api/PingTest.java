package io.assay.api;

import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

/** {@code /v1/ping} answers a constant JSON body without touching the store. */
@QuarkusTest
class PingTest {
    @Test
    void pingAnswersConstantJson() {
        given().when().get("/v1/ping").then().statusCode(200)
                .contentType("application/json")
                .body("service", equalTo("assay"))
                .body("ok", equalTo(true));
    }
}
