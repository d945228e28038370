package io.assay.attest;

import io.assay.config.Addresses;

import java.util.Optional;

/**
 * The EIP-712 domain of an Assay report: {@code name} "Assay", {@code version} "1", {@code chainId} (the chain of
 * the contract or party meant to consume the report; 1 by default) and, only when a report is meant for one
 * specific on-chain verifier, {@code verifyingContract}. A report signed for one domain does not verify in
 * another: the domain is hashed into the digest.
 *
 * <p>{@code name} and {@code version} are kept as read so that a report signed for some other domain can be
 * parsed and then rejected with a reason; Assay itself only signs with {@link #NAME} and {@link #VERSION}.
 */
public record ReportDomain(String name, String version, long chainId, Optional<String> verifyingContract) {
    public static final String NAME = "Assay";
    public static final String VERSION = "1";
    /** Largest chain id: JSON tools (ethers, wallets) read {@code chainId} as a JavaScript number. */
    public static final long MAX_CHAIN_ID = (1L << 53) - 1;

    public ReportDomain {
        if (name == null || version == null) {
            throw new IllegalArgumentException("domain name and version are required");
        }
        if (chainId <= 0 || chainId > MAX_CHAIN_ID) {
            throw new IllegalArgumentException("domain chainId must be in [1, 2^53-1], found " + chainId);
        }
        verifyingContract = verifyingContract.map(Addresses::evm);
    }

    /** Assay's domain on {@code chainId}, for any verifier. */
    public static ReportDomain of(long chainId) {
        return new ReportDomain(NAME, VERSION, chainId, Optional.empty());
    }

    /** Assay's domain bound to one verifying contract on {@code chainId}. */
    public static ReportDomain of(long chainId, String verifyingContract) {
        return new ReportDomain(NAME, VERSION, chainId, Optional.of(verifyingContract));
    }

    /** True when this is Assay's name and version (whatever the chain and contract). */
    public boolean isAssay() {
        return NAME.equals(name) && VERSION.equals(version);
    }
}
