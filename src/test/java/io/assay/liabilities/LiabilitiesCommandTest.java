package io.assay.liabilities;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code assay liabilities build} and {@code assay verify-liability}, through the command classes Main calls. */
class LiabilitiesCommandTest {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int build(Map<String, String> env, String... args) {
        out.reset();
        err.reset();
        return LiabilitiesCommand.build(args, new PrintStream(out, true), new PrintStream(err, true), env);
    }

    private int verify(String... args) {
        out.reset();
        err.reset();
        return LiabilitiesCommand.verify(args, new PrintStream(out, true), new PrintStream(err, true),
                new ByteArrayInputStream(new byte[0]));
    }

    private String out() {
        return out.toString(StandardCharsets.UTF_8);
    }

    private String err() {
        return err.toString(StandardCharsets.UTF_8);
    }

    @Test
    void everyVectorGivesItsExitStatus(@TempDir Path dir) throws Exception {
        for (JsonNode v : Vectors.read()) {
            Path f = dir.resolve(v.get("name").asText() + ".json");
            Files.writeString(f, ProofJson.pretty(v.get("proof")));
            int code = v.get("root").isNull() ? verify(f.toString()) : verify(f.toString(), "--root", v.get("root").asText());
            String name = v.get("name").asText();
            assertEquals(v.get("valid").asBoolean() ? 0 : 1, code, name + ": " + out() + err());
            assertTrue(out().startsWith(v.get("valid").asBoolean() ? "VALID: user " : "INVALID: "), name + ": " + out());
            if (!v.get("valid").asBoolean()) {
                assertTrue(out().contains(v.get("reason").asText()), name + ": " + out());
            }
        }
    }

    @Test
    void buildThenVerifyAgainstThePublication(@TempDir Path dir) throws Exception {
        Path csv = dir.resolve("balances.csv");
        Files.writeString(csv, "user,btc,eth\nalice,150000000,0\nbob,5,2000000000000000000\ncarol,0,1\n");
        Path key = dir.resolve("master.key");
        String secretHex = HexFormat.of().formatHex(HandTree.MASTER);
        Files.writeString(key, secretHex + "\n");
        Path pub = dir.resolve("pub");
        assertEquals(0, build(Map.of(), "--input", csv.toString(), "--id", "2026-12-03", "--out", pub.toString(),
                "--secret-file", key.toString(), "--as-of", "2026-12-03T00:00:00Z"), err());
        assertTrue(out().startsWith("published 2026-12-03: root 0x"), out());
        assertTrue(out().contains("total btc: 150000005") && out().contains("total eth: 2000000000000000001"), out());
        assertFalse(out().contains(secretHex) || err().contains(secretHex), "the master secret is never printed");

        List<String> proofs = Files.readAllLines(pub.resolve("proofs.jsonl"));
        assertEquals(3, proofs.size());
        Path bob = dir.resolve("bob.json");
        Files.writeString(bob, proofs.stream().filter(l -> l.contains("\"user\":\"bob\"")).findFirst().orElseThrow());
        assertEquals(0, verify(bob.toString(), "--publication", pub.resolve("publication.json").toString()), out() + err());
        assertTrue(out().contains("btc: balance 5 of total 150000005"), out());
        assertEquals(0, verify(bob.toString(), "--json"));
        JsonNode json = ProofJson.parse(out.toByteArray());
        assertTrue(json.get("valid").asBoolean());
        assertEquals("2000000000000000000", json.at("/balances/eth").asText());

        // the same balances under the environment's secret and another id: another root
        Path pub2 = dir.resolve("pub2");
        assertEquals(0, build(Map.of("ASSAY_LIABILITIES_SECRET", "0x" + secretHex), "--input", csv.toString(),
                "--id", "2026-12-04", "--out", pub2.toString()), err());
        assertEquals(1, verify(bob.toString(), "--publication", pub2.resolve("publication.json").toString()));
        assertTrue(out().contains("is not the published root"), out());
    }

