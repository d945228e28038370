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
        assertEquals("e8010203", eth.blockHash());
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
        clock.now = Instant.ofEpochMilli(T0 + 1_000);
        Snapshot again = engine.latest("demo");              // nothing committed: same values, new moment
        assertEquals(first.ratio(), again.ratio());
        assertEquals(clock.now, again.asOf());
        assertEquals(Snapshot.Status.OK, again.status());
        // a commit on one chain changes the answer at once
        block("ethereum", 1001, T0 + 500, Map.of("demo/ethereum/supply/_total", 9 * BTC));
        Snapshot afterMint = engine.latest("demo");
        assertEquals(BigInteger.valueOf(9 * BTC), afterMint.circulating().raw());
        assertEquals("1.111111111111111111", afterMint.ratio());
        assertEquals(1001, afterMint.chains().get(1).height());
        // a reorg back to the same height with another block: the values of the new block
        store.truncateAfter("ethereum", 1000);
        store.append(store.series(io.assay.store.SeriesKey.parse("demo/ethereum/supply/_total")), 1001, T0 + 600,
                BigInteger.valueOf(10 * BTC));
        store.commit("ethereum", 1001, new byte[]{9, 9, 9, 9}, T0 + 600);
        assertEquals(BigInteger.valueOf(10 * BTC), engine.latest("demo").circulating().raw());
        // no commit, the clock moves past the tolerance without a sync: stale, with the reason, on the reused values
        synced.remove("polygon");
        clock.now = Instant.ofEpochMilli(T0 + 11 * 60_000);
        Snapshot late = engine.latest("demo");
        assertEquals(Snapshot.Status.STALE, late.status());
        assertEquals(BigInteger.valueOf(10 * BTC), late.circulating().raw());
        assertEquals(3, late.reasons().size(), late.reasons().toString()); // no chain synced since its last block
        assertTrue(late.reasons().get(2).startsWith("chain polygon stale since"), late.reasons().toString());
        // as of a moment before the last commits: computed from the history, not the reused latest values
        assertEquals(BigInteger.valueOf(8 * BTC), engine.snapshot("demo", Instant.ofEpochMilli(T0)).circulating().raw());
    }

    @Test
    void aChainWhoseIndexerStoppedReportingGoesStale() {
        standardPicture();
        synced.remove("polygon");                            // its indexer stopped confirming it is at the head
        clock.now = Instant.ofEpochMilli(T0 + 11 * 60_000);  // > 10m tolerance after its last block
        Snapshot s = engine.latest("demo");
        assertEquals(Snapshot.Status.STALE, s.status());
        ChainFreshness pol = s.chains().get(2);
        assertTrue(pol.stale());
        assertTrue(pol.reason().startsWith("chain polygon stale since " + Instant.ofEpochMilli(T0 - 40_000)), pol.reason());
        // the others were confirmed synced recently enough? no: their sync time is their block time too
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
        assertEquals(3, d.reasons().size(), d.reasons().toString());
        assertTrue(d.reasons().get(0).startsWith("chain bitcoin stale since"), d.reasons().toString());
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
