package io.assay.chain;

import com.fasterxml.jackson.databind.JsonNode;
import io.assay.chain.FaultProxy.Fault;
import io.assay.chain.rpc.JsonRpcClient;
import io.assay.chain.rpc.RpcException;
import io.assay.devnet.Devnet;
import io.assay.devnet.EvmNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.EnumSet;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The endpoint pool against a real anvil node behind a fault-injecting proxy. */
class EndpointPoolTest {
    private static final RetryPolicy FAST = new RetryPolicy(Duration.ofMillis(5), Duration.ofMillis(50), 40,
            Duration.ofSeconds(20));
    private static Devnet devnet;
    private static EvmNode node;

    @BeforeAll
    static void start() {
        devnet = Devnet.start(EnumSet.of(Devnet.Node.ETHEREUM));
        node = devnet.evm(1);
        node.mine(20);
    }

    @AfterAll
    static void stop() {
        devnet.close();
    }

    private static JsonRpcClient direct() {
        return new JsonRpcClient(node.url(), Duration.ofSeconds(10));
    }

    @Test
    void everyCallSucceedsThroughServerErrorsResetsAndCutBodies() {
        try (FaultProxy proxy = FaultProxy.start(node.url())) {
            proxy.plan(FaultProxy.random(42, 0.5, Fault.HTTP_500, Fault.RESET, Fault.CUT_BODY, Fault.TRUNCATED_JSON));
            EndpointPool pool = new EndpointPool("ethereum", List.of(proxy.client(Duration.ofSeconds(5))), FAST, 0);
            for (int h = 0; h <= 20; h++) {
                String hex = "0x" + Integer.toHexString(h);
                JsonNode viaPool = pool.call("block " + h, c -> c.call("eth_getBlockByNumber", hex, false));
                JsonNode truth = direct().call("eth_getBlockByNumber", hex, false);
                assertEquals(truth.get("hash"), viaPool.get("hash"), "block " + h);
            }
            assertTrue(proxy.injectedTotal() >= 5, "faults were injected: " + proxy.injectedTotal());
            assertEquals(proxy.injectedTotal(), pool.views().get(0).errors(), "every fault counted as an endpoint error");
        }
    }

    @Test
    void aRetryAfterIsHonouredBeforeTheEndpointIsAskedAgain() {
        try (FaultProxy proxy = FaultProxy.start(node.url())) {
            proxy.retryAfter(1).plan(r -> r.seq() == 1 ? Fault.HTTP_429 : Fault.NONE);
            EndpointPool pool = new EndpointPool("ethereum", List.of(proxy.client(Duration.ofSeconds(5))), FAST, 0);
            long t0 = System.nanoTime();
            String n = pool.call("blockNumber", c -> c.call("eth_blockNumber").asText());
            long ms = (System.nanoTime() - t0) / 1_000_000;
            assertEquals(node.blockNumber(), Long.decode(n));
            assertEquals(2, proxy.requests());
            assertTrue(ms >= 990, "waited the Retry-After second, took " + ms + " ms");
        }
    }

    @Test
    void failsOverToTheNextEndpointWhileTheFirstBacksOff() {
        try (FaultProxy broken = FaultProxy.start(node.url())) {
            broken.plan(r -> Fault.RESET);
            EndpointPool pool = new EndpointPool("ethereum", List.of(broken.client(Duration.ofSeconds(5)), direct()),
                    new RetryPolicy(Duration.ofSeconds(5), Duration.ofSeconds(30), 5, Duration.ofSeconds(20)), 0);
            for (int i = 0; i < 10; i++) {
                assertEquals(node.blockNumber(), Long.decode(pool.call("blockNumber", c -> c.call("eth_blockNumber").asText())));
            }
            assertEquals(1, broken.requests(), "the broken endpoint is backing off, not asked ten times");
            assertEquals("backoff", pool.views().get(0).state());
            assertEquals(10, pool.views().get(1).requests());
        }
    }

