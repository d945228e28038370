package io.assay.attest;

import com.fasterxml.jackson.databind.JsonNode;
import io.assay.crypto.Bytes32;
import io.assay.devnet.EvmNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Solvency reports ({@code PorSolvencyReport}: reserves and the liabilities publication in force, signed together)
 * on a real anvil node against the Solidity {@code AssayVerifier}: the same type hash, struct hash and digest on both
 * sides, anvil's own {@code eth_signTypedData_v4} signs our typed data as we do, {@code verifySolvency} recovers the
 * signer, {@code verifyLiabilitiesRoot} accepts the published root and refuses any other, and a tampered liabilities
 * member no longer matches the signature. Plain {@code PorReport}s keep verifying with {@code verify}.
 */
class SolvencyReportContractTest {
    static final SigningKey SIGNER = SigningKey.generate(new SecureRandom());
    @RegisterExtension
    static final VerifierOnAnvil ANVIL = new VerifierOnAnvil(SIGNER, 3600);
    static final Bytes32 ROOT = Bytes32.parse("0x" + "c1".repeat(32), "root");

    /** 21,000 BTC of reserves against 20,500 BTC owed (publication of 1,048,576 leaves, an hour before the report). */
    static PorReport solvency(long timestamp, BigInteger owed) {
        PorReport r = Reports.sample(timestamp, timestamp + 3600);
        return r.withLiabilities(ReportLiabilities.of(ROOT, owed, 1L << 20, timestamp - 3600, r.reserves()));
    }

    SignedReport fresh(BigInteger owed) {
        long now = ANVIL.chain().latestTimestamp();
        return SignedReport.sign(solvency(now - 10, owed), ReportDomain.of(1), SIGNER);
    }

    static final BigInteger OWED = new BigInteger("2050000000000");

    @Test
    void typeHashStructHashAndDigestMatchTheJavaSide() {
        assertEquals(io.assay.crypto.Hex.of(org.web3j.crypto.Hash.sha3(
                        ReportTypedData.SOLVENCY_ENCODED_TYPE.getBytes(StandardCharsets.UTF_8))),
                ANVIL.chain().call(ANVIL.verifier(), "SOLVENCY_REPORT_TYPEHASH()", List.of()));
        SignedReport s = fresh(OWED);
        assertEquals(ReportTypedData.liabilitiesHash(s.message().liabilities()).hex(), ANVIL.chain().call(ANVIL.verifier(),
                "hashLiabilities(" + ReportAbi.LIABILITIES_TUPLE + ")", List.of(ReportAbi.liabilities(s.message().liabilities()))));
        assertEquals(s.digest().hex(), ANVIL.chain().call(ANVIL.verifier(), "solvencyDigest(" + ReportAbi.REPORT_TUPLE + ","
                + ReportAbi.LIABILITIES_TUPLE + ")", List.of(ReportAbi.report(s.message()),
                ReportAbi.liabilities(s.message().liabilities()))));
        // the solvency ratio signed: floor(2,100,000,000,000 * 1e18 / 2,050,000,000,000)
        assertEquals(new BigInteger("1024390243902439024"), s.message().liabilities().ratio());
        assertEquals("1.024390243902439024", ReportMessage.ratioText(s.message().liabilities().ratio()));
    }

    @Test
    void anvilSignsTheSolvencyTypedDataExactlyAsWeDo() {
        SigningKey dev = Reports.key(EvmNode.DEV_KEY.substring(2));
        for (ReportDomain d : List.of(ReportDomain.of(1), ReportDomain.of(1, ANVIL.verifier()))) {
            SignedReport ours = SignedReport.sign(solvency(Reports.T0, OWED), d, dev);
            JsonNode typedData = ReportTypedData.toJson(d, ours.message());
            assertEquals("PorSolvencyReport", typedData.path("primaryType").asText());
            String theirs = ANVIL.node().rpc().call("eth_signTypedData_v4", EvmNode.DEV_ACCOUNT, typedData).asText();
            assertEquals(ours.signature().hex(), theirs, "domain " + d);
        }
    }

