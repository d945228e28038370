package io.assay.quorum;

import com.sun.net.httpserver.HttpServer;
import io.assay.attest.ChainHeight;
import io.assay.attest.PorReport;
import io.assay.attest.ReportDomain;
import io.assay.attest.SignedReport;
import io.assay.attest.SigningKey;
import io.assay.crypto.Bytes32;
import io.assay.crypto.Signature;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.math.BigInteger;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.function.Supplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The quorum decision and the collection from untrusted peers: signatures verified and grouped, signers counted once
 * and sorted, disagreement described by field and chain; peers that time out, answer too much, answer bad JSON or an
 * error are refused with a reason; the {@code assay quorum} CLI's exit codes. Peers here are small HTTP servers in the
 * test tree serving reports signed by test keys (the devnet test, {@link QuorumDevnetTest}, runs real nodes).
 */
class QuorumCollectTest {
    static final String ASSET = "wbtc-demo";
    static final ReportDomain DOMAIN = ReportDomain.of(1);
    static final List<SigningKey> KEYS = new ArrayList<>();
    final List<HttpServer> servers = new ArrayList<>();
    final CountDownLatch release = new CountDownLatch(1);

    @BeforeAll
    static void keys() {
        SecureRandom random = new SecureRandom();
        for (int i = 0; i < 4; i++) {
            KEYS.add(SigningKey.generate(random));
        }
    }

    @AfterEach
    void stopServers() {
        release.countDown();
        servers.forEach(s -> s.stop(0));
    }

    static PorReport report(long reserves, String ethHash) {
        return new PorReport(ASSET, BigInteger.valueOf(7), 8, BigInteger.valueOf(reserves), BigInteger.valueOf(900),
                1_767_225_600L, 1_767_229_200L, List.of(
                new ChainHeight("ethereum", 100, Bytes32.parse(ethHash, "h")),
                new ChainHeight("polygon", 200, Bytes32.parse("0x" + "22".repeat(32), "h"))));
    }

    static final String H1 = "0x" + "11".repeat(32);
    static final String H2 = "0x" + "ab".repeat(32);

    static Quorum.Answer answer(String peer, PorReport r, SigningKey k) {
        return Quorum.Answer.of(peer, new PeerReport(k.address(), SignedReport.signForQuorum(r, DOMAIN, k)));
    }

    static Set<String> allowed(int n) {
        Set<String> s = new java.util.LinkedHashSet<>();
        KEYS.subList(0, n).forEach(k -> s.add(k.address()));
        return s;
    }

    @Test
    void twoOfThreeFormsWithSignersAscendingAndNamesTheOutlierByChainAndHash() {
        PorReport good = report(1000, H1);
        Quorum.Outcome o = Quorum.decide(ASSET, 7, DOMAIN, allowed(3), 2, List.of(
                answer("p0", good, KEYS.get(0)), answer("p1", good, KEYS.get(1)), answer("p2", report(1000, H2), KEYS.get(2)),
                answer("p0-again", good, KEYS.get(0))));
        assertTrue(o.reached(), o.summary());
        List<String> expected = new ArrayList<>(List.of(KEYS.get(0).address(), KEYS.get(1).address()));
        expected.sort(Comparator.comparing(a -> new BigInteger(a.substring(2), 16)));
        assertEquals(expected, o.signers(), "distinct signers, ascending; p0 counted once");
        assertEquals(1, o.dissent().size());
        assertEquals(KEYS.get(2).address(), o.dissent().get(0).signer());
        assertEquals(List.of("chain ethereum: block #100 has hash " + H2 + " instead of " + H1), o.dissent().get(0).differences());
        assertEquals(130 * 2 + 2, Quorum.packed(o.signatures()).length());
    }

    @Test
    void noQuorumNamesTheFieldsThatDiffer() {
        Quorum.Outcome o = Quorum.decide(ASSET, 7, DOMAIN, allowed(3), 2, List.of(
                answer("p0", report(1000, H1), KEYS.get(0)), answer("p1", report(1001, H1), KEYS.get(1)),
                Quorum.Answer.failed("p2", "no answer within 3000 ms")));
        assertFalse(o.reached());
        assertEquals(1, o.signatures().size());
        assertTrue(o.dissent().get(0).differences().contains("reserves 1001 instead of 1000"), o.dissent().toString());
        assertTrue(o.dissent().get(0).differences().stream().anyMatch(d -> d.startsWith("ratio ")), o.dissent().toString());
        assertTrue(o.summary().contains("p2 (no answer within 3000 ms)"), o.summary());
    }

