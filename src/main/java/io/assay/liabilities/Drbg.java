package io.assay.liabilities;

import javax.crypto.Cipher;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import java.math.BigInteger;
import java.security.GeneralSecurityException;

/**
 * Deterministic cryptographic random stream: AES-256-CTR keystream under a 32-byte key derived from the master
 * secret. Used for the leaf shuffle and the balance splits, so a publication is reproducible from its master
 * secret and input, and unpredictable without the secret. Not thread-safe: one per thread or per user.
 */
final class Drbg {
    private final Cipher cipher;
    private final byte[] zeros;
    private final byte[] buf;
    private int pos;

    Drbg(byte[] key32, int bufferBytes) {
        this(key32, 0, bufferBytes);
    }

    /** A stream under {@code key32} starting at counter block {@code stream * 2^64} (independent streams per key). */
    Drbg(byte[] key32, long stream, int bufferBytes) {
        try {
            cipher = Cipher.getInstance("AES/CTR/NoPadding");
            byte[] iv = new byte[16];
            Amount128.putLong(iv, 0, stream);
            cipher.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key32, 0, 32, "AES"), new IvParameterSpec(iv));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
        zeros = new byte[bufferBytes];
        buf = new byte[bufferBytes];
        pos = bufferBytes;
    }

    long nextLong() {
        if (pos + 8 > buf.length) {
            try {
                cipher.update(zeros, 0, zeros.length, buf, 0);
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException(e);
            }
            pos = 0;
        }
        long v = Amount128.getLong(buf, pos);
        pos += 8;
        return v;
    }

    /** Uniform in [0, bound) for 0 < bound <= 2^62, by rejection (no modulo bias). */
    long below(long bound) {
        long limit = Long.MAX_VALUE - (Long.MAX_VALUE % bound);
        while (true) {
            long r = nextLong() >>> 1;
            if (r < limit) {
                return r % bound;
            }
        }
    }

    /** Uniform in [0, max] for 0 <= max < 2^128 (unsigned (hi, lo)); writes {hi, lo} into {@code out}. */
    void upTo(long hi, long lo, long[] out) {
        if (hi == 0 && lo >= 0 && lo < (1L << 62)) {
            out[0] = 0;
            out[1] = below(lo + 1);
            return;
        }
        BigInteger bound = Amount128.of(hi, lo).add(BigInteger.ONE);
        int bits = bound.bitLength();
        while (true) {
            BigInteger r = Amount128.of(nextLong(), nextLong());
            if (bits <= 128) {
                r = r.shiftRight(128 - bits);
            }
            if (r.compareTo(bound) < 0) {
                out[0] = Amount128.hi(r);
                out[1] = Amount128.lo(r);
                return;
            }
        }
    }

    /** Fills {@code dst} with the next bytes of the stream. */
    void nextBytes(byte[] dst) {
        for (int i = 0; i < dst.length; i += 8) {
            long v = nextLong();
            for (int j = 0; j < 8 && i + j < dst.length; j++) {
                dst[i + j] = (byte) (v >>> (56 - 8 * j));
            }
        }
    }
}
