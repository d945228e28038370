package io.assay.api;

import io.assay.devnet.DemoDevnet;
import io.assay.devnet.DemoPlayer;
import io.assay.devnet.DemoScenario;
import io.assay.devnet.Poll;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.ValidatableResponse;
import jakarta.inject.Inject;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The demo end to end over HTTP: the app in demo mode on the real devnet (anvil x3, litecoind regtest, Solana shim),
 * the scenario not auto-played; this test plays each {@link DemoScenario} step, polls until every indexer has the
 * step's final blocks, and checks the API against the scenario's table in exact raw units. Then it stops the
 * Avalanche node and checks that the chain goes stale everywhere it should. Error paths are in {@link ApiErrorsTest}.
 */
@QuarkusTest
@TestProfile(DemoEndToEndTest.DemoMode.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DemoEndToEndTest {
    /** Demo mode with the scenario left to the test. */
    public static class DemoMode implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("assay.demo.enabled", "true", "assay.demo.play", "false");
        }
    }

    private static final String ASSET = "/v1/assets/wbtc-demo";
    private static final String BTC = "00000000"; // 8 decimals: "3" + BTC is 3 BTC in raw units

    /** After step n (0: before step 1): reserves, supply, excluded (escrow), circulating (whole BTC), ratio. */
    private static final Object[][] TABLE = {
            {0, 0, 0, 0, null},
            {10, 0, 0, 0, null},
            {10, 8, 0, 8, "1.250000000000000000"},
            {10, 11, 3, 8, "1.250000000000000000"},
            {10, 14, 6, 8, "1.250000000000000000"},
            {9, 13, 6, 7, "1.285714285714285714"},
            {11, 13, 6, 7, "1.571428571428571428"},
            {11, 19, 6, 13, "0.846153846153846153"},
            {14, 19, 6, 13, "1.076923076923076923"},
    };
    /** Supply by chain after step n, whole BTC, in profile order: ethereum, polygon, avalanche, solana. */
    private static final long[][] SUPPLY = {
            {0, 0, 0, 0}, {0, 0, 0, 0}, {8, 0, 0, 0}, {8, 3, 0, 0}, {8, 3, 2, 1},
            {7, 3, 2, 1}, {7, 3, 2, 1}, {7, 3, 8, 1}, {7, 3, 8, 1},
    };

    /** Moments between steps: marks[n] is after every block of step n and before every block of step n + 1. */
    private static final Instant[] MARKS = new Instant[DemoScenario.STEPS + 1];

    @Inject
    MintCheckJson mintCheckJson;
    @Inject
    DemoPlayer player;
    @Inject
    DemoDevnet devnet;

    @org.junit.jupiter.api.BeforeAll
    static void logFailures() {
        io.restassured.RestAssured.enableLoggingOfRequestAndResponseIfValidationFails();
    }

    @Test
    @Order(1)
    void everyStepIsIndexedAndTheLatestAnswerFollowsIt() {
        DemoScenario scenario = player.scenario().orElseThrow();
        for (long chainId : new long[]{1, 137, 43114}) {
            devnet.devnet().orElseThrow().evm(chainId).mine(3); // the contract deployments become final
        }
        player.waitForIndexers();
        MARKS[0] = player.settle();
        player.waitForCut(MARKS[0]);
        for (int step = 1; step <= DemoScenario.STEPS; step++) {
            scenario.step(step);
            player.waitForIndexers();
            MARKS[step] = player.settle();
            player.waitForCut(MARKS[step]); // "now" is the cut: every chain known final past the step
            assertSnapshot(given().get(ASSET + "/snapshot").then(), step);
            assertEquals(step, scenario.played().size());
        }
    }

    @Test
    @Order(3)
    void theNowAnswerIsByteForByteTheUncachedAnswerAsOfTheSameMoment() {
        // "now" is written by SnapshotJson (serialized parts reused); "at" goes through the REST layer's Jackson. An
        // indexer's sync between the two requests changes coveredUntil/lag: retry until two requests see the same sync.
        String[] last = new String[2];
        Poll.until(Duration.ofSeconds(30), "the 'now' snapshot to equal the 'at' snapshot of its asOf", () -> {
            io.restassured.response.Response now = given().get(ASSET + "/snapshot");
            String asOf = now.then().statusCode(200).extract().path("asOf");
            io.restassured.response.Response at = given().queryParam("at", asOf).get(ASSET + "/snapshot");
            at.then().statusCode(200);
            assertEquals(at.contentType(), now.contentType());
            assertEquals(given().get("/v1/ping").contentType(), now.contentType(), "the header a DTO answer gets");
            // the live answer's lag is the wall clock minus each chain's coverage; as of a past moment it is zero
            last[0] = now.asString().replaceAll("\"lagSeconds\":\\d+", "\"lagSeconds\":0");
            last[1] = at.asString();
            return last[0].equals(last[1]);
        });
        assertTrue(last[0].contains("\"status\":\"OK\"") && last[0].contains("\"chains\":[{"), last[0]);
        // fields by name on every path, as the REST layer writes DTOs (the wire format the README shows)
        assertTrue(last[1].startsWith("{\"asOf\":\"") && last[1].contains("\"blockHash\":") && last[1]
                .contains("{\"amount\":{\"decimal\":"), last[1]);
    }

    @Test
    @Order(2)
    void mintCheckFollowsTheReserves() {
        // after step 8: reserves 14, circulating 13, minRatio 1.0: exactly 1 BTC of headroom
        given().get(ASSET + "/mint-check?amount=1" + BTC).then().statusCode(200)
                .body("allowed", equalTo(true))
                .body("required.raw", equalTo("14" + BTC))
                .body("headroom.raw", equalTo("0"))
                .body("reserves.raw", equalTo("14" + BTC))
                .body("circulating.raw", equalTo("13" + BTC));
        given().get(ASSET + "/mint-check?amount=100000001").then().statusCode(200)
                .body("allowed", equalTo(false))
                .body("headroom.raw", equalTo("-1"))
                .body("reasons", contains(startsWith("insufficient reserves: reserves 14.00000000 < required 14.00000001")));
        // MintCheckJson compares the first answer of each shape with the app's mapper and falls back on a difference
        assertTrue(mintCheckJson.direct(), "the app's mapper writes the mint-check answer as MintCheckJson does");
        assertEquals(given().get("/v1/ping").contentType(), given().get(ASSET + "/mint-check?amount=1").contentType(),
                "the header a DTO answer gets");
    }

    @Test
    @Order(4)
    void everyRoundIsTheHistoryAtItsMomentOnEveryChain() {
        List<Map<String, Object>> rounds = given().get(ASSET + "/rounds").then().statusCode(200).extract().path("$");
        assertTrue(rounds.size() >= 4, "rounds published during the scenario: " + rounds.size());
        Instant first = rounds.stream().map(r -> Instant.parse((String) r.get("updatedAt"))).min(Instant::compareTo).orElseThrow();
        Instant last = rounds.stream().map(r -> Instant.parse((String) r.get("updatedAt"))).max(Instant::compareTo).orElseThrow();
        long step = Math.max(100, Duration.between(first, last).toMillis() / 1900); // at most 2000 points a request
        List<Map<String, Object>> points = given().queryParam("from", first.minusSeconds(1).toString())
                .queryParam("to", last.toString()).queryParam("interval", step + "ms").get(ASSET + "/history").then()
                .statusCode(200).extract().path("values");
        java.util.Set<String> seen = new java.util.HashSet<>();
        for (Map<String, Object> p : points) {
            seen.add(p.get("reserves") + "/" + p.get("circulating"));
        }
        for (Map<String, Object> round : rounds) {
            String asOf = (String) round.get("updatedAt");
            Map<String, Object> snap = given().queryParam("at", asOf).get(ASSET + "/snapshot").then().statusCode(200)
                    .extract().path("$");
            assertEquals("OK", snap.get("status"), "snapshot at round " + round.get("roundId") + "'s moment " + asOf);
            String reserves = (String) ((Map<?, ?>) round.get("reserves")).get("raw");
            String circulating = (String) ((Map<?, ?>) round.get("circulating")).get("raw");
            assertEquals(reserves, ((Map<?, ?>) snap.get("reserves")).get("raw"), "reserves of round " + round.get("roundId"));
            assertEquals(circulating, ((Map<?, ?>) snap.get("circulating")).get("raw"), "circulating of round " + round.get("roundId"));
            List<Map<String, Object>> chains = (List<Map<String, Object>>) snap.get("chains");
            List<Map<String, Object>> heights = (List<Map<String, Object>>) round.get("heights");
            assertEquals(heights.size(), chains.size());
            for (int i = 0; i < heights.size(); i++) {
                assertEquals(heights.get(i).get("chain"), chains.get(i).get("chain"));
                assertEquals(((Number) heights.get(i).get("height")).longValue(), ((Number) chains.get(i).get("height")).longValue(),
                        "height on " + heights.get(i).get("chain") + " in round " + round.get("roundId"));
                assertEquals(heights.get(i).get("blockHash"), chains.get(i).get("blockHash"),
                        "block hash on " + heights.get(i).get("chain") + " in round " + round.get("roundId"));
            }
            // and the pair (reserves, circulating) is one the history shows (sampled every 100 ms, or finer than 1/1900 of the span)
            assertTrue(seen.contains(reserves + "/" + circulating), "round " + round.get("roundId") + " states ("
                    + reserves + ", " + circulating + "), a pair the history never shows");
        }
    }

    @Test
    @Order(4)
    void asOfAnswersBeforeAndAfterEveryStep() {
        for (int n = 0; n <= DemoScenario.STEPS; n++) {
            ValidatableResponse r = given().queryParam("at", MARKS[n].toString()).get(ASSET + "/snapshot").then();
            assertSnapshot(r, n);
            r.body("asOf", equalTo(MARKS[n].toString()));
        }
    }

    @Test
    @Order(5)
    void aStoppedNodeMakesItsChainStaleAndTheMintCheckDeny() {
        given().get("/q/health/ready").then().statusCode(200).body("status", equalTo("UP"));
        devnet.devnet().orElseThrow().evm(43114).close();
        // the asset tolerates 30 s without news from a chain (chains/devnet/profiles/assets/wbtc-demo.yaml)
        Poll.until(Duration.ofSeconds(90), "avalanche to go stale", () ->
                given().get(ASSET + "/snapshot").then().extract().path("status").equals("STALE"));
        given().get(ASSET + "/snapshot").then().statusCode(200)
                .body("status", equalTo("STALE"))
                .body("reasons", contains(startsWith("chain avalanche is known final only through ")))
                .body("chains.find { it.chain == 'avalanche' }.stale", equalTo(true))
                .body("chains.findAll { it.chain != 'avalanche' }.stale", everyItem(equalTo(false)));
        given().get(ASSET + "/mint-check?amount=1").then().statusCode(200)
                .body("allowed", equalTo(false))
                .body("status", equalTo("STALE"))
                .body("reasons", contains(startsWith("chain avalanche is known final only through ")));
        assertTrue(mintCheckJson.direct(), "a stale answer is written directly too");
        given().get("/q/health/ready").then().statusCode(503)
                .body("status", equalTo("DOWN"))
                .body("checks.find { it.name == 'assay-data' }.data.stale", startsWith("chain avalanche is known final only through "));
        // the chain list shows why: the node does not answer, it is known final only until long ago, and it holds the cut
        ValidatableResponse chains = given().get("/v1/chains").then().statusCode(200);
        chains.body("find { it.chain == 'avalanche' }.endpoints[0].consecutiveFailures", org.hamcrest.Matchers.greaterThan(0));
        String covered = chains.extract().path("find { it.chain == 'avalanche' }.coveredUntil");
        assertTrue(Duration.between(Instant.parse(covered), Instant.now()).toMillis() > 30_000, "avalanche covered until " + covered);
        chains.body("find { it.chain == 'avalanche' }.holdsCutOf", contains("wbtc-demo"))
                .body("find { it.chain == 'ethereum' }.holdsCutOf", org.hamcrest.Matchers.empty());
        chains.body("find { it.chain == 'ethereum' }.endpoints[0].consecutiveFailures", equalTo(0));
    }

    private static void assertSnapshot(ValidatableResponse r, int n) {
        Object[] row = TABLE[n];
        long[] supply = SUPPLY[n];
        r.statusCode(200)
                .body("status", equalTo("OK"))
                .body("reserves.raw", equalTo(raw((Integer) row[0])))
                .body("supply.raw", equalTo(raw((Integer) row[1])))
                .body("excluded.raw", equalTo(raw((Integer) row[2])))
                .body("circulating.raw", equalTo(raw((Integer) row[3])))
                .body("ratio", row[4] == null ? nullValue() : equalTo(row[4]))
                .body("supplyByChain.chain", contains("ethereum", "polygon", "avalanche", "solana"))
                .body("supplyByChain.amount.raw", contains(raw(supply[0]), raw(supply[1]), raw(supply[2]), raw(supply[3])))
                .body("excludedHolders.id", contains("bridge-escrow"))
                .body("excludedHolders[0].amount.raw", equalTo(raw((Integer) row[2])))
                .body("reserveSources.id", hasItem("custody-1"));
    }

    private static String raw(long wholeBtc) {
        return wholeBtc == 0 ? "0" : wholeBtc + BTC;
    }
}
