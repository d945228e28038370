package io.assay.attest;

import io.assay.config.Addresses;

import java.time.Duration;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * What a verifier requires beyond a correct signature: a particular signer, a maximum age of the as-of time,
 * and the domain (chain id, verifying contract) the report must have been signed for. Empty means "not checked".
 */
public record Expectations(Optional<String> signer, Optional<Duration> maxAge, OptionalLong chainId,
                           Optional<String> verifyingContract) {
    public Expectations {
        signer = signer.map(Addresses::evm);
        verifyingContract = verifyingContract.map(Addresses::evm);
        if (maxAge.isPresent() && maxAge.get().isNegative()) {
            throw new IllegalArgumentException("max age must not be negative");
        }
    }

    public static Expectations none() {
        return new Expectations(Optional.empty(), Optional.empty(), OptionalLong.empty(), Optional.empty());
    }

    public Expectations withSigner(String address) {
        return new Expectations(Optional.of(address), maxAge, chainId, verifyingContract);
    }

    public Expectations withMaxAge(Duration d) {
        return new Expectations(signer, Optional.of(d), chainId, verifyingContract);
    }

    public Expectations withChainId(long id) {
        return new Expectations(signer, maxAge, OptionalLong.of(id), verifyingContract);
    }

    public Expectations withVerifyingContract(String address) {
        return new Expectations(signer, maxAge, chainId, Optional.of(address));
    }
}
