package io.assay.chain.bitcoin;

import io.assay.config.ReserveSource;
import io.assay.config.SourceKind;
import io.assay.descriptor.Descriptor;
import org.bitcoinj.base.BitcoinNetwork;
import org.junit.jupiter.api.Test;

import java.util.HexFormat;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class GapWindowTest {
    private static final String ACCOUNT = "xpub6BgBgsespWvERF3LHQu6CnqdvfEvtMcQjYrcRzx53QJjSxarj2afYWcLteoGVky7D3UKDP9QyrLprQ3VCECoY49yfdDEHGCtMMj92pReUsQ";

    @Test
    void freshWindowWatchesTheFirstGapLimitChildren() {
        GapWindow w = new GapWindow(Descriptor.parse("tr(" + ACCOUNT + "/0/*)", BitcoinNetwork.MAINNET), 20, -1);
        assertEquals(20, w.watched());
        assertEquals(-1, w.lastUsed());
        assertEquals("5120a60869f0dbcf1dc659c9cecbaf8050135ea9e8cdc487053f1dc6880949dc684c",
                HexFormat.of().formatHex(w.scripts(0).get(0)));
        assertThrows(IndexOutOfBoundsException.class, () -> w.scripts(20));
    }

    @Test
    void usingAChildSlidesTheWindowSoGapLimitUnusedChildrenFollow() {
        GapWindow w = new GapWindow(Descriptor.parse("tr(" + ACCOUNT + "/0/*)", BitcoinNetwork.MAINNET), 5, -1);
        assertEquals(5, w.markUsed(3));
        assertEquals(9, w.watched());
        assertEquals(9, w.markUsed(1)); // a lower index does not move the window
        assertEquals(9, w.watched());
        assertEquals(9, w.markUsed(8));
        assertEquals(14, w.watched());
        assertThrows(IndexOutOfBoundsException.class, () -> w.markUsed(14));
        // restored from the persisted lastUsed, the same window
        GapWindow restored = new GapWindow(w.descriptor(), 5, w.lastUsed());
        assertEquals(14, restored.watched());
        assertArrayEquals(w.scripts(13).get(0), restored.scripts(13).get(0));
    }

    @Test
    void nonRangedDescriptorWatchesOneIndex() {
        GapWindow w = new GapWindow(Descriptor.parse("raw(0014751e76e8199196d454941c45d1b3a323f1433bd6)", BitcoinNetwork.MAINNET), 20, 7);
        assertEquals(1, w.watched());
        assertEquals(-1, w.lastUsed());
        assertEquals(1, w.markUsed(0));
        assertEquals(1, w.watched());
    }

    @Test
    void multipathSourceGetsOneWindowPerPath() {
        ReserveSource s = new ReserveSource("custody", "bitcoin", SourceKind.DESCRIPTOR, "tr(" + ACCOUNT + "/<0;1>/*)", null, 8, 10);
        List<GapWindow> ws = ReserveScripts.windows(s, BitcoinNetwork.MAINNET);
        assertEquals(2, ws.size());
        assertEquals("5120882d74e5d0572d5a816cef0041a96b6c1de832f6f9676d9605c44d5e9a97d3dc",
                HexFormat.of().formatHex(ws.get(1).scripts(0).get(0)));
        assertEquals(10, ws.get(0).watched());
    }

    @Test
    void addressAndScriptSourcesBecomeDescriptors() {
        ReserveSource a = new ReserveSource("a", "bitcoin", SourceKind.ADDRESS, "bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4", null, 8, 20);
        ReserveSource r = new ReserveSource("r", "bitcoin", SourceKind.SCRIPT, "0014751e76e8199196d454941c45d1b3a323f1433bd6", null, 8, 20);
        assertArrayEquals(ReserveScripts.descriptor(a, BitcoinNetwork.MAINNET).scriptAt(0),
                ReserveScripts.descriptor(r, BitcoinNetwork.MAINNET).scriptAt(0));
        assertThrows(IllegalArgumentException.class, () -> ReserveScripts.descriptor(
                new ReserveSource("e", "ethereum", SourceKind.HOLDER, "0x0000000000000000000000000000000000000001", null, 18, 0),
                BitcoinNetwork.MAINNET));
    }

    @Test
    void windowNeedsASinglePathAndAPositiveGap() {
        Descriptor multi = Descriptor.parse("tr(" + ACCOUNT + "/<0;1>/*)", BitcoinNetwork.MAINNET);
        assertThrows(IllegalArgumentException.class, () -> new GapWindow(multi, 20, -1));
        assertThrows(IllegalArgumentException.class, () -> new GapWindow(multi.path(0), 0, -1));
    }
}
