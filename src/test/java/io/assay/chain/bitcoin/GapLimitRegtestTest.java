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
import io.assay.store.Store;
import org.bitcoinj.base.BitcoinNetwork;
import org.bitcoinj.crypto.DeterministicKey;
import org.bitcoinj.crypto.HDKeyDerivation;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A ranged descriptor {@code wpkh(tpub.../0/*)} with gap limit 20 on litecoind regtest (the tpub is BIP 32 test
 * vector 1's master key). Windows follow the chain forward, and coins paid to children before the window reached
 * them are found and counted when it does:
 * <ol>
 *   <li>children 0, 25 and 45 funded: only child 0 counts (25 and 45 are beyond the window 0..20);</li>
 *   <li>child 5 funded: the window reaches 25; the lookup of the newly watched children finds the earlier coin of 25,
 *       which uses child 25, so the window reaches 45 and a second lookup finds its coin: all are counted from this
 *       block on, and reconciliation agrees with the node;</li>
 *   <li>child 25 funded again: counted;</li>
 *   <li>one block paying child 80 before child 62: the block is applied as a whole, the window grows to 80 and both
 *       count;</li>
 *   <li>after a restart (windows come back from the store) child 60 counts; spending the late-found coin of child 25
 *       and child 0 lowers the balance.</li>
 * </ol>
 * Run twice, each on a litecoind of its own: {@code backfill: full} (the lookup reads every earlier block again) and
 * {@code backfill: filters} on a node with {@code -blockfilterindex=1} (the lookup and the backfill read only the
 * blocks whose BIP 158 filter matches).
 */
class GapLimitRegtestTest {
    private static final long BTC = 100_000_000L;
    private static DeterministicKey external;
    private static Descriptor descriptor;
    private BitcoinNode node;

    @BeforeAll
    static void start() {
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

    @ParameterizedTest
    @ValueSource(strings = {ChainProfile.FULL, ChainProfile.FILTERS})
    void coinsPaidBeyondTheWindowAreCountedWhenItReachesThem(String backfill, @TempDir Path dir) {
        node = BitcoinNode.startStandalone(dir.resolve("node"), backfill.equals(ChainProfile.FILTERS)
                ? new String[]{"-blockfilterindex=1"} : new String[0]);
        try {
            run(backfill, dir);
        } finally {
            node.close();
        }
    }

    private void run(String backfill, Path dir) {
        ChainProfile chain = Regtest.chain(node.url(), 0, 12, 1).withBackfill(backfill);
        Profiles profiles = Regtest.profiles(chain, Regtest.asset("hd",
                Regtest.descriptor("hot", descriptor.toString(), 20)));
        Store store = Regtest.openStore(dir.resolve("store"));
        BitcoinIndexer ix = BitcoinIndexer.create(chain, profiles, store, null);
        String late;
        try {
            ix.start();
            // 1
            node.payToScript(script(0), BTC);
            late = node.payToScript(script(25), 2 * BTC);
            node.payToScript(script(45), BTC / 2);
            node.generate(1);
            expect(ix, store, BTC, "children 0, 25 and 45 funded");
            assertEquals(21, ix.writer().tracked().watched(0, 0));
            assertEquals(0, ix.writer().lateCoins());

            // 2
            node.payToScript(script(5), 3 * BTC);
            node.generate(1);
            expect(ix, store, 6 * BTC + BTC / 2, "child 5 funded: the coins of 25 and 45 found");
            assertEquals(66, ix.writer().tracked().watched(0, 0));
            assertEquals(2, ix.writer().lateCoins());
            assertEquals(1, ix.writer().lookups(), "one lookup: children 26..1025 were looked up with 21..25");
            long height = node.height();
            assertEquals(BTC, Regtest.atHeight(store, io.assay.store.SeriesNames.reserve("hd", Regtest.CHAIN, "hot"),
                    height - 1), "before the window reached them, the late coins were not counted");

            // 3
            node.payToScript(script(25), 4 * BTC);
            node.generate(1);
            expect(ix, store, 10 * BTC + BTC / 2, "child 25 funded again");
            assertEquals(66, ix.writer().tracked().watched(0, 0));

            // 4: child 80 is paid first in the block, child 62 (which brings 80 into the window) after it
            String x = node.payToScript(script(80), 5 * BTC);
            String y = node.payToScript(script(62), 6 * BTC);
            Regtest.generateBlock(node, List.of(x, y));
            expect(ix, store, 21 * BTC + BTC / 2, "child 80 then child 62 in one block");
            assertEquals(101, ix.writer().tracked().watched(0, 0));
            assertEquals(1, ix.writer().lookups(), "children 66..82 came from the followed look-ahead");
            if (backfill.equals(ChainProfile.FILTERS)) {
                assertTrue(ix.reader().blocksSkipped() > 100, "the filters skipped the blocks paying nothing watched: "
                        + ix.reader().blocksSkipped());
            } else {
                assertEquals(0, ix.reader().blocksSkipped());
            }
        } finally {
            ix.close();
            store.close();
        }

        // 5: windows come back from the store
        Store again = Regtest.openStore(dir.resolve("store"));
        BitcoinIndexer resumed = BitcoinIndexer.create(chain, profiles, again, null);
        try {
            resumed.start();
            node.payToScript(script(60), 7 * BTC);
            node.generate(1);
            expect(resumed, again, 28 * BTC + BTC / 2, "child 60 funded after a restart");
            List<Spend> in = new ArrayList<>();
            Utxo lateCoin = Regtest.utxos(node, script(25)).stream().filter(u -> u.txid().equals(late))
                    .findFirst().orElseThrow();
            in.add(Spend.of(lateCoin));
            in.add(Spend.of(Regtest.utxos(node, script(0)).get(0)));
            Regtest.send(node, Regtest.signed(node, in, List.of(new Out(Regtest.script("wpkh(" + Key.of(77).pub() + ")"),
                    3 * BTC - 10_000)), List.of(child(25), child(0))));
            node.generate(1);
            expect(resumed, again, 25 * BTC + BTC / 2, "the late-found coin and child 0 spent");
        } finally {
            resumed.close();
            again.close();
        }
    }

    private void expect(BitcoinIndexer ix, Store store, long sats, String what) {
        long tip = node.height();
        Poll.until(Duration.ofSeconds(60), "indexer at #" + tip + " (" + what + ")",
                () -> ix.status().indexedHeight() == tip);
        Poll.until(Duration.ofSeconds(60), "reconciliation at #" + tip + " (" + what + ")",
                () -> ix.status().view().lastReconciledHeight() == tip);
        assertEquals(sats, Regtest.reserve(store, "hd", "hot"), what);
        assertEquals(sats, Regtest.total(store, "hd"), what + ": total");
        assertEquals(0, ix.status().reconcileMismatches(), what + ": " + ix.status().alarms());
        // the node agrees on every watched child
        List<String> watched = new ArrayList<>();
        for (int i = 0; i < ix.writer().tracked().watched(0, 0); i++) {
            watched.add(Regtest.script(descriptor, i));
        }
        assertEquals(Regtest.scan(node, watched), sats, what + ": scantxoutset over the watched children");
    }
}
