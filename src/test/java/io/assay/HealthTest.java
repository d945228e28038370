package io.assay;

import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

/** The application starts with the shipped profiles (no endpoints configured) and reports health. */
@QuarkusTest
class HealthTest {
    @Test
    void healthIsUpWithShippedProfiles() {
        given().when().get("/q/health/live").then().statusCode(200)
                .body("status", equalTo("UP"))
                .body("checks.name", hasItem("assay"))
                .body("checks[0].data.assets", equalTo("cbbtc,tbtc,usdc,wbtc"));
    }
}