    @Test
    void theContractVerifiesASolvencyReportAndChecksItsLiabilitiesRoot() {
        SignedReport s = fresh(OWED);
        assertEquals(SIGNER.address(), OnChain.address(ANVIL.chain().call(ANVIL.verifier(), ReportAbi.verifySolvencyCall(s))));
        assertEquals(SIGNER.address(),
                OnChain.address(ANVIL.chain().call(ANVIL.verifier(), ReportAbi.verifyLiabilitiesRootCall(s, ROOT))));
        OnChain.assertReverts("AssayVerifier: liabilities root mismatch", () -> ANVIL.chain().call(ANVIL.verifier(),
                ReportAbi.verifyLiabilitiesRootCall(s, Bytes32.parse("0x" + "c2".repeat(32), "other"))));
        // an insolvent report verifies too: the contract attests what was signed; the caller reads total and ratio
        SignedReport insolvent = fresh(new BigInteger("2200000000000"));
        assertEquals(SIGNER.address(), OnChain.address(ANVIL.chain().call(ANVIL.verifier(),
                ReportAbi.verifyLiabilitiesRootCall(insolvent, ROOT))));
        assertFalse(insolvent.message().liabilities().solvent(insolvent.message().reserves()));
        assertTrue(s.message().liabilities().solvent(s.message().reserves()));
    }

    @Test
    void tamperedLiabilitiesOrAPlainReportCallRevert() {
        SignedReport s = fresh(OWED);
        ReportLiabilities l = s.message().liabilities();
        List<ReportLiabilities> forged = List.of(
                new ReportLiabilities(Bytes32.parse("0x" + "c2".repeat(32), "r"), l.total(), l.leaves(), l.publishedAt(), l.ratio()),
                new ReportLiabilities(l.root(), l.total().subtract(BigInteger.ONE), l.leaves(), l.publishedAt(), l.ratio()),
                new ReportLiabilities(l.root(), l.total(), l.leaves() / 2, l.publishedAt(), l.ratio()),
                new ReportLiabilities(l.root(), l.total(), l.leaves(), l.publishedAt() + 1, l.ratio()),
                new ReportLiabilities(l.root(), l.total(), l.leaves(), l.publishedAt(), l.ratio().add(BigInteger.ONE)));
        for (ReportLiabilities f : forged) {
            ReportMessage m = s.message();
            ReportMessage t = new ReportMessage(m.assetId(), m.roundId(), m.decimals(), m.reserves(), m.circulating(),
                    m.ratio(), m.timestamp(), m.validUntil(), m.heights(), m.signer(), f);
            SignedReport forgedReport = new SignedReport(s.assetId(), s.domain(), t, s.digest(), s.signature());
            OnChain.assertReverts("AssayVerifier: signature does not match the report's signer",
                    () -> ANVIL.chain().call(ANVIL.verifier(), ReportAbi.verifySolvencyCall(forgedReport)));
            assertFalse(Verifier.verify(forgedReport, Expectations.none(),
                    java.time.Instant.ofEpochSecond(ANVIL.chain().latestTimestamp())).valid());
        }
        // a solvency signature presented as a plain PorReport does not verify (different type hash)
        OnChain.assertReverts("AssayVerifier: signature does not match the report's signer",
                () -> ANVIL.chain().call(ANVIL.verifier(), ReportAbi.verifyCall(s)));
        // liabilities dated after the report are refused before the signature is looked at
        long now = ANVIL.chain().latestTimestamp();
        PorReport base = Reports.sample(now - 10, now + 3600);
        SignedReport future = SignedReport.sign(base.withLiabilities(ReportLiabilities.of(ROOT, OWED, 8, now - 5,
                base.reserves())), ReportDomain.of(1), SIGNER);
        OnChain.assertReverts("AssayVerifier: liabilities published after the report",
                () -> ANVIL.chain().call(ANVIL.verifier(), ReportAbi.verifySolvencyCall(future)));
        assertTrue(Verifier.verify(future, Expectations.none(), java.time.Instant.ofEpochSecond(now)).reasons().stream()
                .anyMatch(x -> x.startsWith("liabilities published at")));
        // and an ordinary report is untouched
        SignedReport plain = SignedReport.sign(Reports.sample(now - 10, now + 3600), ReportDomain.of(1), SIGNER);
        assertEquals("PorReport", plain.message().primaryType());
        assertEquals(SIGNER.address(), OnChain.address(ANVIL.chain().call(ANVIL.verifier(), ReportAbi.verifyCall(plain))));
    }
}