    @Test
    void perUserProofFilesWithProgress(@TempDir Path dir) throws Exception {
        // 2,000 users, one of them with an id that is not a safe file name
        StringBuilder csv = new StringBuilder("user,btc,eth\n");
        for (int i = 0; i < 1999; i++) {
            csv.append("user-").append(i).append(',').append(i).append(',').append(2 * i).append('\n');
        }
        csv.append("Zoë/../x,7,0\n");
        Path in = dir.resolve("balances.csv");
        Files.writeString(in, csv);
        Path pub = dir.resolve("pub");
        assertEquals(0, build(Map.of("ASSAY_LIABILITIES_SECRET", "ab".repeat(32)), "--input", in.toString(), "--id", "p",
                "--out", pub.toString(), "--proofs", "files", "--progress-every", "0"), err());
        // progress on standard error: the phases, then (every 0 s here) a line per user, the last one complete
        List<String> progress = err().lines().toList();
        assertTrue(progress.get(0).startsWith("read 2,000 users in "), progress.get(0));
        assertTrue(progress.get(1).startsWith("built the tree: 4,096 leaves, root 0x"), progress.get(1));
        assertTrue(progress.get(2).startsWith("proofs: 1 / 2,000 (0 %), "), progress.get(2));
        assertTrue(progress.get(progress.size() - 1).matches("proofs: 2,000 / 2,000 \\(100 %\\), [0-9,]+ per s, [0-9.]+ s, done"),
                progress.get(progress.size() - 1));
        assertTrue(out().contains("/proofs/ (one file per user, listed in proofs/index.tsv"), out());
        assertFalse(Files.exists(pub.resolve("proofs.jsonl")));

        List<String> index = Files.readAllLines(pub.resolve("proofs/index.tsv"));
        assertEquals(2000, index.size());
        assertEquals("user-0\t" + Publisher.proofFile("user-0"), index.get(0));
        assertTrue(Publisher.proofFile("user-0").matches("[0-9a-f]{2}/user-0\\.json"), Publisher.proofFile("user-0"));
        String zoe = index.get(1999).split("\t")[1];
        assertTrue(zoe.matches("[0-9a-f]{2}/h-[0-9a-f]{64}\\.json"), zoe);
        long files;
        try (var w = Files.walk(pub.resolve("proofs"))) {
            files = w.filter(f -> f.toString().endsWith(".json")).count();
        }
        assertEquals(2000, files);
        // each file is the user's proof and verifies against the publication
        for (String line : List.of(index.get(0), index.get(1234), index.get(1999))) {
            String[] cols = line.split("\t");
            Path f = pub.resolve("proofs").resolve(cols[1]);
            assertEquals(0, verify(f.toString(), "--publication", pub.resolve("publication.json").toString()), out() + err());
            assertTrue(out().startsWith("VALID: user " + cols[0] + " in publication p"), out());
        }
        // --quiet: nothing on standard error
        assertEquals(0, build(Map.of("ASSAY_LIABILITIES_SECRET", "ab".repeat(32)), "--input", in.toString(), "--id", "p",
                "--out", dir.resolve("pub2").toString(), "--quiet"), err());
        assertEquals("", err());
        assertEquals(2000, Files.readAllLines(dir.resolve("pub2/proofs.jsonl")).size());
        assertEquals(2, build(Map.of("ASSAY_LIABILITIES_SECRET", "ab".repeat(32)), "--input", in.toString(), "--id", "p",
                "--out", dir.resolve("pub3").toString(), "--proofs", "zip"));
        assertTrue(err().contains("--proofs: expected jsonl or files, found 'zip'"), err());
    }

