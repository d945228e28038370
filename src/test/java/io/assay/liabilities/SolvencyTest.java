package io.assay.liabilities;

import org.junit.jupiter.api.Test;

import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

class SolvencyTest {
    private static final Instant T = Instant.parse("2026-12-03T00:00:00Z");
    private static final Duration DAY = Duration.ofDays(1);

    private static Solvency.Result of(long reserves, long liabilities, Instant now) {
        return Solvency.of(BigInteger.valueOf(reserves), List.of(), false, BigInteger.valueOf(liabilities), T, now, DAY);
    }

    @Test
    void reservesCoveringLiabilitiesAreSolventWithAnExactRatioRoundedDown() {
        Solvency.Result r = of(1_000_000_000L, 900_000_000L, T.plusSeconds(60));
        assertEquals(Solvency.Status.SOLVENT, r.status());
        assertEquals("1.111111111111111111", r.ratio());
        assertEquals(List.of(), r.reasons());
        assertEquals("1.000000000000000000", of(5, 5, T).ratio());
    }

    @Test
    void aShortfallIsInsolventEvenWhenFresh() {
        Solvency.Result r = of(1_000_000_000L, 1_200_000_000L, T);
        assertEquals(Solvency.Status.INSOLVENT, r.status());
        assertEquals("0.833333333333333333", r.ratio());
        assertEquals(List.of("reserves 1000000000 do not cover liabilities 1200000000 (raw units)"), r.reasons());
    }

    @Test
    void oldLiabilitiesAreStale() {
        Solvency.Result r = of(10, 5, T.plus(Duration.ofDays(2)));
        assertEquals(Solvency.Status.STALE, r.status());
        assertEquals(List.of("the liabilities publication is 172800 s old (allowed 86400 s)"), r.reasons());
        assertEquals(Solvency.Status.INSOLVENT, of(4, 5, T.plus(Duration.ofDays(2))).status(), "insolvent wins over stale");
    }

    @Test
    void nothingOwedHasNoRatioAndARefusedReserveSideIsRefused() {
        Solvency.Result r = of(10, 0, T);
        assertEquals(Solvency.Status.SOLVENT, r.status());
        assertNull(r.ratio());
        Solvency.Result refused = Solvency.of(null, List.of("ethereum: no data"), true, BigInteger.ONE, T, T, DAY);
        assertEquals(Solvency.Status.REFUSED, refused.status());
        assertEquals(List.of("ethereum: no data"), refused.reasons());
        Solvency.Result stale = Solvency.of(BigInteger.TEN, List.of("bitcoin: 900 s behind"), false, BigInteger.ONE, T, T, DAY);
        assertEquals(Solvency.Status.STALE, stale.status());
    }
}
