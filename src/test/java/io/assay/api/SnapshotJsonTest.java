package io.assay.api;

import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.assay.por.PorEngine;
import io.assay.por.PorFixture;
import io.assay.por.Snapshot;
import io.assay.store.SeriesKey;
import org.junit.jupiter.api.Test;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The pre-serialized "now" snapshot is byte for byte the JSON of a snapshot computed afresh (a new engine, nothing
 * reused) at the same moment, through commits, reorgs, syncs and a moving clock; and its ISO-8601 instants are the
 * JDK's. The mapper is configured as Quarkus configures the application's (modules found on the class path, dates
 * as strings); {@code DemoEndToEndTest} compares the HTTP answers of both paths in the running app.
 */
class SnapshotJsonTest extends PorFixture {
    private static final ObjectMapper MAPPER = JsonMapper.builder().findAndAddModules()
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS).build();
    /** Fields by name, as Quarkus' generated (reflection-free) serializers write them on the wire. */
    private static final ObjectMapper BY_NAME = JsonMapper.builder().findAndAddModules()
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS).enable(MapperFeature.SORT_PROPERTIES_ALPHABETICALLY)
            .build();

    private final SnapshotJson json = new SnapshotJson(MAPPER);
    private final SnapshotJson byName = new SnapshotJson(BY_NAME);

    /**
     * The cached answer of the app's engine against one computed by a new engine over the same store and clock, for
     * both field orders; returns the answer.
     */
    private String assertSameAsFresh(String when) throws Exception {
        Snapshot reused = engine.latest("demo");
        PorEngine fresh = new PorEngine(profiles, store, chain -> Optional.ofNullable(synced.get(chain)), clock);
        Snapshot computed = fresh.latest("demo");
        String fast = null;
        for (ObjectMapper m : List.of(MAPPER, BY_NAME)) {
            String f = new String((m == MAPPER ? json : byName).write(reused, "1.0"), StandardCharsets.UTF_8);
            assertEquals(m.writeValueAsString(Dto.SnapshotDto.of(computed, "1.0", null)), f, when);
            assertEquals(m.writeValueAsString(Dto.SnapshotDto.of(reused, "1.0", null)), f, when);
            Instant cut = engine.cut("demo").at(); // "now" is the cut (the clock while nothing is indexed)
            assertTrue(f.contains("\"asOf\":\"" + (cut == null ? clock.now : cut) + "\""), when + ": " + f);
            assertTrue((m == MAPPER ? json : byName).splices("demo"), when + ": the answer is made of reused parts");
            fast = fast == null ? f : fast;
        }
        return fast;
    }

    @Test
    void cachedAnswerEqualsAFreshOneAfterCommitsAndAsTheClockMoves() throws Exception {
        String refused = assertSameAsFresh("nothing indexed yet: refused");
        assertTrue(refused.contains("\"status\":\"REFUSED\""), refused);
        standardPicture();
        String first = assertSameAsFresh("the standard picture");
        assertTrue(first.contains("\"status\":\"OK\"") && first.contains("\"ratio\":\"1.250000000000000000\""), first);
        // the clock moves within a millisecond, a microsecond and a second, and across whole seconds of lag
        long[] nanos = {1, 999, 1_000, 120_000, 999_999_999, 0, 500_000_000, 1_001_000};
        for (int i = 0; i < nanos.length; i++) {
            clock.now = Instant.ofEpochSecond(T0 / 1000 + i / 3, nanos[i]);
            current(); // every indexer reports its chain final through now: the cut is the clock
            assertSameAsFresh("clock at " + clock.now);
        }
        // an indexer reports it is at the head: coveredUntil and lag change without a commit
        synced.put("polygon", clock.now.minusMillis(300));
        assertSameAsFresh("polygon synced");
        // a commit changes the values at once
        block("ethereum", 1001, T0 + 500, Map.of("demo/ethereum/supply/_total", 9 * BTC));
        String minted = assertSameAsFresh("after a mint on ethereum");
        assertTrue(minted.contains("\"ratio\":\"1.111111111111111111\""), minted);
        // a reorg to another block at the same height
        store.truncateAfter("ethereum", 1000);
        store.append(store.series(SeriesKey.parse("demo/ethereum/supply/_total")), 1001, T0 + 600,
                BigInteger.valueOf(10 * BTC));
        store.commit("ethereum", 1001, new byte[]{9, 9, 9, 9}, T0 + 600);
        String reorged = assertSameAsFresh("after a same-height reorg");
        assertTrue(reorged.contains("\"blockHash\":\"09090909\""), reorged);
        // the clock passes the tolerance: stale, with reasons naming the lag; then the lag grows by a second
        synced.remove("polygon");
        clock.now = Instant.ofEpochMilli(T0 + 11 * 60_000).plusNanos(7);
        String stale = assertSameAsFresh("stale");
        assertTrue(stale.contains("\"status\":\"STALE\"") && stale.contains("\"lagSeconds\":"), stale);
        clock.now = clock.now.plusSeconds(1);
        assertSameAsFresh("stale, a second later");
        // back to current
        for (String c : List.of("bitcoin", "ethereum", "polygon")) {
            synced.put(c, clock.now);
        }
        assertSameAsFresh("synced again");
    }

    private static final io.assay.por.Amount ZERO = new io.assay.por.Amount(BigInteger.ZERO, 8);

    /** Only the reserves total is a new object each time (the other amounts, the lists and the chain are equal). */
    private static Snapshot handMade(long reserves, Instant asOf, List<io.assay.por.Component> supply) {
        io.assay.por.Amount r = new io.assay.por.Amount(BigInteger.valueOf(reserves), 8);
        io.assay.por.Amount s = supply.get(0).amount();
        Instant block = Instant.ofEpochMilli(T0 - 7_000);
        io.assay.por.ChainFreshness eth = new io.assay.por.ChainFreshness("ethereum", 7, "ab", block, block,
                java.time.Duration.ZERO, false, null);
        return new Snapshot("x", asOf, 8, List.of(), supply, List.of(), r, s, ZERO, s, "1.0", false, List.of(eth),
                Snapshot.Status.OK, List.of());
    }

    @Test
    void anotherAmountOrEqualValuesInNewObjectsAreWrittenAsTheyAre() throws Exception {
        List<io.assay.por.Component> supply = List.of(new io.assay.por.Component("supply", "_total", "ethereum",
                new io.assay.por.Amount(BigInteger.valueOf(500), 8), 7, 7_000, "x/ethereum/supply/_total", null));
        Instant t = Instant.ofEpochSecond(T0 / 1000, 123_456);
        Snapshot first = handMade(500, t, supply);
        List<Snapshot> cases = List.of(first,
                first.withFreshness(t.plusNanos(1), first.chains()),   // same objects, another moment: spliced
                handMade(600, t.plusMillis(1), supply),                  // same lists, another reserves total
                handMade(600, t.plusMillis(2), List.copyOf(new java.util.ArrayList<>(supply))), // equal, new objects
                handMade(600, t.plusMillis(3), supply));
        for (String minRatio : List.of("1.0", "2.0", "1.0")) {
            for (Snapshot s : cases) {
                assertEquals(MAPPER.writeValueAsString(Dto.SnapshotDto.of(s, minRatio, null)),
                        new String(json.write(s, minRatio), StandardCharsets.UTF_8), minRatio + " " + s.reservesTotal());
            }
        }
    }

    @Test
    void aMapperThatWritesInstantsOtherwiseIsNeverSpliced() throws Exception {
        ObjectMapper numeric = JsonMapper.builder().findAndAddModules().build(); // instants as epoch seconds
        SnapshotJson numericJson = new SnapshotJson(numeric);
        standardPicture();
        for (int i = 0; i < 3; i++) {
            clock.now = Instant.ofEpochSecond(T0 / 1000, 1000L * i + 1);
            Snapshot s = engine.latest("demo");
            String written = new String(numericJson.write(s, "1.0"), StandardCharsets.UTF_8);
            assertEquals(numeric.writeValueAsString(Dto.SnapshotDto.of(s, "1.0", null)), written);
            assertTrue(written.contains("\"asOf\":" + T0 / 1000 + ".00000"), written);
            assertFalse(numericJson.splices("demo"));
        }
    }

    @Test
    void isoInstantsAreWrittenAsTheJdkAndJacksonWriteThem() throws Exception {
        SplittableRandom r = new SplittableRandom(42);
        List<Instant> cases = new java.util.ArrayList<>(List.of(Instant.EPOCH, Instant.ofEpochSecond(-1, 5),
                Instant.parse("0000-01-01T00:00:00.000000001Z"), Instant.parse("9999-12-31T23:59:59.999999999Z"),
                Instant.parse("+10000-01-01T00:00:00.100Z"), Instant.parse("-0001-06-01T12:00:00.000010Z"),
                Instant.MIN, Instant.MAX, Instant.ofEpochMilli(T0)));
        for (int i = 0; i < 2000; i++) {
            long second = T0 / 1000 + r.nextLong(-400_000_000L, 400_000_000L);
            int nano = switch (i % 4) {
                case 0 -> 0;
                case 1 -> r.nextInt(1000) * 1_000_000;
                case 2 -> r.nextInt(1_000_000) * 1000;
                default -> r.nextInt(1_000_000_000);
            };
            cases.add(Instant.ofEpochSecond(second, nano));
            cases.add(Instant.ofEpochSecond(second, nano)); // the same second again: the cached date and time of day
        }
        byte[] out = new byte[48];
        IsoInstant iso = new IsoInstant(); // one writer: its per-second cache is used
        for (Instant t : cases) {
            int n = iso.write(t, out, 3);
            String written = new String(out, 3, n - 3, StandardCharsets.US_ASCII);
            assertEquals(t.toString(), written);
            assertEquals(MAPPER.writeValueAsString(t), "\"" + written + "\"");
        }
    }
}
