package io.assay.descriptor;

import org.bitcoinj.crypto.ECKey;
import org.bouncycastle.crypto.params.ECDomainParameters;
import org.bouncycastle.math.ec.ECPoint;

import java.math.BigInteger;
import java.util.Arrays;

/**
 * BIP 340/341 key arithmetic on secp256k1 that bitcoinj lacks: lifting an x-only key to the point with
 * even y, the TapTweak of an internal key (optionally committing to a script tree's Merkle root), and the
 * TapLeaf/TapBranch hashes that build that root. Keys are 32-byte x-only big-endian coordinates.
 */
public final class Taproot {
    /** Leaf version of BIP 342 tapscript, the only one descriptors produce. */
    public static final int TAPSCRIPT_LEAF_VERSION = 0xc0;

    private static final ECDomainParameters CURVE = ECKey.ecDomainParameters();

    private Taproot() {
    }

    /**
     * {@code lift_x}: the curve point with this x coordinate and an even y.
     *
     * @throws IllegalArgumentException if {@code x} is not 32 bytes, not below the field size, or not on the curve
     */
    static ECPoint liftX(byte[] x) {
        if (x.length != 32) {
            throw new IllegalArgumentException("an x-only key is 32 bytes, found " + x.length);
        }
        byte[] compressed = new byte[33];
        compressed[0] = 0x02;
        System.arraycopy(x, 0, compressed, 1, 32);
        try {
            return CURVE.getCurve().decodePoint(compressed);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("x-only key is not a point on secp256k1", e);
        }
    }

    /**
     * The BIP 341 output key {@code Q = lift_x(P) + int(hashTapTweak(P || merkleRoot))·G}, x-only.
     *
     * @param internalKey x-only internal key P (32 bytes)
     * @param merkleRoot  the script tree's root (32 bytes), or null for a key-path-only output
     */
    public static byte[] outputKey(byte[] internalKey, byte[] merkleRoot) {
        ECPoint p = liftX(internalKey);
        byte[] tweak = merkleRoot == null
                ? Hashes.tagged("TapTweak", internalKey)
                : Hashes.tagged("TapTweak", internalKey, merkleRoot);
        BigInteger t = new BigInteger(1, tweak);
        if (t.compareTo(CURVE.getN()) >= 0) {
            // probability about 2^-128; BIP 341 makes such an output unspendable by key path, so refuse it
            throw new IllegalArgumentException("taproot tweak exceeds the curve order");
        }
        ECPoint q = p.add(CURVE.getG().multiply(t)).normalize();
        if (q.isInfinity()) {
            throw new IllegalArgumentException("taproot output key is the point at infinity");
        }
        return q.getAffineXCoord().getEncoded();
    }

    /** The P2TR scriptPubKey {@code OP_1 <32-byte output key>}. */
    public static byte[] outputScript(byte[] outputKey) {
        if (outputKey.length != 32) {
            throw new IllegalArgumentException("a taproot output key is 32 bytes, found " + outputKey.length);
        }
        return new ScriptWriter(34).op(ScriptWriter.OP_1).push(outputKey).toByteArray();
    }

    /** {@code hashTapLeaf(leafVersion || compact_size(script) || script)}. */
    public static byte[] leafHash(int leafVersion, byte[] script) {
        return Hashes.tagged("TapLeaf", new byte[]{(byte) leafVersion}, compactSize(script.length), script);
    }

    /** {@code hashTapBranch} of two child hashes, ordered lexicographically as BIP 341 requires. */
    public static byte[] branchHash(byte[] a, byte[] b) {
        return Arrays.compareUnsigned(a, b) <= 0
                ? Hashes.tagged("TapBranch", a, b)
                : Hashes.tagged("TapBranch", b, a);
    }

    /** Whether the 33-byte compressed key's point is valid (used to reject keys early with a clear message). */
    static boolean isValidCompressed(byte[] key) {
        try {
            return !CURVE.getCurve().decodePoint(key).isInfinity();
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /** Whether a 65-byte uncompressed key ({@code 04 x y}) is a point on the curve. */
    static boolean isValidUncompressed(byte[] key) {
        try {
            return key.length == 65 && key[0] == 0x04 && CURVE.getCurve().decodePoint(key).isValid();
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static byte[] compactSize(int n) {
        if (n < 0xfd) {
            return new byte[]{(byte) n};
        }
        if (n <= 0xffff) {
            return new byte[]{(byte) 0xfd, (byte) n, (byte) (n >>> 8)};
        }
        return new byte[]{(byte) 0xfe, (byte) n, (byte) (n >>> 8), (byte) (n >>> 16), (byte) (n >>> 24)};
    }
}
