package io.assay.por;

import io.assay.attest.PorReport;
import io.assay.attest.PorReports;
import io.assay.attest.ReportDomain;
import io.assay.attest.ReportMessage;
import io.assay.attest.SignedReport;
import io.assay.attest.SignedReportJson;
import io.assay.attest.SigningKey;
import io.assay.attest.Verifier;
import io.assay.liabilities.BalanceReader;
import io.assay.liabilities.Publication;
import io.assay.liabilities.Publisher;
import org.junit.jupiter.api.Test;

import java.io.StringReader;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Rounds carry the liabilities publication in force at their moment (built here by the real publisher from a
 * balances file): root, total, tree size, time and the solvency ratio; a new publication opens a round; the round's
 * signed report is a {@code PorSolvencyReport} that verifies; the round log keeps it across a restart.
 */
class SolvencyRoundsTest extends PorFixture {
    static final byte[] MASTER = HexFormat.of().parseHex("11".repeat(32));

    Publication publish(String id, Instant asOf, String csv) throws Exception {
        Path out = dir.resolve("liabilities/demo/" + id);
        Files.createDirectories(out.getParent());
        return Publisher.publish(new StringReader(csv), BalanceReader.Format.CSV, List.of("demo"), "balances.csv", MASTER,
                id, asOf, 2, out);
    }

    @Test
    void roundsCarryThePublicationInForceAndSignItAsASolvencyReport() throws Exception {
        standardPicture();
        LiabilityPublications pubs = new LiabilityPublications(dir.resolve("liabilities"));
        FeedRounds rounds = new FeedRounds(engine, dir.resolve("rounds"), pubs);
        // a publication dated after the round's moment is not in force yet
        publish("later", Instant.ofEpochMilli(T0).plus(Duration.ofHours(1)), "user,demo\nalice,1\n");
        Round r1 = rounds.tick("demo").orElseThrow();
        assertNull(r1.liabilities());

        // 10 BTC of reserves against 9.5 BTC owed to three customers
        Publication p = publish("p1", Instant.ofEpochMilli(T0 - 120_000),
                "user,demo\nalice,500000000\nbob,400000000\ncarol,50000000\n");
        Round r2 = rounds.tick("demo").orElseThrow();
        assertEquals("liabilities", r2.trigger());
        Round.Liabilities l = r2.liabilities();
        assertEquals("p1", l.publication());
        assertEquals(p.rootHex(), l.root());
        assertEquals("950000000", l.total());
        assertEquals(8, l.leaves()); // 3 users x 2 parts, padded to 8
        assertEquals(Instant.ofEpochMilli(T0 - 120_000), l.publishedAt());
        assertEquals("1.052631578947368421", l.ratio()); // 10 / 9.5, 18 digits rounded down
        assertTrue(l.solvent(r2.reserves()));
        assertEquals(Optional.empty(), rounds.tick("demo"), "same publication, nothing moved: no round");

        // the signed report of the round commits to the publication
        SigningKey key = SigningKey.generate(new SecureRandom());
        PorReport report = PorReports.of(r2, Duration.ofHours(1));
        SignedReport s = SignedReport.sign(report, ReportDomain.of(1), key);
        assertEquals("PorSolvencyReport", s.message().primaryType());
        assertEquals(p.rootHex(), s.message().liabilities().root().hex());
        assertEquals(new BigInteger("950000000"), s.message().liabilities().total());
        assertEquals(8, s.message().liabilities().leaves());
        assertEquals((T0 - 120_000) / 1000, s.message().liabilities().publishedAt());
        assertEquals(new BigInteger("1052631578947368421"), s.message().liabilities().ratio());
        assertEquals("1.052631578947368421", ReportMessage.ratioText(s.message().liabilities().ratio()));
        var read = SignedReportJson.read(SignedReportJson.write(s));
        assertEquals(List.of(), read.viewProblems());
        var v = Verifier.verify(read, io.assay.attest.Expectations.none(), Instant.ofEpochSecond(s.message().timestamp()));
        assertTrue(v.valid(), v.reasons().toString());
        assertEquals(true, SignedReportJson.write(s).path("report").path("liabilities").path("solvent").asBoolean());

        // customers' balances grow past the reserves: an insolvent round, still signed with the true ratio
        publish("p2", Instant.ofEpochMilli(T0 - 60_000), "user,demo\nalice,900000000\nbob,300000000\n");
        Round r3 = rounds.tick("demo").orElseThrow();
        assertEquals("liabilities", r3.trigger());
        assertEquals("p2", r3.liabilities().publication());
        assertEquals("1200000000", r3.liabilities().total());
        assertEquals("0.833333333333333333", r3.liabilities().ratio());
        assertFalse(r3.liabilities().solvent(r3.reserves()));
        rounds.close();

        // the round log keeps the liabilities; a round without them is written as before (no field)
        FeedRounds reopened = new FeedRounds(engine, dir.resolve("rounds"), pubs);
        assertEquals(r2, reopened.log("demo").get(2).orElseThrow());
        assertEquals(r3, reopened.log("demo").get(3).orElseThrow());
        assertFalse(new String(RoundJson.write(r1)).contains("liabilities"));
        reopened.close();
        assertEquals(List.of("p1", "p2", "later"), pubs.all(engine.asset("demo")).stream()
                .map(LiabilityPublications.Entry::id).toList());
    }

    @Test
    void badPublicationFilesAreSkippedAndListed() throws Exception {
        standardPicture();
        LiabilityPublications pubs = new LiabilityPublications(dir.resolve("liabilities"));
        Files.createDirectories(dir.resolve("liabilities/demo"));
        Files.writeString(dir.resolve("liabilities/demo/broken.json"), "{\"id\":\"x\",\"assets\":[\"demo\"],\"root\":\"0x12\","
                + "\"totals\":[\"1\"],\"leaves\":4,\"asOf\":\"2026-03-01T00:00:00Z\"}");
        Files.writeString(dir.resolve("liabilities/demo/other.json"), "{\"id\":\"y\",\"assets\":[\"eth\",\"usdt\"],\"root\":\"0x"
                + "ab".repeat(32) + "\",\"totals\":[\"1\",\"2\"],\"leaves\":4,\"asOf\":\"2026-03-01T00:00:00Z\"}");
        assertEquals(Optional.empty(), pubs.inForce(engine.asset("demo"), Instant.ofEpochMilli(T0)));
        List<String> problems = pubs.problems("demo");
        assertEquals(2, problems.size(), problems.toString());
        assertTrue(problems.get(0).contains("broken.json: root"), problems.get(0));
        assertTrue(problems.get(1).contains("has no asset named demo"), problems.get(1));
        FeedRounds rounds = new FeedRounds(engine, dir.resolve("rounds"), pubs);
        assertNull(rounds.tick("demo").orElseThrow().liabilities());
        rounds.close();
    }

    @Test
    void aRoundWithoutLiabilitiesIsStillAPlainPorReport() {
        standardPicture();
        FeedRounds rounds = new FeedRounds(engine, dir.resolve("rounds"), new LiabilityPublications(dir.resolve("none")));
        Round r = rounds.tick("demo").orElseThrow();
        rounds.close();
        SignedReport s = SignedReport.sign(PorReports.of(r, Duration.ofHours(1)), ReportDomain.of(1),
                SigningKey.generate(new SecureRandom()));
        assertEquals("PorReport", s.message().primaryType());
        assertEquals("PorReport", SignedReportJson.write(s).path("typedData").path("primaryType").asText());
        assertFalse(SignedReportJson.write(s).path("report").has("liabilities"));
    }
}
