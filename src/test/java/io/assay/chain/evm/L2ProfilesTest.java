package io.assay.chain.evm;

import io.assay.config.AssetPolicy;
import io.assay.config.AssetProfile;
import io.assay.config.ChainProfile;
import io.assay.config.ProfileLoader;
import io.assay.config.Profiles;
import io.assay.config.ReserveSource;
import io.assay.config.SourceKind;
import io.assay.config.SupplySource;
import io.assay.devnet.Devnet;
import io.assay.devnet.Erc20;
import io.assay.devnet.EvmNode;
import io.assay.store.SeriesNames;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The shipped L2 profiles (chains/base.yaml, arbitrum.yaml, optimism.yaml) loaded as they are, pointed (by the
 * endpoint override every deployment uses) at anvil nodes started with the L2s' chain ids: each indexes a token's
 * supply under its own finality rule (tag {@code finalized}: anvil's finalized head is 64 blocks below the head), and a
 * profile pointed at the node of another L2 is refused (the chain id the node reports is checked before indexing).
 */
class L2ProfilesTest {
    private static final Path CHAINS = Path.of(System.getProperty("devnet.project-dir", "."), "chains");
    private static final Map<String, Devnet.Node> NODES = Map.of("base", Devnet.Node.BASE,
            "arbitrum", Devnet.Node.ARBITRUM, "optimism", Devnet.Node.OPTIMISM);
    private static Devnet devnet;

    @TempDir
    Path dir;

    @BeforeAll
    static void start() {
        devnet = Devnet.start(EnumSet.of(Devnet.Node.BASE, Devnet.Node.ARBITRUM, Devnet.Node.OPTIMISM));
    }

    @AfterAll
    static void stop() {
        devnet.close();
    }

    /** The shipped chain profiles with {@code name}'s endpoint set to {@code node}, as ASSAY_CHAINS_..._ENDPOINTS would. */
    private static ChainProfile shipped(String name, EvmNode node) {
        Profiles p = new ProfileLoader(n -> n.equals(name) ? Optional.of(List.of(node.url().toString())) : Optional.empty())
                .load(CHAINS);
        return p.chain(name).orElseThrow();
    }

    @Test
    void theShippedProfilesNameTheL2ChainIdsAndTheirFinality() {
        Profiles p = new ProfileLoader().load(CHAINS);
        assertEquals(8453, p.chain("base").orElseThrow().chainId());
        assertEquals(42161, p.chain("arbitrum").orElseThrow().chainId());
        assertEquals(10, p.chain("optimism").orElseThrow().chainId());
        for (String l2 : NODES.keySet()) {
            ChainProfile c = p.chain(l2).orElseThrow();
            assertEquals("finalized", c.finality().tag(), l2 + ": finality follows the L1 finality of the batch");
            assertTrue(c.endpoints().isEmpty(), l2 + ": no default endpoint is shipped");
        }
        assertEquals(Optional.empty(), p.chain("arbitrum").orElseThrow().finality()
                .quietSkew(p.chain("arbitrum").orElseThrow().family(), null), "arbitrum: no quiet extension");
    }

    @Test
    void eachL2IndexesUnderItsFinalityOnANodeWithItsChainId() {
        for (Map.Entry<String, Devnet.Node> e : NODES.entrySet()) {
            String name = e.getKey();
            EvmNode node = devnet.evm(switch (e.getValue()) {
                case BASE -> 8453;
                case ARBITRUM -> 42161;
                default -> 10;
            });
            assertEquals(node.chainId(), Long.decode(node.rpc().call("eth_chainId").asText()));
            Erc20 token = Erc20.deploy(node, EvmNode.DEV_ACCOUNT, "L2 " + name, "L2", 8);
            token.mint(EvmNode.DEV_ACCOUNT, node.accounts().get(2), BigInteger.valueOf(123_456_789));
            long minted = node.blockNumber();
            node.mine(70);
            ChainProfile chain = fast(shipped(name, node));
            Profiles profiles = TestProfiles.profiles(List.of(chain), List.of(asset(name, token.address())));
            try (EvmHarness h = EvmHarness.start(dir.resolve(name), profiles, chain)) {
                long finalized = node.blockNumber() - 64; // anvil: finalized = head - 64
                h.awaitIndexed(finalized, Duration.ofSeconds(60));
                assertEquals(finalized, h.status().indexedHeight(), name + " indexes up to its finalized block only");
                assertEquals(BigInteger.valueOf(123_456_789), h.valueAtHeight(SeriesNames.supply("l2-" + name, name), minted));
            }
        }
    }

    @Test
    void aProfilePointedAtAnotherL2sNodeIsRefused() {
        EvmNode optimism = devnet.evm(10);
        Erc20 token = Erc20.deploy(optimism, EvmNode.DEV_ACCOUNT, "Wrong", "WRG", 8);
        ChainProfile base = fast(shipped("base", optimism));
        Profiles profiles = TestProfiles.profiles(List.of(base), List.of(asset("base", token.address())));
        try (EvmHarness h = EvmHarness.start(dir.resolve("wrong"), profiles, base)) {
            h.awaitHalted(Duration.ofSeconds(60));
            String reason = h.status().haltReason();
            assertTrue(reason.contains("chain id") && reason.contains("0x2105") && reason.contains("0xa"), reason);
        }
    }

    /** The shipped profile with a short poll interval (the test does not wait 4 s per poll). */
    private static ChainProfile fast(ChainProfile c) {
        io.assay.config.ChainLimits l = c.limits();
        return new ChainProfile(c.name(), c.file(), c.family(), c.chainId(), c.network(), c.finality(), c.endpoints(),
                c.restUrl(), c.blockTime(), c.startHeight(), new io.assay.config.ChainLimits(l.maxLogRange(), l.batchSize(),
                l.parallelism(), l.requestsPerSecond(), l.timeout(), l.maxReorgDepth(), Duration.ofMillis(50), 0));
    }

    private static AssetProfile asset(String chain, String token) {
        return new AssetProfile("l2-" + chain, "test", "L2", "L2", 8,
                List.of(new ReserveSource("r", chain, SourceKind.HOLDER, EvmNode.DEV_ACCOUNT, token, 8, 0)),
                List.of(new SupplySource(chain, token, 8, 0)), List.of(),
                new AssetPolicy(50, Duration.ofHours(1), BigDecimal.ONE, Duration.ofHours(1)));
    }
}
