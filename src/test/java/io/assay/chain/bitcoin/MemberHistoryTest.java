package io.assay.chain.bitcoin;

import io.assay.chain.ChainSync;
import io.assay.chain.bitcoin.Regtest.Key;
import io.assay.chain.bitcoin.Regtest.Out;
import io.assay.chain.bitcoin.Regtest.Spend;
import io.assay.chain.bitcoin.Regtest.Utxo;
import io.assay.config.ChainProfile;
import io.assay.config.Profiles;
import io.assay.config.ReserveSet;
import io.assay.config.ReserveSource;
import io.assay.config.SourceKind;
import io.assay.devnet.BitcoinNode;
import io.assay.devnet.Poll;
import io.assay.offchain.CustodianStub;
import io.assay.offchain.HttpSetPoller;
import io.assay.por.PorEngine;
import io.assay.por.ReserveSetView;
import io.assay.por.ReserveSetsAt;
import io.assay.store.Point;
import io.assay.store.SeriesCursor;
import io.assay.store.SetMembers;
import io.assay.store.Store;
import org.bitcoinj.base.BitcoinNetwork;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A reserve set's member that enters after its coins moved gets its balance series filled from its first use, by
 * each coin lookup: Bitcoin Core reading every block, Core with BIP 158 filters, and Esplora's script history. There
 * is no Esplora (electrs) server on this machine: {@link EsploraServer}, a small server in the test tree, serves
 * Esplora's documented API from the same litecoind regtest node. The set is an HTTP list served by a small server in
 * the test; its membership is dated by the poll's clock, earlier than the Bitcoin block at which the indexer begins
 * to watch the member (the indexer ran ahead of the list), so without the history the moments in between would be
 * refused. A reorg below the filled history rolls its newest point back, and the member is filled again on the new
 * chain.
 */
class MemberHistoryTest {
    private static final long BTC = 100_000_000L;
    static final Key KM = Key.of(41);
    static final String M = Regtest.script("wpkh(" + KM.pub() + ")");
    static final String O = Regtest.script("pkh(" + Key.of(42).pub() + ")");

    @TempDir
    Path dir;

    @ParameterizedTest
    @ValueSource(strings = {"full", "filters", "esplora"})
    void aMemberEnteringLateHasItsBalanceFromItsFirstUse(String mode) throws Exception {
        try (CustodianStub server = new CustodianStub();
             BitcoinNode node = BitcoinNode.startStandalone(dir.resolve("node"), "-blockfilterindex=1");
             EsploraServer esplora = new EsploraServer(node)) {
            ChainProfile core = Regtest.chain(node.url(), 0, 12, 0);
            ChainProfile chain = switch (mode) {
                case "full" -> core.withBackfill(ChainProfile.FULL);
                case "filters" -> core.withBackfill(ChainProfile.FILTERS);
                default -> Regtest.esplora(core, esplora.url()).withBackfill(ChainProfile.HISTORY);
            };
            URI url = server.url();
            ReserveSet set = new ReserveSet(ReserveSet.Kind.HTTP, ReserveSet.chainName("res", "custody"), null, null,
                    0, new ReserveSet.Http(url, ReserveSet.Form.ARRAY, null, 100, Duration.ofMinutes(10),
                    Duration.ofSeconds(5), 10_000, 1000), List.of(), "the test's list");
            ReserveSource custody = new ReserveSource("custody", Regtest.CHAIN, SourceKind.SET, url.toString(), null, 8,
                    0, null, set);
            Profiles profiles = Regtest.profiles(chain, Regtest.asset("res", custody));
            Store store = Regtest.openStore(dir.resolve("store"));
            ChainSync sync = new ChainSync();
            PorEngine engine = new PorEngine(profiles, store, sync, Clock.systemUTC());
            BitcoinIndexer ix = BitcoinIndexer.create(chain, profiles, store, sync);
            try {
                ix.start();
                long base = System.currentTimeMillis() / 1000 + 3600;
                // M is paid 2 BTC at +100 and 1 BTC at +200; the 2 BTC coin goes to O at +300
                node.payToScript(M, 2 * BTC);
                long b1 = block(node, ix, base + 100);
                node.payToScript(M, BTC);
                long b2 = block(node, ix, base + 200);
                Utxo two = Regtest.utxos(node, M).stream().filter(u -> u.sats() == 2 * BTC).findFirst().orElseThrow();
                Regtest.send(node, Regtest.signed(node, List.of(Spend.of(two)), List.of(new Out(O, 2 * BTC - 10_000)),
                        List.of(KM)));
                long b3 = block(node, ix, base + 300);
                block(node, ix, base + 400);

                // the list names M from +150 (read while the indexer is past +400); the list is read again at +450
                server.serve(200, CustodianStub.array(List.of("raw(" + M + ")")), null);
                poll(custody, store, sync, base + 150);
                poll(custody, store, sync, base + 450);
                ReserveSetView before = engine.reserveSets("res", Instant.ofEpochSecond(base + 350)).sets().get(0);
                assertTrue(before.problems().toString().contains("not watched yet"),
                        "not watched before the next block: " + before.problems());

                // the next block: M is watched, its balance filled from its first use
                block(node, ix, base + 600);
                poll(custody, store, sync, base + 1000);
                long last = block(node, ix, base + 1000);
                awaitCut(engine, base + 999);
                Map<Long, Long> expected = new TreeMap<>(Map.of(base + 150, 2 * BTC, base + 250, 3 * BTC,
                        base + 350, BTC, base + 450, BTC, base + 999, BTC));
                assertReserves(engine, base, expected);
                String tag = SetMembers.tag(Regtest.HEX.parseHex(M));
                int series = store.find(SetMembers.balance("res", Regtest.CHAIN, "custody", tag)).orElseThrow();
                // 0 at the genesis block (nothing before the start height counts), then a point at each change,
                // dated at its block's time
                assertEquals(List.of(List.of(0L, 0L), List.of(b1, 2 * BTC), List.of(b2, 3 * BTC), List.of(b3, BTC)),
                        points(store, series, null));
                assertEquals(List.of(base + 100, base + 200, base + 300), points(store, series, base).subList(1, 4)
                        .stream().map(p -> p.get(1)).toList(), "times of the filled points");
                assertEquals(4, ix.writer().historyPoints());

                // a reorg from b3: the spend to O is gone; the filled point at b3 is rolled back with the chain
                node.rpc().call("invalidateblock", node.rpc().call("getblockhash", b3).asText());
                node.rpc().call("setmocktime", base + 310);
                Regtest.generateBlock(node, List.of());
                node.rpc().call("setmocktime", base + 1100);
                Regtest.generateBlock(node, List.of());
                Regtest.generateBlock(node, List.of());
                Regtest.generateBlock(node, List.of());
                long newTip = node.height();
                assertEquals(last, newTip, "the new branch replaces b3 and the three blocks after it");
                Poll.until(Duration.ofSeconds(60), "the reorg indexed through #" + newTip, () -> ix.status()
                        .indexedHeight() == newTip && store.checkpoint(Regtest.CHAIN).orElseThrow().hashHex()
                        .equals(node.rpc().call("getblockhash", newTip).asText()));
                poll(custody, store, sync, base + 1100);
                awaitCut(engine, base + 1099);
                expected.replaceAll((t, v) -> t >= base + 200 ? 3 * BTC : v);
                expected.put(base + 1099, 3 * BTC);
                assertReserves(engine, base, expected);
                assertEquals(List.of(List.of(0L, 0L), List.of(b1, 2 * BTC), List.of(b2, 3 * BTC)),
                        points(store, series, null), "b3's point rolled back; M re-entered with nothing to fill");
                assertEquals(4, ix.writer().historyPoints(), "the points held were kept, not written again");
            } finally {
                ix.close();
                store.close();
            }
        }
    }

