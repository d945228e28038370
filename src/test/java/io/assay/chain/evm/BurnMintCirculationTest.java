package io.assay.chain.evm;

import com.fasterxml.jackson.databind.JsonNode;
import io.assay.alert.AlertEvaluator;
import io.assay.alert.AlertType;
import io.assay.alert.Condition;
import io.assay.chain.ChainRegistry;
import io.assay.config.AssetProfile;
import io.assay.config.BurnMint;
import io.assay.config.ChainLimits;
import io.assay.config.ChainProfile;
import io.assay.config.Finality;
import io.assay.config.Profiles;
import io.assay.devnet.Contracts;
import io.assay.devnet.Devnet;
import io.assay.devnet.Erc20;
import io.assay.devnet.EvmNode;
import io.assay.por.Component;
import io.assay.por.PorEngine;
import io.assay.por.Snapshot;
import io.assay.store.ChainClock;
import io.assay.store.Store;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.web3j.abi.FunctionEncoder;
import org.web3j.abi.datatypes.Address;
import org.web3j.abi.datatypes.DynamicBytes;
import org.web3j.abi.datatypes.Function;
import org.web3j.abi.datatypes.generated.Bytes32;
import org.web3j.abi.datatypes.generated.Uint256;
import org.web3j.abi.datatypes.generated.Uint32;
import org.web3j.abi.datatypes.generated.Uint64;

import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Burn-and-mint circulation on two real anvil chains (Ethereum, domain 0, and Base, chain id 8453, domain 6). The
 * CCTP contracts are minimal test stand-ins written from Circle's documented V1 interface (chains/devnet/contracts/
 * CctpTestContracts.sol: Circle's contracts are not on the npm registry reachable here); they emit Circle's documented
 * {@code DepositForBurn} and {@code MessageReceived} events with the documented BurnMessage body.
 *
 * <p>A transfer burns 250,000 on Ethereum and is minted on Base some seconds later; every block time is set
 * explicitly so the window is known. Sampled every 250 ms and at every block time (and one millisecond before it)
 * across the whole story, the asset's circulation (supply on both chains + burned-not-yet-minted) never moves, and the
 * in-flight component is exactly the amount during the window and zero outside it. A second burn that is not minted
 * within {@code maxInFlight} raises {@code burn-unmatched}, which clears when it is minted.
 */
class BurnMintCirculationTest {
    private static final String OWNER = EvmNode.DEV_ACCOUNT;
    private static final BigInteger ISSUED = BigInteger.valueOf(1_000_000_000_000L);
    private static final BigInteger MOVED = BigInteger.valueOf(250_000_000_000L);
    private static final BigInteger LATE = BigInteger.valueOf(7_000_000L);
    private static Devnet devnet;
    private static EvmNode eth;
    private static EvmNode base;

    @TempDir
    Path dir;

    @BeforeAll
    static void start() {
        devnet = Devnet.start(EnumSet.of(Devnet.Node.ETHEREUM, Devnet.Node.BASE));
        eth = devnet.evm(1);
        base = devnet.evm(8453);
    }

    @AfterAll
    static void stop() {
        devnet.close();
    }

    private record Side(EvmNode node, Erc20 token, String messenger, String transmitter) {
    }

    private static Side deploy(EvmNode node, long domain) {
        Erc20 token = Erc20.deploy(node, OWNER, "USD Coin (test)", "USDC", 6);
        String messenger = Contracts.deploy(node, OWNER, "TestTokenMessenger",
                FunctionEncoder.encodeConstructor(List.of(new Uint32(domain))));
        String transmitter = Contracts.deploy(node, OWNER, "TestMessageTransmitter",
                FunctionEncoder.encodeConstructor(List.of(new Uint32(domain), new Address(token.address()))));
        return new Side(node, token, messenger, transmitter);
    }

    private static String call(String fn, org.web3j.abi.datatypes.Type<?>... args) {
        return FunctionEncoder.encode(new Function(fn, List.of(args), List.of()));
    }

    /** The next transaction's block is dated {@code seconds} (anvil mines one block per transaction). */
    private static void at(EvmNode node, long seconds) {
        node.rpc().call("evm_setNextBlockTimestamp", seconds);
    }

    private static void mineAt(EvmNode node, long seconds) {
        at(node, seconds);
        node.mine(1);
    }

    private static ChainProfile chain(String name, long chainId, EvmNode node) {
        ChainProfile c = TestProfiles.chain(name, chainId, Finality.ofConfirmations(0), TestProfiles.limits(1000, 10, 3, 64, 0),
                node.url());
        return new ChainProfile(c.name(), c.file(), c.family(), c.chainId(), c.network(), c.finality(), c.endpoints(),
                c.restUrl(), c.blockTime(), c.startHeight(),
                new ChainLimits(1000, 10, 3, 0, Duration.ofSeconds(10), 64, Duration.ofMillis(50), 0));
    }

    /** A BurnMessage body: version 0 | burnToken | mintRecipient | amount | messageSender (132 bytes). */
    private static byte[] burnMessage(String burnToken, String recipient, BigInteger amount, String sender) {
        ByteBuffer b = ByteBuffer.allocate(132);
        b.putInt(0).put(word(burnToken)).put(word(recipient)).put(HexFormat.of().parseHex(String.format("%064x", amount)))
                .put(word(sender));
        return b.array();
    }

