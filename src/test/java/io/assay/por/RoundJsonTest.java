package io.assay.por;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The round log's line format is written and read without reflection and is the format the first round logs were
 * written in: a log written by the data-binding version (a file kept in test resources, and the same binding held
 * here) reads back to the same rounds and is written back byte for byte.
 */
class RoundJsonTest {
    /** Exactly how {@code RoundLog} bound rounds before the format was spelled out (commit 0c8b6c8 to ede4833). */
    private static final ObjectMapper BINDING = new ObjectMapper().registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    @TempDir
    Path dir;

    private static List<String> fixtureLines() throws IOException {
        try (InputStream in = RoundJsonTest.class.getResourceAsStream("/round-logs/v1/wbtc-demo.jsonl")) {
            String all = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(all.endsWith("\n"));
            return List.of(all.split("\n"));
        }
    }

    @Test
    void aLogWrittenByTheDataBindingVersionStillReadsAndAppends() throws IOException {
        Path rounds = dir.resolve("rounds");
        Files.createDirectories(rounds);
        try (InputStream in = RoundJsonTest.class.getResourceAsStream("/round-logs/v1/wbtc-demo.jsonl")) {
            Files.write(rounds.resolve("wbtc-demo.jsonl"), in.readAllBytes());
        }
        byte[] before = Files.readAllBytes(rounds.resolve("wbtc-demo.jsonl"));
        try (RoundLog log = RoundLog.open(rounds, "wbtc-demo")) {
            assertEquals(4, log.size());
            Round r1 = log.get(1).orElseThrow();
            assertEquals(new Round("wbtc-demo", 1, "150000000000", 8, "150000000000", "140000000000", "0", "140000000000",
                    "1.071428571428571428", Instant.parse("2026-11-30T09:15:02.123456789Z"),
                    Instant.parse("2026-11-30T09:15:02.123456789Z"), 1, "first", List.of(
                    new Round.ChainHeight("ethereum-demo", 412,
                            "0x9f1c2e7b5a0d4c3b8e6f1a2d9c0b7e4f3a2d1c0b9e8f7a6d5c4b3a2918f7e6d5",
                            Instant.parse("2026-11-30T09:15:00Z")),
                    new Round.ChainHeight("bitcoin-demo", 215,
                            "0000000000000000000a1b2c3d4e5f60718293a4b5c6d7e8f9a0b1c2d3e4f5a6b7",
                            Instant.parse("2026-11-30T09:14:31Z")))), r1);
            Round r2 = log.get(2).orElseThrow();
            assertEquals("5000000000", r2.excluded());
            assertEquals("deviation", r2.trigger());
            assertNull(r2.heights().get(0).blockTime());
            assertNull(r2.heights().get(1).blockHash());
            assertEquals(Instant.parse("2026-11-30T10:15:01.500Z"), r2.heights().get(1).blockTime());
            Round r3 = log.get(3).orElseThrow();
            assertNull(r3.ratio());
            assertEquals(List.of(), r3.heights());
            assertEquals(Instant.parse("2026-12-01T10:15:02.000001Z"), r3.startedAt());
            Round r4 = log.get(4).orElseThrow();
            assertEquals("wbtc-d\u00e9mo \"q\" \\ \t\u2028", r4.asset());
            assertEquals(Instant.EPOCH, r4.startedAt());
            assertEquals(Instant.ofEpochMilli(100), r4.updatedAt());
            assertNull(r4.trigger());
            assertNull(r4.heights());

            // every old line is written back byte for byte
            List<String> lines = fixtureLines();
            for (int i = 0; i < lines.size(); i++) {
                assertEquals(lines.get(i), new String(RoundJson.write(log.get(i + 1).orElseThrow()), StandardCharsets.UTF_8));
            }
            log.append(new Round("wbtc-demo", 5, "7", 8, "7", "7", "0", "7", "1.000000000000000000", Instant.EPOCH,
                    Instant.EPOCH, 5, "heartbeat", List.of()));
        }
        byte[] after = Files.readAllBytes(rounds.resolve("wbtc-demo.jsonl"));
        assertArrayEquals(before, java.util.Arrays.copyOf(after, before.length), "old lines untouched by the append");
        try (RoundLog log = RoundLog.open(rounds, "wbtc-demo")) {
            assertEquals(5, log.size());
            assertEquals("heartbeat", log.latest().orElseThrow().trigger());
        }
    }

    @Test
    void writesWhatTheDataBindingWroteAndEachReadsTheOthersLines() throws IOException {
        for (Round r : samples()) {
            // the binding writes the liabilities member added later as null; the log omits it when absent, so lines
            // of rounds without liabilities stay exactly what the binding wrote before the member existed
            String bound = BINDING.writeValueAsString(r).replace(",\"liabilities\":null}", "}");
            String explicit = new String(RoundJson.write(r), StandardCharsets.UTF_8);
            assertEquals(bound, explicit);
            assertEquals(r, RoundJson.read(bound));
            assertEquals(r, BINDING.readValue(explicit, Round.class));
        }
    }

