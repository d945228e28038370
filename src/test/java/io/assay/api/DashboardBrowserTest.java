package io.assay.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.assay.devnet.DemoDevnet;
import io.assay.devnet.DemoScenario;
import io.assay.devnet.DevnetPaths;
import io.assay.devnet.Poll;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.RestAssured;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The dashboard at {@code /} in the system's headless Chromium (driven by {@code dashboard-test/dashboard-check.mjs}
 * with playwright-core), against the app in demo mode: real devnet nodes, real indexers. The test plays demo steps
 * 1-6 itself (reserves 10 → 9 → 11 BTC, circulating 0 → 8 → 7), so the chart has history, then checks that the page
 * plotted exactly the API's history, drew the line, shows the state and tables, and that the mint-check form answers.
 * The screenshot is kept at {@code target/dashboard.png}.
 */
@QuarkusTest
@TestProfile(DashboardBrowserTest.Demo.class)
class DashboardBrowserTest {
    public static class Demo implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            // the custodian's liabilities: one publication of 9.5 BTC owed, dated before the demo starts (the
            // publication file is what `assay liabilities build` writes; its root is not recomputed by the node)
            Path dir = Path.of(System.getProperty("devnet.project-dir", ".")).resolve("target/dashboard-liabilities");
            try {
                Files.createDirectories(dir.resolve(ASSET));
                Files.writeString(dir.resolve(ASSET + "/demo-1.json"), "{\"id\":\"demo-1\",\"assets\":[\"" + ASSET
                        + "\"],\"root\":\"" + LIABILITIES_ROOT + "\",\"totals\":[\"950000000\"],\"leaves\":1024,"
                        + "\"asOf\":\"2026-01-01T00:00:00Z\"}");
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
            return Map.of("assay.demo.enabled", "true", "assay.demo.play", "false", // the test plays the steps itself
                    "assay.liabilities.dir", dir.toString(), "assay.liabilities.max-age", "3650d");
        }
    }

    static final String LIABILITIES_ROOT = "0x" + "5a".repeat(32);

    private static final String ASSET = "wbtc-demo";
    private static final long BTC = 100_000_000L;
    /** Reserves and circulating (BTC) after demo steps 1-6 (DemoScenario's table). */
    private static final long[][] AFTER_STEP = {{10, 0}, {10, 8}, {10, 8}, {10, 8}, {9, 7}, {11, 7}};

    @Inject
    DemoDevnet demo;

    @Test
    void theRootServesTheDashboardAndItsLibraryFromTheApp() {
        given().get("/").then().statusCode(200).contentType(containsString("text/html"))
                .body(containsString("<title>Assay: proof of reserve</title>"))
                .body(containsString("src=\"vendor/uplot/uPlot.iife.min.js\""))
                // no CDN: every script and stylesheet is served by the app itself
                .body(not(containsString("src=\"http"))).body(not(containsString("href=\"http")));
        given().get("/vendor/uplot/uPlot.iife.min.js").then().statusCode(200)
                .body(containsString("uPlot (v1.6.32)"));
        given().get("/vendor/uplot/LICENSE").then().statusCode(200).body(containsString("MIT License"));
        given().get("/dashboard.js").then().statusCode(200).body(containsString("/mint-check?amount="));
    }

    @Test
    void theDashboardPlotsTheDemoHistoryAndAnswersMintChecks() throws Exception {
        java.time.Instant started = java.time.Instant.now();
        DemoScenario scenario = new DemoScenario(demo.devnet().orElseThrow(), demo.demo().orElseThrow());
        for (int step = 1; step <= AFTER_STEP.length; step++) {
            scenario.step(step);
            String reserves = Long.toString(AFTER_STEP[step - 1][0] * BTC);
            String circulating = Long.toString(AFTER_STEP[step - 1][1] * BTC);
            // until every supply chain has a token event (step 4) the engine refuses; afterwards the state is OK
            boolean ok = step >= 4;
            String[] last = {""};
            try {
                Poll.until(Duration.ofSeconds(90), "step " + step, () -> {
                    JsonPath s = given().get("/v1/assets/" + ASSET).then().extract().jsonPath();
                    last[0] = s.prettify();
                    return (!ok || "OK".equals(s.getString("latest.status")))
                            && reserves.equals(s.getString("latest.reserves.raw"))
                            && circulating.equals(s.getString("latest.circulating.raw"));
                });
            } catch (RuntimeException e) {
                fail("after step " + step + " expected reserves " + reserves + " and circulating " + circulating
                        + (ok ? " (status OK)" : "") + "; the API answered " + last[0], e);
            }
        }
        Poll.until(Duration.ofSeconds(90), "a feed round of the final state", () -> "1100000000".equals(
                given().get("/v1/assets/" + ASSET + "/rounds/latest").then().extract().jsonPath().getString("reserves.raw")));
        String signer = given().get("/v1").then().statusCode(200).extract().jsonPath().getString("signer");
        // the demo plays in seconds: wait (with a deadline) until the page's 5-minute window, one point every 3 s,
        // holds a few indexed points, so the chart has a line to draw and not a lone dot
        Poll.until(Duration.ofSeconds(60), "3 points with data in the last 5 minutes of history", () -> given()
                .get("/v1/assets/" + ASSET + "/history?from=" + java.time.Instant.now().minusSeconds(300) + "&interval=PT3S")
                .then().statusCode(200).extract().jsonPath().getList("values.reserves").stream()
                .filter(java.util.Objects::nonNull).count() >= 3);

        Path target = Path.of(System.getProperty("devnet.project-dir", ".")).resolve("target");
        Path screenshot = target.resolve("dashboard.png");
        Files.deleteIfExists(screenshot);
        // 0.01 dWBTC fits the 4 BTC of headroom; a million does not
        JsonNode page = runBrowser(target, screenshot, "0.01", "1000000");

        assertEquals(List.of(), strings(page.get("pageErrors")), "page errors");
        assertEquals(List.of(), strings(page.get("consoleErrors")), "console errors");
        assertEquals(List.of(), strings(page.get("failedRequests")), "failed requests");
        assertEquals("Assay: proof of reserve", page.get("title").asText());

        // the chart: exactly the API's history for the same query, with the demo's values, and a line on the canvas
        JsonNode plotted = page.get("history");
        String url = plotted.get("url").asText();
        assertTrue(url.startsWith("/v1/assets/" + ASSET + "/history?from=") && url.endsWith("&interval=PT3S"), url);
        List<Map<String, Object>> api = given().get(url).then().statusCode(200).extract().jsonPath().getList("values");
        JsonNode points = plotted.get("points");
        assertEquals(api.size(), points.size(), "points plotted vs API");
        assertEquals(101, points.size(), "5 minutes every 3 s, both ends included");
        int withValues = 0;
        Set<String> reserveValues = Set.of("0", "1000000000", "900000000", "1100000000"); // 0: before step 1 funds the custodian
        Set<String> circulatingValues = Set.of("0", "800000000", "700000000");
        for (int i = 0; i < points.size(); i++) {
            JsonNode p = points.get(i);
            Map<String, Object> a = api.get(i);
            assertEquals(a.get("time"), p.get("time").asText(), "time of point " + i);
            assertEquals(a.get("reserves"), text(p.get("reserves")), "reserves of point " + i);
            assertEquals(a.get("circulating"), text(p.get("circulating")), "circulating of point " + i);
            if (!p.get("reserves").isNull()) {
                withValues++;
                assertTrue(reserveValues.contains(p.get("reserves").asText()), "reserves of point " + i + ": " + p);
                assertTrue(circulatingValues.contains(p.get("circulating").asText()), "circulating of point " + i + ": " + p);
            }
        }
        JsonNode last = points.get(points.size() - 1);
        assertEquals("1100000000", last.get("reserves").asText(), "the newest point is the current state");
        assertEquals("700000000", last.get("circulating").asText(), "the newest point is the current state");
        assertTrue(withValues >= 3, "points with data: " + withValues);
        assertEquals(withValues, page.get("dataPoints").asInt(), "data-points attribute");
        assertEquals("drawn", page.get("chartState").asText());
        assertTrue(page.get("reservePixels").asInt() > 100, "reserve line pixels on the canvas: " + page.get("reservePixels"));

        // the current state and the tables, formatted from the exact strings
        assertEquals("1.5714", page.get("ratio").asText());
        assertEquals("healthy", page.get("health").asText());
        assertEquals("11.00 dWBTC", page.get("reserves").asText());
        assertEquals("7.00 dWBTC", page.get("circulating").asText());
        assertEquals(List.of(List.of("ethereum", "7.00"), List.of("polygon", "3.00"), List.of("avalanche", "2.00"),
                List.of("solana", "1.00")), firstColumns(page.get("supplyRows"), 2));
        assertEquals(List.of(List.of("custody-1", "bitcoin", "11.00")), firstColumns(page.get("reserveRows"), 3));
        List<List<String>> chains = firstColumns(page.get("chainRows"), 5);
        assertEquals(Set.of("ethereum", "polygon", "avalanche", "solana", "bitcoin"),
                Set.copyOf(chains.stream().map(r -> r.get(0)).toList()));
        chains.forEach(r -> assertTrue(r.get(4).startsWith("fresh"), "freshness row " + r));
        assertFalse(page.get("roundRows").isEmpty(), "recent rounds");
        // rounds of this run only: a demo starts from a fresh devnet, store and round log (no earlier run's rounds)
        for (JsonNode r : page.get("roundRows")) {
            java.time.Instant updated = java.time.Instant.parse(r.get(1).asText().replace(' ', 'T'));
            // a round is as of the cut, which trails the clock by at most the asset's tolerance (30 s) when it is OK
            assertFalse(updated.isBefore(started.minusSeconds(31)), "a round from before this run: " + r);
        }
        // solvency: 11 BTC of reserves against the 9.5 BTC publication, on the page, in rounds, history and signed
        assertEquals(true, page.get("solvencyShown").asBoolean());
        assertEquals("1.1578", page.get("solvencyRatio").asText());
        assertEquals("solvent", page.get("solvencyStatus").asText());
        assertEquals("9.50 dWBTC", page.get("liabilities").asText());
        assertEquals("demo-1", page.get("liabilitiesPublication").asText());
        assertEquals("1.1578", page.get("roundRows").get(0).get(5).asText(), "solvency column of the newest round");
        JsonPath round = given().get("/v1/assets/" + ASSET + "/rounds/latest").then().statusCode(200).extract().jsonPath();
        assertEquals("demo-1", round.getString("liabilities.publication"));
        assertEquals("950000000", round.getString("liabilities.liabilities.raw"));
        assertEquals("1.157894736842105263", round.getString("liabilities.ratio"));
        assertEquals(true, round.getBoolean("liabilities.solvent"));
        assertEquals("PorSolvencyReport", round.getString("attestation.typedData.primaryType"));
        assertEquals(LIABILITIES_ROOT, round.getString("attestation.typedData.message.liabilities.root"));
        assertEquals("950000000", round.getString("attestation.typedData.message.liabilities.total"));
        assertEquals("1024", round.getString("attestation.typedData.message.liabilities.leaves"));
        assertEquals("1767225600", round.getString("attestation.typedData.message.liabilities.publishedAt"));
        assertEquals("1157894736842105263", round.getString("attestation.typedData.message.liabilities.ratio"));
        Map<String, Object> newest = api.get(api.size() - 1);
        assertEquals("950000000", newest.get("liabilities"));
        assertEquals("1.157894736842105263", newest.get("solvencyRatio"));

        List<String> signers = strings(page.get("roundSigners"));
        assertFalse(signers.isEmpty());
        signers.forEach(s -> assertEquals(signer, s, "round signer"));

        // the mint-check form
        assertEquals("true", page.at("/mintSmall/allowed").asText(), page.get("mintSmall").toString());
        assertTrue(page.at("/mintSmall/text").asText().startsWith("Allowed"), page.get("mintSmall").toString());
        assertTrue(page.at("/mintSmall/text").asText().contains("(1000000 raw units)"), page.get("mintSmall").toString());
        assertEquals("false", page.at("/mintHuge/allowed").asText(), page.get("mintHuge").toString());
        assertTrue(page.at("/mintHuge/text").asText().startsWith("Denied"), page.get("mintHuge").toString());
        assertTrue(page.at("/mintHuge/text").asText().contains("(100000000000000 raw units)"), page.get("mintHuge").toString());

        byte[] png = Files.readAllBytes(screenshot);
        assertArrayEquals(new byte[]{(byte) 0x89, 'P', 'N', 'G'}, java.util.Arrays.copyOf(png, 4), "PNG screenshot");
        assertTrue(png.length > 20_000, "screenshot size " + png.length);
    }

    /** Runs the playwright-core script; its output is kept in target/dashboard-check.{json,log}. */
    private static JsonNode runBrowser(Path target, Path screenshot, String small, String huge)
            throws IOException, InterruptedException {
        Path dir = target.getParent().resolve("dashboard-test");
        if (!Files.isDirectory(dir.resolve("node_modules/playwright-core"))) {
            fail("playwright-core is not installed: run 'npm ci' in " + dir);
        }
        Path json = target.resolve("dashboard-check.json");
        Path log = target.resolve("dashboard-check.log");
        Process p = new ProcessBuilder(DevnetPaths.node().toString(), "dashboard-check.mjs",
                "http://127.0.0.1:" + RestAssured.port, screenshot.toAbsolutePath().toString(), small, huge)
                .directory(dir.toFile())
                .redirectOutput(json.toFile())
                .redirectError(log.toFile())
                .start();
        try {
            // the script's own waits have 30 s deadlines; this bounds the whole run
            if (!p.waitFor(3, TimeUnit.MINUTES)) {
                fail("the browser script did not finish in 3 minutes; see " + log);
            }
        } finally {
            if (p.isAlive()) {
                p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        }
        assertEquals(0, p.exitValue(), "browser script failed: " + Files.readString(log));
        return new ObjectMapper().readTree(Files.readString(json));
    }

    private static String text(JsonNode n) {
        return n == null || n.isNull() ? null : n.asText();
    }

    private static List<String> strings(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }

    private static List<List<String>> firstColumns(JsonNode rows, int n) {
        List<List<String>> out = new ArrayList<>();
        for (JsonNode r : rows) {
            List<String> cells = strings(r);
            out.add(cells.subList(0, Math.min(n, cells.size())));
        }
        return out;
    }
}
