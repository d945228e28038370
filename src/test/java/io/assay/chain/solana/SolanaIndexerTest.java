package io.assay.chain.solana;

import io.assay.chain.ChainIndexer;
import io.assay.chain.ChainState;
import io.assay.chain.RetryPolicy;
import io.assay.config.ProfileLoader;
import io.assay.config.Profiles;
import io.assay.devnet.Devnet;
import io.assay.devnet.DevnetExtension;
import io.assay.devnet.DevnetDemo;
import io.assay.devnet.Poll;
import io.assay.devnet.SolanaNode;
import io.assay.store.SeriesNames;
import io.assay.store.Point;
import io.assay.store.SeriesCursor;
import io.assay.store.SeriesKey;
import io.assay.store.Store;
import io.assay.store.Stores;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.math.BigInteger;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The Solana indexer against the litesvm shim (real SPL Token program), with the store: mint, burn and
 * transfer are recorded exactly at their slots, excluded and reserve token accounts too, backfill from history
 * gives the same series as following, and the first indexed slot carries a point of every series.
 */
class SolanaIndexerTest {
    static final RetryPolicy RETRY = new RetryPolicy(Duration.ofMillis(20), Duration.ofMillis(400), 30,
            Duration.ofSeconds(60));
    @RegisterExtension
    static final DevnetExtension DEVNET = new DevnetExtension(Devnet.Node.SOLANA);
    private static SolanaNode node;

    @TempDir
    Path tmp;

    @BeforeAll
    static void start() {
        node = DEVNET.solana();
    }

    static ChainIndexer<SolanaSegment> indexer(Profiles p, Store store, SolanaChainReader.Mode mode, int pageLimit) {
        ChainIndexer<SolanaSegment> ix = SolanaIndexers.create(p, p.chain("solana").orElseThrow(), store, 64, RETRY,
                mode, pageLimit);
        ix.start();
        return ix;
    }

    static void awaitIndexed(ChainIndexer<SolanaSegment> ix, long slot) {
        Poll.until(Duration.ofSeconds(60), "solana indexed through slot " + slot + " (" + ix.status() + ", "
                + ix.status().lastError() + ")", () -> {
            if (ix.status().state() == ChainState.HALTED) {
                throw new AssertionError("halted: " + ix.status().haltReason());
            }
            return ix.status().indexedHeight() >= slot;
        });
    }

    /** The series fed by each truth column. */
    static Map<SeriesKey, Integer> series() {
        return Map.of(SeriesNames.supply("sol", "solana"), Scene.SUPPLY,
                SeriesNames.excluded("sol", "solana", "escrow"), Scene.ESCROW,
                SeriesNames.excludedTotal("sol", "solana"), Scene.ESCROW,
                SeriesNames.reserve("sol", "solana", "vault"), Scene.RESERVE,
                SeriesNames.reserveTotal("sol", "solana"), Scene.RESERVE);
    }

    /**
     * Every point of every series equals the truth at its slot (nothing wrong was ever recorded), and every slot
     * of the truth from {@code from} through {@code through} reads back exactly.
     */
    static void assertMatchesTruth(Store store, Scene s, long from, long through) {
        Point p = new Point();
        for (Map.Entry<SeriesKey, Integer> e : series().entrySet()) {
            int id = store.find(e.getKey()).orElseThrow(() -> new AssertionError("no series " + e.getKey()));
            int points = 0;
            try (SeriesCursor c = store.range(id, Long.MIN_VALUE, Long.MAX_VALUE)) {
                while (c.next()) {
                    Point q = c.point();
                    points++;
                    assertEquals(s.at(e.getValue(), q.height), q.value.toBigInteger(),
                            e.getKey() + " point at slot " + q.height);
                }
            }
            assertTrue(points > 0, e.getKey() + " has points");
            for (long slot : s.truth.subMap(from, true, through, true).keySet()) {
                assertTrue(store.valueAtHeight(id, slot, p), e.getKey() + " has a value at slot " + slot);
                assertEquals(s.at(e.getValue(), slot), p.value.toBigInteger(), e.getKey() + " at slot " + slot);
            }
        }
    }

    /** All points of a series, as (slot, time, value) strings. */
    static List<String> points(Store store, SeriesKey key) {
        List<String> out = new ArrayList<>();
        int id = store.find(key).orElseThrow();
        try (SeriesCursor c = store.range(id, Long.MIN_VALUE, Long.MAX_VALUE)) {
            while (c.next()) {
                out.add(c.point().toString());
            }
        }
        return out;
    }

