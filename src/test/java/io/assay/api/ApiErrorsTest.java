package io.assay.api;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.startsWith;

/**
 * Every bad request answers application/problem+json with a clear message, never a 5xx (with the shipped
 * profiles: asset wbtc exists, nothing is indexed).
 */
@QuarkusTest
class ApiErrorsTest {

    private static ValidatableResponse problem(ValidatableResponse r, int status, String type, String detail) {
        return r.statusCode(status)
                .contentType("application/problem+json")
                .body("status", equalTo(status))
                .body("type", equalTo("urn:assay:problem:" + type))
                .body("detail", containsString(detail));
    }

    @Test
    void unknownAssetIs404() {
        problem(given().get("/v1/assets/nope").then(), 404, "unknown-asset", "unknown asset 'nope'; known assets: [cbbtc, tbtc, usdc, wbtc]");
        problem(given().get("/v1/assets/nope/snapshot").then(), 404, "unknown-asset", "unknown asset 'nope'");
        problem(given().get("/v1/assets/nope/mint-check?amount=1").then(), 404, "unknown-asset", "unknown asset 'nope'");
        problem(given().get("/v1/assets/nope/rounds/latest").then(), 404, "unknown-asset", "unknown asset 'nope'");
        problem(given().get("/v1/assets/nope/reserves").then(), 404, "unknown-asset", "unknown asset 'nope'");
    }

