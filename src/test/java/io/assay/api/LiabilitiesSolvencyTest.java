package io.assay.api;

import io.assay.devnet.DemoDevnet;
import io.assay.devnet.DemoScenario;
import io.assay.devnet.Poll;
import io.assay.liabilities.Balances;
import io.assay.liabilities.ProofJson;
import io.assay.liabilities.Publication;
import io.assay.liabilities.SumTree;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.nullValue;

/**
 * {@code POST /v1/liabilities/solvency} against real reserves: the demo devnet (anvil, litecoind regtest, the Solana
 * shim) with demo step 1 played (the custodian receives 10 BTC), and liabilities publications built by
 * {@link SumTree} as of a moment after that step.
 */
@QuarkusTest
@TestProfile(LiabilitiesSolvencyTest.Demo.class)
class LiabilitiesSolvencyTest {
    public static class Demo implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("assay.demo.enabled", "true", "assay.demo.play", "false");
        }
    }

    private static final String ASSET = "wbtc-demo";
    private static final byte[] MASTER = new byte[32];

    @Inject
    DemoDevnet demo;

    private static String publication(Instant asOf, long... satoshis) {
        Balances b = new Balances(List.of(ASSET, "eth"));
        for (int i = 0; i < satoshis.length; i++) {
            b.add("customer-" + i, satoshis[i], 5L);
        }
        Publication p = SumTree.build(b, MASTER, "solvency-" + asOf.getEpochSecond() + "-" + satoshis.length, asOf, 2)
                .publication();
        return ProofJson.publication(p).toString();
    }

    @Test
    void liabilitiesAreComparedWithTheReservesOfTheSameMoment() {
        new DemoScenario(demo.devnet().orElseThrow(), demo.demo().orElseThrow()).step(1);
        // T: a moment every chain is final through, after step 1 funded the custodian with 10 BTC
        String[] asOf = {null};
        Poll.until(Duration.ofSeconds(90), "reserves of 10 BTC at a final cut", () -> {
            JsonPath s = given().get("/v1/assets/" + ASSET + "/snapshot").then().extract().jsonPath();
            asOf[0] = s.getString("asOf");
            return "1000000000".equals(s.getString("reserves.raw")) && !"REFUSED".equals(s.getString("status"));
        });
        Instant t = Instant.parse(asOf[0]);

        given().contentType(ContentType.JSON).body(publication(t, 600_000_000L, 300_000_000L))
                .post("/v1/liabilities/solvency?asset=" + ASSET)
                .then().statusCode(200)
                .body("status", equalTo("SOLVENT"))
                .body("asOf", equalTo(t.toString()))
                .body("reserves", equalTo("1000000000"))
                .body("liabilities", equalTo("900000000"))
                .body("decimals", equalTo(8))
                .body("ratio", equalTo("1.111111111111111111"))
                .body("leaves", equalTo(4))
                .body("reasons", empty());

        given().contentType(ContentType.JSON).body(publication(t, 600_000_000L, 300_000_000L, 300_000_000L))
                .post("/v1/liabilities/solvency?asset=" + ASSET)
                .then().statusCode(200)
                .body("status", equalTo("INSOLVENT"))
                .body("ratio", equalTo("0.833333333333333333"))
                .body("reasons", hasItem("reserves 1000000000 do not cover liabilities 1200000000 (raw units)"));

        given().contentType(ContentType.JSON).body(publication(t, 100L))
                .post("/v1/liabilities/solvency?asset=" + ASSET + "&maxAge=0s")
                .then().statusCode(200)
                .body("status", equalTo("STALE"))
                .body("reasons", hasItem(containsString("the liabilities publication is")));

        // before step 1 the custodian held nothing: the same liabilities at an earlier cut are not covered
        given().contentType(ContentType.JSON).body(publication(t.minusSeconds(3600), 1L))
                .post("/v1/liabilities/solvency?asset=" + ASSET + "&maxAge=7d")
                .then().statusCode(200).body("status", equalTo("REFUSED")).body("reserves", nullValue());
    }

    @Test
    void badRequestsAreProblems() {
        String pub = publication(Instant.parse("2026-01-01T00:00:00Z"), 1L);
        given().contentType(ContentType.JSON).body(pub).post("/v1/liabilities/solvency")
                .then().statusCode(400).contentType("application/problem+json")
                .body("detail", equalTo("query parameter: asset is required"));
        given().contentType(ContentType.JSON).body(pub).post("/v1/liabilities/solvency?asset=" + ASSET + "&liability=doge")
                .then().statusCode(400).contentType("application/problem+json")
                .body("type", equalTo("urn:assay:problem:malformed-publication"))
                .body("detail", containsString("the publication has no asset 'doge'"));
        given().contentType(ContentType.JSON).body("{").post("/v1/liabilities/solvency?asset=" + ASSET)
                .then().statusCode(400).body("type", equalTo("urn:assay:problem:malformed-json"));
        given().contentType(ContentType.JSON).body(pub).post("/v1/liabilities/solvency?asset=nope&liability=" + ASSET)
                .then().statusCode(404).contentType("application/problem+json");
    }
}
