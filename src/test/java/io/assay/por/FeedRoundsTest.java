package io.assay.por;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Rounds open on deviation or heartbeat only, survive restarts, and a torn last line never corrupts the log. */
class FeedRoundsTest extends PorFixture {

    @Test
    void roundsOpenOnFirstDeviationAndHeartbeat() {
        standardPicture();
        FeedRounds rounds = new FeedRounds(engine, dir.resolve("rounds"));
        Round r1 = rounds.tick("demo").orElseThrow();
        assertEquals(1, r1.roundId());
        assertEquals("first", r1.trigger());
        assertEquals("1000000000", r1.answer());
        assertEquals("800000000", r1.circulating());
        assertEquals("1.250000000000000000", r1.ratio());
        assertEquals(3, r1.heights().size());

        // reserves move by 0.5 % (< 100 bps): no round
        block("bitcoin", 101, T0 - 1000, Map.of("demo/bitcoin/reserve/custody", 10 * BTC + 5_000_000));
        assertEquals(Optional.empty(), rounds.tick("demo"));
        // by 1 % from the last round: a round
        block("bitcoin", 102, T0 - 900, Map.of("demo/bitcoin/reserve/custody", 10 * BTC + 10_000_000));
        Round r2 = rounds.tick("demo").orElseThrow();
        assertEquals("deviation", r2.trigger());
        assertEquals(2, r2.roundId());
        assertEquals(2, r2.answeredInRound());

        // nothing moves; an hour later the heartbeat opens a round
        clock.now = clock.now.plus(Duration.ofMinutes(59));
        synced.replaceAll((k, v) -> clock.now);
        assertEquals(Optional.empty(), rounds.tick("demo"));
        clock.now = clock.now.plus(Duration.ofMinutes(2));
        synced.replaceAll((k, v) -> clock.now);
        Round r3 = rounds.tick("demo").orElseThrow();
        assertEquals("heartbeat", r3.trigger());
        rounds.close();

        // every round survives a restart and is found by id
        FeedRounds reopened = new FeedRounds(engine, dir.resolve("rounds"));
        assertEquals(3, reopened.log("demo").size());
        assertEquals(r2, reopened.log("demo").get(2).orElseThrow());
        assertEquals(Optional.empty(), reopened.log("demo").get(4));
        reopened.close();
    }

    @Test
    void staleOrRefusedSnapshotsOpenNoRound() {
        standardPicture();
        synced.clear();
        clock.now = clock.now.plus(Duration.ofHours(3));
        FeedRounds rounds = new FeedRounds(engine, dir.resolve("rounds"));
        assertEquals(Optional.empty(), rounds.tick("demo"));
        assertEquals(0, rounds.log("demo").size());
        rounds.close();
    }

    @Test
    void aTornLastLineIsDroppedAndOtherDamageStopsTheOpen() throws IOException {
        standardPicture();
        FeedRounds rounds = new FeedRounds(engine, dir.resolve("rounds"));
        rounds.tick("demo").orElseThrow();
        rounds.close();
        Path file = dir.resolve("rounds/demo.jsonl");
        String good = Files.readString(file);
        Files.writeString(file, good + "{\"asset\":\"demo\",\"roundId\":2,\"ans");   // a crash mid-write
        RoundLog log = RoundLog.open(dir.resolve("rounds"), "demo");
        assertEquals(1, log.size());
        log.close();
        assertEquals(good, Files.readString(file));

        Files.writeString(file, good.replace("\"roundId\":1", "\"roundId\":7"));
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> RoundLog.open(dir.resolve("rounds"), "demo"));
        assertTrue(e.getMessage().endsWith("demo.jsonl: line 1 has round 7, expected 1"), e.getMessage());
    }

    @Test
    void deviationIsExactInBasisPoints() {
        Round last = new Round("demo", 1, "10000", 8, "10000", "0", "0", "10000", "1.000000000000000000",
                Instant.EPOCH, Instant.EPOCH, 1, "first", java.util.List.of());
        Snapshot s99 = snap(10_099, 10_000);
        Snapshot s100 = snap(10_100, 10_000);
        assertEquals(false, FeedRounds.deviates(last, s99, 100));
        assertEquals(true, FeedRounds.deviates(last, s100, 100));
    }

    private static Snapshot snap(long reserves, long circulating) {
        Amount r = new Amount(BigInteger.valueOf(reserves), 8);
        Amount c = new Amount(BigInteger.valueOf(circulating), 8);
        String ratio = new java.math.BigDecimal(reserves).divide(new java.math.BigDecimal(circulating), 18,
                java.math.RoundingMode.DOWN).toPlainString();
        return new Snapshot("demo", Instant.EPOCH, 8, java.util.List.of(), java.util.List.of(), java.util.List.of(),
                r, c, Amount.zero(8), c, ratio, false, java.util.List.of(), Snapshot.Status.OK, java.util.List.of());
    }
}
