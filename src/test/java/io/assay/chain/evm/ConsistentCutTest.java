package io.assay.chain.evm;

import com.fasterxml.jackson.databind.JsonNode;
import io.assay.chain.ChainState;
import io.assay.chain.ChainSync;
import io.assay.config.ChainProfile;
import io.assay.config.Finality;
import io.assay.config.Profiles;
import io.assay.devnet.BlockProducer;
import io.assay.devnet.Devnet;
import io.assay.devnet.Erc20;
import io.assay.devnet.Escrow;
import io.assay.devnet.EvmNode;
import io.assay.devnet.Poll;
import io.assay.por.ChainFreshness;
import io.assay.por.Component;
import io.assay.por.MintCheck;
import io.assay.por.MintDecision;
import io.assay.por.PorEngine;
import io.assay.por.Snapshot;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.math.BigInteger;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The consistent cut (docs/consistent-cut.md) on two real anvil chains that make blocks all the time, with different
 * finality depths: a token bridged by lock-then-mint and burn-then-release, answers read concurrently with the
 * indexers' commits and rollbacks, a reorg of final blocks, and a second node that backfills the same chains later.
 * Ground truth is the nodes' own state ({@code eth_call} at the blocks an answer names).
 */
class ConsistentCutTest {
    private static final String OWNER = EvmNode.DEV_ACCOUNT;
    private static final BigInteger UNIT = BigInteger.TEN.pow(8);
    private static final BigInteger TOTAL = UNIT.multiply(BigInteger.valueOf(100));
    private static Devnet devnet;

    @TempDir
    Path dir;

    @BeforeAll
    static void start() {
        devnet = Devnet.start(java.util.EnumSet.of(Devnet.Node.ETHEREUM, Devnet.Node.POLYGON));
    }

    @AfterAll
    static void stop() {
        devnet.close();
    }

    /** What a consumer got: the figures and, per chain, the block they were read at. */
    private record Published(Instant asOf, Snapshot.Status status, String reserves, String circulating, String supply,
                             String excluded, Map<String, String> blocks) {
        static Published of(Snapshot s) {
            Map<String, String> b = new LinkedHashMap<>();
            for (ChainFreshness c : s.chains()) {
                b.put(c.chain(), c.height() + " " + c.blockHash() + " " + c.blockTime());
            }
            return new Published(s.asOf(), s.status(), s.reservesTotal().raw().toString(), s.circulating().raw().toString(),
                    s.supplyTotal().raw().toString(), s.excludedTotal().raw().toString(), b);
        }
    }

