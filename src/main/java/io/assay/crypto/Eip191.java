package io.assay.crypto;

import org.web3j.crypto.Hash;

import java.nio.charset.StandardCharsets;

/**
 * EIP-191 version 0x45 ("personal_sign", {@code eth_sign}): the digest a wallet signs for a message is
 * {@code keccak256("\x19Ethereum Signed Message:\n" + len(message) + message)}, with {@code len} in decimal ASCII
 * and the message as exact bytes.
 */
public final class Eip191 {
    private Eip191() {
    }

    public static Bytes32 digest(byte[] message) {
        byte[] prefix = ("\u0019Ethereum Signed Message:\n" + message.length).getBytes(StandardCharsets.US_ASCII);
        byte[] all = new byte[prefix.length + message.length];
        System.arraycopy(prefix, 0, all, 0, prefix.length);
        System.arraycopy(message, 0, all, prefix.length, message.length);
        return Bytes32.of(Hash.sha3(all));
    }

    /** The EIP-55 address that signed {@code message} with personal_sign, or empty (bad form, not canonical). */
    public static java.util.Optional<String> recover(byte[] message, String signatureHex) {
        Signature sig;
        try {
            sig = Signature.parse(signatureHex, "signature");
        } catch (RuntimeException e) {
            return java.util.Optional.empty();
        }
        return sig.recover(digest(message));
    }
}
