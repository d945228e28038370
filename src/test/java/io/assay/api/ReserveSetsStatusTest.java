package io.assay.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.assay.config.SetProfiles;
import io.assay.devnet.Contracts;
import io.assay.devnet.Devnet;
import io.assay.devnet.Erc20;
import io.assay.devnet.EvmNode;
import io.assay.devnet.Poll;
import io.assay.offchain.CustodianStub;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import org.junit.jupiter.api.Test;
import org.web3j.abi.FunctionEncoder;
import org.web3j.abi.datatypes.Function;
import org.web3j.abi.datatypes.Utf8String;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Reserve sets in {@code /v1/chains} and {@code /q/metrics}, in the running application: a PoRAddressList contract on
 * anvil (a faithful implementation of the documented interface, chains/devnet/contracts/ReserveSetTestContracts.sol:
 * @chainlink/contracts ships none) and an HTTP list served by a small server in the test, polled every 200 ms
 * ({@code assay.reserve-sets.http-polling} turned on again for this test). The list then serves a malformed entry:
 * it is refused, counted, and the last good set is kept. The dashboard's "Reserve sets" card, read in the system's
 * headless Chromium (dashboard-test/sets-check.mjs, playwright-core), shows the same.
 */
@QuarkusTest
@QuarkusTestResource(value = ReserveSetsStatusTest.Nodes.class, restrictToAnnotatedClass = true)
class ReserveSetsStatusTest {
    static final String A1 = "raw(0014" + "a1".repeat(20) + ")";
    static final String A2 = "raw(0014" + "a2".repeat(20) + ")";
    static final String A3 = "raw(0014" + "a3".repeat(20) + ")";

    public static class Nodes implements QuarkusTestResourceLifecycleManager {
        static Devnet devnet;
        static CustodianStub server;
        private final List<Path> folders = new java.util.ArrayList<>();

