package io.assay.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.assay.devnet.DevnetPaths;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The liabilities page ({@code /liabilities.html}) in the system's headless Chromium, driven by
 * {@code dashboard-test/liabilities-check.mjs}: every shared vector is pasted and verified in the page, with the
 * expected verdict and reason, and the page makes no request while verifying (no server trust). The screenshot of
 * the refused broken-Maxwell proof is kept at {@code target/liabilities.png}.
 */
@QuarkusTest
class LiabilitiesBrowserTest {
    private static final Path VECTORS = Path.of("src/test/resources/liabilities/vectors.json");

    @Test
    void thePageAndItsVerifierAreServedByTheApp() {
        given().get("/liabilities.html").then().statusCode(200).contentType(containsString("text/html"))
                .body(containsString("<script src=\"liabilities-verify.js\"></script>"));
        given().get("/liabilities-verify.js").then().statusCode(200).body(containsString("assay-liability-proof/2"));
        given().get("/").then().statusCode(200).body(containsString("href=\"liabilities.html\""));
    }

    @Test
    void everyVectorIsVerifiedInTheBrowserAsExpected() throws Exception {
        Path target = Path.of(System.getProperty("devnet.project-dir", ".")).resolve("target");
        Path screenshot = target.resolve("liabilities.png");
        Files.deleteIfExists(screenshot);
        JsonNode page = run(target, screenshot);
        assertEquals(List.of(), strings(page.get("pageErrors")), "page errors");
        assertEquals(List.of(), strings(page.get("consoleErrors")), "console errors");
        assertEquals(List.of(), strings(page.get("requestsAfterLoad")), "requests made while verifying");
        assertEquals("Assay: verify my balance", page.get("title").asText());

        JsonNode vectors = new ObjectMapper().readTree(Files.readAllBytes(VECTORS));
        JsonNode results = page.get("results");
        assertEquals(vectors.size(), results.size());
        for (int i = 0; i < vectors.size(); i++) {
            JsonNode v = vectors.get(i);
            JsonNode r = results.get(i);
            String name = v.get("name").asText();
            assertEquals(name, r.get("name").asText());
            boolean valid = v.get("valid").asBoolean();
            assertEquals(String.valueOf(valid), r.get("valid").asText(), name + ": " + r);
            assertEquals(valid ? "VALID" : "INVALID", r.get("verdict").asText(), name);
            if (valid) {
                assertEquals(List.of(), strings(r.get("reasons")), name);
                // one row per asset: asset, the user's balance, the published total
                for (int a = 0; a < v.at("/proof/publication/assets").size(); a++) {
                    assertEquals(List.of(v.at("/proof/publication/assets/" + a).asText(),
                            v.at("/proof/balances/" + a).asText(), v.at("/proof/publication/totals/" + a).asText()),
                            strings(r.get("balances").get(a)), name + " asset " + a);
                }
            } else {
                String want = v.get("reason").asText();
                assertTrue(strings(r.get("reasons")).stream().anyMatch(x -> x.contains(want)), name + ": " + r.get("reasons"));
            }
        }
        // the binary twins pasted as base64url: the same verdicts and reasons as their JSON
        JsonNode binary = page.get("binaryResults");
        List<JsonNode> twins = new ArrayList<>();
        vectors.forEach(v -> {
            if (!v.get("binary").isNull()) {
                twins.add(v);
            }
        });
        assertEquals(20, twins.size());
        assertEquals(twins.size(), binary.size());
        for (int i = 0; i < twins.size(); i++) {
            JsonNode v = twins.get(i);
            JsonNode r = binary.get(i);
            String name = v.get("name").asText();
            assertEquals(name, r.get("name").asText());
            assertEquals(v.get("valid").asText(), r.get("valid").asText(), name + ": " + r);
            assertEquals(strings(v.get("reasons")), strings(r.get("reasons")), name);
            if (v.get("valid").asBoolean()) {
                assertEquals(strings(v.at("/proof/balances")), balancesColumn(r.get("balances")), name);
            }
        }
        assertEquals("false", page.at("/binaryJunk/valid").asText());
        assertTrue(page.at("/binaryJunk/reasons/0").asText().startsWith("binary proof: path["), page.get("binaryJunk").toString());
        assertEquals("false", page.at("/junk/valid").asText());
        assertTrue(page.at("/junk/reasons/0").asText().startsWith("not JSON"), page.get("junk").toString());
        byte[] png = Files.readAllBytes(screenshot);
        assertArrayEquals(new byte[]{(byte) 0x89, 'P', 'N', 'G'}, java.util.Arrays.copyOf(png, 4), "PNG screenshot");
    }

    private static JsonNode run(Path target, Path screenshot) throws Exception {
        Path dir = target.getParent().resolve("dashboard-test");
        if (!Files.isDirectory(dir.resolve("node_modules/playwright-core"))) {
            fail("playwright-core is not installed: run 'npm ci' in " + dir);
        }
        Path json = target.resolve("liabilities-check.json");
        Path log = target.resolve("liabilities-check.log");
        Process p = new ProcessBuilder(DevnetPaths.node().toString(), "liabilities-check.mjs",
                "http://127.0.0.1:" + RestAssured.port, VECTORS.toAbsolutePath().toString(),
                screenshot.toAbsolutePath().toString())
                .directory(dir.toFile()).redirectOutput(json.toFile()).redirectError(log.toFile()).start();
        try {
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

    private static List<String> balancesColumn(JsonNode rows) {
        List<String> out = new ArrayList<>();
        rows.forEach(row -> out.add(row.get(1).asText()));
        return out;
    }

    private static List<String> strings(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }
}