    @Test
    void followingRecordsMintBurnAndTransferExactlyAtTheirSlots() {
        Scene s = new Scene(node);
        Profiles p = s.profiles(tmp.resolve("profiles"), node.url());
        try (Store store = Stores.open(tmp.resolve("store"));
             ChainIndexer<SolanaSegment> ix = indexer(p, store, SolanaChainReader.Mode.AUTO, 1000)) {
            awaitIndexed(ix, s.lastSlot());
            long first = s.lastSlot();
            // each operation waited for, so following sees every slot
            long slot = s.mintTo(s.holder, Scene.BIG.multiply(BigInteger.TWO));
            awaitIndexed(ix, slot);
            slot = s.transfer(s.holder, s.escrow, Scene.BIG);
            awaitIndexed(ix, slot);
            slot = s.skip(9);
            awaitIndexed(ix, slot);
            slot = s.mintTo(s.reserve, Scene.BIG.add(BigInteger.ONE));
            awaitIndexed(ix, slot);
            slot = s.burn(s.escrow, BigInteger.valueOf(7));
            awaitIndexed(ix, slot);
            slot = s.transfer(s.escrow, s.holder, Scene.BIG.subtract(BigInteger.valueOf(8)));
            awaitIndexed(ix, slot);
            assertMatchesTruth(store, s, first, slot);
            assertEquals(Scene.BIG.multiply(BigInteger.TWO).subtract(BigInteger.valueOf(7)), s.at(Scene.SUPPLY, slot),
                    "minted 2 BIG, burned 7");
            assertEquals(0, ix.status().reconcileMismatches());
            assertTrue(ix.status().alarms().isEmpty(), ix.status().alarms().toString());
            assertEquals(slot, store.checkpoint("solana").orElseThrow().height());
            // the committed-slot series follows the checkpoint
            Point h = new Point();
            assertTrue(store.latest(store.find(SeriesNames.committedHeight("solana")).orElseThrow(), h));
            assertEquals(slot, h.value.toBigInteger().longValueExact());
            assertTrue(ix.status().syncedAt().isPresent());
        }
    }

    @Test
    void backfillFromHistoryEqualsFollowing() {
        Scene s = new Scene(node);
        Profiles p = s.profiles(tmp.resolve("profiles"), node.url());
        long last;
        try (Store follow = Stores.open(tmp.resolve("follow"));
             ChainIndexer<SolanaSegment> ix = indexer(p, follow, SolanaChainReader.Mode.AUTO, 1000)) {
            awaitIndexed(ix, s.lastSlot());
            last = s.story();
            awaitIndexed(ix, last);
            assertMatchesTruth(follow, s, 0, last);
            ix.stop(Duration.ofSeconds(10));
            // a second store fills from history alone, paging signatures two at a time
            try (Store backfill = Stores.open(tmp.resolve("backfill"));
                 ChainIndexer<SolanaSegment> bx = indexer(p, backfill, SolanaChainReader.Mode.HISTORY, 2)) {
                awaitIndexed(bx, last);
                assertMatchesTruth(backfill, s, 0, last);
                for (SeriesKey k : series().keySet()) {
                    assertEquals(points(follow, k), points(backfill, k), k + ": backfill equals following");
                }
            }
        }
    }

    @Test
    void startingMidHistoryReconstructsTheValuesAtTheStartSlot() {
        Scene s = new Scene(node);
        s.mintTo(s.holder, Scene.BIG.multiply(BigInteger.TEN));
        s.transfer(s.holder, s.escrow, Scene.BIG);
        s.mintTo(s.reserve, Scene.BIG);
        long start = s.burn(s.holder, BigInteger.valueOf(5));
        long last = s.story();
        Profiles p = s.profiles(tmp.resolve("profiles"), node.url(), ", startBlock: " + start, 9, s.escrow);
        try (Store store = Stores.open(tmp.resolve("store"));
             ChainIndexer<SolanaSegment> ix = indexer(p, store, SolanaChainReader.Mode.AUTO, 3)) {
            awaitIndexed(ix, last);
            assertMatchesTruth(store, s, start - 1, last);
            Point first = new Point();
            for (SeriesKey k : series().keySet()) {
                try (SeriesCursor c = store.range(store.find(k).orElseThrow(), Long.MIN_VALUE, Long.MAX_VALUE)) {
                    assertTrue(c.next());
                    assertEquals(start - 1, c.point().height, k + " starts the slot before startBlock");
                    assertEquals(s.at(series().get(k), start - 1), c.point().value.toBigInteger(),
                            k + ": the value there comes from the node's value now minus the later transactions");
                }
            }
            assertTrue(s.at(Scene.SUPPLY, start - 1).compareTo(Scene.BIG) > 0, "the start is not at zero");
            assertEquals(0, ix.status().reconcileMismatches());
        }
    }

