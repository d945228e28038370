package io.assay.store;

import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The burn-and-mint records a chain's indexer keeps in its keyed state {@value #STATE} (reorg-safe: undone by a
 * rollback like every keyed state) and the engine reads: one per CCTP burn on the source chain ({@code
 * DepositForBurn}) and one per message received on the destination chain ({@code MessageReceived}), both keyed by
 * (asset, source domain, nonce), so a burn and its receipt have the same key but for the kind byte.
 *
 * <pre>
 * key   = kind ('b' burn, 'r' received) | source domain (4 bytes) | nonce (8 bytes) | asset id (UTF-8, at most 48)
 * value = amount (32 bytes, unsigned) | other domain (4: the destination of a burn, the source of a receipt)
 *         | block height (8) | block time (8, epoch ms)
 * </pre>
 */
public final class BurnMintRecords {
    public static final String STATE = "burnmint";
    public static final byte BURN = 'b';
    public static final byte RECEIVED = 'r';

    private BurnMintRecords() {
    }

    /** One record: a burn or a receipt. */
    public record Entry(byte kind, String asset, long sourceDomain, long nonce, BigInteger amount, long otherDomain,
                        long height, long time) {
        public byte[] key() {
            return BurnMintRecords.key(kind, asset, sourceDomain, nonce);
        }

        public byte[] value() {
            ByteBuffer b = ByteBuffer.allocate(52);
            byte[] a = amount.toByteArray();
            if (amount.signum() < 0 || a.length > 33 || (a.length == 33 && a[0] != 0)) {
                throw new IllegalArgumentException("amount " + amount + " is not a uint256");
            }
            byte[] w = new byte[32];
            int n = Math.min(a.length, 32);
            System.arraycopy(a, a.length - n, w, 32 - n, n);
            b.put(w).putInt((int) otherDomain).putLong(height).putLong(time);
            return b.array();
        }
    }

    public static byte[] key(byte kind, String asset, long sourceDomain, long nonce) {
        byte[] id = asset.getBytes(StandardCharsets.UTF_8);
        return ByteBuffer.allocate(13 + id.length).put(kind).putInt((int) sourceDomain).putLong(nonce).put(id).array();
    }

    public static Entry decode(byte[] key, byte[] value) {
        ByteBuffer k = ByteBuffer.wrap(key);
        byte kind = k.get();
        long domain = Integer.toUnsignedLong(k.getInt());
        long nonce = k.getLong();
        String asset = new String(key, 13, key.length - 13, StandardCharsets.UTF_8);
        ByteBuffer v = ByteBuffer.wrap(value);
        BigInteger amount = new BigInteger(1, Arrays.copyOfRange(value, 0, 32));
        v.position(32);
        long other = Integer.toUnsignedLong(v.getInt());
        return new Entry(kind, asset, domain, nonce, amount, other, v.getLong(), v.getLong());
    }
}
