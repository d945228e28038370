package io.assay.chain.evm;

import io.assay.alert.AlertBook;
import io.assay.alert.AlertEvaluator;
import io.assay.alert.AlertEvent;
import io.assay.alert.AlertType;
import io.assay.alert.Condition;
import io.assay.chain.ChainRegistry;
import io.assay.config.ChainLimits;
import io.assay.config.ChainProfile;
import io.assay.config.Finality;
import io.assay.config.IncumbentFeed;
import io.assay.config.Profiles;
import io.assay.devnet.Contracts;
import io.assay.devnet.Devnet;
import io.assay.devnet.Erc20;
import io.assay.devnet.EvmNode;
import io.assay.por.IncumbentCheck;
import io.assay.por.PorEngine;
import io.assay.por.Snapshot;
import io.assay.store.ChainClock;
import io.assay.store.SeriesNames;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.web3j.abi.FunctionEncoder;
import org.web3j.abi.datatypes.Function;
import org.web3j.abi.datatypes.generated.Int256;
import org.web3j.abi.datatypes.generated.Uint8;

import java.math.BigInteger;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A check on the incumbent: an asset names a Chainlink proof-of-reserve feed, here Chainlink's own
 * {@code MockV3Aggregator} from {@code @chainlink/contracts@1.5.0} (vendored unmodified, chains/devnet/contracts/vendor)
 * on a real anvil node. The indexer records the feed's {@code latestRoundData()} answer and {@code updatedAt} at every
 * block where they change; the engine compares them with the reserves at the same cut, exactly (the feed has 6
 * decimals, the asset 8: scaled by 100), and the alert evaluator raises {@code incumbent-divergence} when they differ
 * by more than the tolerance and clears it when they agree again; {@code incumbent-stale} when the feed's round is
 * older than its heartbeat.
 */
class IncumbentFeedTest {
    private static final String OWNER = EvmNode.DEV_ACCOUNT;
    private static final long TOLERANCE_BPS = 50;
    private static Devnet devnet;
    private static EvmNode node;
    private static Erc20 token;
    private static String custody;
    private static String feed;

    @TempDir
    Path dir;

    @BeforeAll
    static void start() {
        devnet = Devnet.start(EnumSet.of(Devnet.Node.ETHEREUM));
        node = devnet.evm(1);
        custody = node.accounts().get(3);
        token = Erc20.deploy(node, OWNER, "Wrapped", "WRP", 8);
        token.mint(OWNER, node.accounts().get(1), BigInteger.valueOf(150_000_000));
        // reserves: 2.01 (8 decimals)
        token.mint(OWNER, custody, BigInteger.valueOf(201_000_000));
        // the feed says 2.000000 (6 decimals): 200_000_000 in the asset's units; |2.01 - 2.00| = 0.5 % of 2.00 exactly
        feed = Contracts.deploy(node, OWNER, "MockV3Aggregator",
                FunctionEncoder.encodeConstructor(List.of(new Uint8(6), new Int256(2_000_000))));
    }

    @AfterAll
    static void stop() {
        devnet.close();
    }

    private static ChainProfile chain() {
        ChainProfile c = TestProfiles.chain("ethereum", 1, Finality.ofConfirmations(0), TestProfiles.limits(1000, 10, 3, 64, 0),
                node.url());
        return new ChainProfile(c.name(), c.file(), c.family(), c.chainId(), c.network(), c.finality(), c.endpoints(),
                c.restUrl(), c.blockTime(), c.startHeight(),
                new ChainLimits(1000, 10, 3, 0, Duration.ofSeconds(10), 64, Duration.ofMillis(50), 0));
    }

    private static Profiles profiles(ChainProfile chain) {
        TestProfiles.Asset a = new TestProfiles.Asset("wrp", 8).supply("ethereum", token.address(), 8)
                .tokenReserve("custody", "ethereum", custody, token.address(), 8)
                .incumbent(new IncumbentFeed("chainlink-por", "ethereum", feed, 6, Duration.ofHours(1), TOLERANCE_BPS,
                        "test: MockV3Aggregator"));
        return TestProfiles.profiles(List.of(chain), List.of(a.build()));
    }

    private static void updateAnswer(long answer) {
        node.send(OWNER, feed, FunctionEncoder.encode(new Function("updateAnswer", List.of(new Int256(answer)), List.of())));
    }

    /**
     * Mines one block a second later and waits for it: anvil dates blocks by the second, so the cut (one millisecond
     * before the last final block's time) passes the blocks just made only once a later-dated block is final.
     */
    private static void settle(EvmHarness h) {
        node.rpc().call("evm_increaseTime", 1);
        node.mine(1);
        h.awaitIndexed(node.blockNumber(), Duration.ofSeconds(60));
    }

    private static Set<String> incumbentAlerts(AlertEvaluator ev) {
        return ev.evaluate(Instant.now()).conditions().stream()
                .filter(c -> c.type() == AlertType.INCUMBENT_DIVERGENCE || c.type() == AlertType.INCUMBENT_STALE)
                .map(Condition::key).collect(Collectors.toSet());
    }

