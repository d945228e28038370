package io.assay.liabilities;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The hashes and key derivations of the liabilities tree (docs/liabilities.md, "Format"), and the compact form of a
 * sibling in a proof ({@link #encodeSibling}). All SHA-256.
 * <pre>
 * leaf  = H(0x00 || salt[32] || len(userId)[2] || userId (UTF-8) || balance[16] per asset)
 * node  = H(0x01 || leftHash[32] || leftSums[16 per asset] || rightHash[32] || rightSums[16 per asset])
 * userSecret = HKDF-SHA256(ikm = master, salt = "assay-liabilities/1" 0x00 publicationId, info = "user" 0x00 userId, 32)
 * salt_k     = HMAC-SHA256(userSecret, "salt" 0x00 publicationId 0x00 k[4])
 * </pre>
 * Amounts are unsigned 128-bit big-endian ({@link Amount128}); a parent commits to both children's hashes and
 * both children's sums, so a proof cannot show one user a sibling sum different from what another user sees.
 */
public final class Scheme {
    public static final byte LEAF_TAG = 0x00;
    public static final byte NODE_TAG = 0x01;
    public static final int HASH = 32;
    public static final String FORMAT = "assay-liability-proof/2";
    /** The first format (one full path per leaf, leaves anywhere): no longer produced nor verified. */
    public static final String FORMAT_1 = "assay-liability-proof/1";
    /** Default log2 of the leaves per window (docs/liabilities.md, "Layout"). */
    public static final int DEFAULT_WINDOW_BITS = 8;
    static final Pattern PUBLICATION_ID = Pattern.compile("[A-Za-z0-9._:-]{1,64}");
    /** Longest user id, in UTF-8 bytes. */
    public static final int MAX_USER_ID = 256;

    private static final ThreadLocal<MessageDigest> SHA = ThreadLocal.withInitial(() -> {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    });

    private Scheme() {
    }

    /** Checks a publication id: 1-64 of {@code A-Z a-z 0-9 . _ : -}. */
    public static String checkPublicationId(String id) {
        if (id == null || !PUBLICATION_ID.matcher(id).matches()) {
            throw new IllegalArgumentException("publication id must be 1-64 characters of A-Z a-z 0-9 . _ : - (found '"
                    + id + "')");
        }
        return id;
    }

    /** Checks a user id: non-empty, at most 256 UTF-8 bytes, no control character. Returns its UTF-8 bytes. */
    public static byte[] checkUserId(String id) {
        if (id == null || id.isEmpty()) {
            throw new IllegalArgumentException("empty user id");
        }
        for (int i = 0; i < id.length(); i++) {
            if (Character.isISOControl(id.charAt(i))) {
                throw new IllegalArgumentException("user id contains a control character");
            }
        }
        byte[] b = id.getBytes(StandardCharsets.UTF_8);
        if (b.length > MAX_USER_ID) {
            throw new IllegalArgumentException("user id longer than " + MAX_USER_ID + " bytes");
        }
        return b;
    }

    /** Leaf hash; {@code balances} holds 16 bytes per asset from {@code off}. */
    public static byte[] leaf(byte[] salt, byte[] userId, byte[] balances, int off, int assets) {
        MessageDigest md = SHA.get();
        md.update(LEAF_TAG);
        md.update(salt, 0, HASH);
        md.update((byte) (userId.length >>> 8));
        md.update((byte) userId.length);
        md.update(userId);
        md.update(balances, off, assets * Amount128.WIDTH);
        return md.digest();
    }

    /**
     * Node hash over two records of {@code 32 + 16 * assets} bytes (hash then sums), the left at {@code l}, the right
     * at {@code r}; writes the 32-byte result at {@code dst[d]}.
     */
    public static void node(byte[] lb, int l, byte[] rb, int r, int assets, byte[] dst, int d) {
        int w = HASH + assets * Amount128.WIDTH;
        MessageDigest md = SHA.get();
        md.update(NODE_TAG);
        md.update(lb, l, w);
        md.update(rb, r, w);
        try {
            md.digest(dst, d, HASH);
        } catch (java.security.DigestException e) {
            throw new IllegalStateException(e);
        }
    }

    public static byte[] hmac(byte[] key, byte[]... parts) {
        return new HmacSha256(key).mac(parts);
    }

    /** HKDF-Extract of the master secret for one publication: the key every per-user secret expands from. */
    public static byte[] publicationKey(byte[] master, String publicationId) {
        return hmac(concat(utf8("assay-liabilities/1"), new byte[]{0}, utf8(checkPublicationId(publicationId))), master);
    }

    /** HKDF-Expand (one block) of the publication key for a label and an argument. */
    static byte[] expand(byte[] prk, String label, byte[] arg) {
        return expand(new HmacSha256(prk), label, arg);
    }

    static byte[] expand(HmacSha256 prk, String label, byte[] arg) {
        return prk.mac(utf8(label), ZERO, arg, ONE);
    }

    private static final byte[] ZERO = {0};
    private static final byte[] ONE = {1};
    private static final byte[] SALT = utf8("salt");

    /** The user's secret for this publication (what the user needs, beside the proof, to verify). */
    public static byte[] userSecret(byte[] publicationKey, String userId) {
        return expand(publicationKey, "user", utf8(userId));
    }

    static byte[] userSecret(HmacSha256 publicationKey, byte[] userId) {
        return publicationKey.mac(USER, ZERO, userId, ONE);
    }

    private static final byte[] USER = utf8("user");

    /** Salt of the user's {@code k}-th leaf: bound to the user's secret, the publication and the leaf's rank. */
    public static byte[] leafSalt(byte[] userSecret, String publicationId, int k) {
        return leafSalt(new HmacSha256(userSecret), utf8(publicationId), k);
    }

    static byte[] leafSalt(HmacSha256 userSecret, byte[] publicationId, int k) {
        return userSecret.mac(SALT, ZERO, publicationId, new byte[]{0, (byte) (k >>> 24), (byte) (k >>> 16),
                (byte) (k >>> 8), (byte) k});
    }

    /**
     * A sibling as the proof carries it: base64url (no padding) of {@code hash[32]} then, per asset, a length byte
     * (0-16) and the sum's minimal big-endian bytes (no leading zero byte; length 0 is zero).
     */
    public static String encodeSibling(byte[] hash, List<BigInteger> sums) {
        java.io.ByteArrayOutputStream b = new java.io.ByteArrayOutputStream(HASH + sums.size() * 17);
        b.write(hash, 0, HASH);
        for (BigInteger v : sums) {
            byte[] m = minimal(v);
            b.write(m.length);
            b.write(m, 0, m.length);
        }
        return Base64Url.encode(b.toByteArray());
    }

    /** The minimal big-endian bytes of a non-negative amount below 2^128 (empty for zero). */
    static byte[] minimal(BigInteger v) {
        if (v.signum() < 0 || v.bitLength() > 128) {
            throw new IllegalArgumentException("not an unsigned 128-bit amount: " + v);
        }
        byte[] m = v.toByteArray();
        int skip = 0;
        while (skip < m.length && m[skip] == 0) {
            skip++;
        }
        return java.util.Arrays.copyOfRange(m, skip, m.length);
    }

    /**
     * Decodes a sibling into a record {@code hash[32] || sum[16] per asset} ({@link #node}'s input), strictly: the
     * exact length, each sum at most 16 bytes and minimal. {@link IllegalArgumentException} names {@code where} and
     * the problem (the browser verifier says the same).
     */
    public static byte[] decodeSibling(String text, List<String> assets, String where) {
        byte[] b = Base64Url.decode(text, where);
        int a = assets.size();
        byte[] rec = new byte[HASH + a * Amount128.WIDTH];
        if (b.length < HASH) {
            throw new IllegalArgumentException(where + ": expected a 32-byte hash then, per asset, a length byte and that many bytes");
        }
        System.arraycopy(b, 0, rec, 0, HASH);
        int o = HASH;
        for (int i = 0; i < a; i++) {
            if (o >= b.length) {
                throw new IllegalArgumentException(where + ": expected a 32-byte hash then, per asset, a length byte and that many bytes");
            }
            int len = b[o++] & 0xff;
            if (len > Amount128.WIDTH) {
                throw new IllegalArgumentException(where + ": the sum of " + assets.get(i) + " has " + len
                        + " bytes (sums are unsigned 128-bit: at most 16)");
            }
            if (o + len > b.length) {
                throw new IllegalArgumentException(where + ": expected a 32-byte hash then, per asset, a length byte and that many bytes");
            }
            if (len > 0 && b[o] == 0) {
                throw new IllegalArgumentException(where + ": the sum of " + assets.get(i) + " has a leading zero byte (not minimal)");
            }
            System.arraycopy(b, o, rec, HASH + i * Amount128.WIDTH + Amount128.WIDTH - len, len);
            o += len;
        }
        if (o != b.length) {
            throw new IllegalArgumentException(where + ": " + (b.length - o) + " bytes after the last sum");
        }
        return rec;
    }

    static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    static byte[] concat(byte[]... parts) {
        int n = 0;
        for (byte[] p : parts) {
            n += p.length;
        }
        byte[] out = new byte[n];
        int o = 0;
        for (byte[] p : parts) {
            System.arraycopy(p, 0, out, o, p.length);
            o += p.length;
        }
        return out;
    }

    static byte[] longBytes(long v) {
        byte[] b = new byte[8];
        Amount128.putLong(b, 0, v);
        return b;
    }
}
