package io.assay.offchain;

import com.sun.net.httpserver.HttpServer;
import io.assay.chain.ChainSync;
import io.assay.config.Profiles;
import io.assay.config.ProfileLoader;
import io.assay.config.ReserveSource;
import io.assay.config.SetMember;
import io.assay.por.PorEngine;
import io.assay.por.ReserveSetView;
import io.assay.por.ReserveSetsAt;
import io.assay.por.Snapshot;
import io.assay.store.SeriesNames;
import io.assay.store.SetMembers;
import io.assay.store.Store;
import io.assay.store.Stores;
import org.bitcoinj.base.BitcoinNetwork;
import org.bitcoinj.base.SegwitAddress;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.OutputStream;
import java.math.BigInteger;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A reserve set read from an HTTP list in WBTC's paged form, served by a small HTTP server in the test tree (no real
 * custodian API can run here: it serves the documented shape {@code {data:[{id,address,balance,type}], total,
 * pageIndex, pageSize}} with a type filter), polled into a real store and read back by the engine: the set grows and
 * shrinks, and at every moment the reserves are exactly the balances of the members in force then; a page set that
 * does not add up, a duplicate, a malformed address or a shrink beyond maxShrinkBps is refused, alarmed (the set is
 * suspect) and the last good set stays. The members' Bitcoin balances are written into the store here the way the
 * Bitcoin indexer writes them (series {@code wbtc/bitcoin/reserve/custody.<tag>}); the Bitcoin end is exercised
 * against litecoind in the Bitcoin indexer's own tests.
 */
class HttpReserveSetTest {
    private static final Instant T0 = Instant.parse("2026-03-01T12:00:00Z");
    private static final String CHAIN = "set.wbtc.custody";

    @TempDir
    Path dir;
    HttpServer server;
    /** What the server lists: address -> type. */
    final Map<String, String> listed = java.util.Collections.synchronizedMap(new java.util.LinkedHashMap<>());
    volatile Integer totalOverride;
    Store store;
    Profiles profiles;
    ChainSync sync;
    OffchainPollerTest.MutableClock clock;
    PorEngine engine;
    HttpSetPoller poller;
    final Map<String, String> addr = new ConcurrentHashMap<>();

    static String address(int i) {
        byte[] h = new byte[20];
        h[0] = (byte) i;
        h[19] = (byte) (i * 7);
        return SegwitAddress.fromProgram(BitcoinNetwork.REGTEST, 0, h).toString();
    }

