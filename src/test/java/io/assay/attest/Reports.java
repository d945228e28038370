package io.assay.attest;

import io.assay.crypto.Bytes32;

import java.math.BigInteger;
import java.util.List;

/** Report fixtures shared by the attestation tests. */
final class Reports {
    /** anvil's first dev key (public test key). */
    static final String ANVIL_KEY = "ac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80";
    static final String ANVIL_ADDRESS = "0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266";
    /** anvil's second dev key. */
    static final String OTHER_KEY = "59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d";
    static final long T0 = 1_767_225_600L; // 2026-01-01T00:00:00Z

    private Reports() {
    }

    static SigningKey key(String hex) {
        return SigningKey.parse(hex.toCharArray(), "test key");
    }

    static PorReport sample() {
        return sample(T0, T0 + 3600);
    }

    static PorReport sample(long timestamp, long validUntil) {
        return new PorReport("wbtc-demo", BigInteger.valueOf(42), 8,
                new BigInteger("2100000000000"),      // 21,000 BTC in satoshis
                new BigInteger("2000000000000"),      // 20,000 wBTC circulating
                timestamp, validUntil,
                List.of(new ChainHeight("polygon", 61_234_567L, Bytes32.parse("0x" + "22".repeat(32), "h")),
                        new ChainHeight("bitcoin", 901_234L, Bytes32.parse("0x00000000000000000001" + "ab".repeat(22), "h")),
                        new ChainHeight("ethereum", 21_000_000L, Bytes32.parse("0x" + "11".repeat(32), "h"))));
    }

    static SignedReport signed() {
        return SignedReport.sign(sample(), ReportDomain.of(1), key(ANVIL_KEY));
    }
}
