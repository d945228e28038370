package io.assay.por;

import io.assay.config.ProfileLoader;
import io.assay.config.Profiles;
import io.assay.store.Store;
import io.assay.store.Stores;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The engine over a real store: points are written as indexers write them (series per component, one
 * commit per chain and block) and every answer is checked to the last raw unit.
 */
class PorEngineTest extends PorFixture {
    @Test
    void circulationExcludesTheEscrowExactly() {
        standardPicture();
        Snapshot s = engine.latest("demo");
        assertEquals(Snapshot.Status.OK, s.status(), s.reasons().toString());
        assertEquals(BigInteger.valueOf(13 * BTC), s.supplyTotal().raw());
        assertEquals(BigInteger.valueOf(5 * BTC), s.excludedTotal().raw());
        assertEquals(BigInteger.valueOf(8 * BTC), s.circulating().raw());
        assertEquals("8.00000000", s.circulating().decimal());
        assertEquals("1.250000000000000000", s.ratio());
        assertFalse(s.belowMinRatio());
        assertEquals(List.of("bitcoin", "ethereum", "polygon"), s.chains().stream().map(ChainFreshness::chain).toList());
        ChainFreshness eth = s.chains().get(1);
        assertEquals(1000, eth.height());
        assertEquals(hashHex(1000), eth.blockHash());
    }

    @Test
    void ratioIsRoundedDownNeverUp() {
        block("bitcoin", 1, T0 - 3, Map.of("demo/bitcoin/reserve/custody", 2L));
        block("ethereum", 1, T0 - 2, Map.of("demo/ethereum/supply/_total", 3L, "demo/ethereum/excluded/escrow", 0L));
        block("polygon", 1, T0 - 1, Map.of("demo/polygon/supply/_total", 0L));
        Snapshot s = engine.latest("demo");
        assertEquals("0.666666666666666666", s.ratio());
        assertTrue(s.belowMinRatio());
    }

    @Test
    void nothingCirculatingHasNoRatio() {
        block("bitcoin", 1, T0 - 3, Map.of("demo/bitcoin/reserve/custody", 5L));
        block("ethereum", 1, T0 - 2, Map.of("demo/ethereum/supply/_total", 0L, "demo/ethereum/excluded/escrow", 0L));
        block("polygon", 1, T0 - 1, Map.of("demo/polygon/supply/_total", 0L));
        Snapshot s = engine.latest("demo");
        assertEquals(Snapshot.Status.OK, s.status());
        assertNull(s.ratio());
        assertFalse(s.belowMinRatio());
    }

    @Test
    void componentsOfDifferentDecimalsAreRescaledExactly() throws IOException {
        close();
        setUp("1.0", 18); // reserves in 18-decimal units
        block("bitcoin", 1, T0 - 3, Map.of("demo/bitcoin/reserve/custody", 1_000_000_000_000_000_001L)); // 1.000000000000000001
        block("ethereum", 1, T0 - 2, Map.of("demo/ethereum/supply/_total", BTC, "demo/ethereum/excluded/escrow", 0L));
        block("polygon", 1, T0 - 1, Map.of("demo/polygon/supply/_total", 0L));
        Snapshot s = engine.latest("demo");
        assertEquals(18, s.scale());
        assertEquals("1.000000000000000001", s.reservesTotal().decimal());
        assertEquals("1.000000000000000000", s.circulating().decimal());
        assertEquals("1.000000000000000001", s.ratio());
    }

