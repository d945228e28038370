package io.assay.descriptor;

import org.bitcoinj.base.BitcoinNetwork;
import org.bitcoinj.base.LegacyAddress;
import org.bitcoinj.base.SegwitAddress;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.HexFormat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class AddressScriptsTest {
    private static final HexFormat HEX = HexFormat.of();

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource({
            // P2PKH (bitcoinj's own example), P2SH (BIP 385), P2WPKH and P2WSH (BIP 173), P2TR (BIP 350)
            "MAINNET, 1BvBMSEYstWetqTFn5Au4m4GFg7xJaNVN2, 76a91477bff20c60e522dfaa3350c39b030a5d004e839a88ac",
            "MAINNET, 3PUNyaW7M55oKWJ3kDukwk9bsKvryra15j, a914eeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeee87",
            "MAINNET, bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4, 0014751e76e8199196d454941c45d1b3a323f1433bd6",
            "MAINNET, BC1QW508D6QEJXTDG4Y5R3ZARVARY0C5XW7KV8F3T4, 0014751e76e8199196d454941c45d1b3a323f1433bd6",
            "MAINNET, bc1qrp33g0q5c5txsp9arysrx4k6zdkfs4nce4xj0gdcccefvpysxf3qccfmv3, 00201863143c14c5166804bd19203356da136c985678cd4d27a1b8c6329604903262",
            "TESTNET, tb1qrp33g0q5c5txsp9arysrx4k6zdkfs4nce4xj0gdcccefvpysxf3q0sl5k7, 00201863143c14c5166804bd19203356da136c985678cd4d27a1b8c6329604903262",
            "SIGNET, tb1qrp33g0q5c5txsp9arysrx4k6zdkfs4nce4xj0gdcccefvpysxf3q0sl5k7, 00201863143c14c5166804bd19203356da136c985678cd4d27a1b8c6329604903262",
            "MAINNET, bc1p0xlxvlhemja6c4dqv22uapctqupfhlxm9h8z3k2e72q4k9hcz7vqzk5jj0, 512079be667ef9dcbbac55a06295ce870b07029bfcdb2dce28d959f2815b16f81798",
            "TESTNET, tb1pqqqqp399et2xygdj5xreqhjjvcmzhxw4aywxecjdzew6hylgvsesf3hn0c, 5120000000c4a5cad46221b2a187905e5266362b99d5e91c6ce24d165dab93e86433",
    })
    void addressGivesItsScriptPubKey(BitcoinNetwork network, String address, String script) {
        assertEquals(script, HEX.formatHex(AddressScripts.scriptPubKey(address, network)));
    }

    @Test
    void regtestAddressesOfAllFiveTypes() {
        BitcoinNetwork r = BitcoinNetwork.REGTEST;
        byte[] h20 = HEX.parseHex("751e76e8199196d454941c45d1b3a323f1433bd6");
        byte[] h32 = HEX.parseHex("1863143c14c5166804bd19203356da136c985678cd4d27a1b8c6329604903262");
        assertEquals("76a914" + HEX.formatHex(h20) + "88ac", HEX.formatHex(AddressScripts.scriptPubKey(
                LegacyAddress.fromPubKeyHash(r, h20).toString(), r)));
        assertEquals("a914" + HEX.formatHex(h20) + "87", HEX.formatHex(AddressScripts.scriptPubKey(
                LegacyAddress.fromScriptHash(r, h20).toString(), r)));
        String p2wpkh = SegwitAddress.fromProgram(r, 0, h20).toBech32();
        assertEquals("bcrt1qw508d6qejxtdg4y5r3zarvary0c5xw7kygt080", p2wpkh);
        assertEquals("0014" + HEX.formatHex(h20), HEX.formatHex(AddressScripts.scriptPubKey(p2wpkh, r)));
        assertEquals("0020" + HEX.formatHex(h32), HEX.formatHex(AddressScripts.scriptPubKey(
                SegwitAddress.fromProgram(r, 0, h32).toBech32(), r)));
        assertEquals("5120" + HEX.formatHex(h32), HEX.formatHex(AddressScripts.scriptPubKey(
                SegwitAddress.fromProgram(r, 1, h32).toBech32(), r)));
    }

    @Test
    void addressOfAnotherNetworkIsNamed() {
        assertEquals("'bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4' is a mainnet address, but the chain is testnet",
                message("bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4", BitcoinNetwork.TESTNET));
        assertEquals("'tb1qrp33g0q5c5txsp9arysrx4k6zdkfs4nce4xj0gdcccefvpysxf3q0sl5k7' is a testnet/signet address, but the chain is regtest",
                message("tb1qrp33g0q5c5txsp9arysrx4k6zdkfs4nce4xj0gdcccefvpysxf3q0sl5k7", BitcoinNetwork.REGTEST));
        assertEquals("'1BvBMSEYstWetqTFn5Au4m4GFg7xJaNVN2' is a mainnet address, but the chain is signet",
                message("1BvBMSEYstWetqTFn5Au4m4GFg7xJaNVN2", BitcoinNetwork.SIGNET));
    }

    @Test
    void mistypedAndUnsupportedAddressesAreRefused() {
        assertEquals("'bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t5' is not a valid mainnet address (checksum mismatch: mistyped?)",
                message("bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t5", BitcoinNetwork.MAINNET));
        // BIP 350 example of a segwit v2 address: valid, but no script type Assay tracks
        assertEquals("'bc1zw508d6qejxtdg4y5r3zarvaryvaxxpcs' uses a future segwit version; supported are P2PKH, "
                + "P2SH, P2WPKH, P2WSH and P2TR addresses", message("bc1zw508d6qejxtdg4y5r3zarvaryvaxxpcs", BitcoinNetwork.MAINNET));
    }

    private static String message(String address, BitcoinNetwork network) {
        return assertThrows(IllegalArgumentException.class, () -> AddressScripts.scriptPubKey(address, network)).getMessage();
    }
}
