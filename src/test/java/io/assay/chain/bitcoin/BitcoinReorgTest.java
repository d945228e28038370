package io.assay.chain.bitcoin;

import io.assay.chain.ChainStatusView;
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
import io.assay.store.Store;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import static io.assay.chain.bitcoin.Regtest.script;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

/**
 * Real reorgs on litecoind regtest ({@code invalidateblock}, then a longer competing branch mined with
 * {@code generateblock}) at depths 1 to 10. The reorged-away branch pays reserve script A and spends a UTXO of C into
 * A; the competing branch double-spends that UTXO of C into B. After every branch each source's balance equals the
 * node's {@code scantxoutset}, the loop counted the reorg at its depth, and reconciliation finds no difference.
 */
class BitcoinReorgTest {
    @RegisterExtension
    static final DevnetExtension DEVNET = new DevnetExtension(Devnet.Node.BITCOIN);
    private static BitcoinNode node;

    static final Key KA = Key.of(11);
    static final Key KB = Key.of(12);
    static final Key KC = Key.of(13);
    static final String A = script("wpkh(" + KA.pub() + ")");
    static final String B = script("tr(" + KB.xonly() + ")");
    static final String C = script("pkh(" + KC.pub() + ")");

    @BeforeAll
    static void start() {
        node = DEVNET.bitcoin();
    }

    @Test
    void reorgsOfDepthOneToTenLeaveEveryBalanceEqualToTheNodesUtxoSet(@TempDir Path dir) {
        ChainProfile chain = Regtest.chain(node.url(), 0, 12, 1);
        Profiles profiles = Regtest.profiles(chain, Regtest.asset("res",
                Regtest.script("a", A), Regtest.script("b", B), Regtest.script("c", C)));
        // C holds one UTXO per depth, to be spent on the main branch and double-spent on the competing one
        for (int d = 1; d <= 10; d++) {
            node.payToScript(C, 10_000_000L + d);
        }
        node.generate(1);
        List<Utxo> cs = new ArrayList<>(Regtest.utxos(node, C));
        cs.sort(Comparator.comparingLong(Utxo::sats));
        assertEquals(10, cs.size());
        Store store = Regtest.openStore(dir);
        try (BitcoinIndexer ix = BitcoinIndexer.create(chain, profiles, store, null)) {
            ix.start();
            compare(ix, store, "start");
            for (int d = 1; d <= 10; d++) {
                Utxo c = cs.get(d - 1);
                for (int i = 0; i < d; i++) {
                    node.payToScript(A, 1_000_000L * d + i);
                    if (i == d - 1) {
                        Regtest.send(node, Regtest.signed(node, List.of(Spend.of(c)),
                                List.of(new Out(A, c.sats() - 10_000)), List.of(KC)));
                    }
                    node.generate(1);
                }
                compare(ix, store, "depth " + d + ", before the reorg");
                long before = Regtest.reserve(store, "res", "a");
                long tip = node.height();
                String fork = node.rpc().call("getblockhash", tip - d + 1).asText();
                node.rpc().call("invalidateblock", fork);
                assertEquals(tip - d, node.height());
                String doubleSpend = Regtest.signed(node, List.of(Spend.of(c)), List.of(new Out(B, c.sats() - 20_000)),
                        List.of(KC));
                Regtest.generateBlock(node, List.of(doubleSpend));
                for (int i = 0; i < d; i++) {
                    Regtest.generateBlock(node, List.of());
                }
                assertEquals(tip + 1, node.height());
                compare(ix, store, "depth " + d + ", after the reorg");
                assertEquals(d, ix.status().reorgs(), "reorgs handled after depth " + d);
                assertEquals(d, ix.status().lastReorgDepth());
                assertNotEquals(before, Regtest.reserve(store, "res", "a"), "the reorg changed A's balance");
            }
            // the payments of the abandoned branches are still in the mempool: mine them
            node.generate(1);
            compare(ix, store, "abandoned payments mined again");
        } finally {
            store.close();
        }
    }

    private static void compare(BitcoinIndexer ix, Store store, String what) {
        long tip = node.height();
        String best = node.rpc().call("getbestblockhash").asText();
        Poll.until(Duration.ofSeconds(60), "indexer at #" + tip + " " + best + " (" + what + ")",
                () -> ix.status().indexedHeight() == tip
                        && best.equals(store.checkpoint(Regtest.CHAIN).orElseThrow().hashHex()));
        Poll.until(Duration.ofSeconds(60), "reconciliation at #" + tip + " (" + what + ")",
                () -> ix.status().view().lastReconciledHeight() == tip);
        ChainStatusView v = ix.status().view();
        assertEquals(0, v.reconcileMismatches(), what + ": " + v.alarms());
        long a = Regtest.scan(node, A);
        long b = Regtest.scan(node, B);
        long c = Regtest.scan(node, C);
        assertEquals(a, Regtest.reserve(store, "res", "a"), what + ": A");
        assertEquals(b, Regtest.reserve(store, "res", "b"), what + ": B");
        assertEquals(c, Regtest.reserve(store, "res", "c"), what + ": C");
        assertEquals(a + b + c, Regtest.total(store, "res"), what + ": total");
    }
}
