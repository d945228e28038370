package io.assay.chain.bitcoin;

import io.assay.chain.bitcoin.Regtest.Key;
import io.assay.chain.bitcoin.Regtest.Out;
import io.assay.chain.bitcoin.Regtest.Spend;
import io.assay.chain.bitcoin.Regtest.Utxo;
import io.assay.config.ChainProfile;
import io.assay.config.Profiles;
import io.assay.descriptor.Descriptor;
import io.assay.devnet.BitcoinNode;
import io.assay.devnet.Poll;
import io.assay.store.SeriesKey;
import io.assay.store.SeriesNames;
import io.assay.store.Store;
import org.bitcoinj.base.BitcoinNetwork;
import org.bitcoinj.crypto.DeterministicKey;
import org.bitcoinj.crypto.HDKeyDerivation;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * One answer whatever the backend: three indexers reading one litecoind regtest chain ({@code -blockfilterindex=1})
 * in different ways — Core reading every block ({@code backfill: full}), Core reading only the blocks whose BIP 158
 * filter matches ({@code backfill: filters}), and Esplora's HTTP API (served from the same node by
 * {@link EsploraServer}, a stand-in in the test tree: there is no Esplora server here) — write the same value at every
 * height for every series, through a
 * backfill (with payments beyond a gap window found late), following the tip, and reorgs that double-spend a reserve
 * coin. The chain is also checked against the node's {@code scantxoutset} at the end.
 */
class BitcoinBackendsTest {
    private static final long BTC = 100_000_000L;
    static final Key KA = Key.of(21);
    static final Key KB = Key.of(22);
    static final String A = Regtest.script("wpkh(" + KA.pub() + ")");
    static final String B = Regtest.script("pkh(" + KB.pub() + ")");

    @TempDir
    Path dir;

