package io.assay.api;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The OpenAPI document carries examples for the main answers and parameters, and Swagger UI is served. */
@QuarkusTest
class OpenApiExamplesTest {
    private static JsonPath openapi() {
        return given().accept("application/json").get("/q/openapi?format=json").then().statusCode(200)
                .extract().jsonPath();
    }

    @Test
    void snapshotAnswerAndParametersHaveExamples() {
        JsonPath doc = openapi();
        String op = "paths.'/v1/assets/{asset}/snapshot'.get";
        Map<String, Object> examples = doc.getMap(op + ".responses.'200'.content.'application/json'.examples");
        assertEquals(java.util.Set.of("demo"), examples.keySet());
        assertTrue(doc.getString(op + ".responses.'200'.content.'application/json'.examples.demo.value.ratio")
                .equals("1.076923076923076923"), "the snapshot example is a parsed JSON object with the demo's ratio");
        assertEquals("2026-03-01T12:00:00Z", doc.getString(op + ".parameters.find { it.name == 'at' }.example"));
        assertEquals("wbtc-demo", doc.getString(op + ".parameters.find { it.name == 'asset' }.example"));
    }

    @Test
    void mintCheckAnswerHasAllowedAndDeniedExamples() {
        JsonPath doc = openapi();
        String op = "paths.'/v1/assets/{asset}/mint-check'.get";
        Map<String, Object> examples = doc.getMap(op + ".responses.'200'.content.'application/json'.examples");
        assertEquals(java.util.Set.of("allowed", "denied-reserves", "denied-stale"), examples.keySet());
        String ex = op + ".responses.'200'.content.'application/json'.examples";
        assertEquals(true, doc.getBoolean(ex + ".allowed.value.allowed"));
        assertEquals("-100000000", doc.getString(ex + ".'denied-reserves'.value.headroom.raw"));
        assertEquals("100000000", doc.getString(op + ".parameters.find { it.name == 'amount' }.example"));
    }

    @Test
    void swaggerUiIsServed() {
        given().get("/q/swagger-ui/").then().statusCode(200).body(containsString("swagger"));
    }
}
