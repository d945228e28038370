package io.assay.chain.bitcoin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.assay.chain.Alarm;
import io.assay.chain.FaultProxy;
import io.assay.chain.bitcoin.Regtest.Key;
import io.assay.config.ChainProfile;
import io.assay.config.Profiles;
import io.assay.devnet.BitcoinNode;
import io.assay.devnet.Devnet;
import io.assay.devnet.DevnetExtension;
import io.assay.devnet.Poll;
import io.assay.store.Store;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static io.assay.chain.bitcoin.Regtest.script;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Where blocks and UTXO scans come from: a node without REST ({@code -rest=0}) is read with {@code getblock} over
 * JSON-RPC; REST requests that fail fall back to RPC block by block; a node whose {@code scantxoutset} disagrees with
 * the chain raises a reconciliation alarm and changes no indexed value. Proxied endpoints go through
 * {@link FaultProxy} (credentials, paths and REST's GET pass through it).
 */
class BitcoinEndpointsRegtestTest {
    @RegisterExtension
    static final DevnetExtension DEVNET = new DevnetExtension(Devnet.Node.BITCOIN);
    private static BitcoinNode node;
    static final String S = script("wpkh(" + Key.of(31).pub() + ")");
    static final String T = script("sh(wpkh(" + Key.of(32).pub() + "))");

    private static long fundedAt;

    @BeforeAll
    static void start() {
        node = DEVNET.bitcoin();
        node.payToScript(S, 150_000_000L);
        node.payToScript(T, 250_000_000L);
        node.payToScript(S, 50_000_000L);
        node.generate(1);
        fundedAt = node.height();
    }

    private static Profiles profiles(ChainProfile chain) {
        return Regtest.profiles(chain, Regtest.asset("res", Regtest.script("s", S), Regtest.script("t", T)));
    }

    private static void caughtUp(BitcoinIndexer ix, BitcoinNode n) {
        long tip = n.height();
        Poll.until(Duration.ofSeconds(60), "indexer at #" + tip, () -> ix.status().indexedHeight() == tip);
    }

    @Test
    void aNodeWithoutRestIsReadWithGetblockOverJsonRpc(@TempDir Path dir) throws Exception {
        try (BitcoinNode plain = BitcoinNode.startStandalone(dir.resolve("node"), "-rest=0")) {
            HttpResponse<byte[]> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create(plain.restUrl() + "/block/" + plain.rpc().call("getbestblockhash").asText() + ".bin"))
                    .build(), HttpResponse.BodyHandlers.ofByteArray());
            assertEquals(404, r.statusCode(), "REST is off on this node");
            plain.payToScript(S, 123_456_789L);
            plain.payToScript(T, 987_654_321L);
            plain.generate(2);
            ChainProfile chain = Regtest.chain(plain.url(), 1, 12, 1);
            Store store = Regtest.openStore(dir.resolve("store"));
            try (BitcoinIndexer ix = BitcoinIndexer.create(chain, profiles(chain), store, null)) {
                ix.start();
                long fin = plain.height() - 1;
                Poll.until(Duration.ofSeconds(60), "indexer at #" + fin, () -> ix.status().indexedHeight() == fin);
                assertEquals(123_456_789L, Regtest.reserve(store, "res", "s"));
                assertEquals(987_654_321L, Regtest.reserve(store, "res", "t"));
                assertEquals(0, ix.reader().blocksViaRest());
                // blocks 0..fin, plus what reconciliation read on top of the indexed height
                assertTrue(ix.reader().blocksViaRpc() >= fin + 1, "every block came over RPC: " + ix.reader().blocksViaRpc());
            } finally {
                store.close();
            }
        }
    }

    @Test
    void restRequestsThatFailFallBackToRpcBlockByBlock(@TempDir Path dir) {
        try (FaultProxy proxy = FaultProxy.start(node.url())) {
            proxy.plan(r -> r.httpMethod().equals("GET") && r.seq() % 3 == 0 ? FaultProxy.Fault.HTTP_500
                    : FaultProxy.Fault.NONE);
            URI via = URI.create(node.url().toString().replace(node.url().getHost() + ":" + node.url().getPort(),
                    "127.0.0.1:" + proxy.url().getPort()));
            ChainProfile chain = Regtest.chain(via, 0, 12, 0);
            Store store = Regtest.openStore(dir);
            try (BitcoinIndexer ix = BitcoinIndexer.create(chain, profiles(chain), store, null)) {
                ix.start();
                caughtUp(ix, node);
                assertEquals(Regtest.scan(node, S), Regtest.reserve(store, "res", "s"));
                assertEquals(Regtest.scan(node, T), Regtest.reserve(store, "res", "t"));
                long rest = ix.reader().blocksViaRest();
                long rpc = ix.reader().blocksViaRpc();
                assertEquals(node.height() + 1, rest + rpc);
                assertTrue(rest > 0 && rpc > 0, rest + " blocks over REST, " + rpc + " over RPC");
                assertTrue(proxy.injected(FaultProxy.Fault.HTTP_500) >= rpc);
            } finally {
                store.close();
            }
        }
    }

    @Test
    void twoEndpointsAreAskedForEveryFinalBlockAndAgree(@TempDir Path dir) {
        try (FaultProxy proxy = FaultProxy.start(node.url())) {
            URI via = URI.create(node.url().toString().replace(node.url().getHost() + ":" + node.url().getPort(),
                    "127.0.0.1:" + proxy.url().getPort()));
            ChainProfile chain = Regtest.chain(Regtest.CHAIN, List.of(node.url(), via), null, 0, 12, 0, 0, 16);
            Store store = Regtest.openStore(dir);
            try (BitcoinIndexer ix = BitcoinIndexer.create(chain, profiles(chain), store, null)) {
                ix.start();
                caughtUp(ix, node);
                assertEquals(Regtest.scan(node, S), Regtest.reserve(store, "res", "s"));
                assertTrue(proxy.requests() > 0, "the second endpoint was asked too");
                assertTrue(ix.status().view().endpoints().stream().allMatch(e -> e.state().equals("ok")),
                        ix.status().view().endpoints().toString());
            } finally {
                store.close();
            }
        }
    }

    @Test
    void indexingFromAStartHeightBeginsAtZeroAndReconciliationReportsOlderCoins(@TempDir Path dir) {
        ChainProfile chain = Regtest.chain(Regtest.CHAIN, List.of(node.url()), null, 0, 12, 1, fundedAt + 1, 16);
        Store store = Regtest.openStore(dir);
        try (BitcoinIndexer ix = BitcoinIndexer.create(chain, profiles(chain), store, null)) {
            ix.start();
            caughtUp(ix, node);
            assertEquals(0L, Regtest.atHeight(store, io.assay.store.SeriesNames.reserve("res", Regtest.CHAIN, "s"), fundedAt),
                    "the starting value, at the block before the start height");
            assertEquals(null, Regtest.atHeight(store, io.assay.store.SeriesNames.reserve("res", Regtest.CHAIN, "s"),
                    fundedAt - 1), "nothing before");
            assertEquals(fundedAt, Regtest.atHeight(store, io.assay.store.SeriesNames.committedHeight(Regtest.CHAIN), fundedAt));
            Poll.until(Duration.ofSeconds(60), "reconciliation reports the coins paid before the start height",
                    () -> ix.status().reconcileMismatches() == 2);
            String paid = node.payToScript(S, 33_000_000L);
            node.generate(1);
            caughtUp(ix, node);
            assertEquals(33_000_000L, Regtest.reserve(store, "res", "s"));
            assertEquals(0L, Regtest.reserve(store, "res", "t"));
            assertTrue(ix.status().alarms().stream().anyMatch(a -> a.message().contains("node has, index lacks")),
                    ix.status().alarms().toString());
            assertTrue(paid.length() == 64);
        } finally {
            store.close();
        }
    }

    @Test
    void changedSourcesHaltTheChainInsteadOfMixingHistories(@TempDir Path dir) {
        ChainProfile chain = Regtest.chain(node.url(), 0, 12, 0);
        Store store = Regtest.openStore(dir);
        try (BitcoinIndexer ix = BitcoinIndexer.create(chain, profiles(chain), store, null)) {
            ix.start();
            caughtUp(ix, node);
        } finally {
            store.close();
        }
        Store again = Regtest.openStore(dir);
        Profiles fewer = Regtest.profiles(chain, Regtest.asset("res", Regtest.script("s", S)));
        try (BitcoinIndexer ix = BitcoinIndexer.create(chain, fewer, again, null)) {
            ix.start();
            Poll.until(Duration.ofSeconds(30), "a halt", () -> ix.status().haltReason() != null);
            assertTrue(ix.status().haltReason().contains("the reserve sources changed since this chain was indexed"),
                    ix.status().haltReason());
            assertEquals(io.assay.chain.ChainState.HALTED, ix.status().state());
        } finally {
            again.close();
        }
    }

    @Test
    void aScanThatDisagreesWithTheChainRaisesAnAlarmAndChangesNothing(@TempDir Path dir) {
        try (FaultProxy proxy = FaultProxy.start(node.url())) {
            URI via = URI.create(node.url().toString().replace(node.url().getHost() + ":" + node.url().getPort(),
                    "127.0.0.1:" + proxy.url().getPort()));
            // the proxy's node "forgets" the first coin it finds (and keeps its totals consistent)
            String[] hidden = new String[1];
            proxy.rewrite("scantxoutset", result -> {
                ObjectNode r = ((ObjectNode) result).deepCopy();
                ArrayNode coins = (ArrayNode) r.get("unspents");
                JsonNode first = coins.remove(0);
                hidden[0] = first.path("txid").asText() + ":" + first.path("vout").asInt();
                BigDecimal total = r.path("total_amount").decimalValue().subtract(first.path("amount").decimalValue());
                r.put("total_amount", total);
                return r;
            });
            ChainProfile chain = Regtest.chain(via, 0, 12, 1);
            Store store = Regtest.openStore(dir);
            try (BitcoinIndexer ix = BitcoinIndexer.create(chain, profiles(chain), store, null)) {
                ix.start();
                caughtUp(ix, node);
                Poll.until(Duration.ofSeconds(60), "a reconciliation mismatch", () -> ix.status().reconcileMismatches() == 1);
                Alarm a = ix.status().alarms().stream().filter(x -> x.kind().equals("reconcile-mismatch")).findFirst()
                        .orElseThrow();
                assertTrue(a.message().contains("index has, node lacks: " + hidden[0]), a.message());
                assertEquals(node.height(), a.height());
                assertEquals(Regtest.scan(node, S), Regtest.reserve(store, "res", "s"), "indexed values are kept");
                assertEquals(Regtest.scan(node, T), Regtest.reserve(store, "res", "t"), "indexed values are kept");

                proxy.stopLying();
                node.generate(1);
                long tip = node.height();
                Poll.until(Duration.ofSeconds(60), "a clean reconciliation at #" + tip,
                        () -> ix.status().view().lastReconciledHeight() == tip && ix.status().reconcileMismatches() == 0);
            } finally {
                store.close();
            }
        }
    }
}
