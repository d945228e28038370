package io.assay.chain.evm;

import io.assay.chain.ChainRegistry;
import io.assay.chain.ChainState;
import io.assay.devnet.Devnet;
import io.assay.devnet.Erc20;
import io.assay.devnet.EvmNode;
import io.assay.devnet.Poll;
import io.assay.store.Point;
import io.assay.store.SeriesKey;
import io.assay.store.Store;
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
import java.time.Duration;
import java.util.EnumSet;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The application starts an indexer for every EVM chain profile that has endpoints: here a polygon profile
 * pointing at a devnet anvil node. Its status reaches {@code /v1/chains} and its metrics {@code /q/metrics};
 * the supply it indexes equals the node's.
 */
@QuarkusTest
@QuarkusTestResource(value = EvmIndexerServiceTest.Node.class, restrictToAnnotatedClass = true)
class EvmIndexerServiceTest {
    /** Starts anvil (chain id 137), deploys a token and writes a profile folder pointing at it. */
    public static class Node implements QuarkusTestResourceLifecycleManager {
        static Devnet devnet;
        static Erc20 token;
        private final java.util.List<Path> folders = new java.util.ArrayList<>();

        @Override
        public Map<String, String> start() {
            devnet = Devnet.start(EnumSet.of(Devnet.Node.POLYGON));
            EvmNode node = devnet.evm(137);
            token = Erc20.deploy(node, EvmNode.DEV_ACCOUNT, "Service", "SVC", 6);
            token.mint(EvmNode.DEV_ACCOUNT, node.accounts().get(1), BigInteger.valueOf(123_456));
            try {
                Path dir = Files.createTempDirectory("assay-evm-profiles");
                Path data = Files.createTempDirectory("assay-evm-data");
                folders.add(dir);
                folders.add(data);
                Files.createDirectories(dir.resolve("assets"));
                Files.writeString(dir.resolve("polygon.yaml"), """
                        name: polygon
                        family: evm
                        chainId: 137
                        finality:
                          confirmations: 1
                        endpoints: []
                        blockTime: 1s
                        limits:
                          pollInterval: 100ms
                          maxReorgDepth: 32
                          reconcileEvery: 2
                        """);
                Files.writeString(dir.resolve("assets/svc.yaml"), """
                        id: svc
                        decimals: 6
                        reserves:
                          - id: treasury
                            chain: polygon
                            holder: "%s"
                            token: "%s"
                            decimals: 6
                        supply:
                          - chain: polygon
                            token: "%s"
                            decimals: 6
                        policy:
                          deviationBps: 100
                          heartbeat: 1m
                          minRatio: "1.0"
                          stalenessTolerance: 5m
                        """.formatted(node.accounts().get(1).toLowerCase(), token.address(), token.address()));
                return Map.of("assay.profiles", dir.toString(),
                        "assay.chains.polygon.endpoints", node.url().toString(),
                        "assay.data-dir", data.toString());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        @Override
        public void stop() {
            if (devnet != null) {
                devnet.close();
            }
            folders.forEach(Devnet::deleteTree);
        }
    }

    @Inject
    Store store;
    @Inject
    ChainRegistry registry;

    @Test
    void theAppIndexesEveryEvmChainWithEndpointsAndReportsIt() {
        EvmNode node = Node.devnet.evm(137);
        node.mine(3);
        long fin = node.blockNumber() - 1;
        Poll.until(Duration.ofSeconds(60), "polygon indexed to #" + fin, () ->
                registry.get("polygon").map(s -> s.indexedHeight() >= fin).orElse(false));
        assertEquals(ChainState.FOLLOWING, registry.get("polygon").orElseThrow().state());

        Point p = new Point();
        assertTrue(store.latest(store.find(new SeriesKey("svc", "polygon", "supply", "_total")).orElseThrow(), p));
        assertEquals(BigInteger.valueOf(123_456), p.valueAsBigInteger());
        assertTrue(store.latest(store.find(new SeriesKey("svc", "polygon", "reserve", "treasury")).orElseThrow(), p));
        assertEquals(BigInteger.valueOf(123_456), p.valueAsBigInteger());

        given().get("/v1/chains/polygon").then().statusCode(200)
                .body("state", org.hamcrest.Matchers.equalTo("following"))
                .body("endpoints[0].state", org.hamcrest.Matchers.equalTo("ok"))
                .body("reconciliation.mismatches", org.hamcrest.Matchers.equalTo(0));
        assertTrue(given().get("/v1/chains/polygon").then().extract().path("coveredUntil") != null, "coverage reported");
        String metrics = given().get("/q/metrics").then().statusCode(200).extract().asString();
        assertTrue(metrics.contains("assay_chain_lag_blocks{chain=\"polygon\"}"), "lag metric");
        assertTrue(metrics.contains("assay_rpc_errors_total{chain=\"polygon\",endpoint=\"" + node.url().toString()
                .replaceAll("/$", "") + "\"}"), "per-endpoint error counter");
    }
}
