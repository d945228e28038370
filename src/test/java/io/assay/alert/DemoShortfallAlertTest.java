package io.assay.alert;

import io.assay.devnet.DemoDevnet;
import io.assay.attest.SigningKey;
import io.assay.chain.ChainRegistry;
import io.assay.devnet.DemoScenario;
import io.assay.devnet.Devnet;
import io.assay.devnet.DevnetDemo;
import io.assay.devnet.Poll;
import io.assay.offchain.CustodianStub;
import io.assay.por.PorEngine;
import io.assay.por.Snapshot;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * End to end on the devnet demo (real anvil x3, litecoind regtest, Solana shim, the app in demo mode): the demo's
 * shortfall (step 7, an unbacked mint on Avalanche) fires exactly one {@code ratio-below-min} alert, delivered to a
 * real webhook receiver that checks the HMAC and fails the first attempt (so it arrives on a retry, once); the
 * top-up (step 8) resolves it. Alongside, a second asset backed by an off-chain custodian (a real HTTP stub signing
 * its answers) shows in its snapshot as attested off-chain, by whom.
 */
@QuarkusTest
@QuarkusTestResource(value = DemoShortfallAlertTest.Env.class, restrictToAnnotatedClass = true)
class DemoShortfallAlertTest {
    static final String SECRET = "demo-webhook-secret-7c1e";
    static final String TOKEN = "Bearer vault-token-31337";

    /** The webhook receiver, the custodian stub and a profile folder: the devnet's profiles plus an off-chain asset. */
    public static class Env implements QuarkusTestResourceLifecycleManager {
        static WebhookReceiver receiver;
        static CustodianStub custodian;
        static SigningKey custodianKey;
        private Path dir;

        @Override
        public Map<String, String> start() {
            receiver = new WebhookReceiver(SECRET, 1);
            custodian = new CustodianStub();
            custodianKey = SigningKey.generate(new SecureRandom());
            custodian.serve(200, CustodianStub.payload("20.00000000", Instant.now().minusSeconds(5).toString()), custodianKey);
            try {
                dir = Files.createTempDirectory("assay-alert-demo");
                Path src = Path.of(System.getProperty("devnet.project-dir", "."), "chains/devnet/profiles");
                Files.createDirectories(dir.resolve("assets"));
                try (var files = Files.list(src)) {
                    for (Path f : files.filter(Files::isRegularFile).toList()) {
                        Files.copy(f, dir.resolve(f.getFileName()));
                    }
                }
                Files.copy(src.resolve("assets/wbtc-demo.yaml"), dir.resolve("assets/wbtc-demo.yaml"));
                Files.writeString(dir.resolve("assets/vault.yaml"), """
                        id: vault
                        name: Vault-backed BTC
                        decimals: 8
                        reserves:
                          - id: custodian
                            decimals: 8
                            http:
                              url: %s
                              amount: data.total
                              timestamp: data.asOf
                              unit: BTC
                              custodian: Demo Vault Co
                              pollInterval: 500ms
                              maxAge: 1h
                              auth: {header: Authorization, secret: custodian.vault.token}
                              signature: {signer: "%s"}
                        supply:
                          - chain: ethereum
                            token: "%s"
                            decimals: 8
                        policy: {minRatio: "1.0", stalenessTolerance: 30s, heartbeat: 1m}
                        """.formatted(custodian.url(), custodianKey.address(), DevnetDemo.TOKEN));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            Map<String, String> c = new HashMap<>();
            c.put("assay.demo.enabled", "true");
            c.put("assay.demo.play", "false"); // the test plays the steps itself
            c.put("assay.profiles", dir.toString());
            c.put("assay.alerts.interval", "200ms");
            c.put("assay.alerts.startup-delay", "1s");
            c.put("assay.alerts.pending-for", "5s");
            c.put("assay.alerts.backoff", "100ms");
            c.put("assay.alerts.webhooks.demo.url", receiver.url().toString());
            c.put("assay.alerts.webhooks.demo.secret", SECRET);
            c.put("assay.alerts.webhooks.demo.assets", "wbtc-demo");
            c.put("assay.alerts.webhooks.demo.types", "ratio-below-min");
            c.put("custodian.vault.token", TOKEN);
            return c;
        }

        @Override
        public void stop() {
            if (receiver != null) {
                receiver.close();
            }
            if (custodian != null) {
                custodian.close();
            }
            if (dir != null) {
                try (var w = Files.walk(dir)) {
                    for (Path x : w.sorted(java.util.Comparator.reverseOrder()).toList()) {
                        Files.deleteIfExists(x);
                    }
                } catch (IOException ignored) {
                    // a temporary folder: best effort
                }
            }
        }
    }

