package io.assay.descriptor;

import org.bitcoinj.base.Base58;
import org.bitcoinj.base.BitcoinNetwork;
import org.bitcoinj.base.exceptions.AddressFormatException;
import org.bitcoinj.crypto.DeterministicKey;

import java.util.Arrays;

/**
 * Decodes BIP 32 extended public keys (xpub on mainnet, tpub on testnet, signet and regtest) and
 * recognises what must be refused: private keys of any encoding (never accepted, never echoed) and
 * SLIP-132 variants (ypub, zpub, ...) that descriptors do not use.
 */
final class ExtendedKeys {
    private static final int XPUB = 0x0488b21e;
    private static final int TPUB = 0x043587cf;
    private static final int XPRV = 0x0488ade4;
    private static final int TPRV = 0x04358394;

    private ExtendedKeys() {
    }

    /** Whether {@code network} uses tpub/tprv (everything but mainnet). */
    private static boolean testLike(BitcoinNetwork network) {
        return network != BitcoinNetwork.MAINNET;
    }

    /**
     * Decodes a base58 key token that is not hex: an extended public key for {@code network}, or an error
     * saying what it is instead.
     *
     * @throws DescriptorException naming the problem; a private key is described, never repeated
     */
    static DeterministicKey decodePublic(String token, BitcoinNetwork network) {
        byte[] raw;
        try {
            raw = Base58.decodeChecked(token);
        } catch (AddressFormatException.InvalidChecksum e) {
            throw new DescriptorException("key '" + abbreviate(token) + "' has a wrong base58 checksum (mistyped?)");
        } catch (AddressFormatException e) {
            throw new DescriptorException("'" + abbreviate(token)
                    + "' is not a key: expected a hex public key or an extended public key ("
                    + (testLike(network) ? "tpub" : "xpub") + ")");
        }
        if ((raw.length == 33 || raw.length == 34) && ((raw[0] & 0xff) == 0x80 || (raw[0] & 0xff) == 0xef)) {
            Arrays.fill(raw, (byte) 0);
            throw new DescriptorException("a private key (WIF) was given; Assay takes public keys only: "
                    + "give the public key (hex) instead, and treat the private key as exposed");
        }
        if (raw.length != 78) {
            Arrays.fill(raw, (byte) 0);
            throw new DescriptorException("'" + abbreviate(token) + "' is not a key: base58 data of " + raw.length
                    + " bytes (an extended key has 78)");
        }
        int version = ((raw[0] & 0xff) << 24) | ((raw[1] & 0xff) << 16) | ((raw[2] & 0xff) << 8) | (raw[3] & 0xff);
        String kind = slip132(version);
        if (version == XPRV || version == TPRV || kind.endsWith("prv")) {
            Arrays.fill(raw, (byte) 0);
            throw new DescriptorException("an extended private key (" + (version == XPRV ? "xprv" : version == TPRV ? "tprv" : kind)
                    + ") was given; Assay takes public keys only: give the matching "
                    + (testLike(network) ? "tpub" : "xpub") + " instead, and treat the private key as exposed");
        }
        if (!kind.isEmpty()) {
            throw new DescriptorException("'" + abbreviate(token) + "' is a SLIP-132 " + kind
                    + "; descriptors take " + (testLike(network) ? "tpub" : "xpub")
                    + " keys and state the script type themselves (e.g. wpkh(xpub...)): convert it to "
                    + (testLike(network) ? "tpub" : "xpub"));
        }
        if (version == XPUB && testLike(network)) {
            throw new DescriptorException("'" + abbreviate(token) + "' is a mainnet xpub, but the chain is "
                    + networkName(network) + " (expected a tpub)");
        }
        if (version == TPUB && !testLike(network)) {
            throw new DescriptorException("'" + abbreviate(token) + "' is a testnet tpub, but the chain is mainnet (expected an xpub)");
        }
        if (version != XPUB && version != TPUB) {
            throw new DescriptorException("'" + abbreviate(token) + "' has unknown extended key version 0x"
                    + Integer.toHexString(version));
        }
        int depth = raw[4] & 0xff;
        boolean zeroParent = raw[5] == 0 && raw[6] == 0 && raw[7] == 0 && raw[8] == 0;
        boolean zeroChild = raw[9] == 0 && raw[10] == 0 && raw[11] == 0 && raw[12] == 0;
        if (depth == 0 && !(zeroParent && zeroChild)) {
            throw new DescriptorException("'" + abbreviate(token)
                    + "' is malformed: depth 0 (a master key) with a non-zero parent fingerprint or child number");
        }
        byte[] key = Arrays.copyOfRange(raw, 45, 78);
        if ((key[0] != 0x02 && key[0] != 0x03) || !Taproot.isValidCompressed(key)) {
            throw new DescriptorException("'" + abbreviate(token) + "' holds an invalid public key");
        }
        try {
            return DeterministicKey.deserialize(network, raw);
        } catch (IllegalArgumentException e) {
            throw new DescriptorException("'" + abbreviate(token) + "' cannot be read: " + e.getMessage(), e);
        }
    }

    private static String slip132(int version) {
        return switch (version) {
            case 0x049d7cb2 -> "ypub";
            case 0x04b24746 -> "zpub";
            case 0x0295b43f -> "Ypub";
            case 0x02aa7ed3 -> "Zpub";
            case 0x044a5262 -> "upub";
            case 0x045f1cf6 -> "vpub";
            case 0x024289ef -> "Upub";
            case 0x02575483 -> "Vpub";
            case 0x049d7878 -> "yprv";
            case 0x04b2430c -> "zprv";
            case 0x0295b005 -> "Yprv";
            case 0x02aa7a99 -> "Zprv";
            case 0x044a4e28 -> "uprv";
            case 0x045f18bc -> "vprv";
            case 0x024285b5 -> "Uprv";
            case 0x02575048 -> "Vprv";
            default -> "";
        };
    }

    static String networkName(BitcoinNetwork network) {
        return switch (network) {
            case MAINNET -> "mainnet";
            case TESTNET -> "testnet";
            case SIGNET -> "signet";
            case REGTEST -> "regtest";
        };
    }

    /**
     * Shortens long tokens in messages ({@code xpub661MyMwA...Zm4Y}); a token that looks like a private key
     * (xprv-like prefix, or WIF shape) is never shown, not even in part.
     */
    static String abbreviate(String token) {
        if (looksPrivate(token)) {
            return "<key that looks private, not shown>";
        }
        return token.length() <= 24 ? token : token.substring(0, 12) + "..." + token.substring(token.length() - 4);
    }

    static boolean looksPrivate(String token) {
        if (token.length() >= 4 && token.substring(1, 4).equals("prv")) {
            return true;
        }
        return (token.length() == 51 || token.length() == 52) && "5KLc9".indexOf(token.charAt(0)) >= 0;
    }
}
