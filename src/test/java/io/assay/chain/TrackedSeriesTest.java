package io.assay.chain;

import io.assay.store.KeyValue;
import io.assay.store.Point;
import io.assay.store.SeriesKey;
import io.assay.store.Store;
import io.assay.store.Stores;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.math.BigInteger;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The pieces every chain family's writer shares, on a real store: the tracked-set fingerprint check, aggregates in
 * common decimals, and the per-block walk over the series and aggregates of changed members.
 */
class TrackedSeriesTest {
    private static final SeriesKey A = new SeriesKey("usd", "c", "reserve", "a");
    private static final SeriesKey B = new SeriesKey("usd", "c", "reserve", "b");
    private static final SeriesKey TOTAL = SeriesKey.total("usd", "c", "reserve");

    @TempDir
    Path dir;

    @Test
    void fingerprintIsRecordedOnceAndAnotherOneHaltsTheChain() {
        try (Store store = Stores.open(dir)) {
            KeyValue meta = store.state("c", "meta");
            TrackingFingerprint.check(store, meta, "c", "f1", "the things");
            store.commit("c", 1, new byte[]{1}, 1000);
            TrackingFingerprint.check(store, meta, "c", "f1", "the things"); // same set: no complaint
            ChainHaltedException e = assertThrows(ChainHaltedException.class,
                    () -> TrackingFingerprint.check(store, meta, "c", "f2", "the things"));
            assertEquals("c: the things changed since this chain was indexed (fingerprint f1, profiles now give f2);"
                    + " remove the chain's data to index it again with the new profiles", e.getMessage());
        }
    }

    @Test
    void dataWithoutARecordedFingerprintHaltsTheChain() {
        try (Store store = Stores.open(dir)) {
            store.commit("c", 1, new byte[]{1}, 1000);
            ChainHaltedException e = assertThrows(ChainHaltedException.class,
                    () -> TrackingFingerprint.check(store, store.state("c", "meta"), "c", "f1", "the things"));
            assertTrue(e.getMessage().contains("without a record of what was tracked"), e.getMessage());
        }
    }

    @Test
    void digestIsTheFirstHalfOfSha256() {
        // SHA-256("abc") = ba7816bf8f01cfea414140de5dae2223 b00361a396177a9cb410ff61f20015ad
        assertEquals("ba7816bf8f01cfea414140de5dae2223", TrackingFingerprint.digest("abc"));
    }

    @Test
    void aggregateOfMixedDecimalsScalesEveryMemberToTheLargest() {
        int[] decimals = {6, 18, 6};
        TrackedSeries.Aggregate a = TrackedSeries.aggregate(TOTAL, List.of(2, 0, 1, 0), m -> decimals[m]);
        assertArrayEquals(new int[]{2, 0, 1}, a.members(), "distinct, in first-seen order");
        assertArrayEquals(new int[]{12, 12, 0}, a.scale());
        assertEquals(18, a.decimals());
        assertFalse(a.unscaled());
        assertTrue(TrackedSeries.aggregate(TOTAL, List.of(0, 2), m -> decimals[m]).unscaled());
    }

    @Test
    void onlyChangedMembersAndTheirAggregatesAreWritten() {
        // member 0 feeds A, member 1 feeds B, member 2 feeds nothing; TOTAL sums 0 and 1
        SeriesFeeds feeds = new SeriesFeeds(3,
                List.of(new TrackedSeries.Series(A, 0), new TrackedSeries.Series(B, 1)),
                List.of(new TrackedSeries.Aggregate(TOTAL, new int[]{0, 1}, new int[]{0, 0}, 6)));
        long[] value = {5, 7, 9};
        try (Store store = Stores.open(dir)) {
            feeds.register(store);
            List<String> calls = new ArrayList<>();
            SeriesFeeds.Sink sink = new SeriesFeeds.Sink() {
                @Override
                public void member(int member, int[] seriesIds) {
                    calls.add("m" + member);
                    for (int id : seriesIds) {
                        store.append(id, 10, 1000, 0, value[member]);
                    }
                }

                @Override
                public void aggregate(int aggregateId, TrackedSeries.Aggregate aggregate) {
                    calls.add("a");
                    store.append(aggregateId, 10, 1000, BigInteger.valueOf(value[0] + value[1]));
                }
            };
            feeds.write(new boolean[]{false, true, true}, sink);
            assertEquals(List.of("m1", "m2", "a"), calls);
            calls.clear();
            feeds.write(new boolean[]{false, false, true}, sink);
            assertEquals(List.of("m2"), calls, "member 2 is in no aggregate");
            store.commit("c", 10, new byte[]{10}, 1000); // reads see committed points only

            Point p = new Point();
            assertFalse(feeds.latest(store, 0, p), "A has no point: member 0 never changed");
            assertTrue(feeds.latest(store, 1, p));
            assertEquals(7, p.value.lo());
            assertFalse(feeds.latest(store, 2, p), "member 2 feeds no series");
            assertTrue(store.latest(store.series(TOTAL), p));
            assertEquals(12, p.value.lo());
        }
        assertEquals(A + ", " + B, new SeriesFeeds(1, List.of(new TrackedSeries.Series(A, 0),
                new TrackedSeries.Series(B, 0)), List.of()).describe(0, "unused"));
        assertEquals("fallback", feeds.describe(2, "fallback"));
    }
}