    @Test
    void restartContinuesFromTheCheckpoint() {
        Scene s = new Scene(node);
        Profiles p = s.profiles(tmp.resolve("profiles"), node.url());
        try (Store store = Stores.open(tmp.resolve("store"))) {
            long mid;
            try (ChainIndexer<SolanaSegment> ix = indexer(p, store, SolanaChainReader.Mode.AUTO, 1000)) {
                s.mintTo(s.holder, Scene.BIG);
                mid = s.transfer(s.holder, s.escrow, BigInteger.valueOf(77));
                awaitIndexed(ix, mid);
            }
            assertEquals(mid, store.checkpoint("solana").orElseThrow().height());
            // while it is down the chain moves on
            long last = s.story();
            try (ChainIndexer<SolanaSegment> ix = indexer(p, store, SolanaChainReader.Mode.AUTO, 2)) {
                awaitIndexed(ix, last);
                assertMatchesTruth(store, s, 0, last);
            }
        }
    }

    @Test
    void snapshotModeRecordsTheValuesAtEachPolledSlot() {
        Scene s = new Scene(node);
        s.mintTo(s.holder, Scene.BIG);
        Profiles p = s.profiles(tmp.resolve("profiles"), node.url());
        try (Store store = Stores.open(tmp.resolve("store"));
             ChainIndexer<SolanaSegment> ix = indexer(p, store, SolanaChainReader.Mode.SNAPSHOT, 1000)) {
            long start = s.lastSlot();
            awaitIndexed(ix, start);
            long slot = s.transfer(s.holder, s.escrow, Scene.BIG.subtract(BigInteger.TWO));
            awaitIndexed(ix, slot);
            slot = s.burn(s.escrow, BigInteger.ONE);
            awaitIndexed(ix, slot);
            slot = s.skip(4);
            awaitIndexed(ix, slot);
            slot = s.mintTo(s.reserve, Scene.BIG);
            awaitIndexed(ix, slot);
            assertMatchesTruth(store, s, start, slot);
            // no history: the first point is the first snapshot, not the mint's creation
            try (SeriesCursor c = store.range(store.find(SeriesNames.supply("sol", "solana")).orElseThrow(),
                    Long.MIN_VALUE, Long.MAX_VALUE)) {
                assertTrue(c.next());
                assertTrue(c.point().height >= start, "starts at the current slot");
                assertEquals(Scene.BIG, c.point().value.toBigInteger());
            }
        }
    }

    @Test
    void theDemoProfileNamesTheSeededDemoMint() {
        String mint = node.createMint(8, DevnetDemo.SOLANA_SEED);
        assertEquals(DevnetDemo.SOLANA_MINT, mint);
        String account = node.createTokenAccount(mint);
        long slot = node.mintTo(mint, account, DevnetDemo.btc(1).toString()).path("slot").asLong();
        Profiles p = new ProfileLoader(name -> name.equals("solana") ? Optional.of(List.of(node.url().toString()))
                : Optional.empty()).load(Path.of(System.getProperty("devnet.project-dir", "."), "chains/devnet/profiles"));
        try (Store store = Stores.open(tmp.resolve("store"));
             ChainIndexer<SolanaSegment> ix = indexer(p, store, SolanaChainReader.Mode.AUTO, 1000)) {
            awaitIndexed(ix, slot);
            Point v = new Point();
            assertTrue(store.latest(store.find(SeriesNames.supply("wbtc-demo", "solana")).orElseThrow(), v));
            assertEquals(DevnetDemo.btc(1), v.value.toBigInteger());
            assertEquals(slot, v.height);
        }
    }

    @Test
    void aClosedExcludedAccountCountsZeroAlsoAfterARestart() {
        Scene s = new Scene(node);
        Profiles p = s.profiles(tmp.resolve("profiles"), node.url());
        try (Store store = Stores.open(tmp.resolve("store"))) {
            try (ChainIndexer<SolanaSegment> ix = indexer(p, store, SolanaChainReader.Mode.AUTO, 1000)) {
                s.mintTo(s.holder, Scene.BIG);
                long slot = s.transfer(s.holder, s.escrow, Scene.BIG);
                awaitIndexed(ix, slot);
                s.transfer(s.escrow, s.holder, Scene.BIG);
                slot = s.close(s.escrow);
                awaitIndexed(ix, slot);
                // the node no longer answers getTokenAccountBalance for it; reconciliation reads it as absent
                slot = s.burn(s.holder, BigInteger.ONE);
                awaitIndexed(ix, slot);
                assertEquals(0, ix.status().reconcileMismatches());
                assertTrue(ix.status().alarms().isEmpty(), ix.status().alarms().toString());
            }
            // a restart finds the excluded account gone and counts it as holding nothing
            try (ChainIndexer<SolanaSegment> ix = indexer(p, store, SolanaChainReader.Mode.AUTO, 1000)) {
                long slot = s.burn(s.holder, BigInteger.TEN);
                awaitIndexed(ix, slot);
                assertMatchesTruth(store, s, 0, slot);
                assertEquals(BigInteger.ZERO, s.at(Scene.ESCROW, slot));
                assertEquals(0, ix.status().reconcileMismatches());
            }
        }
    }
}
