package io.assay.descriptor;

import org.bouncycastle.crypto.digests.RIPEMD160Digest;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/** The hash functions scripts are built from: SHA-256, HASH160 and BIP 340 tagged hashes. */
final class Hashes {
    private Hashes() {
    }

    static MessageDigest sha256Digest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JVM has no SHA-256", e);
        }
    }

    static byte[] sha256(byte[] data) {
        return sha256Digest().digest(data);
    }

    /** RIPEMD160(SHA256(data)): the 20-byte hash in P2PKH, P2SH and P2WPKH scripts. */
    static byte[] hash160(byte[] data) {
        byte[] sha = sha256(data);
        RIPEMD160Digest ripemd = new RIPEMD160Digest();
        ripemd.update(sha, 0, sha.length);
        byte[] out = new byte[20];
        ripemd.doFinal(out, 0);
        return out;
    }

    /** BIP 340 tagged hash: SHA256(SHA256(tag) || SHA256(tag) || parts...). */
    static byte[] tagged(String tag, byte[]... parts) {
        byte[] tagHash = sha256(tag.getBytes(StandardCharsets.US_ASCII));
        MessageDigest d = sha256Digest();
        d.update(tagHash);
        d.update(tagHash);
        for (byte[] p : parts) {
            d.update(p);
        }
        return d.digest();
    }
}