    @Test
    void asOfAnswersBeforeAndAfterEachEvent() {
        block("bitcoin", 100, T0 - 100_000, Map.of("demo/bitcoin/reserve/custody", 10 * BTC));
        block("ethereum", 1000, T0 - 90_000, Map.of("demo/ethereum/supply/_total", 4 * BTC, "demo/ethereum/excluded/escrow", 0L));
        block("polygon", 5000, T0 - 90_000, Map.of("demo/polygon/supply/_total", 0L));
        block("ethereum", 1001, T0 - 50_000, Map.of("demo/ethereum/supply/_total", 9 * BTC));
        block("bitcoin", 101, T0 - 30_000, Map.of("demo/bitcoin/reserve/custody", 12 * BTC));

        Snapshot before = engine.snapshot("demo", Instant.ofEpochMilli(T0 - 50_001));
        assertEquals(BigInteger.valueOf(4 * BTC), before.circulating().raw());
        assertEquals("2.500000000000000000", before.ratio());
        assertEquals(1000, before.chains().get(1).height());

        Snapshot atMint = engine.snapshot("demo", Instant.ofEpochMilli(T0 - 50_000)); // time <= T includes the block at T
        assertEquals(BigInteger.valueOf(9 * BTC), atMint.circulating().raw());
        assertEquals(1001, atMint.chains().get(1).height());
        assertEquals(BigInteger.valueOf(10 * BTC), atMint.reservesTotal().raw());

        Snapshot after = engine.snapshot("demo", Instant.ofEpochMilli(T0));
        assertEquals(BigInteger.valueOf(12 * BTC), after.reservesTotal().raw());
        assertEquals("1.333333333333333333", after.ratio());
    }

    @Test
    void beforeIndexingStartsIsRefusedNotZero() {
        standardPicture();
        Snapshot s = engine.snapshot("demo", Instant.ofEpochMilli(T0 - 3_600_000));
        assertEquals(Snapshot.Status.REFUSED, s.status());
        assertTrue(s.reasons().stream().anyMatch(r -> r.contains("reserve custody on bitcoin has no data at")), s.reasons().toString());
        assertFalse(s.publishable());
    }

    @Test
    void aChainNotIndexedYetRefuses() {
        block("bitcoin", 100, T0 - 60_000, Map.of("demo/bitcoin/reserve/custody", 10 * BTC));
        block("ethereum", 1000, T0 - 50_000, Map.of("demo/ethereum/supply/_total", 8 * BTC, "demo/ethereum/excluded/escrow", 0L));
        Snapshot s = engine.latest("demo");
        assertEquals(Snapshot.Status.REFUSED, s.status());
        assertTrue(s.reasons().contains("supply on polygon has no data yet (series demo/polygon/supply/_total not indexed)"),
                s.reasons().toString());
        assertTrue(s.chains().get(2).stale());
        assertEquals("chain polygon is not indexed yet", s.chains().get(2).reason());
    }

    @Test
    void excludedAboveSupplyIsInconsistentAndRefused() {
        block("bitcoin", 100, T0 - 60_000, Map.of("demo/bitcoin/reserve/custody", 10 * BTC));
        block("ethereum", 1000, T0 - 50_000, Map.of("demo/ethereum/supply/_total", 2 * BTC, "demo/ethereum/excluded/escrow", 3 * BTC));
        block("polygon", 5000, T0 - 40_000, Map.of("demo/polygon/supply/_total", 5 * BTC));
        Snapshot s = engine.latest("demo");
        assertEquals(Snapshot.Status.REFUSED, s.status());
        assertTrue(s.reasons().get(0).startsWith("excluded holders on ethereum hold 300000000 but the supply there is 200000000"),
                s.reasons().toString());
    }

