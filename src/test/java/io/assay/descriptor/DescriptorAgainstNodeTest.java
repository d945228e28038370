package io.assay.descriptor;

import com.fasterxml.jackson.databind.JsonNode;
import io.assay.chain.rpc.JsonRpcClient;
import io.assay.devnet.Devnet;
import io.assay.devnet.DevnetExtension;
import org.bitcoinj.base.BitcoinNetwork;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/**
 * Cross-checks descriptors against a real descriptor engine: litecoind 0.21 (Bitcoin Core 0.21's
 * descriptor code) in regtest. {@code getdescriptorinfo} gives the checksum and range flag;
 * {@code deriveaddresses} gives Litecoin-format addresses whose scriptPubKey {@code validateaddress}
 * reports, which must equal Assay's scripts. (Core 0.21 predates tr(), multi_a and multipath: those are
 * covered by the BIP vectors.)
 */
class DescriptorAgainstNodeTest {
    private static final HexFormat HEX = HexFormat.of();
    // BIP 32 test vector 1 (m) and vector 2 (m), as tpubs for regtest
    private static final String A = DescriptorTest.withVersion(
            "xpub661MyMwAqRbcFtXgS5sYJABqqG9YLmC4Q1Rdap9gSE8NqtwybGhePY2gZ29ESFjqJoCu1Rupje8YtGqsefD265TMg7usUDFdp6W1EGMcet8", 0x043587cf);
    private static final String B = DescriptorTest.withVersion(
            "xpub661MyMwAqRbcFW31YEwpkMuc5THy2PSt5bDMsktWQcFF8syAmRUapSCGu8ED9W6oDMSgv6Zz8idoc4a6mr8BDzTJY47LJhkJ8UB7WEGuduB", 0x043587cf);
    private static final String K = "03a34b99f22c790c4e36b2b3c2c35a36db06226e41c692fc82b8b56ac1c540c5bd";
    private static final String U = "04a34b99f22c790c4e36b2b3c2c35a36db06226e41c692fc82b8b56ac1c540c5bd5b8dec5235a0fa8722476c7709c02559e3aa73aa03918ba2d492eea75abea235";

    @RegisterExtension
    static final DevnetExtension DEVNET = new DevnetExtension(Devnet.Node.BITCOIN);
    private static JsonRpcClient rpc;

    @BeforeAll
    static void start() {
        rpc = DEVNET.bitcoin().rpc();
    }

    static List<String> descriptors() {
        return List.of(
                "pkh(" + A + "/0/*)",
                "wpkh(" + A + "/0/*)",
                "sh(wpkh([deadbeef/49h/1h/0h]" + A + "/1/*))",
                "wsh(multi(2," + A + "/0/*," + B + "/0/*))",
                "wsh(sortedmulti(2," + A + "/0/*," + B + "/0/*," + K + "))",
                "sh(wsh(sortedmulti(1," + B + "/7/*," + A + "/*)))",
                "sh(multi(1," + K + "," + U + "))",
                "wsh(pkh(" + K + "))",
                "pkh(" + U + ")",
                "wpkh(" + B + "/2147483647)",
                "raw(0014751e76e8199196d454941c45d1b3a323f1433bd6)");
    }

    @Test
    void checksumAndRangeMatchGetdescriptorinfo() {
        for (String d : descriptors()) {
            Descriptor ours = Descriptor.parse(d, BitcoinNetwork.REGTEST);
            JsonNode info = rpc.call("getdescriptorinfo", d);
            assertEquals(info.path("checksum").asText(), ours.checksum(), d);
            assertEquals(info.path("isrange").asBoolean(), ours.isRange(), d);
        }
    }

    @Test
    void derivedScriptsMatchTheNodes() {
        int compared = 0;
        for (String d : descriptors()) {
            if (d.startsWith("raw(")) {
                continue; // no address for an arbitrary script
            }
            Descriptor ours = Descriptor.parse(d, BitcoinNetwork.REGTEST);
            String withChecksum = ours.toString();
            JsonNode addresses = ours.isRange()
                    ? rpc.call("deriveaddresses", withChecksum, List.of(0, 5))
                    : rpc.call("deriveaddresses", withChecksum);
            List<String> theirs = new ArrayList<>();
            for (JsonNode a : addresses) {
                theirs.add(rpc.call("validateaddress", a.asText()).path("scriptPubKey").asText());
            }
            List<String> mine = new ArrayList<>();
            for (int i = 0; i < (ours.isRange() ? 6 : 1); i++) {
                mine.add(HEX.formatHex(ours.scriptAt(i)));
            }
            assertEquals(theirs, mine, d);
            compared += mine.size();
        }
        assertEquals(6 * 6 + 4, compared);
    }

    @Test
    void comboMatchesTheNodeForEveryScriptWithAnAddress() {
        Descriptor ours = Descriptor.parse("combo(" + A + "/3/*)", BitcoinNetwork.REGTEST);
        JsonNode addresses = rpc.call("deriveaddresses", ours.toString(), List.of(0, 1));
        List<String> theirs = new ArrayList<>();
        for (JsonNode a : addresses) {
            theirs.add(rpc.call("validateaddress", a.asText()).path("scriptPubKey").asText());
        }
        // Core 0.21 names the P2PK output by its key's P2PKH address, so that one appears twice
        List<String> mine = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            List<byte[]> s = ours.scripts(i);
            assertEquals(4, s.size());
            byte[] p2pk = s.get(0);
            assertEquals(35, p2pk.length);
            byte[] key = java.util.Arrays.copyOfRange(p2pk, 1, 34);
            assertEquals("76a914" + HEX.formatHex(Hashes.hash160(key)) + "88ac", HEX.formatHex(s.get(1)));
            mine.add(HEX.formatHex(s.get(1)));
            for (byte[] script : s.subList(1, 4)) {
                mine.add(HEX.formatHex(script));
            }
        }
        assertFalse(theirs.isEmpty());
        assertEquals(theirs, mine);
    }
}