    @Test
    void fullScanFiltersAndEsploraWriteTheSameSeriesOnAChainWithReorgs() throws Exception {
        DeterministicKey master = HDKeyDerivation.createMasterPrivateKey(Regtest.HEX.parseHex("0f0e0d0c0b0a09080706"));
        DeterministicKey external = HDKeyDerivation.deriveChildKey(master, 0);
        Descriptor hd = Descriptor.parse("wpkh(" + master.serializePubB58(BitcoinNetwork.TESTNET) + "/0/*)",
                BitcoinNetwork.REGTEST);
        try (BitcoinNode node = BitcoinNode.startStandalone(dir.resolve("node"), "-blockfilterindex=1");
             EsploraServer esplora = new EsploraServer(node)) {
            // history before the indexers start: backfill
            node.payToScript(A, 3 * BTC);
            node.generate(5);
            node.payToScript(Regtest.script(hd, 8), 2 * BTC); // beyond the window 0..4
            node.payToScript(B, BTC);
            node.generate(3);
            Utxo a = Regtest.utxos(node, A).get(0);
            Regtest.send(node, Regtest.signed(node, List.of(Spend.of(a)), List.of(new Out(B, BTC), new Out(A,
                    2 * BTC - 10_000)), List.of(KA)));
            node.generate(2);
            node.payToScript(Regtest.script(hd, 3), BTC / 4); // brings child 8 into the window
            node.generate(4);

            Map<String, ChainProfile> modes = new LinkedHashMap<>();
            ChainProfile base = Regtest.chain(node.url(), 0, 12, 0);
            modes.put("full", base.withBackfill(ChainProfile.FULL));
            modes.put("filters", base.withBackfill(ChainProfile.FILTERS));
            modes.put("esplora", Regtest.esplora(base, esplora.url()));
            List<Store> stores = new ArrayList<>();
            List<BitcoinIndexer> indexers = new ArrayList<>();
            try {
                for (Map.Entry<String, ChainProfile> m : modes.entrySet()) {
                    Profiles profiles = Regtest.profiles(m.getValue(), Regtest.asset("res", Regtest.script("a", A),
                            Regtest.script("b", B), Regtest.descriptor("hd", hd.toString(), 5)));
                    Store store = Regtest.openStore(dir.resolve(m.getKey()));
                    stores.add(store);
                    BitcoinIndexer ix = BitcoinIndexer.create(m.getValue(), profiles, store, null);
                    indexers.add(ix);
                    ix.start();
                }
                compare(node, indexers, stores, "after the backfill");
                for (BitcoinIndexer ix : indexers) {
                    assertEquals(1, ix.writer().lateCoins(), "child 8's coin found when child 3 was paid");
                }

                // following, then reorgs of depth 2 and 3 that double-spend a coin of B
                for (int depth = 2; depth <= 3; depth++) {
                    Utxo b = Regtest.utxos(node, B).get(0);
                    node.payToScript(A, BTC / 10 * depth);
                    Regtest.send(node, Regtest.signed(node, List.of(Spend.of(b)),
                            List.of(new Out(Regtest.script(hd, 9), b.sats() - 10_000)), List.of(KB)));
                    node.generate(1);
                    node.generate(depth - 1);
                    compare(node, indexers, stores, "depth " + depth + ", before the reorg");
                    long tip = node.height();
                    node.rpc().call("invalidateblock", node.rpc().call("getblockhash", tip - depth + 1).asText());
                    String doubleSpend = Regtest.signed(node, List.of(Spend.of(b)),
                            List.of(new Out(A, b.sats() - 20_000)), List.of(KB));
                    Regtest.generateBlock(node, List.of(doubleSpend));
                    for (int i = 0; i < depth; i++) {
                        Regtest.generateBlock(node, List.of());
                    }
                    compare(node, indexers, stores, "depth " + depth + ", after the reorg");
                    for (BitcoinIndexer ix : indexers) {
                        assertEquals(depth - 1, ix.status().reorgs(), "reorgs seen");
                    }
                }
                node.generate(1);
                compare(node, indexers, stores, "the abandoned payments mined again");
                List<String> watched = new ArrayList<>(List.of(A, B));
                for (int i = 0; i < indexers.get(0).writer().tracked().watched(2, 0); i++) {
                    watched.add(Regtest.script(hd, i));
                }
                assertEquals(Regtest.scan(node, watched), Regtest.total(stores.get(0), "res"), "the node's UTXO set");
                assertTrue(indexers.get(1).reader().blocksSkipped() > 50, "filters skipped blocks: "
                        + indexers.get(1).reader().blocksSkipped());
                assertEquals(0, indexers.get(0).reader().blocksSkipped());
                assertTrue(indexers.get(2).esplora().requests() > 0, "the third indexer read the Esplora server");
                assertEquals(0, indexers.get(2).reader().blocksViaRest() + indexers.get(2).reader().blocksViaRpc());
            } finally {
                for (BitcoinIndexer ix : indexers) {
                    ix.close();
                }
                for (Store s : stores) {
                    s.close();
                }
            }
        }
    }

    /** Waits until every indexer is at the node's tip, then compares every series at every height. */
    private static void compare(BitcoinNode node, List<BitcoinIndexer> indexers, List<Store> stores, String what) {
        long tip = node.height();
        String best = node.rpc().call("getbestblockhash").asText();
        for (int i = 0; i < indexers.size(); i++) {
            BitcoinIndexer ix = indexers.get(i);
            Store store = stores.get(i);
            Poll.until(Duration.ofSeconds(60), "indexer " + i + " at #" + tip + " (" + what + ")",
                    () -> ix.status().indexedHeight() == tip
                            && best.equals(store.checkpoint(Regtest.CHAIN).orElseThrow().hashHex()));
        }
        List<SeriesKey> keys = List.of(SeriesNames.reserve("res", Regtest.CHAIN, "a"),
                SeriesNames.reserve("res", Regtest.CHAIN, "b"), SeriesNames.reserve("res", Regtest.CHAIN, "hd"),
                SeriesNames.reserveTotal("res", Regtest.CHAIN));
        int points = 0;
        for (SeriesKey key : keys) {
            for (long h = 0; h <= tip; h++) {
                Long first = Regtest.atHeight(stores.get(0), key, h);
                for (int i = 1; i < stores.size(); i++) {
                    assertEquals(first, Regtest.atHeight(stores.get(i), key, h), what + ": " + key + " at #" + h
                            + ", backend " + i + " against backend 0");
                }
                points++;
            }
        }
        assertTrue(points > 0);
    }
}
