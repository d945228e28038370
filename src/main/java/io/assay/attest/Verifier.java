package io.assay.attest;

import io.assay.crypto.Bytes32;

import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Checks a signed report: the digest recomputed from the typed data, the signer recovered from the signature,
 * the domain, internal consistency (asset id hash, ratio) and freshness. Pure and offline: it needs no
 * configuration, no network and no Quarkus, so the CLI and the API share it.
 *
 * <p>Time rules: a report is expired when {@code now > validUntil}; too old when {@code now - timestamp > maxAge}
 * (if a max age is expected); suspicious when {@code timestamp > now + }{@link #MAX_CLOCK_SKEW}. The on-chain
 * {@code AssayVerifier} applies the same rules with {@code block.timestamp} as {@code now}.
 */
public final class Verifier {
    /** How far in the future an as-of time may lie (clock differences between signer and verifier). */
    public static final Duration MAX_CLOCK_SKEW = Duration.ofMinutes(5);

    private Verifier() {
    }

    /** The check the brief names: an optional expected signer and an optional max age. */
    public static VerificationResult verify(SignedReport report, Optional<String> expectedSigner, Instant now,
                                            Optional<Duration> maxAge) {
        Expectations e = Expectations.none();
        e = expectedSigner.map(e::withSigner).orElse(e);
        e = maxAge.map(e::withMaxAge).orElse(e);
        return verify(report, e, now);
    }

    /** Reads JSON text and verifies it; {@link TypedDataException} when the input is not a signed Assay report. */
    public static VerificationResult verifyJson(byte[] json, Expectations expect, Instant now) {
        return verify(SignedReportJson.read(json), expect, now);
    }

    /** Verifies a report read from JSON, including its view fields' agreement with the signed data. */
    public static VerificationResult verify(SignedReportJson.Read read, Expectations expect, Instant now) {
        return verify(read.report(), expect, now, read.viewProblems());
    }

    public static VerificationResult verify(SignedReport report, Expectations expect, Instant now) {
        return verify(report, expect, now, List.of());
    }

    private static VerificationResult verify(SignedReport r, Expectations expect, Instant now, List<String> viewProblems) {
        List<String> reasons = new ArrayList<>();
        ReportDomain d = r.domain();
        ReportMessage m = r.message();
        if (!d.isAssay()) {
            reasons.add("domain is name '" + d.name() + "' version '" + d.version() + "'; Assay reports use name '"
                    + ReportDomain.NAME + "' version '" + ReportDomain.VERSION + "'");
        }
        expect.chainId().ifPresent(id -> {
            if (id != d.chainId()) {
                reasons.add("signed for chain id " + d.chainId() + "; expected chain id " + id);
            }
        });
        expect.verifyingContract().ifPresent(c -> {
            if (!d.verifyingContract().map(c::equals).orElse(false)) {
                reasons.add("signed for verifying contract " + d.verifyingContract().orElse("(none)") + "; expected " + c);
            }
        });

        Bytes32 digest = ReportTypedData.digest(d, m);
        if (!digest.equals(r.digest())) {
            reasons.add("digest " + r.digest().hex() + " does not match the typed data (recomputed " + digest.hex() + ")");
        }
        List<String> sigProblems = r.signature().problems();
        reasons.addAll(sigProblems);
        Optional<String> recovered = r.signature().recover(digest);
        if (sigProblems.isEmpty() && recovered.isEmpty()) {
            reasons.add("signature does not recover to any key over the digest");
        }
        recovered.ifPresent(a -> {
            if (!a.equals(m.signer())) {
                reasons.add("signature recovers to " + a + " but the report names signer " + m.signer());
            }
        });
        expect.signer().ifPresent(s -> {
            if (!recovered.map(s::equals).orElse(false)) {
                reasons.add("expected signer " + s + "; signed by " + recovered.orElse("(unrecoverable)"));
            }
        });

        if (!ReportTypedData.assetIdHash(r.assetId()).equals(m.assetId())) {
            reasons.add("asset id '" + r.assetId() + "' does not hash to the signed assetId " + m.assetId().hex());
        }
        BigInteger expectedRatio = ReportMessage.ratio(m.reserves(), m.circulating());
        if (!expectedRatio.equals(m.ratio())) {
            reasons.add("ratio " + m.ratio() + " is not floor(reserves * 1e18 / circulating) = " + expectedRatio);
        }
        if (m.liabilities() != null) {
            BigInteger solvency = ReportMessage.ratio(m.reserves(), m.liabilities().total());
            if (!solvency.equals(m.liabilities().ratio())) {
                reasons.add("liabilities ratio " + m.liabilities().ratio() + " is not floor(reserves * 1e18 / liabilities) = "
                        + solvency);
            }
            if (m.liabilities().publishedAt() > m.timestamp()) {
                reasons.add("liabilities published at " + Times.iso(m.liabilities().publishedAt())
                        + ", after the report's as-of time " + Times.iso(m.timestamp()));
            }
        }

        long t = now.getEpochSecond();
        if (m.validUntil() < m.timestamp()) {
            reasons.add("validUntil " + Times.iso(m.validUntil()) + " is before the as-of time "
                    + Times.iso(m.timestamp()));
        }
        if (m.timestamp() > t + MAX_CLOCK_SKEW.toSeconds()) {
            reasons.add("as-of time " + Times.iso(m.timestamp()) + " is in the future (now " + now + ")");
        }
        if (t > m.validUntil()) {
            reasons.add("expired at " + Times.iso(m.validUntil()) + " (now " + Times.iso(t) + ")");
        }
        expect.maxAge().ifPresent(max -> {
            long age = t - m.timestamp();
            if (age > max.toSeconds()) {
                reasons.add("as-of time " + Times.iso(m.timestamp()) + " is " + Duration.ofSeconds(age)
                        + " old; the maximum age is " + max);
            }
        });
        reasons.addAll(viewProblems);
        return new VerificationResult(reasons.isEmpty(), recovered, digest, reasons);
    }
}