    @Test
    void reserveSetsBeforeAnythingIsIndexedAreNotFinal() {
        problem(given().get("/v1/assets/wbtc/reserves").then(), 409, "not-final",
                "asset wbtc has a chain that is not indexed yet: no cut");
        given().get("/v1/assets/wbtc").then().statusCode(200)
                .body("reserveSets[0].id", equalTo("custodial"))
                .body("reserveSets[0].kind", equalTo("http"))
                .body("reserveSets[0].source", equalTo("https://wbtc.network/api/chain/eth/token/wbtc/addresses?type=custodial"))
                .body("reserveSets[0].memberCount", equalTo(0))
                .body("reserveSets[0].problems[0]", startsWith("reserve set custodial: membership"));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
            "/v1/assets/wbtc/snapshot?at=yesterday|parameter 'at': expected an ISO-8601 time such as 2026-03-01T12:00:00Z",
            "/v1/assets/wbtc/snapshot?at=2026-13-01T00:00:00Z|parameter 'at': expected an ISO-8601 time",
            "/v1/assets/wbtc/snapshot?at=2999-01-01T00:00:00Z|'at' (2999-01-01T00:00:00Z) is in the future",
            "/v1/assets/wbtc/snapshot?at=2026-01-01T00:00:00Z&heights=ethereum:1|give either 'at' or 'heights', not both",
            "/v1/assets/wbtc/snapshot?heights=ethereum|expected chain:height pairs such as ethereum:19000000",
            "/v1/assets/wbtc/snapshot?heights=ethereum:-5|expected chain:height pairs",
            "/v1/assets/wbtc/snapshot?heights=solana:5|asset 'wbtc' has no component on chain 'solana'",
            "/v1/assets/wbtc/snapshot?heights=ethereum:5|a height is needed for every chain of asset 'wbtc'; missing [bitcoin, set.wbtc.custodial, polygon, avalanche]",
            "/v1/assets/wbtc/history?from=2026-03-02T00:00:00Z&to=2026-03-01T00:00:00Z|'from' (2026-03-02T00:00:00Z) is after 'to' (2026-03-01T00:00:00Z)",
            "/v1/assets/wbtc/history?from=2026-01-01T00:00:00Z&to=2026-03-01T00:00:00Z&interval=1m|too many points: 84961",
            "/v1/assets/wbtc/history?from=2026-01-01T00:00:00Z&to=2026-03-01T00:00:00Z&interval=soon|parameter 'interval': expected a duration such as 15m",
            "/v1/assets/wbtc/history?from=2026-01-01T00:00:00Z&to=2026-03-01T00:00:00Z&interval=-1h|parameter 'interval' must be positive, found '-1h'",
            "/v1/assets/wbtc/history?from=2026-01-01T00:00:00Z&to=2026-03-01T00:00:00Z&interval=0w|parameter 'interval' must be positive, found '0w'",
            "/v1/assets/wbtc/history?from=2026-01-01T00:00:00Z&to=2026-03-01T00:00:00Z&interval=1y|parameter 'interval': expected a duration such as 15m, 1h, 1d, 1w or PT1H, found '1y'",
            "/v1/assets/wbtc/mint-check?amount=-5|parameter 'amount' must be positive, found '-5'",
            "/v1/assets/wbtc/mint-check?amount=12abc|expected a positive integer in raw units (no sign, decimal point or exponent), found '12abc'",
            "/v1/assets/wbtc/mint-check?amount=1.5|expected a positive integer in raw units",
            "/v1/assets/wbtc/mint-check?amount=1e9|expected a positive integer in raw units",
            "/v1/assets/wbtc/mint-check?amount=0|parameter 'amount' must be positive, found 0",
            "/v1/assets/wbtc/mint-check|parameter 'amount' is required",
            "/v1/assets/wbtc/rounds?limit=0|parameter 'limit' must be between 1 and 1000, found 0",
            "/v1/assets/wbtc/rounds/abc|round id must be a positive integer, found 'abc'",
            "/v1/assets/wbtc/reserves?at=yesterday|parameter 'at': expected an ISO-8601 time such as 2026-03-01T12:00:00Z",
    })
    void badParametersAre400(String path, String detail) {
        problem(given().get(path).then(), 400, "invalid-parameter", detail);
    }

    /** Intervals are read as every duration in Assay ({@code AssayConfig.duration}), plus weeks. Jan 1 to Mar 1: 59 days. */
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "1w|9|PT168H",
            "2w|5|PT336H",
            "1d|60|PT24H",
            "36h|40|PT36H",
            "PT36H|40|PT36H",
            "86400|60|PT24H",
    })
    void intervalsAreDurationsAsInTheSettingsPlusWeeks(String interval, int points, String step) {
        given().get("/v1/assets/wbtc/history?from=2026-01-01T00:00:00Z&to=2026-03-01T00:00:00Z&interval=" + interval)
                .then().statusCode(200).body("points", equalTo(points)).body("interval", equalTo(step));
    }

    @Test
    void tooManyPointsSaysWhichIntervalWorks() {
        given().get("/v1/assets/wbtc/history?from=2026-01-01T00:00:00Z&to=2026-03-01T00:00:00Z&interval=1m").then()
                .statusCode(400).body("detail", containsString("widen 'interval' to at least PT42M28.801S"));
        // and that interval is accepted (2000 points, each refused: nothing indexed)
        given().get("/v1/assets/wbtc/history?from=2026-01-01T00:00:00Z&to=2026-03-01T00:00:00Z&interval=PT42M28.801S")
                .then().statusCode(200).body("points", equalTo(2000));
    }

    @Test
    void missingRoundsAre404WithWhatExists() {
        problem(given().get("/v1/assets/wbtc/rounds/latest").then(), 404, "not-found", "asset 'wbtc' has no round yet");
        problem(given().get("/v1/assets/wbtc/rounds/3").then(), 404, "not-found", "asset 'wbtc' has no round 3 (rounds 1 to 0 exist)");
    }

    @Test
    void mintCheckPostValidatesItsBody() {
        problem(given().contentType("application/json").body("{\"amount\": \"-1\"}").post("/v1/assets/wbtc/mint-check").then(),
                400, "invalid-parameter", "must be positive");
        problem(given().contentType("application/json").body("{\"amount\": ").post("/v1/assets/wbtc/mint-check").then(),
                400, "malformed-json", "request body");
        given().contentType("text/plain").body("1").post("/v1/assets/wbtc/mint-check").then()
                .statusCode(415).contentType("application/problem+json");
    }

    @Test
    void mintCheckFailsClosedWhenNothingIsIndexed() {
        given().get("/v1/assets/wbtc/mint-check?amount=100").then().statusCode(200)
                .body("allowed", equalTo(false))
                .body("reasons[0]", startsWith("inconsistent data: chain bitcoin is not indexed yet"))
                .body("reasons", hasItem(startsWith("inconsistent data: reserve set custodial: membership "
                        + "(https://wbtc.network/api/chain/eth/token/wbtc/addresses?type=custodial) not read yet")));
    }

    @Test
    void unknownPathsAndMethodsAreProblems() {
        given().get("/v1/nothing-here").then().statusCode(404).contentType("application/problem+json");
        given().delete("/v1/assets").then().statusCode(405).contentType("application/problem+json");
        problem(given().get("/v1/series/wbtc/ethereum/supply/_total").then(), 404, "not-found", "no series wbtc/ethereum/supply/_total");
        problem(given().get("/v1/series/WBTC/x/y/z").then(), 400, "invalid-parameter", "series asset must be 1-64 of [a-z0-9_.-]");
        problem(given().get("/v1/chains/nope").then(), 404, "not-found", "unknown chain 'nope'");
    }

    /**
     * The shipped WBTC profile reads its custodian list from wbtc.network; tests turn that polling off
     * ({@code assay.reserve-sets.http-polling: false} in the test profile), so the set is shown, never polled.
     */
    @Test
    void shippedHttpSetsAreShownAndNotPolledInTests() {
        given().get("/v1/chains/set.wbtc.custodial").then().statusCode(200)
                .body("family", equalTo("reserve-set"))
                .body("kind", equalTo("http"))
                .body("source", startsWith("https://wbtc.network/"))
                .body("polling", equalTo(false))
                .body("refusals", equalTo(0))
                .body("refused", org.hamcrest.Matchers.nullValue())
                .body("lastRefresh", org.hamcrest.Matchers.nullValue())
                .body("members", equalTo(0));
    }

    @Test
    void unsignableSnapshotIsAClearConflict() {
        problem(given().get("/v1/assets/wbtc/snapshot?signed=true").then(), 409, "not-signable", "");
    }

    @Test
    void rootShowsTheSigner() {
        given().get("/v1").then().statusCode(200)
                .body("service", equalTo("assay"))
                .body("signer", startsWith("0x"))
                .body("assets", org.hamcrest.Matchers.contains("cbbtc", "tbtc", "usdc", "wbtc"));
    }
}
