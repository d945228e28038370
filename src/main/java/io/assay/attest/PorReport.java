package io.assay.attest;

import java.math.BigInteger;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * What the proof-of-reserve engine hands over to be signed: one asset's reserves and circulating supply as of a
 * moment, computed from the listed chain positions.
 *
 * @param assetId     the asset profile id ({@code wbtc}); typed data carries {@code keccak256(utf8(assetId))}
 * @param roundId     feed round (uint80, like Chainlink); {@code 0} marks an on-request snapshot, rounds start at 1
 * @param decimals    decimals of {@code reserves} and {@code circulating} (the asset's decimals; uint8)
 * @param reserves    total reserves in raw units of the asset (uint256)
 * @param circulating circulating supply in raw units of the asset (uint256)
 * @param timestamp   the as-of time, Unix seconds (uint64)
 * @param validUntil  Unix seconds after which the report must not be relied on ({@code >= timestamp})
 * @param heights     the chain positions the numbers were computed from; sorted here by chain name (the
 *                    canonical order), one entry per chain
 * @param liabilities the liabilities publication in force at {@code timestamp}, or null: with it the report is
 *                    signed as a {@code PorSolvencyReport}, without it as a {@code PorReport} (unchanged)
 */
public record PorReport(String assetId, BigInteger roundId, int decimals, BigInteger reserves, BigInteger circulating,
                        long timestamp, long validUntil, List<ChainHeight> heights, ReportLiabilities liabilities) {

    /** A reserves-only report ({@code PorReport}). */
    public PorReport(String assetId, BigInteger roundId, int decimals, BigInteger reserves, BigInteger circulating,
                     long timestamp, long validUntil, List<ChainHeight> heights) {
        this(assetId, roundId, decimals, reserves, circulating, timestamp, validUntil, heights, null);
    }

    public PorReport {
        if (assetId == null || assetId.isBlank()) {
            throw new IllegalArgumentException("assetId is required");
        }
        if (timestamp < 0) {
            throw new IllegalArgumentException("timestamp must not be negative, found " + timestamp);
        }
        if (validUntil < timestamp) {
            throw new IllegalArgumentException("validUntil (" + validUntil + ") is before timestamp (" + timestamp + ")");
        }
        List<ChainHeight> sorted = new ArrayList<>(heights);
        sorted.sort(Comparator.comparing(ChainHeight::chain));
        heights = List.copyOf(sorted);
        ReportMessage.checkRanges(roundId, decimals, reserves, circulating, heights);
        if (liabilities != null && !liabilities.ratio().equals(ReportMessage.ratio(reserves, liabilities.total()))) {
            throw new IllegalArgumentException("liabilities ratio is not floor(reserves * 1e18 / total)");
        }
    }

    /** This report with the liabilities publication in force at its moment. */
    public PorReport withLiabilities(ReportLiabilities l) {
        return new PorReport(assetId, roundId, decimals, reserves, circulating, timestamp, validUntil, heights, l);
    }

    /** Convenience: a report as of {@code asOf} (floored to the second) valid for {@code validity} after it. */
    public static PorReport of(String assetId, long roundId, int decimals, BigInteger reserves, BigInteger circulating,
                               Instant asOf, java.time.Duration validity, List<ChainHeight> heights) {
        long ts = asOf.getEpochSecond();
        return new PorReport(assetId, BigInteger.valueOf(roundId), decimals, reserves, circulating, ts,
                Math.addExact(ts, validity.toSeconds()), heights);
    }
}
