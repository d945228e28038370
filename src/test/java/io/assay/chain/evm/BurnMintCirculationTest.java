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
    /** The sender on Ethereum and the recipient on Base. */
    private static String alice;
    private static String bob;

    @TempDir
    Path dir;

    @BeforeAll
    static void start() {
        devnet = Devnet.start(EnumSet.of(Devnet.Node.ETHEREUM, Devnet.Node.BASE));
        eth = devnet.evm(1);
        base = devnet.evm(8453);
        alice = eth.accounts().get(1);
        bob = base.accounts().get(2);
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

    /** A start time 30 s past now and past both chains' latest blocks, so every block time set after it is ahead. */
    private static long startTime() {
        return Math.max(Instant.now().getEpochSecond(), Math.max(EvmRpc.block(eth.rpc(), eth.blockNumber()).time(),
                EvmRpc.block(base.rpc(), base.blockNumber()).time()) / 1000) + 30;
    }

    /**
     * Issues {@link #ISSUED} to {@code holder} on Ethereum at t0+1, hands both tokens to their minters at t0+2 (only they
     * mint from then on) and lets {@code spender} take the holder's tokens at t0+3.
     */
    private static void issue(long t0, Erc20 ethToken, Erc20 baseToken, String ethMinter, String baseMinter,
                              String holder, String spender) {
        at(eth, t0 + 1);
        ethToken.mint(OWNER, holder, ISSUED);
        at(eth, t0 + 2);
        eth.send(OWNER, ethToken.address(), call("transferOwnership", new Address(ethMinter)));
        at(base, t0 + 2);
        base.send(OWNER, baseToken.address(), call("transferOwnership", new Address(baseMinter)));
        at(eth, t0 + 3);
        ethToken.approve(holder, spender, ISSUED);
    }

    private record Setup(ChainProfile eth, ChainProfile base, Profiles profiles) {
    }

    /** The asset "usdc" on both chains (supply tokens and routes), with a 20 s maxInFlight. */
    private static Setup setup(Erc20 ethToken, Erc20 baseToken, BurnMint.Domain ethDomain, BurnMint.Domain baseDomain) {
        ChainProfile ethChain = chain("ethereum", 1, eth);
        ChainProfile baseChain = chain("base", 8453, base);
        AssetProfile built = new TestProfiles.Asset("usdc", 6).supply("ethereum", ethToken.address(), 6)
                .supply("base", baseToken.address(), 6)
                .tokenReserve("treasury", "ethereum", OWNER, ethToken.address(), 6).build();
        BurnMint routes = new BurnMint(Duration.ofSeconds(20), List.of(ethDomain, baseDomain));
        AssetProfile usdc = new AssetProfile(built.id(), built.file(), built.name(), built.symbol(), built.decimals(),
                built.reserves(), built.supply(), built.excluded(), built.policy(), null, routes);
        return new Setup(ethChain, baseChain, TestProfiles.profiles(List.of(ethChain, baseChain), List.of(usdc)));
    }

    /** What a test checks once both chains are indexed into one store. */
    private interface Story {
        void run(PorEngine engine, EvmHarness he, EvmHarness hb);
    }

    /** Indexes both chains of {@code setup} into a new store, runs {@code story}, then stops the indexers. */
    private void indexed(Setup setup, Story story) {
        Store store = EvmHarness.openStore(dir);
        try (EvmHarness he = EvmHarness.start(store, setup.profiles(), setup.eth());
             EvmHarness hb = EvmHarness.start(store, setup.profiles(), setup.base())) {
            he.awaitIndexed(eth.blockNumber(), Duration.ofSeconds(60));
            hb.awaitIndexed(base.blockNumber(), Duration.ofSeconds(60));
            story.run(new PorEngine(setup.profiles(), store, ChainClock.NONE, Clock.systemUTC()), he, hb);
        } finally {
            store.close();
        }
    }

    /** Every 250 ms from t0+1 s to the cut, and every whole second to {@code lastSecond} and 1 ms before it. */
    private static TreeSet<Long> moments(long t0, long lastSecond, Instant cut) {
        TreeSet<Long> moments = new TreeSet<>();
        for (long ms = (t0 + 1) * 1000; ms <= cut.toEpochMilli(); ms += 250) {
            moments.add(ms);
        }
        for (long sec = t0 + 1; sec <= lastSecond; sec++) {
            moments.add(sec * 1000);
            moments.add(sec * 1000 - 1);
        }
        moments.add(cut.toEpochMilli());
        moments.removeIf(ms -> ms < (t0 + 1) * 1000 || ms > cut.toEpochMilli());
        return moments;
    }

    /** A block on both chains at {@code seconds}, then both indexed. */
    private static void mineBoth(long seconds, EvmHarness he, EvmHarness hb) {
        mineAt(eth, seconds);
        mineAt(base, seconds);
        he.awaitIndexed(eth.blockNumber(), Duration.ofSeconds(60));
        hb.awaitIndexed(base.blockNumber(), Duration.ofSeconds(60));
    }

    private static AlertEvaluator evaluator(PorEngine engine, EvmHarness he, EvmHarness hb) {
        ChainRegistry registry = new ChainRegistry();
        registry.register(he.status());
        registry.register(hb.status());
        return new AlertEvaluator(engine, registry, 3, Duration.ofHours(1));
    }

    @Test
    void circulationNeverMovesWhileATransferIsInFlightAndAnUnmintedBurnRaisesAnAlarm() {
        Side e = deploy(eth, 0);
        Side b = deploy(base, 6);
        // only the transmitters mint from now on; the issuance happens on Ethereum first
        long t0 = startTime();
        issue(t0, e.token(), b.token(), e.transmitter(), b.transmitter(), alice, e.messenger());
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

        Setup setup = setup(e.token(), b.token(), new BurnMint.Domain("ethereum", 0, e.messenger(), e.transmitter()),
                new BurnMint.Domain("base", 6, b.messenger(), b.transmitter()));
        indexed(setup, (engine, he, hb) -> {

            // every 250 ms from the issuance to the cut, and at every block time of either chain and 1 ms before it
            Instant cut = engine.cut("usdc").at();
            assertEquals(Instant.ofEpochSecond(t0 + 12).minusMillis(1), cut, "the cut: both chains' last block, less 1 ms");
            TreeSet<Long> moments = moments(t0, t0 + 12, cut);
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
            AlertEvaluator ev = evaluator(engine, he, hb);
            String key = Condition.key(AlertType.BURN_UNMATCHED, "usdc", "ethereum");
            at(eth, t0 + 14);
            JsonNode late = eth.send(alice, e.messenger(), call("depositForBurn", new Uint256(LATE), new Uint32(6),
                    new Bytes32(word(bob)), new Address(e.token().address())));
            long lateNonce = nonceOf(late, e.messenger());
            mineBoth(t0 + 30, he, hb);
            assertEquals(Set.of(), burnAlerts(ev), "16 s in flight: within the bound");
            Snapshot s = engine.latest("usdc");
            assertEquals(ISSUED, s.circulating().raw());
            assertEquals(LATE, component(s, PorEngine.IN_FLIGHT, "ethereum"));

            mineBoth(t0 + 40, he, hb);
            assertEquals(Set.of(key), burnAlerts(ev), "26 s in flight: beyond maxInFlight");
            List<PorEngine.PendingBurn> overdue = engine.overdueBurns(engine.latest("usdc"));
            assertEquals(1, overdue.size());
            assertEquals(lateNonce, overdue.get(0).nonce());
            assertEquals(LATE, overdue.get(0).amount());
            assertEquals("base", overdue.get(0).destination());

            at(base, t0 + 41);
            base.send(OWNER, b.transmitter(), call("receiveMessage", new Uint32(0), new Uint64(lateNonce),
                    new Bytes32(word(e.messenger())), new DynamicBytes(burnMessage(e.token().address(), bob, LATE, alice))));
            mineBoth(t0 + 42, he, hb);
            assertEquals(Set.of(), burnAlerts(ev), "minted: the alarm clears");
            s = engine.latest("usdc");
            assertEquals(ISSUED, s.circulating().raw());
            assertEquals(BigInteger.ZERO, component(s, PorEngine.IN_FLIGHT, "ethereum"));
            assertEquals(MOVED.add(LATE), component(s, "supply", "base"));
        });
    }

    private record SideV2(EvmNode node, Erc20 token, String messenger, String transmitter, String messengerV2,
                          String transmitterV2, String feeRecipient) {
    }

    private static SideV2 deployV2(EvmNode node, long domain) {
        Side v1 = deploy(node, domain);
        String fees = node.accounts().get(3);
        String messengerV2 = Contracts.deploy(node, OWNER, "TestTokenMessengerV2",
                FunctionEncoder.encodeConstructor(List.of(new Uint32(domain))));
        String transmitterV2 = Contracts.deploy(node, OWNER, "TestMessageTransmitterV2", FunctionEncoder.encodeConstructor(
                List.of(new Uint32(domain), new Address(v1.token().address()), new Address(fees))));
        return new SideV2(node, v1.token(), v1.messenger(), v1.transmitter(), messengerV2, transmitterV2, fees);
    }

    /** A V2 burn: depositForBurnWithHook(amount, destinationDomain, mintRecipient, burnToken, destinationCaller, maxFee, minFinalityThreshold, hookData). */
    private static void burnV2(SideV2 s, String from, BigInteger amount, long destination, String recipient,
                               BigInteger maxFee, byte[] hook) {
        s.node().send(from, s.messengerV2(), call("depositForBurnWithHook", new Uint256(amount), new Uint32(destination),
                new Bytes32(word(recipient)), new Address(s.token().address()), new Bytes32(new byte[32]),
                new Uint256(maxFee), new Uint32(1000), new DynamicBytes(hook)));
    }

    /**
     * What Circle's attester would hand the relayer for a V2 burn: the BurnMessageV2 body with feeExecuted and
     * expirationBlock filled in (the source sends both as 0), received under a nonce the attester assigns.
     */
    private static void receiveV2(SideV2 dest, long sourceDomain, SideV2 source, String burnToken, String recipient,
                                  BigInteger amount, String sender, BigInteger maxFee, BigInteger fee, long expiration,
                                  byte[] hook, byte nonceSeed) {
        ByteBuffer b = ByteBuffer.allocate(228 + hook.length);
        b.putInt(1).put(word(burnToken)).put(word(recipient)).put(uint(amount)).put(word(sender)).put(uint(maxFee))
                .put(uint(fee)).put(uint(BigInteger.valueOf(expiration))).put(hook);
        byte[] nonce = new byte[32];
        java.util.Arrays.fill(nonce, nonceSeed);
        dest.node().send(OWNER, dest.transmitterV2(), call("receiveMessage", new Uint32(sourceDomain), new Bytes32(nonce),
                new Bytes32(word(source.messengerV2())), new Uint32(2000), new DynamicBytes(b.array())));
    }

    private static byte[] uint(BigInteger v) {
        return HexFormat.of().parseHex(String.format("%064x", v));
    }

    /**
     * CCTP V2: the burn event has no nonce and the received message differs from the sent one (nonce, fee executed,
     * expiry filled in by the attester), so burns and receipts are matched by what both carry. Two identical burns
     * (same sender, recipient, amount, fee cap) and a third one are minted out of step, one with a fee: the
     * circulation is exact at every moment and the in-flight amount counts, per match, the burns beyond the receipts.
     * A V2 burn left unminted raises burn-unmatched and its mint clears it.
     */
    @Test
    void cctpV2TransfersAreMatchedWithoutANonce() {
        SideV2 e = deployV2(eth, 0);
        SideV2 b = deployV2(base, 6);
        BigInteger x = BigInteger.valueOf(100_000_000_000L);
        BigInteger y = BigInteger.valueOf(30_000_000_000L);
        BigInteger late = BigInteger.valueOf(5_000_000L);
        BigInteger maxFee = BigInteger.valueOf(500_000L);
        byte[] hook = HexFormat.of().parseHex("cafe0001");
        long t0 = startTime();
        issue(t0, e.token(), b.token(), e.transmitterV2(), b.transmitterV2(), alice, e.messengerV2());
        // burns on Ethereum: X at t0+5 and the same X at t0+6 (same match), Y with a hook at t0+7
        at(eth, t0 + 5);
        burnV2(e, alice, x, 6, bob, maxFee, new byte[0]);
        at(eth, t0 + 6);
        burnV2(e, alice, x, 6, bob, maxFee, new byte[0]);
        at(eth, t0 + 7);
        burnV2(e, alice, y, 6, bob, BigInteger.ZERO, hook);
        mineAt(base, t0 + 7);
        // receipts on Base: one X at t0+9 (fee 200,000), Y at t0+10, the other X at t0+13 (no fee)
        at(base, t0 + 9);
        receiveV2(b, 0, e, e.token().address(), bob, x, alice, maxFee, BigInteger.valueOf(200_000L),
                base.blockNumber() + 100, new byte[0], (byte) 0x11);
        at(base, t0 + 10);
        receiveV2(b, 0, e, e.token().address(), bob, y, alice, BigInteger.ZERO, BigInteger.ZERO, 0, hook, (byte) 0x22);
        mineAt(eth, t0 + 11);
        at(base, t0 + 13);
        receiveV2(b, 0, e, e.token().address(), bob, x, alice, maxFee, BigInteger.ZERO, 0, new byte[0], (byte) 0x33);
        mineAt(eth, t0 + 14);
        mineAt(base, t0 + 14);

        Setup setup = setup(e.token(), b.token(),
                new BurnMint.Domain("ethereum", 0, e.messenger(), e.transmitter(), e.messengerV2(), e.transmitterV2()),
                new BurnMint.Domain("base", 6, b.messenger(), b.transmitter(), b.messengerV2(), b.transmitterV2()));
        indexed(setup, (engine, he, hb) -> {
            Instant cut = engine.cut("usdc").at();
            TreeSet<Long> moments = moments(t0, t0 + 14, cut);
            long[] burnsX = {(t0 + 5) * 1000, (t0 + 6) * 1000};
            long[] receiptsX = {(t0 + 9) * 1000, (t0 + 13) * 1000};
            int sampled = 0;
            for (long ms : moments) {
                Snapshot s = engine.snapshot("usdc", Instant.ofEpochMilli(ms));
                assertTrue(s.publishable(), "at " + Instant.ofEpochMilli(ms) + ": " + s.reasons());
                assertEquals(ISSUED, s.circulating().raw(), "circulation at " + Instant.ofEpochMilli(ms) + ": " + s.supply());
                long xBurned = java.util.Arrays.stream(burnsX).filter(t -> t <= ms).count();
                long xMinted = java.util.Arrays.stream(receiptsX).filter(t -> t <= ms).count();
                boolean yInFlight = ms >= (t0 + 7) * 1000 && ms < (t0 + 10) * 1000;
                BigInteger expected = x.multiply(BigInteger.valueOf(xBurned - xMinted)).add(yInFlight ? y : BigInteger.ZERO);
                assertEquals(expected, component(s, PorEngine.IN_FLIGHT, "ethereum"), "in flight at " + Instant.ofEpochMilli(ms));
                BigInteger minted = x.multiply(BigInteger.valueOf(xMinted)).add(ms >= (t0 + 10) * 1000 ? y : BigInteger.ZERO);
                assertEquals(minted, component(s, "supply", "base"), "the fee is minted too, to the fee recipient");
                sampled++;
            }
            assertEquals(BigInteger.valueOf(200_000L), b.token().balanceOf(b.feeRecipient(), "latest"));
            System.out.printf("CCTP V2: %d moments sampled, circulation %s throughout%n", sampled, ISSUED);

            // a V2 burn not minted within maxInFlight (20 s) raises burn-unmatched; its mint clears it
            AlertEvaluator ev = evaluator(engine, he, hb);
            at(eth, t0 + 16);
            burnV2(e, alice, late, 6, bob, BigInteger.ZERO, new byte[0]);
            mineBoth(t0 + 40, he, hb);
            assertEquals(Set.of(Condition.key(AlertType.BURN_UNMATCHED, "usdc", "ethereum")), burnAlerts(ev));
            List<PorEngine.PendingBurn> overdue = engine.overdueBurns(engine.latest("usdc"));
            assertEquals(1, overdue.size(), overdue.toString());
            assertEquals(-1, overdue.get(0).nonce(), "a V2 burn has no nonce");
            assertEquals(late, overdue.get(0).amount());
            assertEquals("base", overdue.get(0).destination());
            assertEquals(ISSUED, engine.latest("usdc").circulating().raw());

            at(base, t0 + 41);
            receiveV2(b, 0, e, e.token().address(), bob, late, alice, BigInteger.ZERO, BigInteger.ZERO, 0, new byte[0],
                    (byte) 0x44);
            mineBoth(t0 + 42, he, hb);
            assertEquals(Set.of(), burnAlerts(ev), "minted: the alarm clears");
            Snapshot s = engine.latest("usdc");
            assertEquals(ISSUED, s.circulating().raw());
            assertEquals(BigInteger.ZERO, component(s, PorEngine.IN_FLIGHT, "ethereum"));
            assertEquals(x.add(x).add(y).add(late), component(s, "supply", "base"));
        });
    }

    private static Set<String> burnAlerts(AlertEvaluator ev) {
        return ev.evaluate(Instant.now()).conditions().stream().filter(c -> c.type() == AlertType.BURN_UNMATCHED)
                .map(Condition::key).collect(Collectors.toSet());
    }
}