    @Test
    void aSlowAnswerTimesOutAndIsRetried() {
        try (FaultProxy proxy = FaultProxy.start(node.url())) {
            proxy.delay(Duration.ofSeconds(3)).plan(r -> r.seq() == 1 ? Fault.DELAY : Fault.NONE);
            EndpointPool pool = new EndpointPool("ethereum", List.of(proxy.client(Duration.ofMillis(500))), FAST, 0);
            long t0 = System.nanoTime();
            assertEquals(node.blockNumber(), Long.decode(pool.call("blockNumber", c -> c.call("eth_blockNumber").asText())));
            assertTrue((System.nanoTime() - t0) / 1_000_000 < 2500, "did not wait for the slow answer");
            assertEquals(1, pool.views().get(0).errors());
        }
    }

    @Test
    void anEndpointOnAnotherChainIsExcludedAndTheRestServe() {
        try (FaultProxy liar = FaultProxy.start(node.url())) {
            liar.chainId(5L);
            EndpointPool pool = new EndpointPool("ethereum", List.of(liar.client(Duration.ofSeconds(5)), direct()), FAST, 0);
            pool.requireIdentity("chain id", c -> c.call("eth_chainId").asText(), "0x1");
            assertEquals("excluded", pool.views().get(0).state());
            assertEquals("reports chain id 0x5, expected 0x1", pool.views().get(0).excludedReason());
            long before = liar.requests();
            pool.call("blockNumber", c -> c.call("eth_blockNumber"));
            assertEquals(before, liar.requests(), "an excluded endpoint gets no more calls");
        }
    }

    @Test
    void theChainHaltsWhenNoEndpointIsOnTheRightChain() {
        try (FaultProxy liar = FaultProxy.start(node.url())) {
            liar.chainId(137L);
            EndpointPool pool = new EndpointPool("ethereum", List.of(liar.client(Duration.ofSeconds(5))), FAST, 0);
            ChainHaltedException e = assertThrows(ChainHaltedException.class,
                    () -> pool.requireIdentity("chain id", c -> c.call("eth_chainId").asText(), "0x1"));
            assertTrue(e.getMessage().contains("reports chain id 0x89, expected 0x1"), e.getMessage());
        }
    }

    @Test
    void aCallGivesUpAfterItsAttemptsWithTheLastError() {
        try (FaultProxy proxy = FaultProxy.start(node.url())) {
            proxy.plan(r -> Fault.HTTP_500);
            EndpointPool pool = new EndpointPool("ethereum", List.of(proxy.client(Duration.ofSeconds(5))),
                    new RetryPolicy(Duration.ofMillis(1), Duration.ofMillis(5), 4, Duration.ofSeconds(10)), 0);
            RpcException e = assertThrows(RpcException.class, () -> pool.call("blockNumber", c -> c.call("eth_blockNumber")));
            assertTrue(e.getMessage().contains("failed after 4 attempts") && e.getMessage().contains("HTTP 500"), e.getMessage());
            assertEquals(4, proxy.requests());
        }
    }

    @Test
    void aStreamedAnswerCutShortFailsWholeAndNeverYieldsAPartialResult() {
        try (FaultProxy proxy = FaultProxy.start(node.url())) {
            JsonRpcClient c = proxy.client(Duration.ofSeconds(5));
            for (Fault f : new Fault[]{Fault.CUT_BODY, Fault.TRUNCATED_JSON}) {
                proxy.plan(r -> f);
                RpcException e = assertThrows(RpcException.class, () -> c.stream("eth_getBlockByNumber",
                        p -> JsonRpcClient.json().readTree(p), "0x1", false), f.name());
                assertTrue(e.retryable(), f + " is retryable: " + e.getMessage());
            }
            proxy.plan(r -> Fault.NONE);
            JsonNode ok = c.stream("eth_getBlockByNumber", p -> JsonRpcClient.json().readTree(p), "0x1", false);
            assertEquals(direct().call("eth_getBlockByNumber", "0x1", false), ok);
        }
    }
}
