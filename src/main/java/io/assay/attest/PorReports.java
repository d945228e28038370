package io.assay.attest;

import io.assay.crypto.Bytes32;
import io.assay.por.ChainFreshness;
import io.assay.por.Round;
import io.assay.por.Snapshot;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Builds the {@link PorReport} to sign from what the engine publishes: a feed {@link Round}, or a {@link Snapshot}
 * requested by a client (round id 0). Fails closed: a snapshot that is not {@code OK} (stale or refused), or a chain
 * without a known block hash, is not turned into a report, because a contract that accepts the signature cannot
 * know what the engine knew.
 *
 * <p>{@code validity} sets {@code validUntil = timestamp + validity}; the asset policy's
 * {@code stalenessTolerance} is the natural choice (the numbers are fresh for that long).
 */
public final class PorReports {
    private PorReports() {
    }

    /** The report for a feed round: reserves and circulating at the round's {@code decimals}; as of {@code updatedAt}. */
    public static PorReport of(Round r, Duration validity) {
        List<ChainHeight> heights = new ArrayList<>();
        for (Round.ChainHeight h : r.heights()) {
            heights.add(new ChainHeight(h.chain(), h.height(), blockHash(r.asset(), h.chain(), h.blockHash())));
        }
        PorReport report = report(r.asset(), BigInteger.valueOf(r.roundId()), r.decimals(), new BigInteger(r.reserves()),
                new BigInteger(r.circulating()), r.updatedAt(), validity, heights);
        checkRatio(r.asset(), r.ratio(), report);
        Round.Liabilities l = r.liabilities();
        if (l != null) {
            report = report.withLiabilities(ReportLiabilities.of(Bytes32.parse(l.root(), "liabilities root"),
                    new BigInteger(l.total()), l.leaves(), l.publishedAt().getEpochSecond(), report.reserves()));
        }
        return report;
    }

    /** The report for an on-request snapshot (round id 0); only an {@code OK} snapshot is accepted. */
    public static PorReport of(Snapshot s, Duration validity) {
        if (s.status() != Snapshot.Status.OK) {
            throw new IllegalArgumentException("snapshot of " + s.asset() + " as of " + s.asOf() + " is " + s.status()
                    + " " + s.reasons() + "; only an OK snapshot is signed");
        }
        if (s.reservesTotal().decimals() != s.circulating().decimals()) {
            throw new IllegalArgumentException("snapshot of " + s.asset() + ": reserves and circulating at different scales");
        }
        List<ChainHeight> heights = new ArrayList<>();
        for (ChainFreshness c : s.chains()) {
            heights.add(new ChainHeight(c.chain(), c.height(), blockHash(s.asset(), c.chain(), c.blockHash())));
        }
        PorReport report = report(s.asset(), BigInteger.ZERO, s.scale(), s.reservesTotal().raw(), s.circulating().raw(),
                s.asOf(), validity, heights);
        checkRatio(s.asset(), s.ratio(), report);
        return report;
    }

    private static PorReport report(String asset, BigInteger roundId, int decimals, BigInteger reserves,
                                    BigInteger circulating, Instant asOf, Duration validity, List<ChainHeight> heights) {
        long ts = asOf.getEpochSecond();
        return new PorReport(asset, roundId, decimals, reserves, circulating, ts, Math.addExact(ts, validity.toSeconds()),
                heights);
    }

    /**
     * A block hash as the engine gives it (hex with or without {@code 0x}, as checkpoints show it; base58 as
     * Solana writes it) to its 32 bytes.
     */
    static Bytes32 blockHash(String asset, String chain, String hash) {
        if (hash == null || hash.isBlank()) {
            throw new IllegalArgumentException(asset + ": no block hash known for " + chain
                    + " at the report's height; a report names the exact blocks it was computed from");
        }
        String h = hash.startsWith("0x") || hash.startsWith("0X") ? hash.substring(2) : hash;
        if (h.length() == 64 && h.chars().allMatch(ch -> Character.digit(ch, 16) >= 0)) {
            return Bytes32.parse("0x" + h, chain + " block hash");
        }
        try {
            return Bytes32.of(org.bitcoinj.base.Base58.decode(hash));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(asset + ": block hash of " + chain + " is neither 32-byte hex nor base58 of 32 bytes");
        }
    }

    /** The engine's ratio (18 digits, rounded down; null when nothing circulates) must be the one we sign. */
    private static void checkRatio(String asset, String engineRatio, PorReport report) {
        BigInteger ours = ReportMessage.ratio(report.reserves(), report.circulating());
        BigInteger theirs = engineRatio == null ? ReportMessage.UINT256_MAX
                : new BigDecimal(engineRatio).movePointRight(18).toBigIntegerExact();
        if (!ours.equals(theirs) && !(ours.equals(ReportMessage.UINT256_MAX) && theirs.compareTo(ours) > 0)) {
            throw new IllegalStateException(asset + ": engine ratio " + engineRatio + " differs from floor(reserves * 1e18 / "
                    + "circulating) = " + ours);
        }
    }
}
