package io.assay.crypto;

import org.web3j.crypto.ECDSASignature;
import org.web3j.crypto.Keys;
import org.web3j.crypto.Sign;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A secp256k1 signature in Ethereum's 65-byte form {@code r ‖ s ‖ v} with {@code v} in {27, 28}, as
 * {@code eth_signTypedData_v4} returns it and {@code ecrecover} takes it.
 *
 * <p>Assay accepts only canonical signatures: {@code 0 < r, s < n}, {@code s <= n/2} (the low half; the high
 * twin of a signature is the same signature made malleable) and {@code v} 27 or 28. {@link #problems()} says which
 * rule a signature breaks.
 */
public record Signature(BigInteger r, BigInteger s, int v) {
    /** The secp256k1 group order n. */
    public static final BigInteger N = Sign.CURVE_PARAMS.getN();
    public static final BigInteger HALF_N = N.shiftRight(1);

    /** Parses {@code 0x} + 130 hex digits; {@code what} names the field in the error. */
    public static Signature parse(String hex, String what) {
        byte[] b = Hex.parse(hex, what, 65);
        return new Signature(new BigInteger(1, java.util.Arrays.copyOfRange(b, 0, 32)),
                new BigInteger(1, java.util.Arrays.copyOfRange(b, 32, 64)), b[64] & 0xff);
    }

    /** {@code 0x} + r (32 bytes) + s (32 bytes) + v (1 byte). */
    public String hex() {
        byte[] out = new byte[65];
        System.arraycopy(Hex.word(r), 0, out, 0, 32);
        System.arraycopy(Hex.word(s), 0, out, 32, 32);
        out[64] = (byte) v;
        return Hex.of(out);
    }

    /** The rules this signature breaks; empty when canonical. */
    public List<String> problems() {
        List<String> out = new ArrayList<>();
        if (r.signum() <= 0 || r.compareTo(N) >= 0) {
            out.add("signature r is out of range");
        }
        if (s.signum() <= 0 || s.compareTo(N) >= 0) {
            out.add("signature s is out of range");
        } else if (s.compareTo(HALF_N) > 0) {
            out.add("signature s is in the upper half of the curve order (malleable form; Assay signs only low s)");
        }
        if (v != 27 && v != 28) {
            out.add("signature v is " + v + "; expected 27 or 28");
        }
        return out;
    }

    /** The EIP-55 address whose key made this signature over {@code digest}; empty if not canonical or not recoverable. */
    public Optional<String> recover(Bytes32 digest) {
        if (!problems().isEmpty()) {
            return Optional.empty();
        }
        BigInteger pub = Sign.recoverFromSignature(v - 27, new ECDSASignature(r, s), digest.bytes());
        return pub == null ? Optional.empty() : Optional.of(Keys.toChecksumAddress(Keys.getAddress(pub)));
    }

    @Override
    public String toString() {
        return hex();
    }
}
