package io.assay.chain.evm;

import com.fasterxml.jackson.databind.JsonNode;
import io.assay.alert.AlertBook;
import io.assay.alert.AlertEvaluator;
import io.assay.alert.AlertEvent;
import io.assay.alert.AlertType;
import io.assay.alert.Condition;
import io.assay.chain.ChainRegistry;
import io.assay.chain.FaultProxy;
import io.assay.config.ChainProfile;
import io.assay.config.Finality;
import io.assay.config.Profiles;
import io.assay.devnet.Devnet;
import io.assay.devnet.Erc20;
import io.assay.devnet.EvmNode;
import io.assay.devnet.Poll;
import io.assay.store.ChainClock;
import io.assay.por.PorEngine;
import io.assay.store.Store;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.web3j.abi.FunctionEncoder;
import org.web3j.abi.datatypes.Address;
import org.web3j.abi.datatypes.Function;
import org.web3j.abi.datatypes.generated.Uint256;

import java.math.BigInteger;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Chain alerts from a real indexer on a real anvil node: a reorg deeper than the threshold (3) raises a
 * {@code reorg} alert and a shallow one does not; endpoints that disagree on a final block halt the chain and raise
 * {@code endpoint-disagreement}.
 */
class EvmAlertsTest {
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
        alice = node.accounts().get(1);
        custody = node.accounts().get(3);
        token = Erc20.deploy(node, OWNER, "Alert", "ALR", 8);
        token.mint(OWNER, alice, BigInteger.valueOf(1_000_000));
        for (int i = 0; i < 12; i++) {
            token.mint(OWNER, custody, BigInteger.valueOf(2_000_000 + i));
        }
    }

    @AfterAll
    static void stop() {
        devnet.close();
    }

    private static ChainProfile chain(Finality finality, URI... urls) {
        ChainProfile c = TestProfiles.chain("ethereum", 1, finality, TestProfiles.limits(1000, 10, 3, 64, 0), urls);
        return new ChainProfile(c.name(), c.file(), c.family(), c.chainId(), c.network(), c.finality(), c.endpoints(),
                c.restUrl(), c.blockTime(), c.startHeight(),
                new io.assay.config.ChainLimits(1000, 10, 3, 0, Duration.ofSeconds(10), 64, Duration.ofMillis(50), 0));
    }

    private static Profiles profiles(ChainProfile chain) {
        TestProfiles.Asset a = new TestProfiles.Asset("alr", 8).supply("ethereum", token.address(), 8)
                .tokenReserve("custody", "ethereum", custody, token.address(), 8);
        return TestProfiles.profiles(List.of(chain), List.of(a.build()));
    }

    private static Set<String> chainAlerts(EvmHarness h, Profiles profiles) {
        ChainRegistry registry = new ChainRegistry();
        registry.register(h.status());
        PorEngine engine = new PorEngine(profiles, h.store, ChainClock.NONE, Clock.systemUTC());
        return new AlertEvaluator(engine, registry, 3, Duration.ofHours(1)).evaluate(Instant.now()).conditions().stream()
                .filter(c -> c.asset() == null).map(Condition::key).collect(Collectors.toSet());
    }

    private static void reorg(int depth) {
        long head = node.blockNumber();
        long nonce = Long.decode(node.rpc().call("eth_getTransactionCount", OWNER, "0x" + Long.toHexString(head - depth)).asText());
        List<Object> txs = new ArrayList<>();
        for (int k = 0; k < depth; k++) {
            Map<String, Object> tx = new LinkedHashMap<>();
            tx.put("from", OWNER);
            tx.put("to", token.address());
            tx.put("data", FunctionEncoder.encode(new Function("mint",
                    List.of(new Address(alice), new Uint256(900 + k)), List.of())));
            tx.put("gas", "0x30000");
            tx.put("nonce", "0x" + Long.toHexString(nonce + k));
            txs.add(List.of(tx, k));
        }
        JsonNode r = node.rpc().call("anvil_reorg", depth, txs);
        assertTrue(r == null || r.isNull(), "anvil_reorg answered " + r);
    }

    @Test
    void aReorgDeeperThanTheThresholdRaisesAReorgAlert() {
        ChainProfile chain = chain(Finality.ofConfirmations(0), node.url());
        Profiles profiles = profiles(chain);
        try (EvmHarness h = EvmHarness.start(dir, profiles, chain)) {
            h.awaitIndexed(node.blockNumber(), Duration.ofSeconds(60));
            assertEquals(Set.of(), chainAlerts(h, profiles));

            reorg(2);
            Poll.until(Duration.ofSeconds(60), "shallow reorg handled", () -> h.status().reorgs() >= 1);
            assertEquals(2, h.status().lastReorgDepth());
            assertEquals(Set.of(), chainAlerts(h, profiles), "depth 2 is within the threshold");

            reorg(5);
            Poll.until(Duration.ofSeconds(60), "deep reorg handled", () -> h.status().reorgs() >= 2);
            assertEquals(5, h.status().lastReorgDepth());
            Set<String> keys = chainAlerts(h, profiles);
            assertEquals(Set.of(Condition.key(AlertType.REORG, null, "ethereum")), keys);

            AlertBook book = new AlertBook();
            ChainRegistry registry = new ChainRegistry();
            registry.register(h.status());
            AlertEvaluator ev = new AlertEvaluator(new PorEngine(profiles, h.store, ChainClock.NONE, Clock.systemUTC()),
                    registry, 3, Duration.ofHours(1));
            List<AlertEvent> first = book.update(ev.evaluate(Instant.now()).conditions(), Set.of(), Instant.now());
            assertEquals(1, first.stream().filter(e -> e.alert().type() == AlertType.REORG).count());
            assertEquals(List.of(), book.update(ev.evaluate(Instant.now()).conditions(), Set.of(), Instant.now())
                    .stream().filter(e -> e.alert().type() == AlertType.REORG).toList(), "edge-triggered: no repeat");
        }
    }

    @Test
    void endpointsThatDisagreeOnAFinalBlockRaiseAnAlert() {
        try (FaultProxy liar = FaultProxy.start(node.url())) {
            ChainProfile chain = chain(Finality.ofConfirmations(1), liar.url(), node.url());
            Profiles profiles = profiles(chain);
            Store store = EvmHarness.openStore(dir);
            try {
                long k;
                try (EvmHarness h = EvmHarness.start(store, profiles, chain)) {
                    h.awaitIndexed(node.blockNumber() - 1, Duration.ofSeconds(60));
                    k = h.status().indexedHeight();
                    assertEquals(Set.of(), chainAlerts(h, profiles));
                }
                node.mine(4);
                long head = node.blockNumber();
                for (long b = k + 1; b <= head; b++) {
                    liar.lie("0x" + EvmRpc.block(node.rpc(), b).hash(), "0x" + String.format("%064x", 0xbeef0000L + b));
                }
                try (EvmHarness h = EvmHarness.start(store, profiles, chain)) {
                    h.awaitHalted(Duration.ofSeconds(60));
                    assertEquals(Set.of(Condition.key(AlertType.ENDPOINT_DISAGREEMENT, null, "ethereum")), chainAlerts(h, profiles));
                }
            } finally {
                store.close();
            }
        }
    }
}
