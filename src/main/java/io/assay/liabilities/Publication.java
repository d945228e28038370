package io.assay.liabilities;

import java.math.BigInteger;
import java.util.List;

/**
 * What a custodian publishes for one liabilities tree: its id (which also keys every salt), the assets in hashing
 * order, the root hash, the per-asset totals (the root's sums), the padded number of leaves (a power of two: the
 * only size the tree reveals) and the moment the balances were taken.
 *
 * @param asOf   ISO-8601 instant of the balances (metadata: not hashed into the root)
 * @param window leaves per window (a power of two): every user's parts lie in one window, in both of its halves
 *               (docs/liabilities.md, "Layout"); 0 for a publication written before windows (format 1)
 */
public record Publication(String id, List<String> assets, byte[] root, List<BigInteger> totals, long leaves,
                          String asOf, long window) {
    public Publication {
        assets = List.copyOf(assets);
        totals = List.copyOf(totals);
        root = root.clone();
    }

    @Override
    public byte[] root() {
        return root.clone();
    }

    public String rootHex() {
        return Hex32.encode(root);
    }

    /** log2(leaves): the depth of the tree. */
    public int depth() {
        return Long.numberOfTrailingZeros(leaves);
    }

    public BigInteger total(String asset) {
        int i = assets.indexOf(asset);
        if (i < 0) {
            throw new IllegalArgumentException("asset '" + asset + "' is not in this publication " + assets);
        }
        return totals.get(i);
    }
}