    /** One block dated {@code second}, indexed; its height. */
    private static long block(BitcoinNode node, BitcoinIndexer ix, long second) {
        node.rpc().call("setmocktime", second);
        node.generate(1);
        long h = node.height();
        Poll.until(Duration.ofSeconds(60), "block #" + h + " indexed", () -> ix.status().indexedHeight() >= h);
        return h;
    }

    /** One poll of the list, dated {@code second} (a poller whose clock stands still at that moment). */
    private static void poll(ReserveSource custody, Store store, ChainSync sync, long second) {
        HttpSetPoller p = new HttpSetPoller("res", custody, BitcoinNetwork.REGTEST, store, HttpClient.newHttpClient(),
                sync, Clock.fixed(Instant.ofEpochSecond(second), ZoneOffset.UTC));
        p.pollOnce();
        assertEquals(null, p.lastRefusal());
    }

    private static void awaitCut(PorEngine engine, long second) {
        Poll.until(Duration.ofSeconds(60), "the cut past " + second, () -> {
            PorEngine.Cut c = engine.cut("res");
            return c.at() != null && !c.at().isBefore(Instant.ofEpochSecond(second));
        });
    }

    private static void assertReserves(PorEngine engine, long base, Map<Long, Long> expected) {
        for (Map.Entry<Long, Long> e : expected.entrySet()) {
            ReserveSetsAt at = engine.reserveSets("res", Instant.ofEpochSecond(e.getKey()));
            assertEquals(List.of(), at.reasons(), "at +" + (e.getKey() - base));
            ReserveSetView v = at.sets().get(0);
            assertEquals(List.of(), v.problems(), "at +" + (e.getKey() - base));
            assertEquals(e.getValue().longValue(), v.total().raw().longValueExact(), "reserves at +" + (e.getKey() - base));
        }
    }

    /** The series' points as (height, value), or (height, seconds) when {@code base} is given. */
    private static List<List<Long>> points(Store store, int series, Long base) {
        List<List<Long>> out = new ArrayList<>();
        try (SeriesCursor c = store.range(series, Long.MIN_VALUE, Long.MAX_VALUE)) {
            while (c.next()) {
                Point p = c.point();
                out.add(List.of(p.height, base == null ? p.value.lo() : p.time / 1000));
            }
        }
        return out;
    }
}