    @Test
    void bridgeTransfersAcrossChainsWithDifferentFinalityNeverStateAFigureNoMomentHad() throws Exception {
        EvmNode eth = devnet.evm(1);
        EvmNode pol = devnet.evm(137);
        List<String> acc = eth.accounts();
        String alice = acc.get(1);
        String custody = acc.get(2);
        Erc20 a = Erc20.deploy(eth, OWNER, "Bridged", "BRG", 8);
        Escrow escrow = Escrow.deploy(eth, OWNER, a);
        Erc20 reserve = Erc20.deploy(eth, OWNER, "Reserve", "RSV", 8);
        Erc20 b = Erc20.deploy(pol, OWNER, "Bridged", "BRG", 8);
        a.mint(OWNER, alice, TOTAL);
        reserve.mint(OWNER, custody, TOTAL.add(BigInteger.ONE)); // exactly one raw unit of headroom

        // Ethereum slow (4 confirmations), Polygon fast (1): a mint on Polygon is final long before the lock behind it
        ChainProfile ethChain = TestProfiles.chain("ethereum", 1, new Finality(null, 4, Duration.ZERO),
                TestProfiles.limits(10_000, 10, 2, 16, 0), eth.url());
        ChainProfile polChain = TestProfiles.chain("polygon", 137, new Finality(null, 1, Duration.ZERO),
                TestProfiles.limits(10_000, 10, 2, 16, 0), pol.url());
        TestProfiles.Asset asset = new TestProfiles.Asset("brg", 8)
                .supply("ethereum", a.address(), 8).supply("polygon", b.address(), 8)
                .excluded("escrow", "ethereum", escrow.address())
                .tokenReserve("custody", "ethereum", custody, reserve.address(), 8);
        Profiles profiles = TestProfiles.profiles(List.of(ethChain, polChain), List.of(asset.build()));

        ChainSync sync = new ChainSync();
        PorEngine engine;
        List<Published> published = new ArrayList<>();
        List<String> denied = new ArrayList<>();
        try (BlockProducer blocks = BlockProducer.start(devnet, Duration.ofMillis(200));
             io.assay.store.Store store = EvmHarness.openStore(dir.resolve("live"))) {
            engine = new PorEngine(profiles, store, sync, Clock.systemUTC());
            try (EvmHarness he = EvmHarness.start(store, profiles, ethChain, sync);
                 EvmHarness hp = EvmHarness.start(store, profiles, polChain, sync)) {
                PorEngine e = engine;
                Poll.until(Duration.ofSeconds(60), "an OK answer with the reserves and supply minted", () -> {
                    Snapshot s = e.latest("brg");
                    return s.status() == Snapshot.Status.OK && s.reservesTotal().raw().equals(TOTAL.add(BigInteger.ONE))
                            && s.circulating().raw().equals(TOTAL);
                });
                // answers by moment: two answers at one moment must be equal (checked as they are read)
                java.util.concurrent.ConcurrentHashMap<Instant, Published> answers = new java.util.concurrent.ConcurrentHashMap<>();
                ConcurrentLinkedQueue<String> refusals = new ConcurrentLinkedQueue<>();
                ConcurrentLinkedQueue<String> conflicts = new ConcurrentLinkedQueue<>();
                java.util.concurrent.atomic.AtomicLong read = new java.util.concurrent.atomic.AtomicLong();
                AtomicBoolean reading = new AtomicBoolean(true);
                AtomicReference<Throwable> failed = new AtomicReference<>();
                MintCheck mint = new MintCheck(e);
                List<Thread> readers = new ArrayList<>();
                for (int r = 0; r < 2; r++) {
                    Thread t = new Thread(() -> {
                        try {
                            while (reading.get()) {
                                Snapshot s = e.latest("brg");
                                if (s.status() == Snapshot.Status.OK) {
                                    Published p = Published.of(s);
                                    Published prev = answers.putIfAbsent(p.asOf(), p);
                                    if (prev != null && !prev.equals(p) && conflicts.size() < 10) {
                                        conflicts.add(prev + " vs " + p);
                                    }
                                    read.incrementAndGet();
                                }
                                MintDecision d = mint.check("brg", BigInteger.ONE);
                                if (!d.allowed() && refusals.size() < 10) {
                                    refusals.add(d.reasons().toString());
                                }
                            }
                        } catch (Throwable x) {
                            failed.set(x);
                        }
                    }, "reader-" + r);
                    t.start();
                    readers.add(t);
                }
                // six bridge transfers of random size: lock on Ethereum then mint on Polygon, or burn on Polygon then
                // release on Ethereum; each second half a few blocks after the first
                Random random = new Random(15);
                long nonce = 0;
                BigInteger k = BigInteger.ZERO;
                for (int i = 0; i < 6; i++) {
                    // the second half waits, as a relayer does, until the other chain's clock has passed the first
                    // half's block (anvil dates a burst of transaction blocks ahead of the wall clock: without the
                    // wait the mint could be dated before the lock, and every moment between would truly hold both)
                    if (i % 2 == 0) {
                        k = UNIT.multiply(BigInteger.valueOf(1 + random.nextInt(20)));
                        long lockedAt = blockTime(eth, escrow.lock(alice, k, 137, alice));
                        awaitClockPast(pol, lockedAt);
                        b.mint(OWNER, alice, k);
                    } else {
                        long burnedAt = blockTime(pol, b.burn(alice, k));
                        awaitClockPast(eth, burnedAt);
                        escrow.release(OWNER, alice, k, nonce++);
                    }
                    awaitBlocks(eth, 2);
                    if (i == 3) {
                        // a reorg of final Polygon blocks (depth 3 > 1 confirmation), with nothing tracked in them (the
                        // burn is deeper): the indexer rolls back while answers are read, and the history stays true
                        awaitBlocks(pol, 5);
                        blocks.pause();
                        long reorgs = hp.status().reorgs();
                        JsonNode r = pol.rpc().call("anvil_reorg", 3, List.of());
                        assertTrue(r == null || r.isNull(), "anvil_reorg answered " + r);
                        blocks.resume();
                        Poll.until(Duration.ofSeconds(60), "the Polygon reorg handled", () -> hp.status().reorgs() > reorgs);
                    }
                }
                Instant lastChange = Instant.now();
                Poll.until(Duration.ofSeconds(60), "the cut past the last transfer",
                        () -> e.cut("brg").at() != null && e.cut("brg").at().isAfter(lastChange.plusSeconds(1)));
                reading.set(false);
                for (Thread t : readers) {
                    t.join(30_000);
                }
                assertNull(failed.get(), () -> "a reader failed: " + failed.get());
                published.addAll(answers.values());
                denied.addAll(refusals);
                assertEquals(List.of(), List.copyOf(conflicts), "two answers at one moment differ");
                assertTrue(read.get() > 50, "answers read: " + read.get());
                assertEquals(ChainState.FOLLOWING, he.status().state());
                assertEquals(ChainState.FOLLOWING, hp.status().state());
            }

            // every answer is the history at its asOf, and the chains' own state at the blocks it names
            assertEquals(List.of(), denied, "mint checks denied while reserves covered every moment");
            for (Published p : published) {
                assertTrue(new BigInteger(p.circulating()).compareTo(TOTAL) <= 0,
                        "circulating " + p.circulating() + " above the " + TOTAL + " that exist, at " + p.asOf());
                assertEquals(p, Published.of(engine.snapshot("brg", p.asOf())), "answer at " + p.asOf() + " vs history");
            }
            for (Published p : published) {
                long he = Long.parseLong(p.blocks().get("ethereum").split(" ")[0]);
                long hp = Long.parseLong(p.blocks().get("polygon").split(" ")[0]);
                String te = "0x" + Long.toHexString(he);
                String tp = "0x" + Long.toHexString(hp);
                assertEquals(EvmRpc.block(eth.rpc(), he).hash(), p.blocks().get("ethereum").split(" ")[1]);
                assertEquals(EvmRpc.block(pol.rpc(), hp).hash(), p.blocks().get("polygon").split(" ")[1]);
                BigInteger supply = deployed(a, te) ? a.totalSupply(te) : BigInteger.ZERO;
                supply = supply.add(deployed(b, tp) ? b.totalSupply(tp) : BigInteger.ZERO);
                assertEquals(supply.toString(), p.supply(), "supply at " + p.asOf() + " = eth #" + he + " + pol #" + hp);
                assertEquals((deployed(a, te) ? a.balanceOf(escrow.address(), te) : BigInteger.ZERO).toString(), p.excluded(),
                        "escrow at eth #" + he);
                assertEquals((deployed(reserve, te) ? reserve.balanceOf(custody, te) : BigInteger.ZERO).toString(), p.reserves(),
                        "reserves at eth #" + he);
            }
            assertTrue(published.size() > 5, "distinct moments answered: " + published.size());

            // a second node backfills both chains from scratch and answers every moment identically
            Instant first = published.stream().map(Published::asOf).min(Instant::compareTo).orElseThrow();
            Instant last = published.stream().map(Published::asOf).max(Instant::compareTo).orElseThrow();
            ChainSync sync2 = new ChainSync();
            try (io.assay.store.Store store2 = EvmHarness.openStore(dir.resolve("backfilled"));
                 EvmHarness be = EvmHarness.start(store2, profiles, ethChain, sync2);
                 EvmHarness bp = EvmHarness.start(store2, profiles, polChain, sync2)) {
                PorEngine engine2 = new PorEngine(profiles, store2, sync2, Clock.systemUTC());
                Poll.until(Duration.ofSeconds(60), "the backfilled node's cut past " + last,
                        () -> engine2.cut("brg").at() != null && !engine2.cut("brg").at().isBefore(last));
                int compared = 0;
                for (Instant t = first.minusSeconds(5); !t.isAfter(last); t = t.plusMillis(250)) {
                    Snapshot live = engine.snapshot("brg", t);
                    Snapshot back = engine2.snapshot("brg", t);
                    assertEquals(Published.of(live), Published.of(back), "at " + t);
                    assertEquals(live.reasons(), back.reasons(), "reasons at " + t);
                    assertEquals(components(live), components(back), "components at " + t);
                    compared++;
                }
                assertTrue(compared > 20, "moments compared: " + compared);
            }
        }
    }

