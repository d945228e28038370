package io.assay.chain.bitcoin;

import io.assay.chain.bitcoin.Regtest.Key;
import io.assay.chain.bitcoin.Regtest.Out;
import io.assay.chain.bitcoin.Regtest.Spend;
import io.assay.chain.bitcoin.Regtest.Utxo;
import io.assay.devnet.BitcoinNode;
import io.assay.devnet.Poll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * BIP 158 basic filters as a real node serves them: litecoind regtest with {@code -blockfilterindex=1} (Litecoin Core
 * 0.21 builds the same filters as Bitcoin Core: Golomb-Rice, P = 19, M = 784931, SipHash keyed by the block hash).
 * A filter matches the block that pays a script and the block that spends it, not a block that does neither, and the
 * filter header chain computed from the filters equals the node's.
 */
class CompactFilterTest {
    @TempDir
    Path dir;

    private static final HexFormat HEX = HexFormat.of();

    @Test
    void sipHashGivesTheReferenceVector() {
        // the SipHash paper's vector: key 00..0f, message 00..0e
        byte[] msg = new byte[15];
        for (int i = 0; i < msg.length; i++) {
            msg[i] = (byte) i;
        }
        assertEquals(0xa129ca6149be45e5L, CompactFilter.sipHash24(0x0706050403020100L, 0x0f0e0d0c0b0a0908L, msg));
    }

    @Test
    void aFilterThatLiesAboutItsSizeIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> CompactFilter.parse(new byte[0]));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> CompactFilter.parse(new byte[]{(byte) 200, 1, 2}));
        assertTrue(e.getMessage().contains("claims 200 elements in 2 bytes"), e.getMessage());
    }

    @Test
    void nodeFiltersMatchWhatEachBlockTouchesAndTheirHeadersChain() {
        Key key = Key.of(41);
        String tracked = Regtest.script("wpkh(" + key.pub() + ")");
        String elsewhere = Regtest.script("wpkh(" + Key.of(42).pub() + ")");
        String never = Regtest.script("wpkh(" + Key.of(43).pub() + ")");
        try (BitcoinNode node = BitcoinNode.startStandalone(dir.resolve("node"), "-blockfilterindex=1")) {
            long start = node.height();
            node.payToScript(tracked, 50_000_000L);
            node.generate(1);
            long paid = node.height();
            node.generate(1);
            long quiet = node.height();
            Utxo u = Regtest.utxos(node, tracked).get(0);
            Regtest.send(node, Regtest.signed(node, List.of(Spend.of(u)), List.of(new Out(elsewhere, 49_990_000L)),
                    List.of(key)));
            node.generate(1);
            long spent = node.height();
            Poll.until(Duration.ofSeconds(30), "the filter index at #" + spent, () -> {
                try {
                    node.rpc().call("getblockfilter", node.rpc().call("getblockhash", spent).asText());
                    return true;
                } catch (RuntimeException notYet) {
                    return false;
                }
            });

            List<byte[]> trackedOnly = List.of(HEX.parseHex(tracked));
            assertTrue(matches(node, paid, trackedOnly), "the block paying the script");
            assertFalse(matches(node, quiet, trackedOnly), "a block that neither pays nor spends it");
            assertTrue(matches(node, spent, trackedOnly), "the block spending it (the input's script is in the filter)");
            assertTrue(matches(node, spent, List.of(HEX.parseHex(never), HEX.parseHex(elsewhere))),
                    "any of several scripts");
            assertFalse(matches(node, spent, List.of(HEX.parseHex(never))), "a script no block touches");
            // more scripts than filter elements: the filter is decoded once and each script looked up in it
            List<byte[]> many = new java.util.ArrayList<>();
            for (int i = 0; i < 300; i++) {
                many.add(HEX.parseHex(Regtest.script("wpkh(" + Key.of(1000 + i).pub() + ")")));
            }
            assertFalse(matches(node, quiet, many), "300 scripts no block touches");
            assertFalse(matches(node, paid, many), "300 scripts no block touches");
            List<byte[]> manyAndTracked = new java.util.ArrayList<>(many);
            manyAndTracked.add(150, HEX.parseHex(tracked));
            assertTrue(matches(node, paid, manyAndTracked), "the paying block among 301 scripts");
            assertTrue(matches(node, spent, manyAndTracked), "the spending block among 301 scripts");

            // the filter header chain, from the node's header before our blocks
            byte[] previous = CompactFilter.fromRpcHex(filter(node, start)[1]);
            for (long h = start + 1; h <= spent; h++) {
                String[] f = filter(node, h);
                byte[] header = CompactFilter.header(HEX.parseHex(f[0]), previous);
                assertArrayEquals(CompactFilter.fromRpcHex(f[1]), header, "filter header of #" + h);
                previous = header;
            }
        }
    }

    private static boolean matches(BitcoinNode node, long height, List<byte[]> scripts) {
        String hash = node.rpc().call("getblockhash", height).asText();
        CompactFilter f = CompactFilter.parse(HEX.parseHex(filter(node, height)[0]));
        assertTrue(f.size() > 0, "filter of #" + height + " has elements");
        return f.matchesAny(CompactFilter.fromRpcHex(hash), scripts);
    }

    /** The node's filter (hex) and filter header (RPC hex) of the block at {@code height}. */
    private static String[] filter(BitcoinNode node, long height) {
        var r = node.rpc().call("getblockfilter", node.rpc().call("getblockhash", height).asText());
        return new String[]{r.path("filter").asText(), r.path("header").asText()};
    }
}
