package io.assay.chain.evm;

import io.assay.chain.rpc.RpcException;

import java.math.BigInteger;
import java.util.Locale;

/**
 * Allocation-free parsing of the hex forms JSON-RPC answers carry: quantities ({@code 0x1a}), 32-byte words
 * (uint256 amounts, topics) and addresses. Malformed input is an {@link RpcException#malformed} (the
 * endpoint sent something no node sends), never a silently wrong number.
 */
public final class EvmHex {
    /** keccak256("Transfer(address,address,uint256)") */
    public static final String TRANSFER_TOPIC = "0xddf252ad1be2c89b69c2b068fc378daa952ba7f163c4a11628f55a4df523b3ef";
    public static final String ZERO_WORD = "0x0000000000000000000000000000000000000000000000000000000000000000";

    private EvmHex() {
    }

    public static long quantity(String s) {
        return quantity(s.toCharArray(), 0, s.length());
    }

    /** A JSON-RPC quantity ({@code 0x0}, {@code 0x1f}) as a non-negative long. */
    public static long quantity(char[] c, int off, int len) {
        if (len < 3 || len > 18 || c[off] != '0' || (c[off + 1] != 'x' && c[off + 1] != 'X')) {
            throw bad("quantity", c, off, len);
        }
        long v = 0;
        for (int i = off + 2; i < off + len; i++) {
            int d = digit(c[i]);
            if (d < 0) {
                throw bad("quantity", c, off, len);
            }
            v = (v << 4) | d;
        }
        if (v < 0) {
            throw bad("quantity", c, off, len);
        }
        return v;
    }

    /**
     * A 32-byte word ({@code 0x} + 64 hex) as an unsigned amount into {@code out[0]=hi, out[1]=lo}.
     *
     * @return false if the value does not fit in a signed 128-bit integer (the caller decides what that means)
     */
    public static boolean uint256(char[] c, int off, int len, long[] out) {
        if (len != 66 || c[off] != '0' || c[off + 1] != 'x') {
            throw bad("32-byte word", c, off, len);
        }
        boolean fits = true;
        for (int i = off + 2; i < off + 34; i++) {
            int d = digit(c[i]);
            if (d < 0) {
                throw bad("32-byte word", c, off, len);
            }
            if (d != 0) {
                fits = false;
            }
        }
        long hi = 0;
        long lo = 0;
        for (int i = off + 34; i < off + 50; i++) {
            int d = digit(c[i]);
            if (d < 0) {
                throw bad("32-byte word", c, off, len);
            }
            hi = (hi << 4) | d;
        }
        for (int i = off + 50; i < off + 66; i++) {
            int d = digit(c[i]);
            if (d < 0) {
                throw bad("32-byte word", c, off, len);
            }
            lo = (lo << 4) | d;
        }
        out[0] = hi;
        out[1] = lo;
        return fits && hi >= 0;
    }

    /** An ABI-encoded uint256 return value ({@code 0x} + 64 hex; {@code 0x} alone = no code = 0). */
    public static BigInteger word(String s) {
        if (s == null || !s.startsWith("0x")) {
            throw RpcException.malformed("expected a hex word, found '" + s + "'", null);
        }
        if (s.length() == 2) {
            return BigInteger.ZERO;
        }
        if (s.length() != 66) {
            throw RpcException.malformed("expected a 32-byte word, found " + (s.length() - 2) / 2 + " bytes", null);
        }
        try {
            return new BigInteger(s.substring(2), 16);
        } catch (NumberFormatException e) {
            throw RpcException.malformed("expected a hex word, found '" + s + "'", e);
        }
    }

    /** A non-negative quantity ({@code 0x...} up to 256 bits) such as a native balance. */
    public static BigInteger bigQuantity(String s) {
        if (s == null || !s.startsWith("0x") || s.length() < 3 || s.length() > 66) {
            throw RpcException.malformed("expected a hex quantity, found '" + s + "'", null);
        }
        try {
            return new BigInteger(s.substring(2), 16);
        } catch (NumberFormatException e) {
            throw RpcException.malformed("expected a hex quantity, found '" + s + "'", e);
        }
    }

    /** Lowercase {@code 0x}-prefixed 40-hex address of any case form. */
    public static String address(String a) {
        String s = a.toLowerCase(Locale.ROOT);
        if (!s.startsWith("0x") || s.length() != 42) {
            throw new IllegalArgumentException("not an address: " + a);
        }
        return s;
    }

    /** The 32-byte topic form of an address. */
    public static String topic(String address) {
        return "0x000000000000000000000000" + address(address).substring(2);
    }

    public static String hex(long v) {
        return "0x" + Long.toHexString(v);
    }

    static int digit(char ch) {
        if (ch >= '0' && ch <= '9') {
            return ch - '0';
        }
        if (ch >= 'a' && ch <= 'f') {
            return ch - 'a' + 10;
        }
        if (ch >= 'A' && ch <= 'F') {
            return ch - 'A' + 10;
        }
        return -1;
    }

    private static RpcException bad(String what, char[] c, int off, int len) {
        String v = new String(c, off, Math.min(len, 80));
        return RpcException.malformed("expected a hex " + what + ", found '" + v + "'", null);
    }
}
