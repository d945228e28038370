package io.assay.liabilities;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * HMAC-SHA-256 (RFC 2104) under one key, on {@link MessageDigest}: the key's inner and outer pads are absorbed
 * once, and each MAC clones those states, so many MACs under one key (a publication key, a user's secret) cost two
 * compressions less each than a fresh {@code javax.crypto.Mac} and allocate no key objects. Not thread-safe.
 */
final class HmacSha256 {
    private static final ThreadLocal<MessageDigest> TEMPLATE = ThreadLocal.withInitial(() -> {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    });

    private final MessageDigest inner;
    private final MessageDigest outer;

    HmacSha256(byte[] key) {
        byte[] k = key.length > 64 ? fresh().digest(key) : key;
        byte[] ipad = new byte[64];
        byte[] opad = new byte[64];
        for (int i = 0; i < 64; i++) {
            byte b = i < k.length ? k[i] : 0;
            ipad[i] = (byte) (b ^ 0x36);
            opad[i] = (byte) (b ^ 0x5c);
        }
        inner = fresh();
        inner.update(ipad);
        outer = fresh();
        outer.update(opad);
    }

    private static MessageDigest fresh() {
        try {
            return (MessageDigest) TEMPLATE.get().clone();
        } catch (CloneNotSupportedException e) {
            throw new IllegalStateException(e);
        }
    }

    byte[] mac(byte[]... parts) {
        try {
            MessageDigest i = (MessageDigest) inner.clone();
            for (byte[] p : parts) {
                i.update(p);
            }
            MessageDigest o = (MessageDigest) outer.clone();
            o.update(i.digest());
            return o.digest();
        } catch (CloneNotSupportedException e) {
            throw new IllegalStateException(e);
        }
    }
}