    @Test
    void aReorgDeeperThanTheRollbackDepthRefusesTheFirstAnswerAfterTheHalt() throws Exception {
        EvmNode pol = devnet.evm(137);
        String holder = pol.accounts().get(4);
        Erc20 t = Erc20.deploy(pol, OWNER, "Deep", "DEP", 6);
        t.mint(OWNER, holder, BigInteger.valueOf(1_000_000));
        ChainProfile chain = TestProfiles.chain("polygon", 137, new Finality(null, 0, Duration.ZERO),
                TestProfiles.limits(10_000, 10, 2, 3, 0), pol.url());
        TestProfiles.Asset asset = new TestProfiles.Asset("dep", 6).supply("polygon", t.address(), 6)
                .tokenReserve("vault", "polygon", holder, t.address(), 6);
        Profiles profiles = TestProfiles.profiles(List.of(chain), List.of(asset.build()));
        ChainSync sync = new ChainSync();
        try (io.assay.store.Store store = EvmHarness.openStore(dir);
             EvmHarness h = EvmHarness.start(store, profiles, chain, sync)) {
            PorEngine engine = new PorEngine(profiles, store, sync, Clock.systemUTC());
            pol.mine(5);
            h.awaitIndexed(pol.blockNumber(), Duration.ofSeconds(60));
            Poll.until(Duration.ofSeconds(30), "an OK answer", () -> engine.latest("dep").status() == Snapshot.Status.OK);

            JsonNode r = pol.rpc().call("anvil_reorg", 6, List.of()); // deeper than maxReorgDepth 3
            assertTrue(r == null || r.isNull(), "anvil_reorg answered " + r);
            pol.mine(1);
            h.awaitHalted(Duration.ofSeconds(60));
            Snapshot s = engine.latest("dep");
            assertEquals(Snapshot.Status.REFUSED, s.status(), s.reasons().toString());
            assertTrue(s.reasons().stream().anyMatch(x -> x.startsWith("chain polygon halted: ")), s.reasons().toString());
            MintDecision d = new MintCheck(engine).check("dep", BigInteger.ONE);
            assertFalse(d.allowed());
            assertTrue(d.reasons().toString().contains("halted"), d.reasons().toString());
            // the past stays readable, marked
            Snapshot past = engine.snapshot("dep", engine.cut("dep").at());
            assertEquals(Snapshot.Status.STALE, past.status());
            assertTrue(past.reasons().get(0).contains("its recorded blocks may no longer all be on the chain"),
                    past.reasons().toString());
        }
    }

