package io.assay.attest;

import io.assay.crypto.Bytes32;
import io.assay.crypto.Signature;

/**
 * A report as Assay publishes it: the asset id in words, the signed struct, its domain, the EIP-712 digest and
 * the signature. Produced by {@link ReportSigner#sign}; read from JSON by {@link SignedReportJson#read}; checked by
 * {@link Verifier}. Nothing here is trusted until verified: {@code digest} and {@code signature} are what the
 * document claims.
 *
 * @param assetId the asset id whose keccak256 should be {@code message.assetId}
 */
public record SignedReport(String assetId, ReportDomain domain, ReportMessage message, Bytes32 digest,
                           Signature signature) {
    /** Signs {@code report} for {@code domain} with {@code key}. */
    public static SignedReport sign(PorReport report, ReportDomain domain, SigningKey key) {
        ReportMessage message = ReportMessage.of(report, key.address());
        Bytes32 digest = ReportTypedData.digest(domain, message);
        return new SignedReport(report.assetId(), domain, message, digest, key.sign(digest));
    }

    /**
     * Signs {@code report} as a quorum report: the signed data names no signer ({@link ReportMessage#NO_SIGNER}), so
     * every honest node signs the same digest; the signer is the address the signature recovers to.
     */
    public static SignedReport signForQuorum(PorReport report, ReportDomain domain, SigningKey key) {
        ReportMessage message = ReportMessage.of(report, ReportMessage.NO_SIGNER);
        Bytes32 digest = ReportTypedData.digest(domain, message);
        return new SignedReport(report.assetId(), domain, message, digest, key.sign(digest));
    }

    /** The signer the report names ({@code message.signer}). */
    public String signer() {
        return message.signer();
    }
}