    @Test
    void divergenceFiresAndClearsAndAStaleFeedIsReported() {
        ChainProfile chain = chain();
        Profiles profiles = profiles(chain);
        String divergence = Condition.key(AlertType.INCUMBENT_DIVERGENCE, "wrp", "ethereum");
        String stale = Condition.key(AlertType.INCUMBENT_STALE, "wrp", "ethereum");
        try (EvmHarness h = EvmHarness.start(dir, profiles, chain)) {
            settle(h);
            ChainRegistry registry = new ChainRegistry();
            registry.register(h.status());
            PorEngine engine = new PorEngine(profiles, h.store, ChainClock.NONE, Clock.systemUTC());
            AlertEvaluator ev = new AlertEvaluator(engine, registry, 3, Duration.ofHours(1));
            AlertBook book = new AlertBook();

            // agree within the tolerance (exactly at it: 1_000_000 * 10000 == 50 * 200_000_000)
            IncumbentCheck c = engine.incumbent("wrp").orElseThrow();
            assertEquals(Snapshot.Status.OK, c.status(), c.reasons().toString());
            assertEquals(BigInteger.valueOf(201_000_000), c.reserves().raw());
            assertEquals(BigInteger.valueOf(200_000_000), c.feedAnswer().raw(), "6 decimals scaled exactly to 8");
            assertEquals(8, c.feedAnswer().decimals());
            assertEquals(BigInteger.valueOf(1_000_000), c.difference().raw());
            assertFalse(c.diverged(), c.reasons().toString());
            assertFalse(c.stale(), c.reasons().toString());
            assertEquals(Set.of(), incumbentAlerts(ev));
            assertEquals(List.of(), book.update(ev.evaluate(Instant.now()).conditions(), Set.of(), Instant.now()).stream()
                    .filter(e -> e.alert().type() == AlertType.INCUMBENT_DIVERGENCE).toList());

            // one unit of the feed below: 199_999_900 in the asset's units, difference 1_000_100 > 0.5 % of the feed
            updateAnswer(1_999_999);
            long roundBlock = node.blockNumber();
            long updatedAt = EvmRpc.block(node.rpc(), roundBlock).time() / 1000;
            settle(h);
            c = engine.incumbent("wrp").orElseThrow();
            assertEquals(BigInteger.valueOf(199_999_900), c.feedAnswer().raw());
            assertEquals(BigInteger.valueOf(1_000_100), c.difference().raw());
            assertTrue(c.diverged());
            assertEquals(roundBlock, c.height(), "the answer is read at the block that changed it");
            assertEquals(Instant.ofEpochSecond(updatedAt), c.updatedAt());
            assertEquals(Set.of(divergence), incumbentAlerts(ev));
            List<AlertEvent> fired = book.update(ev.evaluate(Instant.now()).conditions(), Set.of(), Instant.now());
            assertEquals(List.of("firing"), fired.stream().filter(e -> e.alert().type() == AlertType.INCUMBENT_DIVERGENCE)
                    .map(AlertEvent::event).toList());

            // the reserves move to meet the feed: agree again, the alert resolves
            token.transfer(custody, node.accounts().get(1), BigInteger.valueOf(1_000_100));
            settle(h);
            c = engine.incumbent("wrp").orElseThrow();
            assertEquals(BigInteger.ZERO, c.difference().raw());
            assertFalse(c.diverged());
            assertEquals(Set.of(), incumbentAlerts(ev));
            List<AlertEvent> resolved = book.update(ev.evaluate(Instant.now()).conditions(), Set.of(), Instant.now());
            assertEquals(List.of("resolved"), resolved.stream()
                    .filter(e -> e.alert().type() == AlertType.INCUMBENT_DIVERGENCE).map(AlertEvent::event).toList());

            // the feed misses its heartbeat (1 h): a block two hours later, no new round
            node.rpc().call("evm_increaseTime", 7200);
            node.mine(1);
            settle(h);
            c = engine.incumbent("wrp").orElseThrow();
            assertTrue(c.stale(), c.toString());
            assertFalse(c.diverged());
            assertEquals(Set.of(stale), incumbentAlerts(ev));

            // a new round clears it
            updateAnswer(1_999_999);
            settle(h);
            c = engine.incumbent("wrp").orElseThrow();
            assertFalse(c.stale(), c.toString());
            assertFalse(c.diverged(), c.toString());
            assertEquals(Set.of(), incumbentAlerts(ev));

            // a node that indexes the same chain later (backfill, bisection over sparse segments) records the same
            // feed series, point for point
            try (EvmHarness later = EvmHarness.start(dir.resolve("later"), profiles, chain)) {
                later.awaitIndexed(node.blockNumber(), Duration.ofSeconds(60));
                EvmHarness.assertSameSeries(h, later);
            }
            assertTrue(h.dump().get(SeriesNames.feed("wrp", "ethereum", "chainlink-por").toString()).size() >= 3);
        }
    }
}
