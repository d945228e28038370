package io.assay.chain.evm;

import io.assay.chain.BlockRef;
import io.assay.chain.ChainState;
import io.assay.chain.EndpointView;
import io.assay.chain.FaultProxy;
import io.assay.chain.FaultProxy.Fault;
import io.assay.config.ChainProfile;
import io.assay.config.Finality;
import io.assay.config.Profiles;
import io.assay.devnet.Devnet;
import io.assay.devnet.Erc20;
import io.assay.devnet.EvmNode;
import io.assay.store.SeriesKey;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.math.BigInteger;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Random;
import java.util.function.Function;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The indexer behind a fault-injecting proxy in front of anvil: it keeps going or halts cleanly, and never
 * records a wrong value.
 */
class EvmFaultTest {
    private static final String OWNER = EvmNode.DEV_ACCOUNT;
    private static Devnet devnet;
    private static EvmNode node;
    private static Erc20 token;
    private static String alice;
    private static String custody;

    @TempDir
    Path dir;

    @BeforeAll
    static void start() {
        devnet = Devnet.start(EnumSet.of(Devnet.Node.ETHEREUM));
        node = devnet.evm(1);
        List<String> acc = node.accounts();
        alice = acc.get(1);
        custody = acc.get(3);
        token = Erc20.deploy(node, OWNER, "Fault", "FLT", 8);
        token.mint(OWNER, alice, BigInteger.valueOf(1_000_000));
        new ChainBuilder(node).mintMany(token, OWNER, 100, 30, 2, 100, BigInteger.valueOf(9));
        for (int i = 0; i < 10; i++) {
            token.transfer(alice, custody, BigInteger.valueOf(100 + i));
            token.burn(alice, BigInteger.valueOf(7));
        }
    }

    @AfterAll
    static void stop() {
        devnet.close();
    }

    private static ChainProfile chain(Duration timeout, URI... urls) {
        ChainProfile c = TestProfiles.chain("ethereum", 1, Finality.ofConfirmations(1),
                TestProfiles.limits(7, 10, 3, 64, 5), urls);
        return new ChainProfile(c.name(), c.file(), c.family(), c.chainId(), c.network(), c.finality(), c.endpoints(),
                c.restUrl(), c.blockTime(), c.startHeight(),
                new io.assay.config.ChainLimits(7, 10, 3, 0, timeout, 64, Duration.ofMillis(50), 5));
    }

    private static Profiles profiles(ChainProfile chain) {
        TestProfiles.Asset a = new TestProfiles.Asset("flt", 8).supply("ethereum", token.address(), 8)
                .tokenReserve("custody", "ethereum", custody, token.address(), 8)
                .excluded("alice", "ethereum", alice);
        return TestProfiles.profiles(List.of(chain), List.of(a.build()));
    }

    /** Every asset series equals the node at every height up to {@code fin}. */
    private static void assertMatchesNode(EvmHarness h, long fin) {
        for (long b = 0; b <= fin; b++) {
            assertEquals(NodeValues.supply(token, b), h.valueAtHeight(new SeriesKey("flt", "ethereum", "supply", "_total"), b),
                    "supply at #" + b);
            assertEquals(NodeValues.balance(token, custody, b), h.valueAtHeight(new SeriesKey("flt", "ethereum", "reserve", "custody"), b),
                    "custody at #" + b);
            assertEquals(NodeValues.balance(token, alice, b), h.valueAtHeight(new SeriesKey("flt", "ethereum", "excluded", "alice"), b),
                    "alice at #" + b);
        }
    }

    @Test
    void backfillAndFollowThroughEveryKindOfFaultRecordOnlyTheTruth() {
        Random rnd = new Random(7);
        Function<FaultProxy.Request, Fault> plan = r -> {
            double x;
            synchronized (rnd) {
                x = rnd.nextDouble();
            }
            if (x < 0.05) {
                return Fault.HTTP_500;
            } else if (x < 0.10) {
                return Fault.RESET;
            } else if (x < 0.15) {
                return Fault.CUT_BODY;
            } else if (x < 0.20) {
                return Fault.TRUNCATED_JSON;
            } else if (x < 0.23) {
                return Fault.DELAY;
            } else if (x < 0.24) {
                return Fault.HTTP_429;
            }
            return Fault.NONE;
        };
        try (FaultProxy proxy = FaultProxy.start(node.url())) {
            proxy.plan(plan).delay(Duration.ofMillis(1500)).retryAfter(1);
            ChainProfile chain = chain(Duration.ofSeconds(1), proxy.url());
            try (EvmHarness h = EvmHarness.start(dir, profiles(chain), chain)) {
                h.awaitIndexed(node.blockNumber() - 1, Duration.ofSeconds(120));
                for (int i = 0; i < 5; i++) {
                    token.transfer(custody, alice, BigInteger.valueOf(3 + i));
                    token.burn(custody, BigInteger.valueOf(1));
                }
                long fin = node.blockNumber() - 1;
                h.awaitIndexed(fin, Duration.ofSeconds(120));
                assertMatchesNode(h, fin);
                for (Fault f : new Fault[]{Fault.HTTP_500, Fault.RESET, Fault.CUT_BODY, Fault.TRUNCATED_JSON, Fault.DELAY}) {
                    assertTrue(proxy.injected(f) > 0, f + " was injected");
                }
                EndpointView ev = h.status().view().endpoints().get(0);
                assertTrue(ev.errors() >= proxy.injectedTotal() - proxy.injected(Fault.DELAY), "errors counted: " + ev);
                assertEquals(0, h.status().reconcileMismatches());
                assertFalse(h.status().state() == ChainState.HALTED);
            }
        }
    }