    @Test
    void binaryProofFilesVerifyLikeTheirJson(@TempDir Path dir) throws Exception {
        StringBuilder csv = new StringBuilder("user,btc,eth\n");
        for (int i = 0; i < 300; i++) {
            csv.append("user-").append(i).append(',').append(i * 1_000_003L).append(',').append(7L * i).append('\n');
        }
        Path in = dir.resolve("balances.csv");
        Files.writeString(in, csv);
        Map<String, String> env = Map.of("ASSAY_LIABILITIES_SECRET", "ab".repeat(32));
        Path bin = dir.resolve("bin");
        Path json = dir.resolve("json");
        assertEquals(0, build(env, "--input", in.toString(), "--id", "p", "--out", bin.toString(), "--as-of", "2026-12-03T00:00:00Z", "--proofs", "files",
                "--proof-format", "bin", "--quiet"), err());
        assertEquals(0, build(env, "--input", in.toString(), "--id", "p", "--out", json.toString(), "--as-of", "2026-12-03T00:00:00Z", "--proofs", "files",
                "--quiet"), err());
        List<String> index = Files.readAllLines(bin.resolve("proofs/index.tsv"));
        assertEquals(300, index.size());
        for (String line : List.of(index.get(0), index.get(150), index.get(299))) {
            String[] cols = line.split("\t");
            assertTrue(cols[1].endsWith(".bin"), cols[1]);
            Path b = bin.resolve("proofs").resolve(cols[1]);
            Path j = json.resolve("proofs").resolve(cols[1].replace(".bin", ".json"));
            // same secret, same publication: the binary file is exactly the JSON file's proof
            byte[] bytes = Files.readAllBytes(b);
            assertEquals(ProofJson.parse(Files.readAllBytes(j)), ProofBinary.toJson(bytes));
            assertTrue(bytes.length < Files.size(j) * 2 / 3, bytes.length + " vs " + Files.size(j));
            assertEquals(0, verify(b.toString(), "--publication", bin.resolve("publication.json").toString()), out() + err());
            assertTrue(out().startsWith("VALID: user " + cols[0] + " in publication p"), out());
        }
        // a truncated binary proof is unreadable input (exit 2) with the decoder's reason
        Path first = bin.resolve("proofs").resolve(index.get(0).split("\t")[1]);
        byte[] bytes = Files.readAllBytes(first);
        Path cut = dir.resolve("cut.bin");
        Files.write(cut, java.util.Arrays.copyOf(bytes, bytes.length - 1));
        assertEquals(2, verify(cut.toString()));
        assertTrue(err().contains(cut + ": binary proof: path["), err());
        assertTrue(err().contains("truncated at byte " + (bytes.length - 1)), err());
        assertEquals(2, build(env, "--input", in.toString(), "--id", "p", "--out", dir.resolve("x").toString(),
                "--proof-format", "bin"));
        assertTrue(err().contains("--proof-format bin needs --proofs files"), err());
    }

    @Test
    void badInputPublishesNothingAndSaysWhy(@TempDir Path dir) throws Exception {
        Path csv = dir.resolve("balances.csv");
        Files.writeString(csv, "user,btc\nalice,1\nbob,-3\nalice,2\n");
        Path pub = dir.resolve("pub");
        assertEquals(1, build(Map.of("ASSAY_LIABILITIES_SECRET", "ab".repeat(32)), "--input", csv.toString(),
                "--id", "x", "--out", pub.toString()));
        assertEquals("""
                assay liabilities build: nothing published: 2 errors:
                  %s:3: btc: negative amount '-3'
                  %s:4: duplicate user 'alice' (first in row 1)
                """.formatted(csv, csv), err());
        assertFalse(Files.exists(pub));
        try (var s = Files.list(dir)) {
            assertEquals(List.of(csv), s.toList());
        }
    }

    @Test
    void usageErrorsExitTwo(@TempDir Path dir) throws Exception {
        assertEquals(2, build(Map.of(), "--input", "x.csv"));
        assertTrue(err().contains("missing --id"), err());
        Files.writeString(dir.resolve("b.csv"), "user,btc\na,1\n");
        assertEquals(2, build(Map.of(), "--input", dir.resolve("b.csv").toString(), "--id", "x", "--out", dir.resolve("o").toString()));
        assertTrue(err().contains("no master secret"), err());
        assertEquals(2, build(Map.of("ASSAY_LIABILITIES_SECRET", "abcd"), "--input", dir.resolve("b.csv").toString(),
                "--id", "x", "--out", dir.resolve("o").toString()));
        assertTrue(err().contains("at least 64 hex digits"), err());
        assertEquals(2, verify());
        assertEquals(2, verify(dir.resolve("missing.json").toString()));
        Files.writeString(dir.resolve("junk.json"), "{not json");
        assertEquals(2, verify(dir.resolve("junk.json").toString()));
        assertTrue(err().contains("not JSON"), err());
        Files.writeString(dir.resolve("empty.json"), "{}");
        assertEquals(1, verify(dir.resolve("empty.json").toString()));
        assertTrue(out().contains("format must be 'assay-liability-proof/2'"), out());
    }
}
