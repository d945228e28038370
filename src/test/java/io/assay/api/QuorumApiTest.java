package io.assay.api;

import io.assay.alert.AlertService;
import io.assay.alert.AlertType;
import io.assay.alert.Condition;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.startsWith;

/**
 * {@code /v1/assets/{asset}/quorum} on a node whose chains are not indexed (the test profile's mainnet profiles without
 * reachable endpoints) and whose only peer does not listen: every refusal is problem+json naming why; the
 * quorum-disagreement alert raised by the quorum check shows in {@code /v1/alerts}.
 */
@QuarkusTest
@TestProfile(QuorumApiTest.WithPeers.class)
class QuorumApiTest {
    static final String S1 = "0x1111111111111111111111111111111111111111";
    static final String S2 = "0x2222222222222222222222222222222222222222";

    public static class WithPeers implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("assay.quorum.signers", S1 + "," + S2, "assay.quorum.k", "2",
                    "assay.quorum.peers", "http://127.0.0.1:9", "assay.quorum.timeout", "1s",
                    "assay.quorum.interval", "off", "assay.alerts.pending-for", "0s");
        }
    }

    @Inject
    AlertService alerts;

    @Test
    void badRoundsAndUnknownAssetsAreProblems() {
        given().get("/v1/assets/wbtc/quorum/report?round=abc").then().statusCode(400)
                .contentType("application/problem+json")
                .body("detail", equalTo("round: expected a round number of at least 1, found 'abc'"));
        given().get("/v1/assets/wbtc/quorum?round=0").then().statusCode(400)
                .body("detail", equalTo("round: expected a round number of at least 1, found '0'"));
        given().get("/v1/assets/wbtc/quorum?round=3&at=2026-01-01T00:00:00Z").then().statusCode(400)
                .body("detail", equalTo("give either 'round' or 'at', not both"));
        given().get("/v1/assets/nope/quorum").then().statusCode(404).contentType("application/problem+json")
                .body("type", equalTo("urn:assay:problem:unknown-asset"));
    }

    @Test
    void aRoundAfterTheCutIsNotFinal() {
        given().get("/v1/assets/wbtc/quorum/report?round=5").then().statusCode(409)
                .contentType("application/problem+json")
                .body("type", equalTo("urn:assay:problem:not-final"))
                .body("detail", startsWith("round 5 of wbtc is the moment "));
    }

    @Test
    void withoutAQuorumTheBundleIsRefusedNamingEveryPeer() {
        given().get("/v1/assets/wbtc/quorum?round=5").then().statusCode(409)
                .contentType("application/problem+json")
                .body("type", equalTo("urn:assay:problem:no-quorum"))
                .body("reached", equalTo(false))
                .body("k", equalTo(2))
                .body("detail", startsWith("no quorum for round 5 of wbtc: need 2 matching signatures"))
                .body("rejected.peer", equalTo(List.of("self", "http://127.0.0.1:9")))
                .body("rejected[1].reason", startsWith("unreachable"));
    }

    @Test
    void theDisagreementAlertShowsInTheAlerts() {
        alerts.report("quorum/wbtc", List.of(new Condition(AlertType.QUORUM_DISAGREEMENT, "wbtc", null,
                "asset wbtc, round 5: 0xAb… at http://10.0.0.3:8080 [chain ethereum: block #100 has hash 0xab… instead of 0x11…]")));
        alerts.evaluateNow();
        given().get("/v1/alerts").then().statusCode(200)
                .body(containsString("quorum-disagreement"))
                .body(containsString("chain ethereum: block #100 has hash"));
        alerts.report("quorum/wbtc", List.of());
        alerts.evaluateNow();
        given().get("/v1/alerts").then().statusCode(200).body("active.type", org.hamcrest.Matchers.not(hasItem("quorum-disagreement")));
    }
}
