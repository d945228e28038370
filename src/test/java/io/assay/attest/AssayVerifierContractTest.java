package io.assay.attest;

import com.fasterxml.jackson.databind.JsonNode;
import io.assay.crypto.Signature;
import io.assay.devnet.EvmNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.web3j.abi.datatypes.DynamicArray;
import org.web3j.abi.datatypes.DynamicBytes;
import org.web3j.abi.datatypes.DynamicStruct;
import org.web3j.abi.datatypes.Type;
import org.web3j.abi.datatypes.Utf8String;
import org.web3j.abi.datatypes.generated.Uint64;

import java.math.BigInteger;
import java.security.SecureRandom;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The Solidity {@code AssayVerifier} on a real anvil node (chain id 1) against reports signed by the Java signer:
 * same domain separator, same digest, same recovered signer, and the expected revert reason for each kind of bad
 * report. Also: anvil's own {@code eth_signTypedData_v4} signs our typed data exactly as we do.
 */
class AssayVerifierContractTest {
    static final SigningKey SIGNER = SigningKey.generate(new SecureRandom());
    static final SigningKey STRANGER = SigningKey.generate(new SecureRandom());
    static final long MAX_AGE = 3600;
    @RegisterExtension
    static final VerifierOnAnvil ANVIL = new VerifierOnAnvil(SIGNER, MAX_AGE);

    static SignedReport report(SigningKey key, ReportDomain domain, long timestamp, long validUntil) {
        return SignedReport.sign(Reports.sample(timestamp, validUntil), domain, key);
    }

    SignedReport fresh() {
        long now = ANVIL.chain().latestTimestamp();
        return report(SIGNER, ReportDomain.of(1), now - 10, now + 3600);
    }

    String verify(String contract, SignedReport s) {
        return OnChain.address(ANVIL.chain().call(contract, ReportAbi.verifyCall(s)));
    }

    @Test
    void selectorsWeEncodeAreTheOnesSolcCompiled() {
        assertEquals(OnChain.selectorFromAbi("AssayVerifier", "verify"),
                ReportAbi.verifyCall(fresh()).substring(0, 10));
        assertEquals(OnChain.selectorFromAbi("SecureMint", "mint"),
                ReportAbi.call("mint(address,uint256," + ReportAbi.REPORT_TUPLE + ",bytes)", List.of()).substring(0, 10));
    }

    @Test
    void domainSeparatorDigestAndHeightsHashMatchTheJavaSide() {
        assertEquals(ReportTypedData.domainSeparator(ReportDomain.of(1)).hex(),
                ANVIL.chain().call(ANVIL.verifier(), "domainSeparator()", List.of()));
        SignedReport s = fresh();
        assertEquals(s.digest().hex(), ANVIL.chain().call(ANVIL.verifier(), "digest(" + ReportAbi.REPORT_TUPLE + ")",
                List.of(ReportAbi.report(s.message()))));
        List<DynamicStruct> hs = s.message().heights().stream().map(h -> new DynamicStruct(new Utf8String(h.chain()),
                new Uint64(h.height()), new org.web3j.abi.datatypes.generated.Bytes32(h.blockHash().bytes()))).toList();
        @SuppressWarnings("rawtypes")
        List<Type> args = List.of(new DynamicArray<>(DynamicStruct.class, hs));
        assertEquals(ReportTypedData.heightsDigest(s.message().heights()).hex(),
                ANVIL.chain().call(ANVIL.verifier(), "hashHeights((string,uint64,bytes32)[])", args));
    }

    @Test
    void aValidReportVerifiesAndRecoversTheSameSignerAsOffChain() {
        SignedReport s = fresh();
        String offChain = Verifier.verify(s, Expectations.none(), java.time.Instant.ofEpochSecond(ANVIL.chain().latestTimestamp()))
                .signer().orElseThrow();
        assertEquals(SIGNER.address(), offChain);
        assertEquals(offChain, verify(ANVIL.verifier(), s));
    }

    @Test
    void verifyingCostsLessThanFiftyThousandGas() {
        SignedReport s = fresh();
        long gas = EvmNode.hexLong(ANVIL.node().rpc().call("eth_estimateGas",
                java.util.Map.of("to", ANVIL.verifier(), "data", ReportAbi.verifyCall(s))));
        System.out.println("AssayVerifier.verify gas (eth_estimateGas, includes 21000 base): " + gas);
        org.junit.jupiter.api.Assertions.assertTrue(gas < 50_000, "gas " + gas);
    }

