package io.assay.chain.bitcoin;

import io.assay.chain.ChainStatusView;
import io.assay.chain.ChainSync;
import io.assay.chain.bitcoin.Regtest.Key;
import io.assay.chain.bitcoin.Regtest.Out;
import io.assay.chain.bitcoin.Regtest.Spend;
import io.assay.chain.bitcoin.Regtest.Utxo;
import io.assay.config.ChainProfile;
import io.assay.config.Profiles;
import io.assay.devnet.BitcoinNode;
import io.assay.devnet.Devnet;
import io.assay.devnet.DevnetExtension;
import io.assay.devnet.Poll;
import io.assay.store.SeriesNames;
import io.assay.store.Store;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static io.assay.chain.bitcoin.Regtest.script;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The Bitcoin indexer against litecoind regtest: scripts of every type (P2PKH, P2SH-P2WPKH, P2WPKH, P2WSH, P2TR)
 * funded and partly spent, outputs created and spent in one block, a coinbase paying a reserve, one script claimed
 * twice within an asset and once more by another asset; after every step each source's balance equals the node's
 * {@code scantxoutset} and the reconciler finds no difference. Then the indexer is stopped and resumed from the store.
 */
class BitcoinIndexerRegtestTest {
    @RegisterExtension
    static final DevnetExtension DEVNET = new DevnetExtension(Devnet.Node.BITCOIN);
    private static BitcoinNode node;

    static final Key K1 = Key.of(1);
    static final Key K2 = Key.of(2);
    static final Key K3 = Key.of(3);
    static final Key K4 = Key.of(4);
    static final Key K5 = Key.of(5);
    static final Key K6 = Key.of(6);
    static final String P2PKH = script("pkh(" + K1.pub() + ")");
    static final String P2SH_P2WPKH = script("sh(wpkh(" + K2.pub() + "))");
    static final String P2WPKH = script("wpkh(" + K3.pub() + ")");
    static final String MULTISIG = "5121" + K4.pub() + "21" + K5.pub() + "52ae";
    static final String P2WSH = script("wsh(multi(1," + K4.pub() + "," + K5.pub() + "))");
    static final String P2TR = script("tr(" + K6.xonly() + ")");

    @BeforeAll
    static void start() {
        node = DEVNET.bitcoin();
    }

    /** Sources of asset "res" by id; "wpkh-again" watches P2WPKH a second time; asset "other" claims it as well. */
    private static Profiles profiles(ChainProfile chain) {
        return Regtest.profiles(chain,
                Regtest.asset("res",
                        Regtest.script("p2pkh", P2PKH),
                        Regtest.descriptor("p2sh-p2wpkh", "sh(wpkh(" + K2.pub() + "))", 20),
                        Regtest.script("p2wpkh", P2WPKH),
                        Regtest.script("p2wsh", P2WSH),
                        Regtest.descriptor("p2tr", "tr(" + K6.xonly() + ")", 20),
                        Regtest.descriptor("wpkh-again", "wpkh(" + K3.pub() + ")", 20)),
                Regtest.asset("other", Regtest.script("shared", P2WPKH)));
    }