    @Test
    void anEndpointOnAnotherChainIsExcludedAndTheOtherCarriesOn() {
        try (FaultProxy wrong = FaultProxy.start(node.url())) {
            wrong.chainId(137L);
            ChainProfile chain = chain(Duration.ofSeconds(10), wrong.url(), node.url());
            try (EvmHarness h = EvmHarness.start(dir, profiles(chain), chain)) {
                long fin = node.blockNumber() - 1;
                h.awaitIndexed(fin, Duration.ofSeconds(60));
                assertMatchesNode(h, fin);
                EndpointView ev = h.status().view().endpoints().get(0);
                assertEquals("excluded", ev.state());
                assertEquals("reports chain id 0x89, expected 0x1", ev.excludedReason());
            }
        }
    }

    @Test
    void aSoleEndpointOnAnotherChainHaltsBeforeAnythingIsRecorded() {
        try (FaultProxy wrong = FaultProxy.start(node.url())) {
            wrong.chainId(43114L);
            ChainProfile chain = chain(Duration.ofSeconds(10), wrong.url());
            try (EvmHarness h = EvmHarness.start(dir, profiles(chain), chain)) {
                h.awaitHalted(Duration.ofSeconds(30));
                assertTrue(h.status().haltReason().contains("reports chain id 0xa86a, expected 0x1"), h.status().haltReason());
                assertTrue(h.store.checkpoint("ethereum").isEmpty(), "nothing recorded");
            }
        }
    }

    @Test
    void anEndpointLyingAboutARecordedBlockIsExcludedAndValuesStayTrue() {
        try (FaultProxy liar = FaultProxy.start(node.url())) {
            ChainProfile chain = chain(Duration.ofSeconds(10), liar.url(), node.url());
            try (EvmHarness h = EvmHarness.start(dir, profiles(chain), chain)) {
                long k = node.blockNumber() - 1;
                h.awaitIndexed(k, Duration.ofSeconds(60));
                long recorded = h.status().indexedHeight();
                BlockRef truth = EvmRpc.block(node.rpc(), recorded);
                liar.lie("0x" + truth.hash(), "0x" + "ab".repeat(32));
                token.transfer(alice, custody, BigInteger.valueOf(11));
                node.mine(2);
                long fin = node.blockNumber() - 1;
                h.awaitIndexed(fin, Duration.ofSeconds(60));
                EndpointView ev = h.status().view().endpoints().get(0);
                assertEquals("excluded", ev.state(), "the liar is out: " + ev);
                assertTrue(ev.excludedReason().contains("final block #" + recorded), ev.excludedReason());
                assertMatchesNode(h, fin);
                assertTrue(h.status().alarms().stream().anyMatch(a -> a.kind().equals("endpoint-excluded")));
            }
        }
    }

    @Test
    void endpointsThatDisagreeOnANewFinalBlockHaltTheChainWithoutRecordingEither() {
        try (FaultProxy liar = FaultProxy.start(node.url())) {
            ChainProfile chain = chain(Duration.ofSeconds(10), liar.url(), node.url());
            io.assay.store.Store store = EvmHarness.openStore(dir);
            try {
                long k;
                try (EvmHarness h = EvmHarness.start(store, profiles(chain), chain)) {
                    k = node.blockNumber() - 1;
                    h.awaitIndexed(k, Duration.ofSeconds(60));
                    k = h.status().indexedHeight();
                }
                node.mine(4);
                long head = node.blockNumber();
                for (long b = k + 1; b <= head; b++) {
                    liar.lie("0x" + EvmRpc.block(node.rpc(), b).hash(), "0x" + String.format("%064x", 0xdead0000L + b));
                }
                try (EvmHarness h = EvmHarness.start(store, profiles(chain), chain)) {
                    h.awaitHalted(Duration.ofSeconds(60));
                    assertTrue(h.status().haltReason().startsWith("endpoints disagree on final block"), h.status().haltReason());
                    assertEquals(k, store.checkpoint("ethereum").orElseThrow().height(), "nothing past the last agreed block");
                }
            } finally {
                store.close();
            }
        }
    }
}
