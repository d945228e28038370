package io.assay.store;

import java.math.BigInteger;

/**
 * A reusable out-parameter for one series point {@code (height, time, value)}. Reads fill it in place so
 * the hot path allocates nothing. {@code time} is the block time in epoch milliseconds (UTC).
 */
public final class Point {
    public long height;
    public long time;
    public final Int128 value = new Int128();

    public BigInteger valueAsBigInteger() {
        return value.toBigInteger();
    }

    public Point copy() {
        Point p = new Point();
        p.height = height;
        p.time = time;
        p.value.set(value);
        return p;
    }

    @Override
    public String toString() {
        return "(" + height + ", " + time + ", " + value + ")";
    }
}
