package io.assay.descriptor;

/**
 * The BIP 380 output-descriptor checksum: eight characters after {@code #}, a BCH code over the
 * descriptor's characters that catches any error in up to four characters.
 */
public final class DescriptorChecksum {
    private static final String INPUT_CHARSET =
            "0123456789()[],'/*abcdefgh@:$%{}IJKLMNOPQRSTUVWXYZ&+-.;<=>?!^_|~ijklmnopqrstuvwxyzABCDEFGH`#\"\\ ";
    private static final String CHECKSUM_CHARSET = "qpzry9x8gf2tvdw0s3jn54khce6mua7l";
    private static final long[] GENERATOR = {0xf5dee51989L, 0xa9fdca3312L, 0x1bab10e32dL, 0x3706b1677aL, 0x644d626ffdL};

    private DescriptorChecksum() {
    }

    private static long polymod(long c, int val) {
        long c0 = c >>> 35;
        c = ((c & 0x7ffffffffL) << 5) ^ val;
        for (int i = 0; i < 5; i++) {
            if (((c0 >>> i) & 1) != 0) {
                c ^= GENERATOR[i];
            }
        }
        return c;
    }

    /**
     * The checksum of a descriptor body (without {@code #...}).
     *
     * @throws IllegalArgumentException if the body has a character outside the descriptor character set
     */
    public static String compute(String desc) {
        long c = 1;
        int cls = 0;
        int clscount = 0;
        for (int i = 0; i < desc.length(); i++) {
            int pos = INPUT_CHARSET.indexOf(desc.charAt(i));
            if (pos < 0) {
                throw new IllegalArgumentException("character '" + desc.charAt(i) + "' at position " + i
                        + " is not allowed in a descriptor");
            }
            c = polymod(c, pos & 31);
            cls = cls * 3 + (pos >> 5);
            if (++clscount == 3) {
                c = polymod(c, cls);
                cls = 0;
                clscount = 0;
            }
        }
        if (clscount > 0) {
            c = polymod(c, cls);
        }
        for (int j = 0; j < 8; j++) {
            c = polymod(c, 0);
        }
        c ^= 1;
        char[] out = new char[8];
        for (int j = 0; j < 8; j++) {
            out[j] = CHECKSUM_CHARSET.charAt((int) ((c >>> (5 * (7 - j))) & 31));
        }
        return new String(out);
    }

    /**
     * Splits {@code body#checksum}, verifies the checksum when present, and returns the body.
     *
     * @param requireChecksum when true a missing checksum is an error
     * @throws IllegalArgumentException naming the expected checksum when it does not match
     */
    public static String verify(String descriptor, boolean requireChecksum) {
        int hash = descriptor.indexOf('#');
        if (hash < 0) {
            if (requireChecksum) {
                throw new IllegalArgumentException("missing checksum (expected #" + compute(descriptor) + ")");
            }
            compute(descriptor); // validates the character set
            return descriptor;
        }
        String body = descriptor.substring(0, hash);
        String given = descriptor.substring(hash + 1);
        if (given.length() != 8 || !given.chars().allMatch(ch -> CHECKSUM_CHARSET.indexOf(ch) >= 0)) {
            throw new IllegalArgumentException("checksum after '#' must be 8 characters of " + CHECKSUM_CHARSET
                    + ", found '" + given + "' (expected #" + compute(body) + ")");
        }
        String expected = compute(body);
        if (!expected.equals(given)) {
            throw new IllegalArgumentException("checksum mismatch (expected #" + expected + ")");
        }
        return body;
    }
}
