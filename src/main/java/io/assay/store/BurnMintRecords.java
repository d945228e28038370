package io.assay.store;

import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The burn-and-mint records a chain's indexer keeps in its keyed state {@value #STATE} (reorg-safe: undone by a
 * rollback like every keyed state) and the engine reads: one per CCTP burn on the source chain ({@code
 * DepositForBurn}) and one per message received on the destination chain ({@code MessageReceived}).
 *
 * <p>CCTP V1 records are keyed by (asset, source domain, nonce), so a burn and its receipt have the same key but for
 * the kind byte. CCTP V2 burns carry no nonce (Circle's attestation assigns it), so V2 records are keyed by their
 * {@code match}: a 32-byte hash of what the burn and the received message both carry (docs/burn-and-mint.md), followed
 * by the record's block height and log index, because several transfers can have the same match.
 *
 * <pre>
 * V1 key = kind ('b' burn, 'r' received) | source domain (4 bytes) | nonce (8 bytes) | asset id (UTF-8, at most 48)
 * V2 key = kind ('B' burn, 'R' received) | source domain (4) | match (32) | block height (8) | log index (8) | asset id
 * value  = amount (32 bytes, unsigned) | destination domain (4: where a burn goes; for a receipt, the receiving
 *          chain's own domain)
 *          | block height (8) | block time (8, epoch ms)
 * </pre>
 */
public final class BurnMintRecords {
    public static final String STATE = "burnmint";
    public static final byte BURN = 'b';
    public static final byte RECEIVED = 'r';
    public static final byte BURN_V2 = 'B';
    public static final byte RECEIVED_V2 = 'R';

    private BurnMintRecords() {
    }

    /**
     * One record: a burn or a receipt.
     *
     * @param nonce V1: the CCTP nonce; V2: the log index of the event in its block
     * @param match V2: the 32-byte match hash; V1: null
     */
    public record Entry(byte kind, String asset, long sourceDomain, long nonce, BigInteger amount, long otherDomain,
                        long height, long time, byte[] match) {
        public Entry(byte kind, String asset, long sourceDomain, long nonce, BigInteger amount, long otherDomain,
                     long height, long time) {
            this(kind, asset, sourceDomain, nonce, amount, otherDomain, height, time, null);
        }

        public Entry {
            if ((kind == BURN_V2 || kind == RECEIVED_V2) != (match != null && match.length == 32)) {
                throw new IllegalArgumentException("a CCTP V2 record needs a 32-byte match, a V1 record none");
            }
        }

        public boolean v2() {
            return match != null;
        }

        /** The same record at {@code height} and {@code time}. */
        public Entry dated(long height, long time) {
            return new Entry(kind, asset, sourceDomain, nonce, amount, otherDomain, height, time, match);
        }

        public byte[] key() {
            return match == null ? BurnMintRecords.key(kind, asset, sourceDomain, nonce)
                    : keyV2(kind, asset, sourceDomain, match, height, nonce);
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

    private static byte[] keyV2(byte kind, String asset, long sourceDomain, byte[] match, long height, long logIndex) {
        byte[] id = asset.getBytes(StandardCharsets.UTF_8);
        return ByteBuffer.allocate(53 + id.length).put(kind).putInt((int) sourceDomain).put(match).putLong(height)
                .putLong(logIndex).put(id).array();
    }

    public static Entry decode(byte[] key, byte[] value) {
        ByteBuffer k = ByteBuffer.wrap(key);
        byte kind = k.get();
        long domain = Integer.toUnsignedLong(k.getInt());
        byte[] match = null;
        long nonce;
        int idStart;
        if (kind == BURN_V2 || kind == RECEIVED_V2) {
            match = new byte[32];
            k.get(match);
            k.getLong(); // the height, also in the value
            nonce = k.getLong();
            idStart = 53;
        } else {
            nonce = k.getLong();
            idStart = 13;
        }
        String asset = new String(key, idStart, key.length - idStart, StandardCharsets.UTF_8);
        ByteBuffer v = ByteBuffer.wrap(value);
        BigInteger amount = new BigInteger(1, Arrays.copyOfRange(value, 0, 32));
        v.position(32);
        long other = Integer.toUnsignedLong(v.getInt());
        return new Entry(kind, asset, domain, nonce, amount, other, v.getLong(), v.getLong(), match);
    }
}