    @Test
    void tamperedReportsRevertBecauseTheSignerNoLongerMatches() {
        SignedReport s = fresh();
        ReportMessage m = s.message();
        List<ReportMessage> forged = List.of(
                VerifierTest.with(m, "reserves", m.reserves().multiply(BigInteger.TWO)),
                VerifierTest.with(m, "circulating", m.circulating().subtract(BigInteger.ONE)),
                VerifierTest.with(m, "assetId", ReportTypedData.assetIdHash("other")),
                VerifierTest.with(m, "roundId", BigInteger.valueOf(7)),
                VerifierTest.with(m, "decimals", 6),
                VerifierTest.with(m, "ratio", BigInteger.ONE),
                VerifierTest.with(m, "timestamp", m.timestamp() + 1),
                VerifierTest.with(m, "validUntil", m.validUntil() + 1),
                VerifierTest.with(m, "heights", m.heights().subList(1, 3)));
        for (ReportMessage f : forged) {
            SignedReport t = new SignedReport(s.assetId(), s.domain(), f, s.digest(), s.signature());
            OnChain.assertReverts("AssayVerifier: signature does not match the report's signer", () -> verify(ANVIL.verifier(), t));
        }
        // claiming to be the stranger does not help either: the signature recovers to SIGNER
        SignedReport claim = new SignedReport(s.assetId(), s.domain(), VerifierTest.with(m, "signer", STRANGER.address()),
                s.digest(), s.signature());
        OnChain.assertReverts("AssayVerifier: signature does not match the report's signer", () -> verify(ANVIL.verifier(), claim));
    }

    @Test
    void staleFutureAndWronglySignedReportsRevertWithTheirReason() {
        long now = ANVIL.chain().latestTimestamp();
        OnChain.assertReverts("AssayVerifier: report expired",
                () -> verify(ANVIL.verifier(), report(SIGNER, ReportDomain.of(1), now - 100, now - 1)));
        OnChain.assertReverts("AssayVerifier: report too old",
                () -> verify(ANVIL.verifier(), report(SIGNER, ReportDomain.of(1), now - MAX_AGE - 100, now + 3600)));
        OnChain.assertReverts("AssayVerifier: report from the future",
                () -> verify(ANVIL.verifier(), report(SIGNER, ReportDomain.of(1), now + 3600, now + 7200)));
        OnChain.assertReverts("AssayVerifier: signer not allowed",
                () -> verify(ANVIL.verifier(), report(STRANGER, ReportDomain.of(1), now - 10, now + 3600)));
        OnChain.assertReverts("AssayVerifier: signature does not match the report's signer",
                () -> verify(ANVIL.verifier(), report(SIGNER, ReportDomain.of(137), now - 10, now + 3600)));
    }

    @Test
    void nonCanonicalSignaturesRevert() {
        SignedReport s = fresh();
        Signature sig = s.signature();
        Signature twin = new Signature(sig.r(), Signature.N.subtract(sig.s()), sig.v() == 27 ? 28 : 27);
        OnChain.assertReverts("AssayVerifier: malleable signature (s in upper half)",
                () -> verify(ANVIL.verifier(), new SignedReport(s.assetId(), s.domain(), s.message(), s.digest(), twin)));
        OnChain.assertReverts("AssayVerifier: signature v must be 27 or 28", () -> verify(ANVIL.verifier(),
                new SignedReport(s.assetId(), s.domain(), s.message(), s.digest(), new Signature(sig.r(), sig.s(), sig.v() - 27))));
        String shortSig = ReportAbi.call("verify(" + ReportAbi.REPORT_TUPLE + ",bytes)",
                List.of(ReportAbi.report(s.message()), new DynamicBytes(new byte[64])));
        OnChain.assertReverts("AssayVerifier: signature must be 65 bytes", () -> ANVIL.chain().call(ANVIL.verifier(), shortSig));
    }

    @Test
    void aVerifierBoundToItsAddressAcceptsOnlyReportsSignedForIt() {
        String bound = ANVIL.chain().deployVerifier(List.of(SIGNER.address()), MAX_AGE, true);
        long now = ANVIL.chain().latestTimestamp();
        assertEquals(SIGNER.address(), verify(bound, report(SIGNER, ReportDomain.of(1, bound), now - 10, now + 3600)));
        OnChain.assertReverts("AssayVerifier: signature does not match the report's signer",
                () -> verify(bound, report(SIGNER, ReportDomain.of(1), now - 10, now + 3600)));
        OnChain.assertReverts("AssayVerifier: signature does not match the report's signer",
                () -> verify(bound, report(SIGNER, ReportDomain.of(1, ANVIL.verifier()), now - 10, now + 3600)));
    }

    @Test
    void anvilSignsOurTypedDataExactlyAsWeDo() {
        SigningKey dev = Reports.key(EvmNode.DEV_KEY.substring(2));
        for (ReportDomain d : List.of(ReportDomain.of(1), ReportDomain.of(1, ANVIL.verifier()))) {
            SignedReport ours = SignedReport.sign(Reports.sample(), d, dev);
            JsonNode typedData = ReportTypedData.toJson(d, ours.message());
            String theirs = ANVIL.node().rpc().call("eth_signTypedData_v4", EvmNode.DEV_ACCOUNT, typedData).asText();
            assertEquals(ours.signature().hex(), theirs, "domain " + d);
        }
    }
}