    @Test
    void aNowAnswerReusesItsValuesOnlyUnderTheSameCutAndTheyAreTheHistoryAtItsAsOf() {
        EvmNode pol = devnet.evm(137);
        String holder = pol.accounts().get(6);
        Erc20 t = Erc20.deploy(pol, OWNER, "Kept", "KPT", 6);
        t.mint(OWNER, holder, BigInteger.valueOf(1_000_000));
        // no quiet extension: the cut is the last final block's time (less a millisecond) until the next commit
        ChainProfile chain = TestProfiles.chain("polygon", 137, new Finality(null, 0, Duration.ofSeconds(-1)),
                TestProfiles.limits(10_000, 10, 2, 3, 0), pol.url());
        TestProfiles.Asset asset = new TestProfiles.Asset("kpt", 6).supply("polygon", t.address(), 6)
                .tokenReserve("vault", "polygon", holder, t.address(), 6);
        Profiles profiles = TestProfiles.profiles(List.of(chain), List.of(asset.build()));
        ChainSync sync = new ChainSync();
        AheadClock clock = new AheadClock();
        try (io.assay.store.Store store = EvmHarness.openStore(dir);
             EvmHarness h = EvmHarness.start(store, profiles, chain, sync)) {
            PorEngine engine = new PorEngine(profiles, store, sync, clock);
            // the cut is a millisecond before the newest block's time: blocks are made until one is dated after the mint
            Snapshot first = Poll.value(Duration.ofSeconds(30), "an OK answer with the mint", () -> {
                Snapshot s = engine.latest("kpt");
                if (s.status() == Snapshot.Status.OK && s.reservesTotal().raw().intValue() == 1_000_000) {
                    return s;
                }
                pol.mine(1);
                return null;
            });

            // the same cut: the values are reused (the very same objects), not read again
            PorEngine.NowValuesCount before = engine.nowValues("kpt");
            Snapshot again = engine.latest("kpt");
            assertEquals(first.asOf(), again.asOf());
            assertSame(first.reserves(), again.reserves());
            assertSame(first.supply(), again.supply());
            assertEquals(new PorEngine.NowValuesCount(before.reused() + 1, before.computed()), engine.nowValues("kpt"));
            // and they are the history at the answer's asOf, computed again from the store (here and on a new engine)
            assertKeptIsHistory(again, engine.snapshot("kpt", again.asOf()));
            assertKeptIsHistory(again, new PorEngine(profiles, store, sync, clock).snapshot("kpt", again.asOf()));

            // staleness moves with the wall clock, not with the kept values: past the 5 min tolerance, the same values
            // are STALE; back in time, OK again
            clock.ahead = Duration.ofMinutes(6);
            Snapshot late = engine.latest("kpt");
            assertSame(first.reserves(), late.reserves());
            assertEquals(Snapshot.Status.STALE, late.status());
            assertTrue(late.reasons().get(0).startsWith("chain polygon is known final only through " + first.asOf()),
                    late.reasons().toString());
            clock.ahead = Duration.ZERO;
            assertEquals(Snapshot.Status.OK, engine.latest("kpt").status());

            // a commit that changes nothing tracked (an empty block): the values are read again (equal), whether or not
            // the block's time moved the cut
            PorEngine.NowValuesCount beforeEmpty = engine.nowValues("kpt");
            pol.mine(1);
            h.awaitIndexed(pol.blockNumber(), Duration.ofSeconds(60));
            Snapshot empty = engine.latest("kpt");
            assertEquals(new PorEngine.NowValuesCount(beforeEmpty.reused(), beforeEmpty.computed() + 1),
                    engine.nowValues("kpt"));
            assertNotSame(first.reserves(), empty.reserves());
            assertEquals(components(first), components(empty));
            assertKeptIsHistory(empty, engine.snapshot("kpt", empty.asOf()));

            // a commit that changes a value: once the cut passes it, the answer has the new value and names its block
            long mintBlock = Long.decode(t.mint(OWNER, holder, BigInteger.valueOf(500_000)).path("blockNumber").asText());
            Snapshot minted = Poll.value(Duration.ofSeconds(30), "the cut past the second mint", () -> {
                Snapshot s = engine.latest("kpt");
                if (s.reservesTotal().raw().intValue() == 1_500_000) {
                    return s;
                }
                pol.mine(1);
                return null;
            });
            assertEquals(BigInteger.valueOf(1_500_000), minted.supplyTotal().raw());
            assertEquals(mintBlock, minted.chains().get(0).height(), "the block of the second mint");
            assertEquals(EvmRpc.block(pol.rpc(), mintBlock).hash(), minted.chains().get(0).blockHash());
            assertSame(minted.reserves(), engine.latest("kpt").reserves(), "kept again until the next commit");
            assertKeptIsHistory(minted, engine.snapshot("kpt", minted.asOf()));
            // the first answer's moment is history too, unchanged by the commits after it
            assertKeptIsHistory(first, engine.snapshot("kpt", first.asOf()));
        }
    }