    @Test
    void refusesForgedForeignNamedAndWrongRoundReports() {
        PorReport good = report(1000, H1);
        SignedReport s = SignedReport.signForQuorum(good, DOMAIN, KEYS.get(1));
        List<Quorum.Answer> answers = List.of(
                answer("p0", good, KEYS.get(0)),
                // claims another node's signature
                Quorum.Answer.of("claims", new PeerReport(KEYS.get(2).address(), s)),
                // signer outside the set
                answer("foreign", good, KEYS.get(3)),
                // the single-signer form names its signer inside the data
                Quorum.Answer.of("named", new PeerReport(KEYS.get(1).address(), SignedReport.sign(good, DOMAIN, KEYS.get(1)))),
                // another domain
                Quorum.Answer.of("domain", new PeerReport(KEYS.get(1).address(),
                        SignedReport.signForQuorum(good, ReportDomain.of(137), KEYS.get(1)))),
                // the malleable twin
                Quorum.Answer.of("high-s", new PeerReport(KEYS.get(1).address(), new SignedReport(s.assetId(), s.domain(),
                        s.message(), s.digest(), new Signature(s.signature().r(), Signature.N.subtract(s.signature().s()),
                        s.signature().v() == 27 ? 28 : 27)))));
        Quorum.Outcome o = Quorum.decide(ASSET, 7, DOMAIN, allowed(3), 2, answers);
        assertFalse(o.reached(), o.summary());
        assertEquals(5, o.rejected().size(), o.rejected().toString());
        String all = o.rejected().toString();
        assertTrue(all.contains("signature recovers to " + KEYS.get(1).address() + ", not the claimed signer " + KEYS.get(2).address()), all);
        assertTrue(all.contains("signer " + KEYS.get(3).address() + " is not an allowed signer"), all);
        assertTrue(all.contains("a quorum report names none"), all);
        assertTrue(all.contains("signed for domain Assay/1 chainId 137"), all);
        assertTrue(all.contains("upper half"), all);
        Quorum.Outcome wrongRound = Quorum.decide(ASSET, 8, DOMAIN, allowed(3), 1, List.of(answer("p0", good, KEYS.get(0))));
        assertTrue(wrongRound.rejected().get(0).reason().contains("report is for round 7, not 8"), wrongRound.rejected().toString());
    }

