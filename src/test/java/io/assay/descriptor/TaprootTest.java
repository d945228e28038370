package io.assay.descriptor;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.bitcoinj.base.BitcoinNetwork;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** BIP 341 key tweak and tree hashes against the BIP's wallet test vectors, and BIP 86 key-path outputs. */
class TaprootTest {
    private static final HexFormat HEX = HexFormat.of();

    static List<JsonNode> bip341() throws IOException {
        try (InputStream in = TaprootTest.class.getResourceAsStream("/taproot/bip341-wallet-vectors-scriptpubkey.json")) {
            List<JsonNode> out = new ArrayList<>();
            new ObjectMapper().readTree(in).path("scriptPubKey").forEach(out::add);
            return out;
        }
    }

    @Test
    void allSevenBip341ScriptPubKeyVectorsAreLoaded() throws IOException {
        assertEquals(7, bip341().size());
    }

    @ParameterizedTest
    @MethodSource("bip341")
    void bip341WalletVectorGivesTheTweakedKeyAndScript(JsonNode v) {
        byte[] internal = HEX.parseHex(v.path("given").path("internalPubkey").asText());
        JsonNode tree = v.path("given").path("scriptTree");
        Map<Integer, byte[]> leafHashes = new TreeMap<>();
        byte[] root = tree.isNull() ? null : root(tree, leafHashes);
        JsonNode mid = v.path("intermediary");
        if (root == null) {
            assertNull(mid.path("merkleRoot").textValue());
        } else {
            assertEquals(mid.path("merkleRoot").asText(), HEX.formatHex(root));
            List<String> expectedLeaves = new ArrayList<>();
            mid.path("leafHashes").forEach(h -> expectedLeaves.add(h.asText()));
            assertEquals(expectedLeaves, leafHashes.values().stream().map(HEX::formatHex).toList());
        }
        byte[] q = Taproot.outputKey(internal, root);
        assertEquals(mid.path("tweakedPubkey").asText(), HEX.formatHex(q));
        String script = v.path("expected").path("scriptPubKey").asText();
        assertEquals(script, HEX.formatHex(Taproot.outputScript(q)));
        assertEquals(script, HEX.formatHex(AddressScripts.scriptPubKey(
                v.path("expected").path("bip350Address").asText(), BitcoinNetwork.MAINNET)));
    }

    private static byte[] root(JsonNode node, Map<Integer, byte[]> leaves) {
        if (node.isArray()) {
            return Taproot.branchHash(root(node.get(0), leaves), root(node.get(1), leaves));
        }
        byte[] h = Taproot.leafHash(node.path("leafVersion").asInt(), HEX.parseHex(node.path("script").asText()));
        leaves.put(node.path("id").asInt(), h);
        return h;
    }

    @Test
    void bip86KeyPathOutputsOfAccountZero() {
        // BIP 86 test vectors: account xpub m/86'/0'/0' and the outputs at /0/0, /0/1 and /1/0
        String account = "xpub6BgBgsespWvERF3LHQu6CnqdvfEvtMcQjYrcRzx53QJjSxarj2afYWcLteoGVky7D3UKDP9QyrLprQ3VCECoY49yfdDEHGCtMMj92pReUsQ";
        Descriptor d = Descriptor.parse("tr(" + account + "/<0;1>/*)", BitcoinNetwork.MAINNET);
        assertEquals("5120a60869f0dbcf1dc659c9cecbaf8050135ea9e8cdc487053f1dc6880949dc684c", HEX.formatHex(d.path(0).scriptAt(0)));
        assertEquals("5120a82f29944d65b86ae6b5e5cc75e294ead6c59391a1edc5e016e3498c67fc7bbb", HEX.formatHex(d.path(0).scriptAt(1)));
        assertEquals("5120882d74e5d0572d5a816cef0041a96b6c1de832f6f9676d9605c44d5e9a97d3dc", HEX.formatHex(d.path(1).scriptAt(0)));
        // and the same output from its address (bech32m)
        assertArrayEquals(d.path(0).scriptAt(0),
                AddressScripts.scriptPubKey("bc1p5cyxnuxmeuwuvkwfem96lqzszd02n6xdcjrs20cac6yqjjwudpxqkedrcr", BitcoinNetwork.MAINNET));
        // BIP 86 also lists the internal and output keys of m/86'/0'/0'/0/0
        assertEquals("a60869f0dbcf1dc659c9cecbaf8050135ea9e8cdc487053f1dc6880949dc684c", HEX.formatHex(
                Taproot.outputKey(HEX.parseHex("cc8a4bc64d897bddc5fbc2f670f7a8ba0b386779106cf1223c6fc5d7cd6fc115"), null)));
    }

    @Test
    void pkhLeafInTapscriptHashesTheXOnlyKey() {
        // From Bitcoin Core's descriptor tests (miniscript section); the stored copy of Core's tests here
        // predates it, so it is taken as quoted by two independent public descriptor test suites.
        Descriptor d = Descriptor.parse("tr(a34b99f22c790c4e36b2b3c2c35a36db06226e41c692fc82b8b56ac1c540c5bd,"
                + "pkh(30a6069f344fb784a2b4c99540a91ee727c91e3a25ef6aae867d9c65b5f23529))", BitcoinNetwork.MAINNET);
        assertEquals("51201e9875f690f5847404e4c5951e2f029887df0525691ee11a682afd37b608aad4", HEX.formatHex(d.scriptAt(0)));
    }

    @Test
    void xOnlyKeyOffTheCurveIsRefused() {
        // x = 5 has no square root of x^3 + 7 modulo p on secp256k1
        byte[] x = new byte[32];
        x[31] = 5;
        assertThrows(IllegalArgumentException.class, () -> Taproot.outputKey(x, null));
        DescriptorException e = assertThrows(DescriptorException.class,
                () -> Descriptor.parse("tr(" + HEX.formatHex(x) + ")", BitcoinNetwork.MAINNET));
        assertEquals("tr(...): x-only key '000000000000...0005' is not a point on secp256k1 (at character 4)",
                e.getMessage());
    }

    @Test
    void branchHashDoesNotDependOnChildOrder() {
        byte[] a = Taproot.leafHash(Taproot.TAPSCRIPT_LEAF_VERSION, HEX.parseHex("51"));
        byte[] b = Taproot.leafHash(Taproot.TAPSCRIPT_LEAF_VERSION, HEX.parseHex("52"));
        assertArrayEquals(Taproot.branchHash(a, b), Taproot.branchHash(b, a));
    }
}