    /** A kept "now" answer against the same moment computed from history: equal values, blocks and hashes. */
    private static void assertKeptIsHistory(Snapshot kept, Snapshot history) {
        assertEquals(kept.asOf(), history.asOf());
        assertEquals(components(kept), components(history), "components at " + kept.asOf());
        assertEquals(List.of(kept.reservesTotal(), kept.supplyTotal(), kept.excludedTotal(), kept.circulating()),
                List.of(history.reservesTotal(), history.supplyTotal(), history.excludedTotal(), history.circulating()));
        assertEquals(kept.ratio(), history.ratio());
        assertEquals(kept.belowMinRatio(), history.belowMinRatio());
        assertEquals(blocks(kept), blocks(history), "blocks at " + kept.asOf());
        assertNotEquals(Snapshot.Status.REFUSED, history.status(), history.reasons().toString());
    }

    private static List<String> blocks(Snapshot s) {
        List<String> out = new ArrayList<>();
        for (ChainFreshness c : s.chains()) {
            out.add(c.chain() + " #" + c.height() + " " + c.blockHash() + " @" + c.blockTime());
        }
        return out;
    }

    /** The wall clock, moved forward by {@code ahead}. */
    private static final class AheadClock extends Clock {
        volatile Duration ahead = Duration.ZERO;

