package io.assay.attest;

import io.assay.crypto.Bytes32;

import java.util.List;
import java.util.Optional;

/**
 * The outcome of verifying a signed report.
 *
 * @param valid   true when there is no reason to reject it
 * @param signer  the address the signature recovers to over the recomputed digest (empty if the signature is not
 *                canonical or not recoverable); reported even when the report is invalid
 * @param digest  the EIP-712 digest recomputed from the typed data (not the one the document claims)
 * @param reasons why it is invalid, one sentence each; empty when valid
 */
public record VerificationResult(boolean valid, Optional<String> signer, Bytes32 digest, List<String> reasons) {
    public VerificationResult {
        reasons = List.copyOf(reasons);
        if (valid != reasons.isEmpty()) {
            throw new IllegalArgumentException("valid must be true exactly when there are no reasons");
        }
    }
}
