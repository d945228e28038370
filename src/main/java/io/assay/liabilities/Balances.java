package io.assay.liabilities;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Customer balances held compactly: one user id per row and one unsigned 128-bit amount per (row, asset) in two
 * long arrays, with the per-asset totals (checked to stay below 2^128). Filled by {@link BalanceReader} or
 * {@link #add}; read by {@link SumTree}.
 */
public final class Balances {
    private final List<String> assets;
    private final List<String> users = new ArrayList<>();
    private final java.util.HashMap<String, Integer> rows = new java.util.HashMap<>();
    private long[] hi = new long[1024];
    private long[] lo = new long[1024];
    private final long[] totalHi;
    private final long[] totalLo;

    public Balances(List<String> assets) {
        if (assets.isEmpty()) {
            throw new IllegalArgumentException("no asset");
        }
        if (assets.size() > 64) {
            throw new IllegalArgumentException("at most 64 assets per publication (found " + assets.size() + ")");
        }
        if (new java.util.HashSet<>(assets).size() != assets.size()) {
            throw new IllegalArgumentException("duplicate asset in " + assets);
        }
        for (String a : assets) {
            if (!Scheme.PUBLICATION_ID.matcher(a).matches()) {
                throw new IllegalArgumentException("asset id must be 1-64 characters of A-Z a-z 0-9 . _ : - (found '" + a + "')");
            }
        }
        this.assets = List.copyOf(assets);
        this.totalHi = new long[assets.size()];
        this.totalLo = new long[assets.size()];
    }

    public List<String> assets() {
        return assets;
    }

    public int size() {
        return users.size();
    }

    /** The row of a user, or -1. */
    public int row(String user) {
        Integer r = rows.get(user);
        return r == null ? -1 : r;
    }

    public String user(int row) {
        return users.get(row);
    }

    public long hi(int row, int asset) {
        return hi[row * assets.size() + asset];
    }

    public long lo(int row, int asset) {
        return lo[row * assets.size() + asset];
    }

    public BigInteger amount(int row, int asset) {
        return Amount128.of(hi(row, asset), lo(row, asset));
    }

    public BigInteger total(int asset) {
        return Amount128.of(totalHi[asset], totalLo[asset]);
    }

    /**
     * Appends a row (amounts as (hi, lo) pairs per asset). The caller has checked the user id; throws
     * {@link IllegalArgumentException} when the user is already present or an asset's total would reach 2^128
     * (nothing is added then).
     */
    public void add(String user, long[] rowHi, long[] rowLo) {
        Integer first = rows.get(user);
        if (first != null) {
            throw new IllegalArgumentException("duplicate user '" + user + "' (first in row " + (first + 1) + ")");
        }
        int a = assets.size();
        long[] nh = new long[a];
        long[] nl = new long[a];
        for (int i = 0; i < a; i++) {
            long l = totalLo[i] + rowLo[i];
            long carry = Long.compareUnsigned(l, totalLo[i]) < 0 ? 1 : 0;
            long h = totalHi[i] + rowHi[i];
            boolean overflow = Long.compareUnsigned(h, totalHi[i]) < 0;
            long h2 = h + carry;
            overflow |= carry == 1 && h2 == 0;
            if (overflow) {
                throw new IllegalArgumentException("total of " + assets.get(i) + " reaches 2^128");
            }
            nh[i] = h2;
            nl[i] = l;
        }
        int row = users.size();
        int need = (row + 1) * a;
        if (need > hi.length) {
            int cap = Math.max(need, hi.length + (hi.length >> 1));
            hi = Arrays.copyOf(hi, cap);
            lo = Arrays.copyOf(lo, cap);
        }
        System.arraycopy(rowHi, 0, hi, row * a, a);
        System.arraycopy(rowLo, 0, lo, row * a, a);
        System.arraycopy(nh, 0, totalHi, 0, a);
        System.arraycopy(nl, 0, totalLo, 0, a);
        users.add(user);
        rows.put(user, row);
    }

    /** Convenience for tests and small inputs: amounts as BigIntegers in asset order. */
    public Balances add(String user, BigInteger... amounts) {
        if (amounts.length != assets.size()) {
            throw new IllegalArgumentException("expected " + assets.size() + " amounts");
        }
        Scheme.checkUserId(user);
        long[] h = new long[amounts.length];
        long[] l = new long[amounts.length];
        for (int i = 0; i < amounts.length; i++) {
            if (amounts[i].signum() < 0 || amounts[i].compareTo(Amount128.LIMIT) >= 0) {
                throw new IllegalArgumentException("amount out of range: " + amounts[i]);
            }
            h[i] = Amount128.hi(amounts[i]);
            l[i] = Amount128.lo(amounts[i]);
        }
        add(user, h, l);
        return this;
    }

    public Balances add(String user, long... amounts) {
        BigInteger[] b = new BigInteger[amounts.length];
        for (int i = 0; i < amounts.length; i++) {
            b[i] = BigInteger.valueOf(amounts[i]);
        }
        return add(user, b);
    }
}