    private static byte[] word(String address) {
        return HexFormat.of().parseHex("000000000000000000000000" + address.substring(2).toLowerCase());
    }

    private static long nonceOf(JsonNode receipt, String messenger) {
        for (JsonNode log : receipt.path("logs")) {
            if (log.path("address").asText().equalsIgnoreCase(messenger)) {
                return Long.decode(log.path("topics").path(1).asText().replaceFirst("^0x0*(?=.)", "0x"));
            }
        }
        throw new AssertionError("no DepositForBurn in " + receipt);
    }

    private static BigInteger component(Snapshot s, String kind, String chain) {
        return s.supply().stream().filter(c -> c.kind().equals(kind) && c.chain().equals(chain)).map(Component::amount)
                .findFirst().orElseThrow().raw();
    }

    @Test
    void circulationNeverMovesWhileATransferIsInFlightAndAnUnmintedBurnRaisesAnAlarm() {
        Side e = deploy(eth, 0);
        Side b = deploy(base, 6);
        String alice = eth.accounts().get(1);
        String bob = base.accounts().get(2);
        // only the transmitters mint from now on; the issuance happens on Ethereum first
        long t0 = Math.max(Instant.now().getEpochSecond(), Math.max(EvmRpc.block(eth.rpc(), eth.blockNumber()).time(),
                EvmRpc.block(base.rpc(), base.blockNumber()).time()) / 1000) + 30;
        at(eth, t0 + 1);
        e.token().mint(OWNER, alice, ISSUED);
        at(eth, t0 + 2);
        eth.send(OWNER, e.token().address(), call("transferOwnership", new Address(e.transmitter())));
        at(base, t0 + 2);
        base.send(OWNER, b.token().address(), call("transferOwnership", new Address(b.transmitter())));
        at(eth, t0 + 3);
        e.token().approve(alice, e.messenger(), ISSUED);
        // the burn on Ethereum at t0+5, the mint on Base at t0+10; both chains make blocks in between
        at(eth, t0 + 5);
        JsonNode burn = eth.send(alice, e.messenger(), call("depositForBurn", new Uint256(MOVED), new Uint32(6),
                new Bytes32(word(bob)), new Address(e.token().address())));
        long nonce = nonceOf(burn, e.messenger());
        mineAt(base, t0 + 6);
        mineAt(eth, t0 + 7);
        mineAt(base, t0 + 8);
        at(base, t0 + 10);
        base.send(OWNER, b.transmitter(), call("receiveMessage", new Uint32(0), new Uint64(nonce),
                new Bytes32(word(e.messenger())), new DynamicBytes(burnMessage(e.token().address(), bob, MOVED, alice))));
        mineAt(eth, t0 + 12);
        mineAt(base, t0 + 12);

        ChainProfile ethChain = chain("ethereum", 1, eth);
        ChainProfile baseChain = chain("base", 8453, base);
        TestProfiles.Asset asset = new TestProfiles.Asset("usdc", 6).supply("ethereum", e.token().address(), 6)
                .supply("base", b.token().address(), 6)
                .tokenReserve("treasury", "ethereum", OWNER, e.token().address(), 6);
        AssetProfile built = asset.build();
        BurnMint routes = new BurnMint(Duration.ofSeconds(20), List.of(
                new BurnMint.Domain("ethereum", 0, e.messenger(), e.transmitter()),
                new BurnMint.Domain("base", 6, b.messenger(), b.transmitter())));
        AssetProfile usdc = new AssetProfile(built.id(), built.file(), built.name(), built.symbol(), built.decimals(),
                built.reserves(), built.supply(), built.excluded(), built.policy(), null, routes);
        Profiles profiles = TestProfiles.profiles(List.of(ethChain, baseChain), List.of(usdc));
        Store store = EvmHarness.openStore(dir);
        try (EvmHarness he = EvmHarness.start(store, profiles, ethChain);
             EvmHarness hb = EvmHarness.start(store, profiles, baseChain)) {
            he.awaitIndexed(eth.blockNumber(), Duration.ofSeconds(60));
            hb.awaitIndexed(base.blockNumber(), Duration.ofSeconds(60));
            PorEngine engine = new PorEngine(profiles, store, ChainClock.NONE, Clock.systemUTC());

            // every 250 ms from the issuance to the cut, and at every block time of either chain and 1 ms before it
            Instant cut = engine.cut("usdc").at();
            assertEquals(Instant.ofEpochSecond(t0 + 12).minusMillis(1), cut, "the cut: both chains' last block, less 1 ms");
            TreeSet<Long> moments = new TreeSet<>();
            for (long ms = (t0 + 1) * 1000; ms <= cut.toEpochMilli(); ms += 250) {
                moments.add(ms);
            }
            for (long s = t0 + 1; s <= t0 + 12; s++) {
                moments.add(s * 1000);
                moments.add(s * 1000 - 1);
            }
            moments.add(cut.toEpochMilli());
            moments.removeIf(ms -> ms < (t0 + 1) * 1000 || ms > cut.toEpochMilli());
            long windowStart = -1;
            long windowEnd = -1;
            for (long ms : moments) {
                Snapshot s = engine.snapshot("usdc", Instant.ofEpochMilli(ms));
                assertTrue(s.publishable(), "at " + Instant.ofEpochMilli(ms) + ": " + s.reasons());
                assertEquals(ISSUED, s.circulating().raw(), "circulation at " + Instant.ofEpochMilli(ms) + ": " + s.supply());
                boolean inWindow = ms >= (t0 + 5) * 1000 && ms < (t0 + 10) * 1000;
                assertEquals(inWindow ? MOVED : BigInteger.ZERO, component(s, PorEngine.IN_FLIGHT, "ethereum"),
                        "in flight at " + Instant.ofEpochMilli(ms));
                assertEquals(BigInteger.ZERO, component(s, PorEngine.IN_FLIGHT, "base"));
                assertEquals(ms >= (t0 + 5) * 1000 ? ISSUED.subtract(MOVED) : ISSUED, component(s, "supply", "ethereum"));
                assertEquals(ms >= (t0 + 10) * 1000 ? MOVED : BigInteger.ZERO, component(s, "supply", "base"));
                if (inWindow) {
                    windowStart = windowStart < 0 ? ms : windowStart;
                    windowEnd = ms;
                }
            }
            assertEquals((t0 + 5) * 1000, windowStart, "in flight from the burn's block time");
            assertEquals((t0 + 10) * 1000 - 1, windowEnd, "until the mint's block time");
            System.out.printf("burn-and-mint: %d moments sampled, in flight %d ms (burn #%d on ethereum at %s, mint on"
                    + " base at %s), circulation %s throughout%n", moments.size(), windowEnd + 1 - windowStart, nonce,
                    Instant.ofEpochSecond(t0 + 5), Instant.ofEpochSecond(t0 + 10), ISSUED);

            // a second burn that stays unminted past maxInFlight (20 s) raises burn-unmatched; its mint clears it
            ChainRegistry registry = new ChainRegistry();
            registry.register(he.status());
            registry.register(hb.status());
            AlertEvaluator ev = new AlertEvaluator(engine, registry, 3, Duration.ofHours(1));
            String key = Condition.key(AlertType.BURN_UNMATCHED, "usdc", "ethereum");
            at(eth, t0 + 14);
            JsonNode late = eth.send(alice, e.messenger(), call("depositForBurn", new Uint256(LATE), new Uint32(6),
                    new Bytes32(word(bob)), new Address(e.token().address())));
            long lateNonce = nonceOf(late, e.messenger());
            mineAt(eth, t0 + 30);
            mineAt(base, t0 + 30);
            he.awaitIndexed(eth.blockNumber(), Duration.ofSeconds(60));
            hb.awaitIndexed(base.blockNumber(), Duration.ofSeconds(60));
            assertEquals(Set.of(), burnAlerts(ev), "16 s in flight: within the bound");
            Snapshot s = engine.latest("usdc");
            assertEquals(ISSUED, s.circulating().raw());
            assertEquals(LATE, component(s, PorEngine.IN_FLIGHT, "ethereum"));

            mineAt(eth, t0 + 40);
            mineAt(base, t0 + 40);
            he.awaitIndexed(eth.blockNumber(), Duration.ofSeconds(60));
            hb.awaitIndexed(base.blockNumber(), Duration.ofSeconds(60));
            assertEquals(Set.of(key), burnAlerts(ev), "26 s in flight: beyond maxInFlight");
            List<PorEngine.PendingBurn> overdue = engine.overdueBurns(engine.latest("usdc"));
            assertEquals(1, overdue.size());
            assertEquals(lateNonce, overdue.get(0).nonce());
            assertEquals(LATE, overdue.get(0).amount());
            assertEquals("base", overdue.get(0).destination());

            at(base, t0 + 41);
            base.send(OWNER, b.transmitter(), call("receiveMessage", new Uint32(0), new Uint64(lateNonce),
                    new Bytes32(word(e.messenger())), new DynamicBytes(burnMessage(e.token().address(), bob, LATE, alice))));
            mineAt(eth, t0 + 42);
            mineAt(base, t0 + 42);
            he.awaitIndexed(eth.blockNumber(), Duration.ofSeconds(60));
            hb.awaitIndexed(base.blockNumber(), Duration.ofSeconds(60));
            assertEquals(Set.of(), burnAlerts(ev), "minted: the alarm clears");
            s = engine.latest("usdc");
            assertEquals(ISSUED, s.circulating().raw());
            assertEquals(BigInteger.ZERO, component(s, PorEngine.IN_FLIGHT, "ethereum"));
            assertEquals(MOVED.add(LATE), component(s, "supply", "base"));
        } finally {
            store.close();
        }
    }

    private static Set<String> burnAlerts(AlertEvaluator ev) {
        return ev.evaluate(Instant.now()).conditions().stream().filter(c -> c.type() == AlertType.BURN_UNMATCHED)
                .map(Condition::key).collect(Collectors.toSet());
    }
}