    @Test
    void theReusedLatestValuesFollowEveryCommitAndFreshnessFollowsTheClock() {
        standardPicture();
        Snapshot first = engine.latest("demo");
        assertEquals("1.250000000000000000", first.ratio());
        assertEquals(Instant.ofEpochMilli(T0), first.asOf(), "the cut: every chain reported current at T0");
        clock.now = Instant.ofEpochMilli(T0 + 1_000);
        Snapshot again = engine.latest("demo");              // nothing new reported: the same cut, one second older
        assertEquals(first.ratio(), again.ratio());
        assertEquals(first.asOf(), again.asOf());
        assertEquals(Duration.ofSeconds(1), again.chains().get(0).lag());
        assertEquals(Snapshot.Status.OK, again.status());
        // a commit on one chain shows once every chain is known final past it
        block("ethereum", 1001, T0 + 500, Map.of("demo/ethereum/supply/_total", 9 * BTC));
        assertEquals(BigInteger.valueOf(8 * BTC), engine.latest("demo").circulating().raw(), "the others cover only T0");
        current();
        Snapshot afterMint = engine.latest("demo");
        assertEquals(BigInteger.valueOf(9 * BTC), afterMint.circulating().raw());
        assertEquals("1.111111111111111111", afterMint.ratio());
        assertEquals(1001, afterMint.chains().get(1).height());
        // a reorg back to the same height with another block: the values of the new block
        store.truncateAfter("ethereum", 1000);
        block("ethereum", 1001, T0 + 600, Map.of("demo/ethereum/supply/_total", 10 * BTC));
        current();
        assertEquals(BigInteger.valueOf(10 * BTC), engine.latest("demo").circulating().raw());
        // polygon's indexer stops reporting and the clock moves past the tolerance: polygon holds the cut back at its
        // last block (less a millisecond: a later block could share its time); the answer is stale there, with reasons
        synced.remove("polygon");
        clock.now = Instant.ofEpochMilli(T0 + 11 * 60_000);
        Snapshot late = engine.latest("demo");
        assertEquals(Snapshot.Status.STALE, late.status());
        assertEquals(Instant.ofEpochMilli(T0 - 40_001), late.asOf());
        assertEquals(BigInteger.valueOf(3 * BTC), late.circulating().raw(), "before polygon's 5: 8 - 5 escrowed + 0");
        assertEquals(3, late.reasons().size(), late.reasons().toString()); // every chain's coverage is 10 min old
        assertTrue(late.reasons().get(2).startsWith("chain polygon is known final only through " + late.asOf()),
                late.reasons().toString());
        // a moment after the cut is not final yet: refused, never guessed
        Snapshot ahead = engine.snapshot("demo", Instant.ofEpochMilli(T0));
        assertEquals(Snapshot.Status.REFUSED, ahead.status());
        assertTrue(ahead.reasons().get(0).startsWith("not final yet at " + Instant.ofEpochMilli(T0)), ahead.reasons().toString());
    }

    @Test
    void aChainWhoseIndexerStoppedReportingGoesStale() {
        standardPicture();
        synced.remove("polygon");                            // its indexer stopped reporting: covered by its last block
        clock.now = Instant.ofEpochMilli(T0 + 11 * 60_000);  // > 10m tolerance after its last block
        synced.put("bitcoin", clock.now);
        synced.put("ethereum", clock.now);
        Snapshot s = engine.latest("demo");
        assertEquals(Snapshot.Status.STALE, s.status());
        assertEquals(Instant.ofEpochMilli(T0 - 40_001), s.asOf(), "polygon holds the cut");
        ChainFreshness pol = s.chains().get(2);
        assertTrue(pol.stale());
        assertFalse(s.chains().get(0).stale());
        assertTrue(pol.reason().startsWith("chain polygon is known final only through " + Instant.ofEpochMilli(T0 - 40_001)),
                pol.reason());
        synced.put("bitcoin", clock.now);
        synced.put("ethereum", clock.now);
        synced.put("polygon", clock.now.minus(Duration.ofMinutes(9)));
        assertEquals(Snapshot.Status.OK, engine.latest("demo").status());
    }

    @Test
    void snapshotAtHeightsUsesEachChainsHeight() {
        block("bitcoin", 100, T0 - 100_000, Map.of("demo/bitcoin/reserve/custody", 10 * BTC));
        block("ethereum", 1000, T0 - 90_000, Map.of("demo/ethereum/supply/_total", 4 * BTC, "demo/ethereum/excluded/escrow", 0L));
        block("polygon", 5000, T0 - 90_000, Map.of("demo/polygon/supply/_total", 0L));
        block("ethereum", 1001, T0 - 50_000, Map.of("demo/ethereum/supply/_total", 9 * BTC));
        Snapshot s = engine.snapshotAtHeights("demo", Map.of("bitcoin", 100L, "ethereum", 1000L, "polygon", 5000L));
        assertEquals(BigInteger.valueOf(4 * BTC), s.circulating().raw());
        Snapshot s2 = engine.snapshotAtHeights("demo", Map.of("bitcoin", 100L, "ethereum", 1001L, "polygon", 5000L));
        assertEquals(BigInteger.valueOf(9 * BTC), s2.circulating().raw());
        assertEquals(Instant.ofEpochMilli(T0 - 50_000), s2.asOf());
        Snapshot beyond = engine.snapshotAtHeights("demo", Map.of("bitcoin", 100L, "ethereum", 1002L, "polygon", 5000L));
        assertEquals(Snapshot.Status.REFUSED, beyond.status());
        assertTrue(beyond.reasons().contains("chain ethereum is indexed to height 1001, below the requested 1002"));
        IllegalArgumentException missing = assertThrows(IllegalArgumentException.class,
                () -> engine.snapshotAtHeights("demo", Map.of("bitcoin", 100L)));
        assertTrue(missing.getMessage().contains("missing [ethereum, polygon]"), missing.getMessage());
    }