    @Test
    void everyScriptTypeFundedAndSpentEqualsTheNodesUtxoScanAfterEveryStep(@TempDir Path dir) throws Exception {
        assertEquals("0014" , P2WPKH.substring(0, 4));
        assertEquals("0020" + Regtest.HEX.formatHex(org.bitcoinj.base.Sha256Hash.hash(Regtest.HEX.parseHex(MULTISIG))),
                P2WSH, "the descriptor's P2WSH commits to the multisig script the test signs with");
        ChainProfile chain = Regtest.chain(node.url(), 0, 12, 1);
        Profiles profiles = profiles(chain);
        ChainSync synced = new ChainSync();
        Store store = Regtest.openStore(dir);
        BitcoinIndexer ix = BitcoinIndexer.create(chain, profiles, store, synced);
        long firstTip = node.height();
        try {
            ix.start();
            step(ix, store, "nothing funded yet");

            // 1: every type funded
            long[] amounts = {110_000_000L, 220_000_000L, 330_000_000L, 440_000_000L, 550_000_000L};
            String[] scripts = {P2PKH, P2SH_P2WPKH, P2WPKH, P2WSH, P2TR};
            for (int i = 0; i < scripts.length; i++) {
                node.payToScript(scripts[i], amounts[i]);
            }
            node.generate(1);
            step(ix, store, "every script type funded");
            assertEquals(550_000_000L, Regtest.reserve(store, "res", "p2tr"));

            // 2: spend P2PKH entirely into P2TR; spend P2SH-P2WPKH and P2WSH partly back to themselves
            Utxo pkh = Regtest.utxos(node, P2PKH).get(0);
            Utxo sh = Regtest.utxos(node, P2SH_P2WPKH).get(0);
            Utxo wsh = Regtest.utxos(node, P2WSH).get(0);
            String tx = Regtest.signed(node,
                    List.of(Spend.of(pkh), new Spend(sh, P2WPKH_OF_K2, null), new Spend(wsh, null, MULTISIG)),
                    List.of(new Out(P2TR, pkh.sats() - 10_000), new Out(P2SH_P2WPKH, sh.sats() / 2),
                            new Out(P2WSH, wsh.sats() - 1_000_000), new Out(script("wpkh(" + Key.of(99).pub() + ")"),
                                    sh.sats() - sh.sats() / 2 + 1_000_000 - 20_000)),
                    List.of(K1, K2, K4));
            Regtest.send(node, tx);
            node.generate(1);
            step(ix, store, "spends across P2PKH, P2SH-P2WPKH and P2WSH");
            assertEquals(0L, Regtest.reserve(store, "res", "p2pkh"));

            // 3: an output created and spent within one block nets to nothing; its parent pays P2WPKH for real
            String parent = node.payToScript(P2WPKH, 70_000_000L);
            int vout = voutPaying(parent, P2WPKH, 70_000_000L);
            String child = Regtest.signed(node, List.of(Spend.of(new Utxo(parent, vout, 70_000_000L, P2WPKH))),
                    List.of(new Out(P2WPKH, 30_000_000L), new Out(script("wpkh(" + Key.of(98).pub() + ")"),
                            39_990_000L)), List.of(K3));
            Regtest.send(node, child);
            Regtest.generateBlock(node, List.of(parent, node.rpc().call("decoderawtransaction", child).path("txid").asText()));
            step(ix, store, "create and spend in one block");

            // 4: a coinbase paying a reserve script (immature coinbase outputs are in the UTXO set too)
            node.rpc().call("generatetoaddress", 1, Regtest.address(node, P2TR));
            step(ix, store, "coinbase to P2TR");

            assertEquals(0L, Regtest.reserve(store, "res", "wpkh-again"),
                    "a script watched twice within an asset counts once, under the first source");
            assertEquals(Regtest.scan(node, P2WPKH), Regtest.reserve(store, "other", "shared"),
                    "another asset claiming the same script counts it too");
            assertTrue(ix.reader().blocksViaRest() > 0 && ix.reader().blocksViaRpc() == 0,
                    "blocks came over REST: " + ix.reader().blocksViaRest() + " REST, " + ix.reader().blocksViaRpc() + " RPC");
            Instant at = synced.coveredUntil(Regtest.CHAIN).orElseThrow(() -> new AssertionError("never reported its coverage"));
            // known final through (at least) just before the newest block's time, which regtest bursts date ahead of the
            // clock (so the coverage may lie in the future)
            assertTrue(at.toEpochMilli() >= ix.status().view().indexedTime() - 1 && at.isAfter(Instant.now().minusSeconds(60)),
                    at.toString());
            assertTrue(ix.writer().utxosSpent() >= 4, "spends seen: " + ix.writer().utxosSpent());

            // the whole history, height by height, against the blocks replayed with bitcoinj
            long tip = node.height();
            Map<String, String> bySource = Map.of("p2pkh", P2PKH, "p2sh-p2wpkh", P2SH_P2WPKH, "p2wpkh", P2WPKH,
                    "p2wsh", P2WSH, "p2tr", P2TR);
            Map<String, long[]> history = Regtest.replay(node, new java.util.HashSet<>(bySource.values()), tip);
            for (long h = 0; h <= tip; h++) {
                long sum = 0;
                for (Map.Entry<String, String> e : bySource.entrySet()) {
                    long want = history.get(e.getValue())[(int) h];
                    assertEquals(want, Regtest.atHeight(store, SeriesNames.reserve("res", Regtest.CHAIN, e.getKey()), h),
                            e.getKey() + " at #" + h);
                    sum += want;
                }
                assertEquals(sum, Regtest.atHeight(store, SeriesNames.reserveTotal("res", Regtest.CHAIN), h), "total at #" + h);
                assertEquals(history.get(P2WPKH)[(int) h], Regtest.atHeight(store, SeriesNames.reserve("other",
                        Regtest.CHAIN, "shared"), h), "other/shared at #" + h);
                // the backfill to the first tip committed per segment; from there on every block is a commit
                Long committed = Regtest.atHeight(store, SeriesNames.committedHeight(Regtest.CHAIN), h);
                assertTrue(committed == null || committed <= h, "committed height at #" + h + ": " + committed);
                if (h > firstTip) {
                    assertEquals(h, committed, "committed height at #" + h);
                }
            }
        } finally {
            ix.close();
            store.close();
        }

        // resume: more blocks while stopped, then a new indexer on the reopened store continues from its checkpoint
        long stoppedAt = node.height();
        node.payToScript(P2WSH, 12_345_678L);
        node.payToScript(P2SH_P2WPKH, 87_654_321L);
        node.generate(3);
        Store again = Regtest.openStore(dir);
        BitcoinIndexer resumed = BitcoinIndexer.create(chain, profiles, again, synced);
        try {
            assertEquals(stoppedAt, again.checkpoint(Regtest.CHAIN).orElseThrow().height());
            resumed.start();
            step(resumed, again, "resumed after a stop");
            assertEquals(0, resumed.status().reorgs());
        } finally {
            resumed.close();
            again.close();
        }
    }

