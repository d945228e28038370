package io.assay.descriptor;

import org.bitcoinj.base.Base58;
import org.bitcoinj.base.BitcoinNetwork;
import org.bitcoinj.base.Sha256Hash;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Behaviour beyond the BIP vectors: networks, messages, ranges, multipath, refusals. */
class DescriptorTest {
    private static final HexFormat HEX = HexFormat.of();
    // BIP 32 test vector 1, m/0'/1 (public): depth 2
    private static final String XPUB = "xpub6ASuArnXKPbfEwhqN6e3mwBcDTgzisQN1wXN9BJcM47sSikHjJf3UFHKkNAWbWMiGj7Wf5uMash7SyYq527Hqck2AxYysAA7xmALppuCkwQ";
    private static final String KEY = "03a34b99f22c790c4e36b2b3c2c35a36db06226e41c692fc82b8b56ac1c540c5bd";

    /** The same extended key with other version bytes (xpub -> tpub, zpub, ...). */
    static String withVersion(String b58, int version) {
        byte[] raw = Base58.decodeChecked(b58);
        raw[0] = (byte) (version >>> 24);
        raw[1] = (byte) (version >>> 16);
        raw[2] = (byte) (version >>> 8);
        raw[3] = (byte) version;
        byte[] sum = Sha256Hash.hashTwice(raw);
        byte[] full = Arrays.copyOf(raw, raw.length + 4);
        System.arraycopy(sum, 0, full, raw.length, 4);
        return Base58.encode(full);
    }

    private static DescriptorException refused(String descriptor, BitcoinNetwork network) {
        return assertThrows(DescriptorException.class, () -> Descriptor.parse(descriptor, network));
    }

    @Test
    void tpubOnTestNetworksDerivesTheSameScriptsAsTheXpubOnMainnet() {
        String tpub = withVersion(XPUB, 0x043587cf);
        assertTrue(tpub.startsWith("tpub"));
        Descriptor main = Descriptor.parse("wpkh(" + XPUB + "/0/*)", BitcoinNetwork.MAINNET);
        for (BitcoinNetwork n : List.of(BitcoinNetwork.TESTNET, BitcoinNetwork.SIGNET, BitcoinNetwork.REGTEST)) {
            Descriptor test = Descriptor.parse("wpkh(" + tpub + "/0/*)", n);
            for (int i : new int[]{0, 1, 1000, Integer.MAX_VALUE}) {
                assertArrayEquals(main.scriptAt(i), test.scriptAt(i), n + " child " + i);
            }
        }
    }

    @Test
    void xpubOnATestNetworkAndTpubOnMainnetAreRefused() {
        assertEquals("wpkh(...): 'xpub6ASuArnX...CkwQ' is a mainnet xpub, but the chain is regtest (expected a tpub) (at character 6)",
                refused("wpkh(" + XPUB + "/0/*)", BitcoinNetwork.REGTEST).getMessage());
        String tpub = withVersion(XPUB, 0x043587cf);
        assertTrue(refused("wpkh(" + tpub + ")", BitcoinNetwork.MAINNET).getMessage()
                .contains("is a testnet tpub, but the chain is mainnet (expected an xpub)"));
    }

    @Test
    void slip132ZpubIsRefusedWithAHint() {
        String zpub = withVersion(XPUB, 0x04b24746);
        assertTrue(zpub.startsWith("zpub"));
        String m = refused("wpkh(" + zpub + "/0/*)", BitcoinNetwork.MAINNET).getMessage();
        assertTrue(m.contains("is a SLIP-132 zpub; descriptors take xpub keys"), m);
    }

