package io.assay.store;

import java.math.BigInteger;

/**
 * A mutable signed 128-bit integer held in two longs ({@code hi:lo}, two's complement). Amounts live in the
 * store in this form; callers reuse one instance as an out-parameter so reads allocate nothing.
 * Convert at the edges with {@link #toBigInteger()} and {@link #set(BigInteger)}.
 */
public final class Int128 implements Comparable<Int128> {
    private static final BigInteger MIN = BigInteger.ONE.shiftLeft(127).negate();
    private static final BigInteger MAX = BigInteger.ONE.shiftLeft(127).subtract(BigInteger.ONE);
    private static final BigInteger MASK64 = BigInteger.ONE.shiftLeft(64).subtract(BigInteger.ONE);

    private long hi;
    private long lo;

    public Int128() {
    }

    public Int128(long hi, long lo) {
        this.hi = hi;
        this.lo = lo;
    }

    public static Int128 of(BigInteger v) {
        return new Int128().set(v);
    }

    public static Int128 of(long v) {
        return new Int128().set(v);
    }

    public long hi() {
        return hi;
    }

    public long lo() {
        return lo;
    }

    public Int128 set(long hi, long lo) {
        this.hi = hi;
        this.lo = lo;
        return this;
    }

    public Int128 set(long v) {
        this.hi = v < 0 ? -1L : 0L;
        this.lo = v;
        return this;
    }

    public Int128 set(Int128 o) {
        this.hi = o.hi;
        this.lo = o.lo;
        return this;
    }

    /** @throws ArithmeticException if {@code v} does not fit in 128 bits (signed) */
    public Int128 set(BigInteger v) {
        if (v.compareTo(MIN) < 0 || v.compareTo(MAX) > 0) {
            throw new ArithmeticException("amount " + v + " does not fit in int128");
        }
        this.lo = v.longValue();
        this.hi = v.shiftRight(64).longValue();
        return this;
    }

    public BigInteger toBigInteger() {
        BigInteger h = BigInteger.valueOf(hi).shiftLeft(64);
        return h.add(BigInteger.valueOf(lo).and(MASK64));
    }

    /** this += o; throws on signed overflow. */
    public Int128 add(Int128 o) {
        long l = lo + o.lo;
        long carry = Long.compareUnsigned(l, lo) < 0 ? 1 : 0;
        long h = hi + o.hi + carry;
        // overflow iff both operands have the same sign and the result's sign differs
        if (((hi ^ h) & (o.hi ^ h)) < 0) {
            throw new ArithmeticException("int128 overflow");
        }
        this.lo = l;
        this.hi = h;
        return this;
    }

    /** this -= o; throws on signed overflow. */
    public Int128 subtract(Int128 o) {
        long l = lo - o.lo;
        long borrow = Long.compareUnsigned(lo, o.lo) < 0 ? 1 : 0;
        long h = hi - o.hi - borrow;
        if (((hi ^ o.hi) & (hi ^ h)) < 0) {
            throw new ArithmeticException("int128 overflow");
        }
        this.lo = l;
        this.hi = h;
        return this;
    }

    public int signum() {
        return hi < 0 ? -1 : (hi == 0 && lo == 0 ? 0 : 1);
    }

    public boolean equals(long hi, long lo) {
        return this.hi == hi && this.lo == lo;
    }

    @Override
    public int compareTo(Int128 o) {
        int c = Long.compare(hi, o.hi);
        return c != 0 ? c : Long.compareUnsigned(lo, o.lo);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Int128 i && i.hi == hi && i.lo == lo;
    }

    @Override
    public int hashCode() {
        return Long.hashCode(hi) * 31 + Long.hashCode(lo);
    }

    @Override
    public String toString() {
        return toBigInteger().toString();
    }
}
