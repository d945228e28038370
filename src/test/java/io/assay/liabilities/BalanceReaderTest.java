package io.assay.liabilities;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.StringReader;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BalanceReaderTest {
    static Balances csv(String text, List<String> assets) throws Exception {
        return BalanceReader.read(new StringReader(text), BalanceReader.Format.CSV, assets, "b.csv");
    }

    static Balances jsonl(String text) throws Exception {
        return BalanceReader.read(new StringReader(text), BalanceReader.Format.JSONL, List.of("btc", "eth"), "b.jsonl");
    }

    static List<String> errors(String text, boolean isCsv) {
        InputException e = assertThrows(InputException.class, () -> {
            if (isCsv) {
                csv(text, null);
            } else {
                jsonl(text);
            }
        });
        return e.errors();
    }

    @Test
    void readsCsvWithTheHeadersAssets() throws Exception {
        Balances b = csv("user,btc,eth\nalice,150000000,2000000000000000000000\nbob,0,1\n", null);
        assertEquals(List.of("btc", "eth"), b.assets());
        assertEquals(2, b.size());
        assertEquals(new BigInteger("2000000000000000000000"), b.amount(0, 1));
        assertEquals(new BigInteger("2000000000000000000001"), b.total(1));
    }

    @Test
    void csvColumnsMapToThePublicationsAssetsAndMissingOnesAreZero() throws Exception {
        Balances b = csv("user,eth,btc\nalice,7,3\n", List.of("btc", "usdt", "eth"));
        assertEquals(List.of(BigInteger.valueOf(3), BigInteger.ZERO, BigInteger.valueOf(7)),
                List.of(b.amount(0, 0), b.amount(0, 1), b.amount(0, 2)));
    }

    @Test
    void readsJsonlWithStringAndIntegerAmounts() throws Exception {
        Balances b = jsonl("{\"user\":\"alice\",\"balances\":{\"btc\":\"5\",\"eth\":12}}\n{\"user\":\"bob\",\"balances\":{}}\n");
        assertEquals(2, b.size());
        assertEquals(BigInteger.valueOf(12), b.amount(0, 1));
        assertEquals(BigInteger.ZERO, b.amount(1, 0));
    }

    @Test
    void badCsvRowsAreNamedWithTheirLine() {
        List<String> e = errors("user,btc\nalice,1\nbob,-5\ncarol,1.5\ndave,1e3\nalice,2\nerin,\nfrank,1,2\n\"gina\",1\n"
                + "hank,340282366920938463463374607431768211456\nivan,007\n,4\n", true);
        assertEquals(List.of(
                "b.csv:3: btc: negative amount '-5'",
                "b.csv:4: btc: not a non-negative integer in raw units: '1.5'",
                "b.csv:5: btc: not a non-negative integer in raw units: '1e3'",
                "b.csv:6: duplicate user 'alice' (first in row 1)",
                "b.csv:7: btc: empty amount",
                "b.csv:8: expected 2 fields (user and 1 amounts), found 3",
                "b.csv:9: quoted fields are not supported",
                "b.csv:10: btc: amount too large (2^128 or more): '340282366920938463463374607431768211456'",
                "b.csv:11: btc: leading zero in amount '007'",
                "b.csv:12: empty user id"), e);
    }

    @Test
    void unknownAssetsAreRefused() {
        InputException e = assertThrows(InputException.class, () -> csv("user,btc,doge\na,1,1\n", List.of("btc", "eth")));
        assertEquals(List.of("b.csv:1: unknown asset 'doge' (the publication's assets: btc,eth)"), e.errors());
        List<String> j = errors("{\"user\":\"a\",\"balances\":{\"doge\":\"1\"}}\n", false);
        assertEquals(List.of("b.jsonl:1: unknown asset 'doge' (the publication's assets: btc,eth)"), j);
    }

    @Test
    void badJsonlLinesAreNamedWithTheirLine() {
        List<String> e = errors("{\"user\":\"a\",\"balances\":{\"btc\":-1}}\n{\"user\":\"b\",\"balances\":{\"btc\":1.5}}\n"
                + "not json\n{\"user\":\"a\",\"balances\":{}}\n{\"user\":7,\"balances\":{}}\n"
                + "{\"user\":\"c\",\"balances\":{},\"extra\":1}\n", false);
        assertEquals(5, e.size(), e.toString());
        assertEquals("b.jsonl:1: btc: negative amount '-1'", e.get(0));
        assertEquals("b.jsonl:2: btc: not a non-negative integer in raw units: '1.5'", e.get(1));
        assertTrue(e.get(2).startsWith("b.jsonl:3: not a JSON object"), e.get(2));
        assertEquals("b.jsonl:5: 'user' must be a string", e.get(3));
        assertEquals("b.jsonl:6: unknown field 'extra' (expected user, balances)", e.get(4));
        // the duplicate of 'a' is not reported: the first 'a' was refused, so the second is the first good one
        assertFalse(e.stream().anyMatch(x -> x.contains("duplicate")), e.toString());
    }

    @Test
    void readingStopsAfterTwentyErrors() {
        StringBuilder s = new StringBuilder("user,btc\n");
        for (int i = 0; i < 1000; i++) {
            s.append("u").append(i).append(",-1\n");
        }
        List<String> e = errors(s.toString(), true);
        assertEquals(BalanceReader.MAX_ERRORS + 1, e.size());
        assertEquals("b.csv: stopped after 20 errors", e.get(20));
    }

    @Test
    void nothingIsPublishedFromABadFile(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("pub");
        assertThrows(InputException.class, () -> Publisher.publish(new StringReader("user,btc\na,1\nb,-1\n"),
                BalanceReader.Format.CSV, null, "b.csv", HandTree.MASTER, "p1", Instant.EPOCH, 2, out));
        assertFalse(Files.exists(out));
        try (var s = Files.list(dir)) {
            assertEquals(List.of(), s.toList(), "no partial directory left");
        }
    }

    @Test
    void aGoodFileIsPublishedWithOneVerifiableProofPerUser(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("pub");
        Publication p = Publisher.publish(new StringReader("user,btc,eth\na,1,2\nb,3,4\nc,5,0\n"),
                BalanceReader.Format.CSV, null, "b.csv", HandTree.MASTER, "p1", Instant.EPOCH, 2, out);
        var pub = ProofJson.parse(Files.readAllBytes(out.resolve("publication.json")));
        assertEquals(p.rootHex(), pub.get("root").asText());
        assertEquals("9", pub.at("/totals/0").asText());
        assertEquals("6", pub.at("/totals/1").asText());
        assertEquals(8, pub.get("leaves").asInt());
        List<String> lines = Files.readAllLines(out.resolve("proofs.jsonl"));
        assertEquals(3, lines.size());
        for (String l : lines) {
            ProofVerifier.Result r = ProofVerifier.verify(ProofJson.parse(l.getBytes()), Optional.of(p.root()));
            assertTrue(r.valid(), r.reasons().toString());
        }
        assertThrows(java.nio.file.FileAlreadyExistsException.class, () -> Publisher.publish(new StringReader("user,btc\na,1\n"),
                BalanceReader.Format.CSV, null, "b.csv", HandTree.MASTER, "p2", Instant.EPOCH, 2, out));
    }
}
