package io.assay.attest;

import io.assay.config.Addresses;
import io.assay.crypto.Bytes32;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The signed EIP-712 struct {@code PorReport}, field for field (see {@link ReportTypedData#ENCODED_TYPE}).
 *
 * @param assetId     {@code keccak256} of the UTF-8 asset id
 * @param ratio       {@code floor(reserves * 1e18 / circulating)}, saturating at {@code 2^256-1}; {@code 2^256-1}
 *                    when nothing circulates
 * @param heights     sorted by chain name, one entry per chain (checked)
 * @param signer      the signing address (EIP-55)
 * @param liabilities null for a {@code PorReport}; the liabilities member of a {@code PorSolvencyReport}
 */
public record ReportMessage(Bytes32 assetId, BigInteger roundId, int decimals, BigInteger reserves,
                            BigInteger circulating, BigInteger ratio, long timestamp, long validUntil,
                            List<ChainHeight> heights, String signer, ReportLiabilities liabilities) {
    public static final BigInteger UINT256_MAX = BigInteger.ONE.shiftLeft(256).subtract(BigInteger.ONE);
    static final BigInteger UINT80_MAX = BigInteger.ONE.shiftLeft(80).subtract(BigInteger.ONE);
    /** The fixed-point scale of {@link #ratio}: 18 decimals. */
    public static final BigInteger RATIO_SCALE = BigInteger.TEN.pow(18);
    /**
     * The {@code signer} of a quorum report (docs/quorum.md): the zero address. Many nodes sign one quorum report, so
     * the signed data names none of them; each signature's signer is recovered from it.
     */
    public static final String NO_SIGNER = "0x0000000000000000000000000000000000000000";

    public ReportMessage {
        heights = List.copyOf(heights);
        checkRanges(roundId, decimals, reserves, circulating, heights);
        if (ratio == null || ratio.signum() < 0 || ratio.compareTo(UINT256_MAX) > 0) {
            throw new IllegalArgumentException("ratio out of uint256 range");
        }
        if (timestamp < 0 || validUntil < 0) {
            throw new IllegalArgumentException("timestamp and validUntil must not be negative");
        }
        for (int i = 1; i < heights.size(); i++) {
            if (heights.get(i - 1).chain().compareTo(heights.get(i).chain()) >= 0) {
                throw new IllegalArgumentException("heights must be sorted by chain name with one entry per chain; found '"
                        + heights.get(i - 1).chain() + "' before '" + heights.get(i).chain() + "'");
            }
        }
        signer = Addresses.evm(signer);
    }

    /** A reserves-only message ({@code PorReport}). */
    public ReportMessage(Bytes32 assetId, BigInteger roundId, int decimals, BigInteger reserves, BigInteger circulating,
                         BigInteger ratio, long timestamp, long validUntil, List<ChainHeight> heights, String signer) {
        this(assetId, roundId, decimals, reserves, circulating, ratio, timestamp, validUntil, heights, signer, null);
    }

    /** The EIP-712 primary type of this message: {@code PorSolvencyReport} with liabilities, else {@code PorReport}. */
    public String primaryType() {
        return liabilities == null ? ReportTypedData.PRIMARY_TYPE : ReportTypedData.SOLVENCY_TYPE;
    }

    /** The message for {@code report} signed by {@code signer}. */
    public static ReportMessage of(PorReport report, String signer) {
        return new ReportMessage(ReportTypedData.assetIdHash(report.assetId()), report.roundId(), report.decimals(),
                report.reserves(), report.circulating(), ratio(report.reserves(), report.circulating()),
                report.timestamp(), report.validUntil(), report.heights(), signer, report.liabilities());
    }

    /** {@code floor(reserves * 1e18 / circulating)}, saturating at {@code 2^256-1}; {@code 2^256-1} when circulating is 0. */
    public static BigInteger ratio(BigInteger reserves, BigInteger circulating) {
        if (circulating.signum() == 0) {
            return UINT256_MAX;
        }
        BigInteger r = reserves.multiply(RATIO_SCALE).divide(circulating);
        return r.min(UINT256_MAX);
    }

    /** The ratio as a plain decimal string ({@code "1.05"}), or {@code "unbounded"} at {@code 2^256-1}. */
    public static String ratioText(BigInteger ratio) {
        if (ratio.equals(UINT256_MAX)) {
            return "unbounded";
        }
        BigDecimal d = new BigDecimal(ratio, 18).stripTrailingZeros();
        return d.scale() < 0 ? d.setScale(0).toPlainString() : d.toPlainString();
    }

    static void checkRanges(BigInteger roundId, int decimals, BigInteger reserves, BigInteger circulating,
                            List<ChainHeight> heights) {
        if (roundId == null || roundId.signum() < 0 || roundId.compareTo(UINT80_MAX) > 0) {
            throw new IllegalArgumentException("roundId must be in [0, 2^80), found " + roundId);
        }
        if (decimals < 0 || decimals > 255) {
            throw new IllegalArgumentException("decimals must be in [0, 255], found " + decimals);
        }
        for (var n : new BigInteger[]{reserves, circulating}) {
            if (n == null || n.signum() < 0 || n.compareTo(UINT256_MAX) > 0) {
                throw new IllegalArgumentException("reserves and circulating must be in [0, 2^256), found " + n);
            }
        }
        Set<String> chains = new HashSet<>();
        for (ChainHeight h : heights) {
            if (!chains.add(h.chain())) {
                throw new IllegalArgumentException("chain '" + h.chain() + "' appears twice in heights");
            }
        }
    }
}
