package io.assay.attest;

import io.assay.crypto.Bytes32;
import io.assay.crypto.Signature;
import org.web3j.crypto.ECKeyPair;
import org.web3j.crypto.Keys;
import org.web3j.crypto.Sign;

import java.math.BigInteger;
import java.security.SecureRandom;
import java.util.Arrays;

/**
 * A secp256k1 private key that signs report digests. The key never leaves this object: no accessor returns it,
 * {@link #toString()} shows only the address, and parse errors describe the input's shape, never its content.
 */
public final class SigningKey {
    private final ECKeyPair pair;
    private final String address;

    private SigningKey(BigInteger privateKey) {
        if (privateKey.signum() <= 0 || privateKey.compareTo(Signature.N) >= 0) {
            throw new IllegalArgumentException("not a valid secp256k1 private key (must be in [1, n-1])");
        }
        this.pair = ECKeyPair.create(privateKey);
        this.address = Keys.toChecksumAddress(Keys.getAddress(pair));
    }

    /**
     * Reads a key written as 64 hex digits, optionally {@code 0x}-prefixed, surrounded by optional whitespace (a
     * trailing newline from {@code echo} or a Kubernetes Secret is fine). {@code source} names where it came from
     * (a file path, an environment variable) in errors; the input is never echoed. The caller may wipe
     * {@code text} afterwards.
     */
    public static SigningKey parse(char[] text, String source) {
        int from = 0;
        int to = text.length;
        while (from < to && Character.isWhitespace(text[from])) {
            from++;
        }
        while (to > from && Character.isWhitespace(text[to - 1])) {
            to--;
        }
        if (to - from >= 2 && text[from] == '0' && (text[from + 1] == 'x' || text[from + 1] == 'X')) {
            from += 2;
        }
        int len = to - from;
        if (len != 64) {
            throw new IllegalArgumentException(source + ": expected a secp256k1 private key as 64 hex digits "
                    + "(optionally 0x-prefixed); found " + len + " characters");
        }
        byte[] raw = new byte[32];
        try {
            for (int i = 0; i < 32; i++) {
                int hi = Character.digit(text[from + 2 * i], 16);
                int lo = Character.digit(text[from + 2 * i + 1], 16);
                if (hi < 0 || lo < 0) {
                    throw new IllegalArgumentException(source + ": the private key contains a character that is not a hex digit");
                }
                raw[i] = (byte) (hi << 4 | lo);
            }
            try {
                return new SigningKey(new BigInteger(1, raw));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(source + ": " + e.getMessage());
            }
        } finally {
            Arrays.fill(raw, (byte) 0);
        }
    }

    /** A fresh random key. */
    public static SigningKey generate(SecureRandom random) {
        while (true) {
            BigInteger k = new BigInteger(256, random);
            if (k.signum() > 0 && k.compareTo(Signature.N) < 0) {
                return new SigningKey(k);
            }
        }
    }

    /** The signer's EIP-55 address. */
    public String address() {
        return address;
    }

    /** Signs a 32-byte digest as is (no prefix, no hashing): RFC 6979 deterministic, low s, v in {27, 28}. */
    public Signature sign(Bytes32 digest) {
        Sign.SignatureData d = Sign.signMessage(digest.bytes(), pair, false);
        return new Signature(new BigInteger(1, d.getR()), new BigInteger(1, d.getS()), d.getV()[0] & 0xff);
    }

    @Override
    public String toString() {
        return "SigningKey[" + address + "]";
    }
}