    @Test
    void readsWhatTheDataBindingAcceptedBeyondItsOwnOutput() throws IOException {
        for (String line : List.of(
                "{\"roundId\":3,\"asset\":\"a\",\"future\":{\"x\":[1,2]},\"trigger\":\"heartbeat\"}", // order, unknown, missing
                "{\"roundId\":\"5\",\"decimals\":\"8\",\"answeredInRound\":\" 5 \",\"asset\":\"a\"}",   // numbers as strings
                "{\"roundId\":1,\"answer\":150000000000,\"ratio\":1.071428571428571428,\"trigger\":true}", // scalars as strings
                "{\"roundId\":1,\"startedAt\":1700000000,\"updatedAt\":1700000000.5,\"heights\":[{\"chain\":\"c\",\"blockTime\":\"\"}]}",
                "{\"roundId\":1,\"startedAt\":\"2026-11-30T09:15:02+02:00\",\"heights\":[null]}",
                "{\"roundId\":1,\"startedAt\":-1.25,\"decimals\":null,\"heights\":null}")) {
            Round bound = BINDING.readValue(line, Round.class);
            assertEquals(bound, RoundJson.read(line), line);
        }
    }

    @Test
    void aBadLineNamesTheFieldAndTheLogRefusesToOpen() throws IOException {
        assertEquals("roundId: expected an integer, found \"seven\"",
                assertThrows(IllegalArgumentException.class, () -> RoundJson.read("{\"roundId\":\"seven\"}")).getMessage());
        assertEquals("decimals: 4294967296 is out of range [-2147483648, 2147483647]",
                assertThrows(IllegalArgumentException.class, () -> RoundJson.read("{\"decimals\":4294967296}")).getMessage());
        assertEquals("heights[1].blockTime: not an ISO-8601 instant: \"yesterday\"",
                assertThrows(IllegalArgumentException.class, () -> RoundJson.read(
                        "{\"heights\":[{\"chain\":\"a\"},{\"blockTime\":\"yesterday\"}]}")).getMessage());
        assertEquals("asset: expected a string, found OBJECT",
                assertThrows(IllegalArgumentException.class, () -> RoundJson.read("{\"asset\":{}}")).getMessage());
        assertEquals("expected a JSON object, found ARRAY",
                assertThrows(IllegalArgumentException.class, () -> RoundJson.read("[]")).getMessage());
        assertTrue(assertThrows(IllegalArgumentException.class, () -> RoundJson.read("{\"asset\":"))
                .getMessage().startsWith("not JSON: "));

        Path rounds = dir.resolve("rounds");
        Files.createDirectories(rounds);
        Files.writeString(rounds.resolve("x.jsonl"), "{\"roundId\":1,\"asset\":\"x\"}\n{\"roundId\":2,\"startedAt\":\"noon\"}\n");
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> RoundLog.open(rounds, "x"));
        assertTrue(e.getMessage().endsWith("x.jsonl: line 2 is not a valid round: startedAt: not an ISO-8601 instant: \"noon\""),
                e.getMessage());
    }

    private static List<Round> samples() {
        List<Round> out = new ArrayList<>();
        Instant t = Instant.parse("2026-12-03T07:00:00.000000001Z");
        out.add(new Round("wbtc-demo", 1, "150000000000", 8, "150000000000", "140000000000", "0", "140000000000",
                "1.071428571428571428", t, t.plusSeconds(1), 1, "first",
                List.of(new Round.ChainHeight("ethereum", Long.MAX_VALUE, "0xab", t),
                        new Round.ChainHeight("bitcoin", 0, null, null))));
        out.add(new Round(null, Long.MIN_VALUE, null, Integer.MIN_VALUE, null, null, null, null, null, null, null,
                Long.MAX_VALUE, null, null));
        out.add(new Round("\u0000\u001f\u007f\ud83d\udcb0</script>", 2, "0", 0, "", "", "", "", "", Instant.EPOCH,
                Instant.parse("1969-12-31T23:59:59.999Z"), 2, "deviation", List.of()));
        out.add(new Round("x", 3, "1", Integer.MAX_VALUE, "1", "1", "1", "1", "0.000000000000000001",
                Instant.parse("+10000-01-01T00:00:00Z"), Instant.parse("0001-01-01T00:00:00.120Z"), 3, "heartbeat",
                List.of(new Round.ChainHeight("solana", 1, "5eykt4UsFv8P8NJdTREpY1vzqKqZKvdpKuc147dw2N9d", t))));
        out.add(new Round("wbtc-demo", 4, "150000000000", 8, "150000000000", "140000000000", "0", "140000000000",
                "1.071428571428571428", t, t, 4, "liabilities", List.of(),
                new Round.Liabilities("2026-12-03", "0x" + "c1".repeat(32), "120000000000", 1L << 21,
                        Instant.parse("2026-12-03T00:00:00Z"), "1.250000000000000000")));
        return out;
    }
}
