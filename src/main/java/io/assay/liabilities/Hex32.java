package io.assay.liabilities;

import java.util.HexFormat;

/** {@code 0x}-prefixed lower-case hex of hashes and secrets. */
public final class Hex32 {
    private Hex32() {
    }

    public static String encode(byte[] b) {
        return "0x" + HexFormat.of().formatHex(b);
    }

    /** Parses exactly {@code bytes} bytes of {@code 0x}-prefixed hex; the message names {@code what}. */
    public static byte[] decode(String s, int bytes, String what) {
        if (s == null || !s.startsWith("0x") || s.length() != 2 + 2 * bytes) {
            throw new IllegalArgumentException(what + ": expected 0x and " + (2 * bytes) + " hex digits");
        }
        try {
            return HexFormat.of().parseHex(s, 2, s.length());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(what + ": not hex");
        }
    }
}
