package io.assay.chain.bitcoin;

import io.assay.chain.Alarm;
import io.assay.chain.bitcoin.Regtest.Key;
import io.assay.chain.bitcoin.Regtest.Out;
import io.assay.chain.bitcoin.Regtest.Spend;
import io.assay.chain.bitcoin.Regtest.Utxo;
import io.assay.config.ChainProfile;
import io.assay.config.Profiles;
import io.assay.descriptor.Descriptor;
import io.assay.devnet.BitcoinNode;
import io.assay.devnet.Devnet;
import io.assay.devnet.DevnetExtension;
import io.assay.devnet.Poll;
import io.assay.store.Store;
import org.bitcoinj.base.BitcoinNetwork;
import org.bitcoinj.crypto.DeterministicKey;
import org.bitcoinj.crypto.HDKeyDerivation;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A ranged descriptor {@code wpkh(tpub.../0/*)} with gap limit 20 on litecoind regtest (the tpub is BIP 32 test
 * vector 1's master key). Windows follow the chain forward:
 * <ol>
 *   <li>children 0 and 25 funded: only child 0 counts (25 is beyond the window 0..20);</li>
 *   <li>child 5 funded: the window reaches 25, but the earlier payment to 25 is not counted (it was beyond the gap
 *       when it was made); reconciliation, which now watches child 25, reports the node's coin as missing;</li>
 *   <li>child 25 funded again: counted;</li>
 *   <li>one block paying child 50 before child 30: the block is applied as a whole, the window grows to 50 and both
 *       count;</li>
 *   <li>after a restart (windows come back from the store) child 60 counts; spending the uncounted coin of child 25
 *       ends the reconciliation alarm, and spending child 0 lowers the balance.</li>
 * </ol>
 */
class GapLimitRegtestTest {
    private static final long BTC = 100_000_000L;
    @RegisterExtension
    static final DevnetExtension DEVNET = new DevnetExtension(Devnet.Node.BITCOIN);
    private static BitcoinNode node;
    private static DeterministicKey external;
    private static Descriptor descriptor;

    @BeforeAll
    static void start() {
        node = DEVNET.bitcoin();
        DeterministicKey master = HDKeyDerivation.createMasterPrivateKey(
                Regtest.HEX.parseHex("000102030405060708090a0b0c0d0e0f"));
        external = HDKeyDerivation.deriveChildKey(master, 0);
        descriptor = Descriptor.parse(text(master), BitcoinNetwork.REGTEST);
    }

    private static String text(DeterministicKey master) {
        return "wpkh(" + master.serializePubB58(BitcoinNetwork.TESTNET) + "/0/*)";
    }

    private static Key child(int i) {
        return new Key(HDKeyDerivation.deriveChildKey(external, i));
    }

    private static String script(int i) {
        String s = Regtest.script(descriptor, i);
        assertEquals(Regtest.script("wpkh(" + child(i).pub() + ")"), s, "descriptor child " + i);
        return s;
    }

    @Test
    void paymentsFollowTheGapWindowForwardAndBlocksAreScannedAgainWhenItGrows(@TempDir Path dir) {
        ChainProfile chain = Regtest.chain(node.url(), 0, 12, 1);
        Profiles profiles = Regtest.profiles(chain, Regtest.asset("hd",
                Regtest.descriptor("hot", descriptor.toString(), 20)));
        Store store = Regtest.openStore(dir);
        BitcoinIndexer ix = BitcoinIndexer.create(chain, profiles, store, null);
        String orphan;
        try {
            ix.start();
            // 1
            node.payToScript(script(0), BTC);
            orphan = node.payToScript(script(25), 2 * BTC);
            node.generate(1);
            expect(ix, store, BTC, 0, "child 0 and child 25 funded");
            assertEquals(21, ix.writer().tracked().watched(0, 0));

            // 2
            node.payToScript(script(5), 3 * BTC);
            node.generate(1);
            expect(ix, store, 4 * BTC, 1, "child 5 funded");
            assertEquals(26, ix.writer().tracked().watched(0, 0));
            List<Alarm> alarms = ix.status().alarms();
            Alarm last = alarms.get(alarms.size() - 1);
            assertEquals("reconcile-mismatch", last.kind());
            assertTrue(last.message().contains("node has, index lacks: " + orphan), last.message());
            assertTrue(last.message().contains("indexed " + 4 * BTC + " sats, node " + 6 * BTC + " sats"), last.message());

            // 3
            node.payToScript(script(25), 4 * BTC);
            node.generate(1);
            expect(ix, store, 8 * BTC, 1, "child 25 funded again");
            assertEquals(46, ix.writer().tracked().watched(0, 0));

            // 4: child 50 is paid first in the block, child 30 (which brings 50 into the window) after it
            String x = node.payToScript(script(50), 5 * BTC);
            String y = node.payToScript(script(30), 6 * BTC);
            Regtest.generateBlock(node, List.of(x, y));
            expect(ix, store, 19 * BTC, 1, "child 50 then child 30 in one block");
            assertEquals(71, ix.writer().tracked().watched(0, 0));
        } finally {
            ix.close();
            store.close();
        }

        // 5: windows come back from the store
        Store again = Regtest.openStore(dir);
        BitcoinIndexer resumed = BitcoinIndexer.create(chain, profiles, again, null);
        try {
            resumed.start();
            node.payToScript(script(60), 7 * BTC);
            node.generate(1);
            expect(resumed, again, 26 * BTC, 1, "child 60 funded after a restart");
            List<Spend> in = new ArrayList<>();
            Utxo orphanCoin = Regtest.utxos(node, script(25)).stream().filter(u -> u.txid().equals(orphan))
                    .findFirst().orElseThrow();
            in.add(Spend.of(orphanCoin));
            in.add(Spend.of(Regtest.utxos(node, script(0)).get(0)));
            Regtest.send(node, Regtest.signed(node, in, List.of(new Out(Regtest.script("wpkh(" + Key.of(77).pub() + ")"),
                    3 * BTC - 10_000)), List.of(child(25), child(0))));
            node.generate(1);
            expect(resumed, again, 25 * BTC, 0, "the uncounted coin and child 0 spent");
        } finally {
            resumed.close();
            again.close();
        }
    }

    private static void expect(BitcoinIndexer ix, Store store, long sats, int mismatches, String what) {
        long tip = node.height();
        Poll.until(Duration.ofSeconds(60), "indexer at #" + tip + " (" + what + ")",
                () -> ix.status().indexedHeight() == tip);
        Poll.until(Duration.ofSeconds(60), "reconciliation at #" + tip + " (" + what + ")",
                () -> ix.status().view().lastReconciledHeight() == tip);
        assertEquals(sats, Regtest.reserve(store, "hd", "hot"), what);
        assertEquals(sats, Regtest.total(store, "hd"), what + ": total");
        assertEquals(mismatches, ix.status().reconcileMismatches(), what + ": " + ix.status().alarms());
        // the node agrees on every watched child, except the payment made beyond the gap
        List<String> watched = new ArrayList<>();
        for (int i = 0; i < ix.writer().tracked().watched(0, 0); i++) {
            watched.add(Regtest.script(descriptor, i));
        }
        long uncounted = mismatches == 0 ? 0 : 2 * BTC;
        assertEquals(Regtest.scan(node, watched) - uncounted, sats, what + ": scantxoutset over the watched children");
    }
}