        @Override
        public Map<String, String> start() {
            devnet = Devnet.start(EnumSet.of(Devnet.Node.ETHEREUM));
            EvmNode eth = devnet.evm(1);
            Erc20 token = Erc20.deploy(eth, EvmNode.DEV_ACCOUNT, "Wrapped", "WRS", 8);
            token.mint(EvmNode.DEV_ACCOUNT, eth.accounts().get(1), BigInteger.valueOf(100));
            String list = Contracts.deploy(eth, EvmNode.DEV_ACCOUNT, "TestPoRAddressList", "");
            eth.send(EvmNode.DEV_ACCOUNT, list, FunctionEncoder.encode(new Function("add",
                    List.of(new Utf8String(A1)), List.of())));
            try {
                server = new CustodianStub();
                server.serve(200, CustodianStub.array(List.of(A2, A3)), null);
                Path dir = Files.createTempDirectory("assay-set-profiles");
                Path data = Files.createTempDirectory("assay-set-data");
                folders.add(dir);
                folders.add(data);
                // the endpoint comes from the service's configuration, as in a deployment
                SetProfiles.write(dir, null, "pollInterval: 100ms, maxReorgDepth: 32", null,
                        SetProfiles.set("list", "contract: {chain: ethereum, address: \"" + list + "\", startBlock: 0}")
                                + SetProfiles.set("custody", "http: {url: \"" + server.url()
                                + "\", form: array, pollInterval: 200ms, maxShrinkBps: 10000}"), token.address());
                return Map.of("assay.profiles", dir.toString(), "assay.data-dir", data.toString(),
                        "assay.chains.ethereum.endpoints", eth.url().toString(),
                        "assay.reserve-sets.http-polling", "true");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        @Override
        public void stop() {
            if (server != null) {
                server.close();
            }
            if (devnet != null) {
                devnet.close();
            }
            folders.forEach(Devnet::deleteTree);
        }
    }

    private static List<String> cells(JsonNode row, int... at) {
        List<String> out = new java.util.ArrayList<>();
        for (int i : at) {
            out.add(row.get(i).asText());
        }
        return out;
    }

    /** Runs dashboard-test/sets-check.mjs against the app; its output is kept in target/sets-check.{json,log}. */
    private static JsonNode sets() {
        Path dir = Path.of("dashboard-test").toAbsolutePath();
        if (!Files.isDirectory(dir.resolve("node_modules/playwright-core"))) {
            throw new AssertionError("playwright-core is not installed: run 'npm ci' in " + dir);
        }
        Path json = Path.of("target/sets-check.json").toAbsolutePath();
        Path log = Path.of("target/sets-check.log").toAbsolutePath();
        try {
            Process p = new ProcessBuilder(io.assay.devnet.DevnetPaths.node().toString(), "sets-check.mjs",
                    "http://127.0.0.1:" + io.restassured.RestAssured.port).directory(dir.toFile())
                    .redirectOutput(json.toFile()).redirectError(log.toFile()).start();
            try {
                if (!p.waitFor(2, java.util.concurrent.TimeUnit.MINUTES)) {
                    throw new AssertionError("the browser script did not finish in 2 minutes; see " + log);
                }
            } finally {
                if (p.isAlive()) {
                    p.destroyForcibly().waitFor(10, java.util.concurrent.TimeUnit.SECONDS);
                }
            }
            assertEquals(0, p.exitValue(), "browser script failed: " + Files.readString(log));
            return new com.fasterxml.jackson.databind.ObjectMapper().readTree(Files.readString(json));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    private static JsonPath chain(String name) {
        return given().get("/v1/chains/" + name).then().statusCode(200).extract().jsonPath();
    }

    private static double metric(String text, String name, String set) {
        String prefix = name + "{asset=\"rs\",kind=\"" + (set.equals("list") ? "contract" : "http") + "\",set=\"" + set
                + "\"} ";
        return text.lines().filter(l -> l.startsWith(prefix)).map(l -> Double.parseDouble(l.substring(prefix.length())))
                .findFirst().orElseThrow(() -> new AssertionError("no " + prefix + " in the scrape"));
    }

    @Test
    void eachSetShowsItsSyncStateMembersRefreshAndRefusals() {
        long head = Nodes.devnet.evm(1).blockNumber();
        Poll.until(Duration.ofSeconds(60), "the list contract read through #" + head + " and the HTTP list polled",
                () -> chain("set.rs.list").getInt("members") == 1 && chain("set.rs.list").getLong("indexedHeight") >= head
                        && chain("set.rs.custody").getInt("members") == 2);
        JsonPath list = chain("set.rs.list");
        assertEquals("reserve-set", list.getString("family"));
        assertEquals("rs", list.getString("asset"));
        assertEquals("contract", list.getString("kind"));
        assertEquals("ethereum", list.getString("listChain"));
        assertEquals("bitcoin", list.getString("holdingChain"));
        assertEquals("following", list.getString("state"), "its loop is registered like a chain's");
        assertEquals(0, list.getInt("refusals"));
        assertTrue(list.getDouble("lastRefreshAgeSeconds") >= 0);

        JsonPath custody = chain("set.rs.custody");
        assertEquals("http", custody.getString("kind"));
        assertEquals(true, custody.getBoolean("polling"));
        assertNull(custody.getString("refused"));
        assertEquals(0L, custody.getLong("refusals"));
        assertEquals(Nodes.server.url().toString(), custody.getString("source"));

        // the list turns bad: refused and counted; the two members are kept
        Nodes.server.serve(200, CustodianStub.array(List.of(A2, "not-an-address")), null);
        Poll.until(Duration.ofSeconds(30), "a refusal", () -> chain("set.rs.custody").getLong("refusals") >= 1);
        custody = chain("set.rs.custody");
        assertTrue(custody.getString("refused").startsWith("malformed: "), custody.getString("refused"));
        assertEquals(2, custody.getInt("members"), "the last good set is kept");
        assertTrue(custody.getString("suspect").contains("not-an-address"), custody.getString("suspect"));

        List<String> names = given().get("/v1/chains").then().statusCode(200).extract().jsonPath().getList("chain");
        assertEquals(4, names.size(), names.toString());
        assertTrue(names.containsAll(List.of("bitcoin", "ethereum", "set.rs.list", "set.rs.custody")), names.toString());
        given().get("/v1/chains/set.rs.nope").then().statusCode(404);

        String scrape = given().get("/q/metrics").then().statusCode(200).extract().asString();
        assertEquals(1.0, metric(scrape, "assay_reserve_set_members", "list"));
        assertEquals(2.0, metric(scrape, "assay_reserve_set_members", "custody"));
        assertEquals(0.0, metric(scrape, "assay_reserve_set_refusals_total", "list"));
        assertTrue(metric(scrape, "assay_reserve_set_refusals_total", "custody") >= 1.0);
        assertTrue(metric(scrape, "assay_reserve_set_refresh_age_seconds", "list") >= 0);
        assertTrue(scrape.contains("assay_chain_indexed_height{chain=\"set.rs.list\"}"), "the set loop's chain meters");

        // the dashboard's card shows the same (read in the system's headless Chromium)
        JsonNode page = sets();
        assertEquals("[]", page.get("pageErrors").toString());
        assertEquals(false, page.get("hidden").asBoolean());
        JsonNode rows = page.get("rows");
        assertEquals(2, rows.size(), rows.toString());
        assertEquals(List.of("list", "contract", "1", "0", "following"), cells(rows.get(0), 0, 1, 2, 4, 5));
        assertEquals(List.of("custody", "http", "2", "refused"), cells(rows.get(1), 0, 1, 2, 5));
        assertTrue(Long.parseLong(rows.get(1).get(4).asText()) >= 1, rows.toString());
        assertTrue(page.get("titles").get(1).asText().startsWith("malformed: "), page.toString());

        // the list recovers
        Nodes.server.serve(200, CustodianStub.array(List.of(A2)), null);
        Poll.until(Duration.ofSeconds(30), "a good list again", () -> chain("set.rs.custody").getInt("members") == 1);
        assertNull(chain("set.rs.custody").getString("refused"));
    }
}