    @Test
    void extendedPrivateKeyIsRefusedAndNeverRepeated() {
        String xprv = "xprv9s21ZrQH143K3QTDL4LXw2F7HEK3wJUD2nW2nRk4stbPy6cq3jPPqjiChkVvvNKmPGJxWUtg6LnF5kejMRNNU3TGtRBeJgk33yuGBxrMPHi";
        String m = refused("wpkh(" + xprv + "/0/*)", BitcoinNetwork.MAINNET).getMessage();
        assertEquals("wpkh(...): an extended private key (xprv) was given; Assay takes public keys only: give the "
                + "matching xpub instead, and treat the private key as exposed (at character 6)", m);
        // a mistyped xprv fails its base58 checksum: still not shown
        String typo = xprv.substring(0, 50) + (xprv.charAt(50) == 'a' ? 'b' : 'a') + xprv.substring(51);
        String m2 = refused("wpkh(" + typo + ")", BitcoinNetwork.MAINNET).getMessage();
        assertFalse(m2.contains(typo.substring(4, 16)), m2);
        assertTrue(m2.contains("<key that looks private, not shown>"), m2);
    }

    @Test
    void wifPrivateKeyIsRefusedAndNeverRepeated() {
        String wif = "L4rK1yDtCWekvXuE6oXD9jCYfFNV2cWRpVuPLBcCU2z8TrisoyY1";
        String m = refused("sh(wpkh(" + wif + "))", BitcoinNetwork.MAINNET).getMessage();
        assertTrue(m.startsWith("sh(wpkh(...)): a private key (WIF) was given"), m);
        assertFalse(m.contains(wif.substring(0, 10)), m);
    }

    @Test
    void hardenedStepAfterXpubNamesTheFix() {
        String m = refused("wpkh([deadbeef/84h/0h]" + XPUB + "/0h/*)", BitcoinNetwork.MAINNET).getMessage();
        assertTrue(m.startsWith("wpkh(...): hardened step '0h' after an extended public key needs the private key; "
                + "publish the xpub derived at the last hardened step"), m);
        assertTrue(refused("wpkh(" + XPUB + "/0/*')", BitcoinNetwork.MAINNET).getMessage()
                .contains("hardened wildcard '/*'' needs the private key for every child"));
    }

    @Test
    void errorsNameTheExpressionAndPosition() {
        assertEquals("wsh(multi(...)): threshold 3 exceeds the 2 keys (at character 11)",
                refused("wsh(multi(3," + KEY + "," + KEY + "))", BitcoinNetwork.MAINNET).getMessage());
        assertEquals("expected a script expression such as wpkh(...), found '" + "03a34b99f22c...c5bd" + "' (at character 1)",
                refused(KEY, BitcoinNetwork.MAINNET).getMessage());
        assertEquals("wpkh(...): expected ')' but found ',' (at character 72)",
                refused("wpkh(" + KEY + "," + KEY + ")", BitcoinNetwork.MAINNET).getMessage());
        assertEquals("wpkh(...): expected ')' but the descriptor ends (at character 72)",
                refused("wpkh(" + KEY, BitcoinNetwork.MAINNET).getMessage());
        assertEquals("unexpected ')' after the end of the descriptor (at character 73)",
                refused("wpkh(" + KEY + "))", BitcoinNetwork.MAINNET).getMessage());
        assertEquals("unknown expression foo() (at character 1)", refused("foo(" + KEY + ")", BitcoinNetwork.MAINNET).getMessage());
        assertTrue(refused("wsh(and_v(v:pk(" + KEY + "),older(10)))", BitcoinNetwork.MAINNET).getMessage()
                .startsWith("wsh(...): miniscript and_v() is not supported"));
        assertTrue(refused("tr(" + KEY.substring(2) + ",thresh(1,pk(" + KEY + ")))", BitcoinNetwork.MAINNET).getMessage()
                .startsWith("tr(...): miniscript thresh() is not supported"));
        assertEquals("empty descriptor", refused("", BitcoinNetwork.MAINNET).getMessage());
        assertEquals("empty descriptor", refused("#" + io.assay.descriptor.DescriptorChecksum.compute(""), BitcoinNetwork.MAINNET).getMessage());
    }

    @Test
    void addrChecksTheNetwork() {
        assertEquals("addr(...): 'bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4' is a mainnet address, but the chain is regtest (at character 6)",
                refused("addr(bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4)", BitcoinNetwork.REGTEST).getMessage());
        assertEquals("0014751e76e8199196d454941c45d1b3a323f1433bd6", HEX.formatHex(
                Descriptor.parse("addr(bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4)", BitcoinNetwork.MAINNET).scriptAt(0)));
    }

