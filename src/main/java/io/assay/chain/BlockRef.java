package io.assay.chain;

import java.util.HexFormat;
import java.util.Locale;

/**
 * One block as the indexer loop sees it, for any chain family.
 *
 * @param height     block height (or slot)
 * @param hash       the block's hash as lowercase hex without {@code 0x}, in the family's usual byte order
 *                   (EVM: as JSON-RPC shows it; Bitcoin: the displayed, byte-reversed form)
 * @param parentHash the parent's hash, same form; empty for a genesis block
 * @param time       block time, epoch milliseconds (UTC)
 */
public record BlockRef(long height, String hash, String parentHash, long time) {
    public BlockRef {
        hash = normalise(hash, "hash");
        parentHash = parentHash == null || parentHash.isEmpty() ? "" : normalise(parentHash, "parentHash");
    }

    /** Lowercase hex without {@code 0x}; rejects anything that is not an even-length hex string. */
    public static String normalise(String hex, String what) {
        if (hex == null) {
            throw new IllegalArgumentException("block " + what + " is missing");
        }
        String h = hex.startsWith("0x") || hex.startsWith("0X") ? hex.substring(2) : hex;
        if (h.isEmpty() || (h.length() & 1) != 0 || h.length() > 128 || !h.chars().allMatch(BlockRef::isHex)) {
            throw new IllegalArgumentException("block " + what + " is not a hex hash: '" + hex + "'");
        }
        return h.toLowerCase(Locale.ROOT);
    }

    private static boolean isHex(int c) {
        return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
    }

    public byte[] hashBytes() {
        return HexFormat.of().parseHex(hash);
    }

    /** True when {@code next} claims this block as its parent. */
    public boolean isParentOf(BlockRef next) {
        return next.height == height + 1 && next.parentHash.equals(hash);
    }

    @Override
    public String toString() {
        return "#" + height + " " + (hash.length() > 12 ? hash.substring(0, 12) + "…" : hash);
    }
}
