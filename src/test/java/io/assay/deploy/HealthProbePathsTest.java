package io.assay.deploy;

import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.anyOf;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.oneOf;
import static org.hamcrest.Matchers.startsWith;

/**
 * The paths the Kubernetes probes use (KubernetesManifestsTest pins the manifests to these constants) are
 * health endpoints of the running application: a health document, 200 when up and 503 when down, never 404.
 */
@QuarkusTest
class HealthProbePathsTest {
    @ParameterizedTest
    @ValueSource(strings = {AppSettings.STARTED, AppSettings.LIVE, AppSettings.READY})
    void probePathAnswersWithAHealthDocument(String path) {
        given().when().get(path).then()
                .statusCode(anyOf(is(200), is(503)))
                .body("status", oneOf("UP", "DOWN"));
    }

    @Test
    void metricsPathServesPrometheusExposition() {
        given().when().get(AppSettings.METRICS).then().statusCode(200)
                .contentType(anyOf(startsWith("text/plain"), startsWith("application/openmetrics-text")))
                .body(containsString("# TYPE"));
    }
}
