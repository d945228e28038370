package io.assay.offchain;

import io.assay.attest.SigningKey;
import io.assay.chain.ChainSync;
import io.assay.config.ProfileLoader;
import io.assay.config.Profiles;
import io.assay.config.ReserveSource;
import io.assay.por.Component;
import io.assay.por.PorEngine;
import io.assay.por.Snapshot;
import io.assay.store.Point;
import io.assay.store.SeriesNames;
import io.assay.store.Store;
import io.assay.store.Stores;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.math.BigInteger;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * An off-chain source polled from a real HTTP custodian stub into a real store, read back by the engine: good
 * answers are recorded exactly under the source's own commit unit; unsigned, wrongly signed, malformed,
 * backwards, future and jumping answers are never recorded and make the source suspect; stale answers age out by
 * the source's own maxAge; the auth secret reaches the custodian and no log line.
 */
class OffchainPollerTest {
    private static final String TOKEN = "Bearer tok-9f8e7d6c5b4a-never-log-me";
    private static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");
    private static final String CHAIN = "offchain.usdx.bank";

    @TempDir
    Path dir;
    CustodianStub custodian;
    SigningKey custodianKey;
    Store store;
    Profiles profiles;
    ChainSync sync;
    MutableClock clock;
    PorEngine engine;
    OffchainPoller poller;
    final List<String> logs = new CopyOnWriteArrayList<>();
    private final Handler capture = new Handler() {
        @Override
        public void publish(LogRecord r) {
            String text = r instanceof org.jboss.logmanager.ExtLogRecord e ? e.getFormattedMessage() : r.getMessage();
            logs.add(text + (r.getThrown() == null ? "" : " " + r.getThrown()));
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };

    static final class MutableClock extends Clock {
        volatile Instant now;

        MutableClock(Instant now) {
            this.now = now;
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    @BeforeEach
    void setUp() throws IOException {
        custodian = new CustodianStub();
        custodianKey = SigningKey.generate(new SecureRandom());
        Path p = dir.resolve("profiles");
        Files.createDirectories(p.resolve("assets"));
        Files.writeString(p.resolve("ethereum.yaml"), "family: evm\nchainId: 1\nfinality: {confirmations: 2}\n");
        Files.writeString(p.resolve("assets/usdx.yaml"), """
                id: usdx
                decimals: 2
                reserves:
                  - id: bank
                    decimals: 2
                    http:
                      url: %s
                      amount: data.total
                      timestamp: data.asOf
                      unit: USD
                      custodian: Example Trust
                      maxAge: 1h
                      maxChangeBps: 1000
                      auth: {header: Authorization, secret: CUSTODIAN_TOKEN}
                      signature: {signer: "%s"}
                supply:
                  - {chain: ethereum, token: "0x5FbDB2315678afecb367f032d93F642f64180aa3", decimals: 2}
                policy: {minRatio: "1.0", stalenessTolerance: 10m}
                """.formatted(custodian.url(), custodianKey.address()));
        profiles = new ProfileLoader(n -> Optional.empty(), n -> Optional.ofNullable(Map.of("CUSTODIAN_TOKEN", TOKEN).get(n)))
                .load(p);
        store = Stores.open(dir.resolve("store"));
        sync = new ChainSync();
        clock = new MutableClock(NOW);
        engine = new PorEngine(profiles, store, sync, clock);
        // 900.00 USDX circulate on ethereum, current
        store.append(store.series(SeriesNames.supply("usdx", "ethereum")), 10, NOW.toEpochMilli() - 5_000, BigInteger.valueOf(90_000));
        store.commit("ethereum", 10, new byte[32], NOW.toEpochMilli() - 5_000);
        sync.covered("ethereum", NOW);
        poller = newPoller();
        java.util.logging.Logger.getLogger("").addHandler(capture);
        java.util.logging.Logger.getLogger("io.assay.offchain").setLevel(Level.ALL);
    }

    private OffchainPoller newPoller() {
        ReserveSource bank = profiles.asset("usdx").orElseThrow().reserves().get(0);
        return new OffchainPoller("usdx", bank, store, HttpClient.newHttpClient(), sync, clock);
    }

    @AfterEach
    void tearDown() {
        java.util.logging.Logger.getLogger("").removeHandler(capture);
        custodian.close();
        if (store != null) {
            store.close();
        }
    }

    private BigInteger recorded() {
        Point p = new Point();
        return store.find(SeriesNames.reserve("usdx", CHAIN, "bank")).stream()
                .filter(id -> store.latest(id, p)).mapToObj(id -> p.valueAsBigInteger()).findFirst().orElse(null);
    }

    private long checkpointHeight() {
        return store.checkpoint(CHAIN).map(c -> c.height()).orElse(-1L);
    }

    private void acceptGood(String amount, Instant at) {
        custodian.serve(200, CustodianStub.payload(amount, at.toString()), custodianKey);
        poller.pollOnce();
        assertEquals(OffchainStatus.State.OK, poller.status().state(), poller.status().lastProblem());
    }

    @Test
    void aGoodSignedAnswerIsRecordedExactlyAndAttributed() {
        acceptGood("1000.50", NOW.minusSeconds(60));
        assertEquals(BigInteger.valueOf(100_050), recorded());
        assertEquals(1, checkpointHeight());
        assertEquals(NOW.minusSeconds(60).toEpochMilli(), store.checkpoint(CHAIN).orElseThrow().time());
        // the custodian got our auth header
        assertEquals(List.of(TOKEN), custodian.requests.get(0).get("Authorization"));

        Snapshot s = engine.latest("usdx");
        assertEquals(Snapshot.Status.OK, s.status(), String.valueOf(s.reasons()));
        Component bank = s.reserves().get(0);
        assertEquals(CHAIN, bank.chain());
        assertEquals("Example Trust (signed by " + custodianKey.address() + ")", bank.attestedBy());
        assertEquals(BigInteger.valueOf(100_050), s.reservesTotal().raw());
        assertEquals("1.111666666666666666", s.ratio());
        assertFalse(s.belowMinRatio());

        // the same answer again is no new point and no new commit
        poller.pollOnce();
        assertEquals(1, checkpointHeight());
        // a newer one is the next commit; the past stays queryable
        acceptGood("1001", NOW.minusSeconds(30));
        assertEquals(2, checkpointHeight());
        assertEquals(BigInteger.valueOf(100_100), recorded());
        assertEquals(BigInteger.valueOf(100_050), engine.snapshot("usdx", NOW.minusSeconds(45)).reservesTotal().raw());
    }

    @Test
    void anUnsignedAnswerIsRejectedAndMakesTheSourceSuspect() {
        acceptGood("1000.00", NOW.minusSeconds(60));
        custodian.serve(200, CustodianStub.payload("5000.00", NOW.minusSeconds(10).toString()), null);
        poller.pollOnce();
        assertRejected("unsigned");
        Snapshot s = engine.latest("usdx");
        assertEquals(Snapshot.Status.STALE, s.status());
        assertTrue(s.reasons().stream().anyMatch(r -> r.contains("suspect") && r.contains("unsigned")), s.reasons().toString());
        // a good answer clears it
        acceptGood("1000.10", NOW.minusSeconds(5));
        assertEquals(Snapshot.Status.OK, engine.latest("usdx").status());
    }

    @Test
    void aWronglySignedAnswerIsRejected() {
        acceptGood("1000.00", NOW.minusSeconds(60));
        SigningKey impostor = SigningKey.generate(new SecureRandom());
        custodian.serve(200, CustodianStub.payload("1000.00", NOW.minusSeconds(10).toString()), impostor);
        poller.pollOnce();
        assertRejected("bad-signature");
        assertTrue(poller.status().lastProblem().contains(impostor.address()), poller.status().lastProblem());

        // the custodian's real signature, but over other bytes (the body was altered in transit)
        String signedText = CustodianStub.payload("1000.00", NOW.minusSeconds(10).toString());
        String sig = custodianKey.sign(io.assay.crypto.Eip191.digest(signedText.getBytes(java.nio.charset.StandardCharsets.UTF_8))).hex();
        custodian.serveWithSignature(signedText.replace("1000.00", "1090.00"), sig);
        poller.pollOnce();
        assertEquals(2, poller.status().rejectedCount("bad-signature"));
        custodian.serveWithSignature(signedText, "0xnothex");
        poller.pollOnce();
        assertEquals(3, poller.status().rejectedCount("bad-signature"));
        assertEquals(BigInteger.valueOf(100_000), recorded());
    }

    @Test
    void malformedAnswersAreNeverRecorded() {
        acceptGood("1000.00", NOW.minusSeconds(60));
        String at = NOW.minusSeconds(10).toString();
        List<String> bad = List.of(
                "not json at all",
                "{\"data\":{\"total\":\"1000.00\"}}",                           // no time
                "{\"data\":{\"asOf\":\"" + at + "\"}}",                          // no amount
                CustodianStub.payload("1000.001", at),                            // more fraction digits than decimals
                CustodianStub.payload("-5.00", at),                               // negative
                CustodianStub.payload("1e3", at),                                 // exponent
                CustodianStub.payload("1000.00", "yesterday"),                    // not a time
                "{\"data\":{\"total\":\"1000.00\",\"asOf\":\"" + at + "\"}} trailing");
        for (String b : bad) {
            custodian.serve(200, b, custodianKey);
            poller.pollOnce();
            assertEquals(OffchainStatus.State.SUSPECT, poller.status().state(), b);
            assertEquals("malformed", poller.status().lastProblemKind(), b);
        }
        assertEquals(bad.size(), poller.status().rejectedCount("malformed"));
        assertEquals(BigInteger.valueOf(100_000), recorded());
        assertEquals(1, checkpointHeight());
        // a JSON number is read exactly (never as a double)
        custodian.serve(200, "{\"data\":{\"total\":1000.07,\"asOf\":\"" + at + "\"}}", custodianKey);
        poller.pollOnce();
        assertEquals(BigInteger.valueOf(100_007), recorded());
    }

    @Test
    void staleAnswersAgeOutByTheSourcesOwnMaxAge() {
        // an honest but old statement: recorded (it was true then), but the source is stale now (maxAge 1h)
        acceptGood("1000.00", NOW.minus(Duration.ofHours(3)));
        assertEquals(BigInteger.valueOf(100_000), recorded());
        Snapshot s = engine.latest("usdx");
        assertEquals(Snapshot.Status.STALE, s.status());
        assertTrue(s.reasons().stream().anyMatch(r -> r.contains("off-chain source " + CHAIN + " (Example Trust) stale")),
                s.reasons().toString());
        // the source's own rule applies (maxAge 1h), not the asset's chain tolerance (10m)
        acceptGood("1000.00", NOW.minus(Duration.ofMinutes(59)));
        Snapshot fresh = engine.latest("usdx");
        assertEquals(Snapshot.Status.OK, fresh.status(), "59 minutes old is within maxAge 1h: " + fresh.reasons());
    }

    @Test
    void answersGoingBackInTimeOrIntoTheFutureAreRejected() {
        acceptGood("1000.00", NOW.minusSeconds(60));
        custodian.serve(200, CustodianStub.payload("1000.00", NOW.minusSeconds(120).toString()), custodianKey);
        poller.pollOnce();
        assertRejected("backwards");
        custodian.serve(200, CustodianStub.payload("1001.00", NOW.minusSeconds(60).toString()), custodianKey);
        poller.pollOnce();
        assertRejected("conflict");
        custodian.serve(200, CustodianStub.payload("1000.00", NOW.plus(Duration.ofMinutes(5)).toString()), custodianKey);
        poller.pollOnce();
        assertRejected("future");
        assertEquals(1, checkpointHeight());
    }

    @Test
    void aJumpBeyondTheBoundIsSuspectAndARealisticValueIsAccepted() {
        acceptGood("1000.00", NOW.minusSeconds(60));
        custodian.serve(200, CustodianStub.payload("1100.01", NOW.minusSeconds(50).toString()), custodianKey);
        poller.pollOnce();
        assertRejected("jump");
        custodian.serve(200, CustodianStub.payload("899.99", NOW.minusSeconds(50).toString()), custodianKey);
        poller.pollOnce();
        assertEquals(2, poller.status().rejectedCount("jump"));
        // exactly 10% (1000 bps) is within the bound
        acceptGood("1100.00", NOW.minusSeconds(40));
        assertEquals(BigInteger.valueOf(110_000), recorded());
    }

    @Test
    void aFailingCustodianIsFailingNotSuspect() {
        acceptGood("1000.00", NOW.minusSeconds(60));
        custodian.serve(503, "{\"error\":\"maintenance\"}", custodianKey);
        poller.pollOnce();
        assertEquals(OffchainStatus.State.FAILING, poller.status().state());
        assertEquals("HTTP 503", poller.status().lastProblem());
        assertEquals(Snapshot.Status.OK, engine.latest("usdx").status(), "the recorded value ages out by maxAge");
        custodian.close();
        poller.pollOnce();
        assertEquals(2, poller.status().rejectedCount("failed"));
        assertEquals(BigInteger.valueOf(100_000), recorded());
    }

    @Test
    void aRestartResumesFromTheStoreAndKeepsTheRules() {
        acceptGood("1000.00", NOW.minusSeconds(60));
        store.close();
        store = Stores.open(dir.resolve("store"));
        engine = new PorEngine(profiles, store, sync, clock);
        poller = newPoller();
        assertEquals(BigInteger.valueOf(100_000), poller.status().value());
        custodian.serve(200, CustodianStub.payload("1000.00", NOW.minusSeconds(120).toString()), custodianKey);
        poller.pollOnce();
        assertRejected("backwards");
        custodian.serve(200, CustodianStub.payload("5000.00", NOW.minusSeconds(10).toString()), custodianKey);
        poller.pollOnce();
        assertRejected("jump");
        acceptGood("1000.25", NOW.minusSeconds(10));
        assertEquals(2, checkpointHeight());
    }

    @Test
    void theAuthSecretReachesTheCustodianButNoLogLine() {
        acceptGood("1000.00", NOW.minusSeconds(60));
        custodian.serve(200, "garbage", custodianKey);
        poller.pollOnce();
        custodian.serve(200, CustodianStub.payload("1000.00", NOW.minusSeconds(10).toString()), null);
        poller.pollOnce();
        custodian.serve(500, "", null);
        poller.pollOnce();
        custodian.close();
        poller.pollOnce();
        assertTrue(custodian.requests.stream().allMatch(h -> h.get("Authorization").equals(List.of(TOKEN))));
        assertTrue(logs.size() >= 4, "rejections are logged: " + logs);
        String secretPart = "tok-9f8e7d6c5b4a";
        for (String line : logs) {
            assertFalse(line.contains(secretPart), "secret in a log line: " + line);
        }
        assertFalse(String.valueOf(poller.status().lastProblem()).contains(secretPart));
        assertFalse(poller.source().toString().contains(secretPart));
    }

    private void assertRejected(String kind) {
        assertEquals(OffchainStatus.State.SUSPECT, poller.status().state());
        assertEquals(kind, poller.status().lastProblemKind(), poller.status().lastProblem());
        assertTrue(sync.suspect(CHAIN).orElseThrow().startsWith(kind + ":"));
    }
}