    @Test
    void bareMultisigIsLimitedToThreeKeysAndP2shTo520Bytes() {
        String four = String.join(",", KEY, KEY, KEY, KEY);
        assertTrue(refused("multi(1," + four + ")", BitcoinNetwork.MAINNET).getMessage()
                .contains("4 keys, but at most 3 are allowed in bare multisig (wrap it in sh() or wsh())"));
        Descriptor sh15 = Descriptor.parse("sh(multi(1," + String.join(",", java.util.Collections.nCopies(15, KEY)) + "))",
                BitcoinNetwork.MAINNET);
        assertEquals(23, sh15.scriptAt(0).length);
        assertTrue(refused("wsh(multi(1," + String.join(",", java.util.Collections.nCopies(21, KEY)) + "))",
                BitcoinNetwork.MAINNET).getMessage().contains("21 keys, but at most 20 are allowed"));
    }

    @Test
    void multipathDescriptorMustBeResolvedBeforeGivingScripts() {
        Descriptor d = Descriptor.parse("wpkh(" + XPUB + "/<0;1>/*)", BitcoinNetwork.MAINNET);
        assertEquals(2, d.pathCount());
        assertTrue(d.isRange());
        assertThrows(IllegalStateException.class, () -> d.scriptAt(0));
        assertEquals("wpkh(" + XPUB + "/1/*)", d.path(1).body());
        assertArrayEquals(Descriptor.parse("wpkh(" + XPUB + "/1/*)", BitcoinNetwork.MAINNET).scriptAt(5), d.path(1).scriptAt(5));
        assertEquals(2, d.paths().size());
        assertEquals(1, d.path(0).pathCount());
        assertThrows(IndexOutOfBoundsException.class, () -> d.path(2));
        Descriptor plain = Descriptor.parse("wpkh(" + XPUB + "/0/*)", BitcoinNetwork.MAINNET);
        assertEquals(List.of(plain), plain.paths());
    }

    @Test
    void rangedDescriptorCoversTheWholeUnhardenedIndexSpace() {
        Descriptor d = Descriptor.parse("wpkh(" + XPUB + "/*)", BitcoinNetwork.MAINNET);
        assertEquals(22, d.scriptAt(Integer.MAX_VALUE).length);
        assertFalse(Arrays.equals(d.scriptAt(0), d.scriptAt(1)));
        assertThrows(IllegalArgumentException.class, () -> d.scriptAt(-1));
    }

    @Test
    void comboHasSeveralScriptsPerIndex() {
        Descriptor d = Descriptor.parse("combo(" + KEY + ")", BitcoinNetwork.MAINNET);
        assertEquals(4, d.scripts(0).size());
        assertThrows(IllegalStateException.class, () -> d.scriptAt(0));
    }

    @Test
    void checksumIsOptionalButMustMatchWhenGiven() {
        Descriptor d = Descriptor.parse("raw(deadbeef)", BitcoinNetwork.MAINNET);
        assertEquals("89f8spxm", d.checksum());
        assertEquals("raw(deadbeef)#89f8spxm", d.toString());
        assertEquals("checksum mismatch (expected #89f8spxm)",
                refused("raw(deadbeef)#89f8spxn", BitcoinNetwork.MAINNET).getMessage());
        // 'h' and ''' mean the same step but are different text, so their checksums differ
        String apostrophe = "pkh([deadbeef/1']" + KEY + ")";
        String h = "pkh([deadbeef/1h]" + KEY + ")";
        assertArrayEquals(Descriptor.parse(apostrophe, BitcoinNetwork.MAINNET).scriptAt(0),
                Descriptor.parse(h, BitcoinNetwork.MAINNET).scriptAt(0));
        assertFalse(Descriptor.parse(apostrophe, BitcoinNetwork.MAINNET).checksum()
                .equals(Descriptor.parse(h, BitcoinNetwork.MAINNET).checksum()));
    }
}