    @Inject
    DemoDevnet demoDevnet;
    @Inject
    io.assay.devnet.DemoPlayer player;
    @Inject
    PorEngine engine;
    @Inject
    ChainRegistry registry;

    private static final long[] RESERVES = {10, 10, 10, 10, 9, 11, 11, 14};
    private static final long[] CIRCULATING = {0, 8, 8, 8, 7, 7, 13, 13};

    @Test
    void aShortfallFiresExactlyOneAlertAndTheTopUpResolvesIt() {
        Devnet devnet = demoDevnet.devnet().orElseThrow();
        DemoScenario scenario = new DemoScenario(devnet, demoDevnet.demo().orElseThrow());
        // first the initial backfill, so that the steps below start from an indexed devnet
        indexed(devnet, 0);
        for (int step = 1; step <= 6; step++) {
            scenario.step(step);
            indexed(devnet, step);
            // regtest dates blocks ahead of the clock (later than the median of the last 11): "now" answers see a
            // step's Bitcoin blocks only once the clock has passed them, so wait for that as the demo player does
            player.settle();
        }
        assertEquals(Map.of(), Env.receiver.effects, "no alert while backed");

        scenario.step(7);
        indexed(devnet, 7);
        assertTrue(engine.latest("wbtc-demo").belowMinRatio());
        Poll.until(Duration.ofSeconds(60), "the shortfall alert delivered", () -> Env.receiver.effects.size() == 1);
        String firing = Env.receiver.effects.values().iterator().next();
        assertTrue(firing.contains("\"event\":\"firing\"") && firing.contains("\"type\":\"ratio-below-min\"")
                && firing.contains("\"asset\":\"wbtc-demo\""), firing);
        String metrics = given().get("/q/metrics").then().statusCode(200).extract().asString();
        assertTrue(metrics.contains("assay_alert_active{asset=\"wbtc-demo\",chain=\"\",type=\"ratio-below-min\"} 1.0"),
                "active in metrics");

        scenario.step(8);
        indexed(devnet, 8);
        Poll.until(Duration.ofSeconds(60), "the resolution delivered", () -> Env.receiver.effects.size() == 2);

        // exactly one alert, one firing and one resolved delivery, each applied once
        List<WebhookReceiver.Received> reqs = Env.receiver.requests;
        assertTrue(reqs.stream().allMatch(WebhookReceiver.Received::signatureValid), "every request carries a valid HMAC");
        assertEquals(3, reqs.size(), "the first attempt got 503 and was retried; then one resolved: " + reqs);
        assertEquals(reqs.get(0).idempotencyKey(), reqs.get(1).idempotencyKey(), "a retry repeats the idempotency key");
        assertEquals(0, Env.receiver.duplicates.get());
        String alertId = reqs.get(0).idempotencyKey().replace(":firing", "");
        assertEquals(java.util.Set.of(alertId + ":firing", alertId + ":resolved"), Env.receiver.effects.keySet());

        given().get("/v1/alerts").then().statusCode(200)
                .body("active.findAll { it.type == 'ratio-below-min' }.size()", equalTo(0))
                .body("resolved.findAll { it.type == 'ratio-below-min' }.size()", equalTo(1))
                .body("resolved.find { it.type == 'ratio-below-min' }.id", equalTo(alertId));
        given().get("/v1/alerts/deliveries").then().statusCode(200)
                .body("findAll { it.webhook == 'demo' }.size()", equalTo(2))
                .body("find { it.event == 'firing' }.attempts", equalTo(2))
                .body("find { it.event == 'firing' }.state", equalTo("delivered"))
                .body("find { it.event == 'resolved' }.state", equalTo("delivered"))
                .body("toString()", org.hamcrest.Matchers.not(containsString(SECRET)));
        metrics = given().get("/q/metrics").then().statusCode(200).extract().asString();
        assertTrue(metrics.contains("assay_alert_active{asset=\"wbtc-demo\",chain=\"\",type=\"ratio-below-min\"} 0.0"), "cleared in metrics");
        assertTrue(metrics.contains("assay_alert_fired_total{type=\"ratio-below-min\"} 1.0"), "fired once in metrics");
        assertTrue(metrics.contains("assay_alert_deliveries_total{result=\"retried\"} 1.0"));

        // the off-chain asset: attested by the custodian, signed, next to the on-chain demo
        given().get("/v1/assets/vault/snapshot").then().statusCode(200)
                .body("reserveSources[0].origin", equalTo("off-chain"))
                .body("reserveSources[0].chain", equalTo("offchain.vault.custodian"))
                .body("reserveSources[0].attestedBy", equalTo("Demo Vault Co (signed by " + Env.custodianKey.address() + ")"))
                .body("reserveSources[0].amount.raw", equalTo("2000000000"))
                .body("supplyByChain[0].origin", equalTo("on-chain"))
                .body("ratio", equalTo("2.857142857142857142"));
        given().get("/v1/assets/wbtc-demo/snapshot").then().statusCode(200)
                .body("reserveSources[0].origin", equalTo("on-chain"));
        given().get("/v1/offchain").then().statusCode(200)
                .body("[0].state", equalTo("ok"))
                .body("[0].value", equalTo("2000000000"))
                .body("[0].custodian", equalTo("Demo Vault Co"));
        assertTrue(Env.custodian.requests.stream().allMatch(h -> List.of(TOKEN).equals(h.get("Authorization"))));
        assertTrue(metrics.contains("assay_offchain_state{asset=\"vault\",source=\"custodian\"} 0.0"), "off-chain state metric");
    }