    @Test
    void unknownAssetIsNamed() {
        UnknownAssetException e = assertThrows(UnknownAssetException.class, () -> engine.latest("nope"));
        assertEquals("unknown asset 'nope'; known assets: [demo]", e.getMessage());
    }

    @Test
    void mintCheckAllowsWhatReservesCoverAndNotOneUnitMore() {
        standardPicture();
        MintCheck m = new MintCheck(engine);
        MintDecision ok = m.check("demo", BigInteger.valueOf(2 * BTC));
        assertTrue(ok.allowed(), ok.reasons().toString());
        assertEquals(BigInteger.ZERO, ok.headroom().raw());
        MintDecision no = m.check("demo", BigInteger.valueOf(2 * BTC + 1));
        assertFalse(no.allowed());
        assertEquals(BigInteger.valueOf(-1), no.headroom().raw());
        assertTrue(no.reasons().get(0).startsWith("insufficient reserves: reserves 10.00000000 < required 10.00000001"),
                no.reasons().toString());
        assertThrows(IllegalArgumentException.class, () -> m.check("demo", BigInteger.ZERO));
    }

    @Test
    void mintCheckAppliesTheMinimumRatioExactly() throws IOException {
        close();
        setUp("1.25", 8);
        standardPicture(); // reserves 10, circulating 8: exactly 1.25
        MintCheck m = new MintCheck(engine);
        assertFalse(m.check("demo", BigInteger.ONE).allowed()); // (8 + 1e-8) * 1.25 > 10
        block("bitcoin", 101, T0 - 1000, Map.of("demo/bitcoin/reserve/custody", 10 * BTC + 2));
        assertTrue(m.check("demo", BigInteger.ONE).allowed()); // needs ceil(1.25) = 2 more units
    }

    @Test
    void mintCheckFailsClosedOnStaleData() {
        standardPicture();
        synced.clear();
        clock.now = Instant.ofEpochMilli(T0 + Duration.ofHours(2).toMillis());
        MintDecision d = new MintCheck(engine).check("demo", BigInteger.ONE);
        assertFalse(d.allowed());
        // nothing reported since: each chain is covered until just before its last block, the cut is bitcoin's
        assertEquals(3, d.reasons().stream().filter(r -> r.contains(" is known final only through ")).count(),
                d.reasons().toString());
        assertTrue(d.reasons().get(0).startsWith("chain bitcoin is known final only through " + Instant.ofEpochMilli(T0 - 60_001)),
                d.reasons().toString());
    }

    @Test
    void mintCheckFailsClosedOnInconsistentData() {
        block("bitcoin", 100, T0 - 60_000, Map.of("demo/bitcoin/reserve/custody", 10 * BTC));
        block("ethereum", 1000, T0 - 50_000, Map.of("demo/ethereum/supply/_total", 8 * BTC, "demo/ethereum/excluded/escrow", 0L));
        MintDecision d = new MintCheck(engine).check("demo", BigInteger.ONE);
        assertFalse(d.allowed());
        assertTrue(d.reasons().stream().anyMatch(r -> r.startsWith("inconsistent data: supply on polygon has no data yet")),
                d.reasons().toString());
    }
}
