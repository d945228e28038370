package io.assay.quorum;

import io.assay.attest.PorReport;
import io.assay.attest.PorReports;
import io.assay.por.PorEngine;
import io.assay.por.Snapshot;

import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.util.OptionalLong;

/**
 * Quorum rounds: moments fixed by rule, so that independent nodes report on the same moment without talking to each
 * other. Round {@code n} of an asset is the moment {@code T = n × heartbeat} (Unix seconds; the asset policy's
 * {@code heartbeat}, whole seconds); its report is the asset's answer as of {@code T} (the consistent cut's history:
 * the same figures, heights and block hashes on every node that indexed the same chains) with
 * {@code roundId = n}, {@code timestamp = T}, {@code validUntil = T + stalenessTolerance}, and no signer inside the
 * signed data. A round can be reported once {@code T} is at or before the asset's cut; the latest such round is
 * {@code floor(cut / heartbeat)}.
 *
 * <p>Deviation rounds ({@link io.assay.por.FeedRounds}) open when one node's answer moves; their moment depends on
 * when that node looked, so they are node-local and never signed for a quorum.
 */
public final class QuorumRounds {
    private final PorEngine engine;

    public QuorumRounds(PorEngine engine) {
        this.engine = engine;
    }

    public PorEngine engine() {
        return engine;
    }

    /** The asset's heartbeat in whole seconds (at least 1). */
    public long heartbeatSeconds(String asset) {
        return Math.max(1, engine.asset(asset).policy().heartbeat().toSeconds());
    }

    /** The moment of round {@code n}. */
    public Instant moment(String asset, long n) {
        return Instant.ofEpochSecond(Math.multiplyExact(n, heartbeatSeconds(asset)));
    }

    /** The round whose moment is the last heartbeat boundary at or before {@code t}. */
    public long roundAt(String asset, Instant t) {
        return Math.floorDiv(t.toEpochMilli(), heartbeatSeconds(asset) * 1000L);
    }

    /** The newest round whose moment is at or before the asset's cut; empty while the asset has no cut yet. */
    public OptionalLong latest(String asset) {
        Instant cut = engine.cut(asset).at();
        return cut == null ? OptionalLong.empty() : OptionalLong.of(roundAt(asset, cut));
    }

    /**
     * The report of round {@code n}, byte for byte what every honest node reports.
     *
     * @throws QuorumException {@code bad-round} for a round below 1, {@code not-final} for a moment after the cut,
     *                         {@code not-signable} when the answer at the moment is not OK or names a block without a
     *                         known hash
     */
    public PorReport report(String asset, long n) {
        if (n < 1) {
            throw new QuorumException("bad-round", "round must be at least 1, found " + n);
        }
        Instant t = moment(asset, n);
        Instant cut = engine.cut(asset).at();
        if (cut == null || t.isAfter(cut)) {
            throw new QuorumException("not-final", "round " + n + " of " + asset + " is the moment " + t
                    + ", after the asset's cut " + (cut == null ? "(none yet: a chain is not indexed)" : cut.toString())
                    + "; it can be reported once every chain is known final through it");
        }
        Snapshot s = engine.snapshot(asset, t);
        Duration validity = engine.asset(asset).policy().stalenessTolerance();
        PorReport at;
        try {
            at = PorReports.of(s, validity);
        } catch (IllegalArgumentException | IllegalStateException e) {
            throw new QuorumException("not-signable", "round " + n + " of " + asset + " (" + t + "): " + e.getMessage());
        }
        return new PorReport(at.assetId(), BigInteger.valueOf(n), at.decimals(), at.reserves(), at.circulating(),
                at.timestamp(), at.validUntil(), at.heights());
    }
}
