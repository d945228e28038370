package io.assay.offchain;

import java.math.BigInteger;
import java.time.Instant;

/**
 * One accepted answer of an off-chain source.
 *
 * @param raw        the amount in the source's raw units (amount x 10^decimals, exact)
 * @param attestedAt the time the custodian attests the amount for
 * @param bodyHash   SHA-256 of the exact response body (the commit's "block hash": provenance of the value)
 * @param signer     the EIP-55 address that signed the body, or null when no signature is configured
 */
public record Reading(BigInteger raw, Instant attestedAt, byte[] bodyHash, String signer) {
}
