package io.assay.attest;

import io.assay.crypto.Bytes32;

import java.math.BigInteger;

/**
 * The liabilities side of a solvency report ({@code PorSolvencyReport}): the liabilities publication in force at the
 * report's moment (the latest one whose time is at or before it) for the report's asset. Signed as the EIP-712 struct
 * {@value #ENCODED_TYPE}.
 *
 * @param root        the publication's Merkle-sum root (SHA-256, 32 bytes)
 * @param total       the publication's total for the asset, raw units at the report's {@code decimals} (uint256)
 * @param leaves      the padded number of leaves of the tree (uint64)
 * @param publishedAt the publication's time (its {@code asOf}), Unix seconds (uint64)
 * @param ratio       solvency ratio {@code floor(reserves * 1e18 / total)}, saturating at {@code 2^256-1};
 *                    {@code 2^256-1} when nothing is owed (the rule of the collateral ratio)
 */
public record ReportLiabilities(Bytes32 root, BigInteger total, long leaves, long publishedAt, BigInteger ratio) {
    public static final String TYPE = "Liabilities";
    public static final String ENCODED_TYPE = "Liabilities(bytes32 root,uint256 total,uint64 leaves,uint64 publishedAt,uint256 ratio)";

    public ReportLiabilities {
        if (root == null) {
            throw new IllegalArgumentException("liabilities root is required");
        }
        for (BigInteger n : new BigInteger[]{total, ratio}) {
            if (n == null || n.signum() < 0 || n.compareTo(ReportMessage.UINT256_MAX) > 0) {
                throw new IllegalArgumentException("liabilities total and ratio must be in [0, 2^256), found " + n);
            }
        }
        if (leaves < 0 || publishedAt < 0) {
            throw new IllegalArgumentException("liabilities leaves and publishedAt must not be negative");
        }
    }

    /** The liabilities of a publication against {@code reserves} (the ratio is computed here). */
    public static ReportLiabilities of(Bytes32 root, BigInteger total, long leaves, long publishedAt, BigInteger reserves) {
        return new ReportLiabilities(root, total, leaves, publishedAt, ReportMessage.ratio(reserves, total));
    }

    /** True when the reserves cover the liabilities. */
    public boolean solvent(BigInteger reserves) {
        return reserves.compareTo(total) >= 0;
    }
}
