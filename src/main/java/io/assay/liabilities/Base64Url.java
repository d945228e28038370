package io.assay.liabilities;

/**
 * base64url without padding (RFC 4648 section 5), decoded strictly: only {@code A-Z a-z 0-9 - _}, no {@code =},
 * no impossible length, unused trailing bits zero, so every byte string has exactly one text (the browser verifier
 * decodes the same way and refuses the same texts with the same words).
 */
final class Base64Url {
    private static final String ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

    private Base64Url() {
    }

    static String encode(byte[] b) {
        return java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }

    static byte[] decode(String s, String where) {
        int n = s.length();
        if (n % 4 == 1) {
            throw new IllegalArgumentException(where + ": not base64url (A-Z a-z 0-9 - _, no padding)");
        }
        byte[] out = new byte[n * 3 / 4];
        int acc = 0;
        int bits = 0;
        int o = 0;
        for (int i = 0; i < n; i++) {
            int v = ALPHABET.indexOf(s.charAt(i));
            if (v < 0) {
                throw new IllegalArgumentException(where + ": not base64url (A-Z a-z 0-9 - _, no padding)");
            }
            acc = (acc << 6) | v;
            bits += 6;
            if (bits >= 8) {
                bits -= 8;
                out[o++] = (byte) (acc >>> bits);
                acc &= (1 << bits) - 1;
            }
        }
        if (acc != 0) {
            throw new IllegalArgumentException(where + ": not base64url (A-Z a-z 0-9 - _, no padding)");
        }
        return out;
    }
}