        @Override
        public java.time.ZoneId getZone() {
            return java.time.ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return Instant.now().plus(ahead);
        }
    }

    private static List<String> components(Snapshot s) {
        List<String> out = new ArrayList<>();
        for (List<Component> list : List.of(s.reserves(), s.supply(), s.excluded())) {
            for (Component c : list) {
                out.add(c.kind() + " " + c.id() + " " + c.chain() + " " + c.amount().raw() + " #" + c.height() + " @" + c.time());
            }
        }
        return out;
    }

    /** True if the token's contract exists at block {@code tag} (before it, every value is zero). */
    private static boolean deployed(Erc20 token, String tag) {
        return !"0x".equals(token.node().rpc().call("eth_getCode", token.address(), tag).asText());
    }

    private static long blockTime(EvmNode node, JsonNode receipt) {
        return EvmRpc.block(node.rpc(), Long.decode(receipt.path("blockNumber").asText())).time();
    }

    /** Waits until {@code node}'s newest block is dated after {@code millis}, then for three more blocks. */
    private static void awaitClockPast(EvmNode node, long millis) {
        Poll.until(Duration.ofSeconds(30), "chain " + node.chainId() + " dated past " + Instant.ofEpochMilli(millis),
                () -> EvmRpc.block(node.rpc(), node.blockNumber()).time() > millis);
        awaitBlocks(node, 3);
    }

    /** Waits until {@code n} more blocks exist on {@code node}. */
    private static void awaitBlocks(EvmNode node, int n) {
        long target = node.blockNumber() + n;
        Poll.until(Duration.ofSeconds(30), n + " more blocks on chain " + node.chainId(), () -> node.blockNumber() >= target);
    }
}
