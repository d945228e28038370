package io.assay.liabilities;

import java.math.BigInteger;

/**
 * Unsigned 128-bit amounts, the fixed width of every balance and sum the tree hashes (16 bytes, big-endian). An
 * amount is two longs {@code (hi, lo)} read as unsigned. Parsing is strict: decimal digits only, no sign, no
 * leading zero, no fraction or exponent, below 2^128.
 */
public final class Amount128 {
    /** Bytes of one amount in a hashed record. */
    public static final int WIDTH = 16;
    /** 2^128: the first amount that does not fit. */
    public static final BigInteger LIMIT = BigInteger.ONE.shiftLeft(128);

    private Amount128() {
    }

    /**
     * Parses a raw-unit amount; throws {@link IllegalArgumentException} with a message that says what is wrong
     * ({@code negative}, {@code not an integer}, {@code too large}).
     */
    public static BigInteger parse(String s) {
        if (s == null || s.isEmpty()) {
            throw new IllegalArgumentException("empty amount");
        }
        if (s.charAt(0) == '-') {
            throw new IllegalArgumentException("negative amount '" + s + "'");
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                throw new IllegalArgumentException("not a non-negative integer in raw units: '" + abbreviate(s) + "'");
            }
        }
        if (s.length() > 1 && s.charAt(0) == '0') {
            throw new IllegalArgumentException("leading zero in amount '" + abbreviate(s) + "'");
        }
        if (s.length() > 39) {
            throw new IllegalArgumentException("amount too large (2^128 or more): '" + abbreviate(s) + "'");
        }
        BigInteger v = new BigInteger(s);
        if (v.compareTo(LIMIT) >= 0) {
            throw new IllegalArgumentException("amount too large (2^128 or more): '" + s + "'");
        }
        return v;
    }

    static String abbreviate(String s) {
        return s.length() <= 48 ? s : s.substring(0, 45) + "...";
    }

    public static long hi(BigInteger v) {
        return v.shiftRight(64).longValue();
    }

    public static long lo(BigInteger v) {
        return v.longValue();
    }

    public static BigInteger of(long hi, long lo) {
        BigInteger h = new BigInteger(Long.toUnsignedString(hi));
        return h.shiftLeft(64).or(new BigInteger(Long.toUnsignedString(lo)));
    }

    public static String toString(long hi, long lo) {
        return hi == 0 ? Long.toUnsignedString(lo) : of(hi, lo).toString();
    }

    /** Writes {@code v} (0 <= v < 2^128) as 16 bytes big-endian at {@code off}. */
    public static void write(byte[] dst, int off, BigInteger v) {
        putLong(dst, off, hi(v));
        putLong(dst, off + 8, lo(v));
    }

    public static BigInteger read(byte[] src, int off) {
        return of(getLong(src, off), getLong(src, off + 8));
    }

    /**
     * Adds the 16-byte amounts at {@code a} and {@code b} into {@code dst}; returns false (and leaves {@code dst}
     * undefined) when the sum is 2^128 or more.
     */
    public static boolean add(byte[] aBuf, int a, byte[] bBuf, int b, byte[] dst, int d) {
        long ahi = getLong(aBuf, a), alo = getLong(aBuf, a + 8);
        long bhi = getLong(bBuf, b), blo = getLong(bBuf, b + 8);
        long lo = alo + blo;
        long carry = Long.compareUnsigned(lo, alo) < 0 ? 1 : 0;
        long hi = ahi + bhi;
        boolean overflow = Long.compareUnsigned(hi, ahi) < 0;
        long hi2 = hi + carry;
        overflow |= carry == 1 && hi2 == 0;
        putLong(dst, d, hi2);
        putLong(dst, d + 8, lo);
        return !overflow;
    }

    static final java.lang.invoke.VarHandle LONG_BE =
            java.lang.invoke.MethodHandles.byteArrayViewVarHandle(long[].class, java.nio.ByteOrder.BIG_ENDIAN);

    static long getLong(byte[] b, int off) {
        return (long) LONG_BE.get(b, off);
    }

    static void putLong(byte[] b, int off, long v) {
        LONG_BE.set(b, off, v);
    }
}
