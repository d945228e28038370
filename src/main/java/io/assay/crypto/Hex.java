package io.assay.crypto;

import java.util.HexFormat;
import java.util.Locale;

/** Strict {@code 0x}-prefixed hex, as typed data and signatures carry it. */
public final class Hex {
    private static final HexFormat HEX = HexFormat.of();

    private Hex() {
    }

    /** {@code 0x} + lowercase hex of {@code bytes}. */
    public static String of(byte[] bytes) {
        return "0x" + HEX.formatHex(bytes);
    }

    /**
     * The bytes of a {@code 0x}-prefixed, even-length hex string; {@code what} names the field in the error.
     * The offending value is not echoed (it may be long or, for keys, secret).
     */
    public static byte[] parse(String s, String what) {
        if (s == null || !s.startsWith("0x") && !s.startsWith("0X")) {
            throw new IllegalArgumentException(what + ": expected 0x-prefixed hex");
        }
        String body = s.substring(2);
        if (body.length() % 2 != 0) {
            throw new IllegalArgumentException(what + ": odd number of hex digits (" + body.length() + ")");
        }
        for (int i = 0; i < body.length(); i++) {
            if (Character.digit(body.charAt(i), 16) < 0) {
                throw new IllegalArgumentException(what + ": not hex (character " + (i + 2) + ")");
            }
        }
        return HEX.parseHex(body.toLowerCase(Locale.ROOT));
    }

    /** Like {@link #parse} but requires exactly {@code length} bytes. */
    public static byte[] parse(String s, String what, int length) {
        byte[] b = parse(s, what);
        if (b.length != length) {
            throw new IllegalArgumentException(what + ": expected " + length + " bytes, found " + b.length);
        }
        return b;
    }

    /** {@code v} as a 32-byte big-endian word; {@code v} must be in [0, 2^256). */
    public static byte[] word(java.math.BigInteger v) {
        byte[] raw = v.toByteArray();
        if (v.signum() < 0 || raw.length > 33 || raw.length == 33 && raw[0] != 0) {
            throw new IllegalArgumentException("value out of uint256 range");
        }
        byte[] out = new byte[32];
        int n = Math.min(raw.length, 32);
        System.arraycopy(raw, raw.length - n, out, 32 - n, n);
        return out;
    }
}