    @BeforeEach
    void setUp() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/addresses", ex -> {
            String q = ex.getRequestURI().getQuery();
            int page = 0;
            int size = 100;
            for (String kv : q.split("&")) {
                String[] p = kv.split("=");
                if (p[0].equals("pageIndex")) {
                    page = Integer.parseInt(p[1]);
                } else if (p[0].equals("pageSize")) {
                    size = Integer.parseInt(p[1]);
                }
            }
            List<Map.Entry<String, String>> all;
            synchronized (listed) {
                all = new ArrayList<>(listed.entrySet());
            }
            StringBuilder b = new StringBuilder("{\"data\":[");
            for (int i = page * size; i < Math.min(all.size(), (page + 1) * size); i++) {
                if (i > page * size) {
                    b.append(',');
                }
                b.append("{\"id\":\"").append(i).append("\",\"address\":\"").append(all.get(i).getKey())
                        .append("\",\"balance\":\"0\",\"type\":\"").append(all.get(i).getValue()).append("\"}");
            }
            b.append("],\"total\":").append(totalOverride != null ? totalOverride : all.size()).append(",\"pageIndex\":")
                    .append(page).append(",\"pageSize\":").append(size).append('}');
            byte[] body = b.toString().getBytes(StandardCharsets.UTF_8);
            ex.getResponseHeaders().add("Content-Type", "application/json");
            ex.sendResponseHeaders(200, body.length);
            try (OutputStream o = ex.getResponseBody()) {
                o.write(body);
            }
        });
        server.start();
        URI url = URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/addresses?type=custodial");
        Path p = dir.resolve("profiles");
        Files.createDirectories(p.resolve("assets"));
        Files.writeString(p.resolve("ethereum.yaml"), "family: evm\nchainId: 1\nfinality: {confirmations: 2}\n");
        Files.writeString(p.resolve("bitcoin.yaml"), "family: bitcoin\nnetwork: regtest\nfinality: {confirmations: 1}\n");
        Files.writeString(p.resolve("assets/wbtc.yaml"), """
                id: wbtc
                decimals: 8
                reserves:
                  - id: custody
                    chain: bitcoin
                    set:
                      http: {url: "%s", form: wbtc-paged, type: custodial, pageSize: 2, maxShrinkBps: 5000}
                supply:
                  - {chain: ethereum, token: "0x5FbDB2315678afecb367f032d93F642f64180aa3", decimals: 8}
                policy: {minRatio: "1.0", stalenessTolerance: 1h}
                """.formatted(url));
        profiles = new ProfileLoader().load(p);
        store = Stores.open(dir.resolve("store"));
        sync = new ChainSync();
        clock = new OffchainPollerTest.MutableClock(T0);
        engine = new PorEngine(profiles, store, sync, clock);
        ReserveSource set = profiles.asset("wbtc").orElseThrow().reserves().get(0);
        poller = new HttpSetPoller("wbtc", set, BitcoinNetwork.REGTEST, store, HttpClient.newHttpClient(), sync, clock);
        // supply: 10 BTC-worth on ethereum, final far ahead
        store.append(store.series(SeriesNames.supply("wbtc", "ethereum")), 10, T0.toEpochMilli() - 60_000,
                BigInteger.valueOf(1_000_000_000));
        store.commit("ethereum", 10, new byte[32], T0.toEpochMilli() - 60_000);
        sync.covered("ethereum", T0.plusSeconds(3600));
        // the members' balances on bitcoin, as the Bitcoin indexer writes them (a point per change, sats)
        long t = T0.toEpochMilli() - 120_000;
        for (int i = 1; i <= 5; i++) {
            byte[] script = SetMember.parse(address(i), BitcoinNetwork.REGTEST).script();
            store.append(store.series(SetMembers.balance("wbtc", "bitcoin", "custody", SetMembers.tag(script))), 100, t,
                    BigInteger.valueOf(i * 100_000_000L));
        }
        store.commit("bitcoin", 100, new byte[32], t);
        sync.covered("bitcoin", T0.plusSeconds(3600));
    }

    @AfterEach
    void tearDown() {
        server.stop(0);
        store.close();
    }

    private void pollAt(Instant t) {
        clock.now = t;
        poller.pollOnce();
    }

    private List<String> membersAt(Instant t) {
        ReserveSetsAt at = engine.reserveSets("wbtc", t);
        assertEquals(List.of(), at.reasons());
        return at.sets().get(0).members().stream().map(ReserveSetView.Member::address).sorted().toList();
    }

    private BigInteger reservesAt(Instant t) {
        Snapshot s = engine.snapshot("wbtc", t);
        assertTrue(s.status() != Snapshot.Status.REFUSED, () -> "refused: " + s.reasons());
        return s.reservesTotal().raw();
    }

    @Test
    void setGrowsAndShrinksAndHistoryAtEachMomentCountsTheMembersInForceThen() {
        listed.put(address(1), "custodial");
        listed.put(address(2), "custodial");
        listed.put(address(3), "merchant"); // filtered out by type
        Instant t1 = T0;
        pollAt(t1);
        assertNull(poller.lastRefusal());
        listed.put(address(4), "custodial");
        Instant t2 = T0.plusSeconds(600);
        pollAt(t2);
        listed.remove(address(2));
        Instant t3 = T0.plusSeconds(1200);
        pollAt(t3); // drops 1 of 3 members: 3333 bps, within 5000
        assertNull(poller.lastRefusal());

        List<String> a1 = List.of(address(1), address(2)).stream().sorted().toList();
        List<String> a2 = List.of(address(1), address(2), address(4)).stream().sorted().toList();
        List<String> a3 = List.of(address(1), address(4)).stream().sorted().toList();
        assertEquals(a1, membersAt(t1));
        assertEquals(a1, membersAt(t2.minusMillis(1)));
        assertEquals(a2, membersAt(t2));
        assertEquals(a2, membersAt(t3.minusMillis(1)));
        assertEquals(a3, membersAt(t3));
        assertEquals(BigInteger.valueOf(300_000_000L), reservesAt(t1));
        assertEquals(BigInteger.valueOf(700_000_000L), reservesAt(t2));
        assertEquals(BigInteger.valueOf(500_000_000L), reservesAt(t3));
        // before the first good list nothing was a member
        assertEquals(BigInteger.ZERO, reservesAt(t1.minusMillis(1)));
        ReserveSetView v = engine.reserveSets("wbtc", t3).sets().get(0);
        assertEquals(2, v.members().size());
        assertEquals(new BigInteger("500000000"), v.total().raw());
        assertEquals(t3, v.lastRefresh());
        assertEquals("http", v.kind());
    }

    @Test
    void refusedListsRaiseTheAlarmAndKeepTheLastGoodSet() {
        for (int i = 1; i <= 4; i++) {
            listed.put(address(i), "custodial");
        }
        pollAt(T0);
        assertEquals(Optional.empty(), engine.setRefusal("wbtc", "custody"));
        List<String> four = List.of(address(1), address(2), address(3), address(4)).stream().sorted().toList();

        // total beyond the pages
        totalOverride = 6;
        pollAt(T0.plusSeconds(60));
        assertTrue(engine.setRefusal("wbtc", "custody").orElseThrow().startsWith("pages: the pages end after 4"),
                () -> engine.setRefusal("wbtc", "custody").toString());
        totalOverride = null;
        // a shrink of 3 of 4 members (7500 bps > 5000)
        listed.remove(address(2));
        listed.remove(address(3));
        listed.remove(address(4));
        pollAt(T0.plusSeconds(120));
        assertTrue(engine.setRefusal("wbtc", "custody").orElseThrow().startsWith("shrink: the list drops 3 of 4"));
        // a malformed address
        listed.put("not-an-address", "custodial");
        pollAt(T0.plusSeconds(180));
        assertTrue(engine.setRefusal("wbtc", "custody").orElseThrow().startsWith("malformed: entry 'not-an-address'"));
        listed.remove("not-an-address");
        assertEquals(four, membersAt(T0.plusSeconds(180)));
        assertEquals(BigInteger.valueOf(1_000_000_000L), reservesAt(T0.plusSeconds(180)));
        // the live answer is marked by the refusal (suspect source)
        Snapshot live = engine.latest("wbtc");
        assertTrue(live.reasons().stream().anyMatch(r -> r.contains("suspect")), () -> live.reasons().toString());

        // a good list clears it
        listed.put(address(2), "custodial");
        listed.put(address(3), "custodial");
        pollAt(T0.plusSeconds(240)); // drops 4 of 4? no: 1, 2, 3 listed, 4 dropped (2500 bps)
        assertEquals(Optional.empty(), engine.setRefusal("wbtc", "custody"));
        assertEquals(List.of(address(1), address(2), address(3)).stream().sorted().toList(),
                membersAt(T0.plusSeconds(240)));
        assertEquals(four, membersAt(T0.plusSeconds(239)));
    }
}
