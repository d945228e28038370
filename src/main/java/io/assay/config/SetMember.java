package io.assay.config;

import io.assay.descriptor.AddressScripts;
import org.bitcoinj.base.BitcoinNetwork;
import org.bitcoinj.base.SegwitAddress;

import java.util.HexFormat;
import java.util.Locale;

/**
 * One member of a Bitcoin reserve set: the scriptPubKey it stands for and how the list names it.
 *
 * @param script  the scriptPubKey (raw bytes; the member's identity: two entries with the same script are one member)
 * @param display the entry as listed (an address), or {@code raw(<hex>)} for a script given in hex
 */
public record SetMember(byte[] script, String display) {
    /** Longest entry accepted (a P2WSH/P2TR bech32 address is 62-64 characters; raw scripts are capped too). */
    public static final int MAX_ENTRY = 200;

    /**
     * Parses a list entry: an address valid on {@code network}, or {@code raw(<scriptPubKey hex>)}.
     *
     * @throws IllegalArgumentException saying what is wrong with the entry
     */
    public static SetMember parse(String entry, BitcoinNetwork network) {
        if (entry == null || entry.isBlank()) {
            throw new IllegalArgumentException("empty entry");
        }
        String e = entry.strip();
        if (e.length() > MAX_ENTRY) {
            throw new IllegalArgumentException("entry longer than " + MAX_ENTRY + " characters");
        }
        if (e.startsWith("raw(") && e.endsWith(")")) {
            String hex = Addresses.script(e.substring(4, e.length() - 1));
            if (hex.length() > 2 * 100) {
                throw new IllegalArgumentException("raw script longer than 100 bytes");
            }
            return new SetMember(HexFormat.of().parseHex(hex), "raw(" + hex + ")");
        }
        return new SetMember(AddressScripts.scriptPubKey(e, network), e);
    }

    /** The P2WPKH member paying the 20-byte {@code keyHash} (a tBTC wallet's {@code walletPubKeyHash}). */
    public static SetMember p2wpkh(byte[] keyHash, BitcoinNetwork network) {
        if (keyHash.length != 20) {
            throw new IllegalArgumentException("a P2WPKH key hash is 20 bytes, found " + keyHash.length);
        }
        byte[] script = new byte[22];
        script[1] = 0x14;
        System.arraycopy(keyHash, 0, script, 2, 20);
        return new SetMember(script, SegwitAddress.fromProgram(network, 0, keyHash).toString()
                .toLowerCase(Locale.ROOT));
    }

    public String scriptHex() {
        return HexFormat.of().formatHex(script);
    }
}