    /** A peer answering {@code body} with {@code status}. */
    URI peer(int status, Supplier<byte[]> body) throws IOException {
        HttpServer s = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 8);
        s.createContext("/", ex -> {
            byte[] b = body.get();
            ex.sendResponseHeaders(status, b.length);
            try (OutputStream out = ex.getResponseBody()) {
                out.write(b);
            }
        });
        s.start();
        servers.add(s);
        return URI.create("http://127.0.0.1:" + s.getAddress().getPort());
    }

    URI serving(PorReport r, SigningKey k) throws IOException {
        byte[] b = PeerReport.write(SignedReport.signForQuorum(r, DOMAIN, k), k.address()).toString().getBytes(StandardCharsets.UTF_8);
        return peer(200, () -> b);
    }

    @Test
    void untrustedPeersAreRefusedWithAReason() throws Exception {
        URI slow = peer(200, () -> {
            try {
                release.await(); // answers only after the test (the client's deadline passes first)
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return new byte[0];
        });
        URI huge = peer(200, () -> new byte[200_000]);
        URI badJson = peer(200, () -> "{\"report\": ".getBytes(StandardCharsets.UTF_8));
        URI notReport = peer(200, () -> "{\"hello\": 1}".getBytes(StandardCharsets.UTF_8));
        URI problem = peer(409, () -> "{\"type\":\"urn:assay:problem:not-final\",\"status\":409,\"detail\":\"round 7 is after the cut\"}"
                .getBytes(StandardCharsets.UTF_8));
        int closedPort;
        try (ServerSocket ss = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = ss.getLocalPort();
        }
        URI closed = URI.create("http://127.0.0.1:" + closedPort);
        URI good = serving(report(1000, H1), KEYS.get(0));
        try (PeerClient client = new PeerClient(Duration.ofMillis(500), 65536)) {
            List<Quorum.Answer> answers = client.collect(List.of(slow, huge, badJson, notReport, problem, closed, good), ASSET, 7);
            assertEquals("no answer within 500 ms", answers.get(0).error());
            assertEquals("answer larger than 65536 bytes; refused", answers.get(1).error());
            assertTrue(answers.get(2).error().startsWith("not valid JSON: "), answers.get(2).error());
            assertTrue(answers.get(3).error().startsWith("not a signed Assay report: "), answers.get(3).error());
            assertEquals("HTTP 409 not-final: round 7 is after the cut", answers.get(4).error());
            assertTrue(answers.get(5).error().startsWith("unreachable"), answers.get(5).error());
            assertTrue(answers.get(6).report().isPresent(), String.valueOf(answers.get(6).error()));
        }
    }

    static int cli(List<String> args, StringBuilder output) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = QuorumCommand.run(args.toArray(String[]::new), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        output.append(out.toString(StandardCharsets.UTF_8)).append(err.toString(StandardCharsets.UTF_8));
        return code;
    }

    List<String> args(List<URI> peers, int n, int k) {
        List<String> a = new ArrayList<>(List.of("--asset", ASSET, "--k", Integer.toString(k), "--timeout", "2s"));
        peers.forEach(p -> a.addAll(List.of("--peer", p.toString())));
        KEYS.subList(0, n).forEach(key -> a.addAll(List.of("--signer", key.address())));
        return a;
    }

    @Test
    void cliExitsZeroWithABundleOneWithoutAndTwoOnBadUsage() throws Exception {
        PorReport good = report(1000, H1);
        URI p0 = serving(good, KEYS.get(0));
        URI p1 = serving(good, KEYS.get(1));
        URI p2 = serving(report(1000, H2), KEYS.get(2));
        StringBuilder out = new StringBuilder();
        assertEquals(QuorumCommand.BUNDLE, cli(args(List.of(p0, p1, p2), 3, 2), out), out.toString());
        assertTrue(out.toString().contains("disagrees: " + KEYS.get(2).address() + " at " + p2 + ": chain ethereum: block #100 has hash "
                + H2 + " instead of " + H1), out.toString());
        out.setLength(0);
        List<String> a = args(List.of(p0, p2), 3, 2);
        a.addAll(List.of("--round", "7", "--json"));
        assertEquals(QuorumCommand.NO_QUORUM, cli(a, out), out.toString());
        assertTrue(out.toString().contains("\"reached\": false"), out.toString());
        out.setLength(0);
        assertEquals(QuorumCommand.USAGE_ERROR, cli(List.of("--asset", ASSET, "--k", "2"), out));
        assertTrue(out.toString().contains("assay quorum: missing --peer"), out.toString());
        out.setLength(0);
        assertEquals(QuorumCommand.USAGE_ERROR, cli(args(List.of(p0), 3, 4), out));
        assertTrue(out.toString().contains("--k must be in [1, 3]"), out.toString());
        out.setLength(0);
        assertEquals(QuorumCommand.USAGE_ERROR, cli(List.of("--asset", ASSET, "--k", "1", "--signer", KEYS.get(0).address(),
                "--peer", "ftp://x"), out));
        assertTrue(out.toString().contains("expected http://host:port, https://host:port or dns://name:port"), out.toString());
    }

    /** A peer that has rounds up to {@code last} final, and answers not-final after it. */
    URI servingUpTo(long last, SigningKey k) throws IOException {
        HttpServer s = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 8);
        s.createContext("/", ex -> {
            long round = Long.parseLong(ex.getRequestURI().getQuery().substring("round=".length()));
            PorReport r = new PorReport(ASSET, BigInteger.valueOf(round), 8, BigInteger.valueOf(1000), BigInteger.valueOf(900),
                    round * 60, round * 60 + 600, report(1000, H1).heights());
            byte[] b = round <= last
                    ? PeerReport.write(SignedReport.signForQuorum(r, DOMAIN, k), k.address()).toString().getBytes(StandardCharsets.UTF_8)
                    : ("{\"type\":\"urn:assay:problem:not-final\",\"status\":409,\"detail\":\"round " + round
                    + " of wbtc-demo is after the asset's cut\"}").getBytes(StandardCharsets.UTF_8);
            ex.sendResponseHeaders(round <= last ? 200 : 409, b.length);
            try (OutputStream out = ex.getResponseBody()) {
                out.write(b);
            }
        });
        s.start();
        servers.add(s);
        return URI.create("http://127.0.0.1:" + s.getAddress().getPort());
    }

    @Test
    void aPeerWhoseCutLagsIsNoDisagreementTheRoundBeforeIsCollected() throws Exception {
        List<String> peers = List.of(servingUpTo(8, KEYS.get(0)).toString(), servingUpTo(7, KEYS.get(1)).toString(),
                servingUpTo(7, KEYS.get(2)).toString());
        try (PeerClient client = new PeerClient(Duration.ofSeconds(2), 65536)) {
            QuorumNode collector = new QuorumNode(null, r -> java.util.Optional.empty(), java.util.Optional.empty(), DOMAIN,
                    peers, allowed(3), 2, client);
            Quorum.Outcome at8 = collector.collect(ASSET, 8);
            assertFalse(at8.reached());
            assertTrue(at8.peersBehind(), at8.rejected().toString());
            Quorum.Outcome latest = collector.collectLatest(ASSET, 8);
            assertTrue(latest.reached(), latest.summary());
            assertEquals(7, latest.round());
            assertEquals(3, latest.signatures().size());
            assertTrue(QuorumService.condition(latest).isEmpty(), "no alert for a lagging peer");
        }
    }

    @Test
    void dnsPeersResolveToEveryAddress() {
        Peers.Resolved r = Peers.resolve(List.of("dns://localhost:8080", "http://10.0.0.1:8080", "dns://no-such-name.invalid:8080"));
        assertTrue(r.urls().stream().anyMatch(u -> u.toString().equals("http://127.0.0.1:8080")), r.urls().toString());
        assertTrue(r.urls().contains(URI.create("http://10.0.0.1:8080")));
        assertEquals(List.of("peer dns://no-such-name.invalid:8080: name no-such-name.invalid does not resolve"), r.problems());
    }
}