    /** The P2WPKH script of K2: the redeem script of its P2SH-P2WPKH output. */
    static final String P2WPKH_OF_K2 = script("wpkh(" + K2.pub() + ")");

    private static int voutPaying(String txid, String script, long sats) {
        var tx = node.rpc().call("getrawtransaction", txid, true);
        for (var o : tx.path("vout")) {
            if (o.path("scriptPubKey").path("hex").asText().equals(script)
                    && o.path("value").decimalValue().movePointRight(8).longValueExact() == sats) {
                return o.path("n").asInt();
            }
        }
        throw new AssertionError("no output of " + txid + " pays " + sats + " to " + script);
    }

    /** Waits until the indexer and its reconciliation reached the node's tip, then compares every series. */
    static void step(BitcoinIndexer ix, Store store, String what) {
        long tip = node.height();
        Poll.until(Duration.ofSeconds(60), "indexer at #" + tip + " (" + what + ")",
                () -> ix.status().indexedHeight() == tip);
        Poll.until(Duration.ofSeconds(60), "reconciliation at #" + tip + " (" + what + ")",
                () -> ix.status().view().lastReconciledHeight() == tip);
        ChainStatusView v = ix.status().view();
        assertEquals(0, v.reconcileMismatches(), what + ": reconciliation alarms " + v.alarms());
        Map<String, String> bySource = Map.of("p2pkh", P2PKH, "p2sh-p2wpkh", P2SH_P2WPKH, "p2wpkh", P2WPKH,
                "p2wsh", P2WSH, "p2tr", P2TR);
        long sum = 0;
        for (Map.Entry<String, String> e : bySource.entrySet()) {
            long node = Regtest.scan(BitcoinIndexerRegtestTest.node, e.getValue());
            assertEquals(node, Regtest.reserve(store, "res", e.getKey()), what + ": " + e.getKey());
            sum += node;
        }
        assertEquals(sum, Regtest.total(store, "res"), what + ": asset total");
        assertEquals(Regtest.scan(BitcoinIndexerRegtestTest.node, new ArrayList<>(bySource.values())), sum);
        assertEquals(tip, Regtest.latest(store, SeriesNames.committedHeight(Regtest.CHAIN)), what + ": committed height");
    }
}
