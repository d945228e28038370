package io.assay.api;

import io.assay.por.Amount;
import io.assay.por.ChainFreshness;
import io.assay.por.Component;
import io.assay.por.Snapshot;
import org.junit.jupiter.api.Test;

import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

/** Snapshot DTOs reuse the converted components of a reused snapshot and never those of another one. */
class SnapshotDtoTest {
    private static Snapshot snapshot(List<Component> supply, Instant asOf) {
        Amount zero = new Amount(BigInteger.ZERO, 8);
        Amount total = supply.isEmpty() ? zero : supply.get(0).amount();
        ChainFreshness eth = new ChainFreshness("ethereum", 7, "ab", asOf, asOf, Duration.ZERO, false, null);
        return new Snapshot("x", asOf, 8, List.of(), supply, List.of(), zero, total, zero, total, null, false,
                List.of(eth), Snapshot.Status.OK, List.of());
    }

    private static List<Component> supply(long raw, long height) {
        return List.copyOf(List.of(new Component("supply", "_total", "ethereum", new Amount(BigInteger.valueOf(raw), 8),
                height, 1_000L * height, "x/ethereum/supply/_total", null)));
    }

    @Test
    void theSameComponentListConvertsOnceAndAnotherListConvertsAgain() {
        List<Component> first = supply(500, 7);
        Dto.SnapshotDto a = Dto.SnapshotDto.of(snapshot(first, Instant.ofEpochSecond(10)), "1.0", null);
        Dto.SnapshotDto b = Dto.SnapshotDto.of(snapshot(first, Instant.ofEpochSecond(11)), "1.0", null);
        assertSame(a.supplyByChain(), b.supplyByChain(), "same list: converted once");
        assertEquals(Instant.ofEpochSecond(11), b.asOf(), "the moment is always the snapshot's own");

        Dto.SnapshotDto c = Dto.SnapshotDto.of(snapshot(supply(900, 8), Instant.ofEpochSecond(12)), "1.0", null);
        assertEquals("900", c.supplyByChain().get(0).amount().raw(), "equal-looking but new data is converted");
        assertEquals(8, c.supplyByChain().get(0).height());
        assertEquals("500", a.supplyByChain().get(0).amount().raw());
    }

    @Test
    void identityMemoComparesByIdentityNotEquality() {
        int[] calls = {0};
        IdentityMemo<List<String>, Integer> m = new IdentityMemo<>(l -> ++calls[0]);
        List<String> one = new java.util.ArrayList<>(List.of("a"));
        List<String> equalButOther = new java.util.ArrayList<>(List.of("a"));
        assertEquals(1, m.apply(one));
        assertEquals(1, m.apply(one));
        assertEquals(2, m.apply(equalButOther));
        assertEquals(3, m.apply(one));
    }
}