    /** Waits until every chain indexed the step and, once all series exist, the snapshot shows the table's numbers. */
    private void indexed(Devnet devnet, int step) {
        for (long id : new long[]{1, 137, 43114}) {
            String name = id == 1 ? "ethereum" : id == 137 ? "polygon" : "avalanche";
            long fin = devnet.evm(id).blockNumber() - 2;
            Poll.until(Duration.ofSeconds(60), name + " indexed to #" + fin + " after step " + step,
                    () -> registry.get(name).map(s -> s.indexedHeight() >= fin).orElse(false));
        }
        long btc = devnet.bitcoin().height() - 1;
        Poll.until(Duration.ofSeconds(60), "bitcoin indexed to #" + btc + " after step " + step,
                () -> registry.get("bitcoin").map(s -> s.indexedHeight() >= btc).orElse(false));
        if (step >= 4) {
            BigInteger reserves = DevnetDemo.btc(RESERVES[step - 1]);
            BigInteger circulating = DevnetDemo.btc(CIRCULATING[step - 1]);
            Poll.until(Duration.ofSeconds(60), "snapshot of step " + step, () -> {
                Snapshot s = engine.latest("wbtc-demo");
                return s.status() != Snapshot.Status.REFUSED && s.reservesTotal().raw().equals(reserves)
                        && s.circulating().raw().equals(circulating);
            });
        }
    }
}
