package io.assay.chain;

import io.assay.store.KeyValue;
import io.assay.store.Store;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The fingerprint of what a chain's indexer tracks, and the check that the store was indexed for the same. Data
 * indexed for another tracked set would be wrong for this one (a holder or source added later has no history), so
 * a chain whose fingerprint changed halts until its data is removed.
 */
public final class TrackingFingerprint {
    /** Key of the fingerprint in the chain's keyed-state map. */
    private static final byte[] KEY = "fingerprint".getBytes(StandardCharsets.UTF_8);

    private TrackingFingerprint() {
    }

    /** The first 16 bytes of the SHA-256 of {@code description} (UTF-8), in lowercase hex. */
    public static String digest(CharSequence description) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(description.toString().getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(d, 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Records {@code want} in {@code meta} for a chain with no data yet, or checks it against the recorded one.
     *
     * @param meta    the chain's keyed-state map (the fingerprint is kept under the key {@code fingerprint})
     * @param tracked what the fingerprint covers, for the message ("the reserve sources")
     * @throws ChainHaltedException if the chain has data but no fingerprint, or another fingerprint
     */
    public static void check(Store store, KeyValue meta, String chain, String want, String tracked) {
        byte[] have = meta.get(KEY);
        if (have == null) {
            if (store.checkpoint(chain).isPresent()) {
                throw new ChainHaltedException(chain + ": the store holds data for this chain without a record of what"
                        + " was tracked; remove the chain's data to index it again");
            }
            meta.put(KEY, want.getBytes(StandardCharsets.UTF_8));
            return;
        }
        String had = new String(have, StandardCharsets.UTF_8);
        if (!had.equals(want)) {
            throw new ChainHaltedException(chain + ": " + tracked + " changed since this chain was indexed"
                    + " (fingerprint " + had + ", profiles now give " + want + "); remove the chain's data to index it"
                    + " again with the new profiles");
        }
    }
}
