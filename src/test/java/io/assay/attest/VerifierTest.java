package io.assay.attest;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.assay.crypto.Bytes32;
import io.assay.crypto.Signature;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;

import static io.assay.attest.Reports.ANVIL_ADDRESS;
import static io.assay.attest.Reports.T0;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class VerifierTest {
    static final Instant NOW = Instant.ofEpochSecond(T0 + 60);

    static VerificationResult verifyJson(ObjectNode json, Expectations e, Instant now) {
        return Verifier.verifyJson(json.toString().getBytes(StandardCharsets.UTF_8), e, now);
    }

    static boolean anyReason(VerificationResult r, String fragment) {
        return r.reasons().stream().anyMatch(s -> s.contains(fragment));
    }

    @Test
    void aFreshlySignedReportIsValidAndRecoversItsSigner() {
        SignedReport s = Reports.signed();
        VerificationResult r = verifyJson(SignedReportJson.write(s), Expectations.none().withSigner(ANVIL_ADDRESS)
                .withMaxAge(Duration.ofHours(1)).withChainId(1), NOW);
        assertTrue(r.valid(), r.reasons().toString());
        assertEquals(Optional.of(ANVIL_ADDRESS), r.signer());
        assertEquals(s.digest(), r.digest());
        assertTrue(Verifier.verify(s, Optional.of(ANVIL_ADDRESS), NOW, Optional.of(Duration.ofMinutes(2))).valid());
    }

    static ReportMessage with(ReportMessage m, String field, Object v) {
        return new ReportMessage(
                field.equals("assetId") ? (Bytes32) v : m.assetId(),
                field.equals("roundId") ? (BigInteger) v : m.roundId(),
                field.equals("decimals") ? (Integer) v : m.decimals(),
                field.equals("reserves") ? (BigInteger) v : m.reserves(),
                field.equals("circulating") ? (BigInteger) v : m.circulating(),
                field.equals("ratio") ? (BigInteger) v : m.ratio(),
                field.equals("timestamp") ? (Long) v : m.timestamp(),
                field.equals("validUntil") ? (Long) v : m.validUntil(),
                field.equals("heights") ? (List<ChainHeight>) v : m.heights(),
                field.equals("signer") ? (String) v : m.signer());
    }

    static List<ChainHeight> replaceHeight(List<ChainHeight> hs, int i, UnaryOperator<ChainHeight> f) {
        List<ChainHeight> out = new ArrayList<>(hs);
        out.set(i, f.apply(hs.get(i)));
        return out;
    }

    /** One field of the signed struct changed, every other left as signed. */
    static Stream<Arguments> tamperedFields() {
        ReportMessage m = Reports.signed().message();
        return Stream.of(
                Arguments.of("assetId", ReportTypedData.assetIdHash("wbtc-demo2")),
                Arguments.of("roundId", BigInteger.valueOf(43)),
                Arguments.of("decimals", 18),
                Arguments.of("reserves", m.reserves().add(BigInteger.ONE)),
                Arguments.of("circulating", m.circulating().subtract(BigInteger.ONE)),
                Arguments.of("ratio", m.ratio().add(BigInteger.ONE)),
                Arguments.of("timestamp", m.timestamp() + 1),
                Arguments.of("validUntil", m.validUntil() + 86_400),
                Arguments.of("heights", replaceHeight(m.heights(), 0, h -> new ChainHeight("bitcoin", h.height() + 1, h.blockHash()))),
                Arguments.of("heights", replaceHeight(m.heights(), 1, h -> new ChainHeight("ethereum", h.height(),
                        Bytes32.parse("0x" + "12".repeat(32), "h")))),
                Arguments.of("heights", replaceHeight(m.heights(), 2, h -> new ChainHeight("polygon-zkevm", h.height(), h.blockHash()))),
                Arguments.of("heights", m.heights().subList(0, 2)),
                Arguments.of("signer", "0x70997970C51812dc3A010C7d01b50e0d17dc79C8"));
    }

    @ParameterizedTest(name = "{0} = {1}")
    @MethodSource("tamperedFields")
    void aTamperedFieldInvalidatesTheSignature(String field, Object value) {
        SignedReport s = Reports.signed();
        ReportMessage forged = with(s.message(), field, value);
        String assetId = field.equals("assetId") ? "wbtc-demo2" : s.assetId();

        // the forger leaves digest and signature as they were
        SignedReport kept = new SignedReport(assetId, s.domain(), forged, s.digest(), s.signature());
        VerificationResult r = verifyJson(SignedReportJson.write(kept), Expectations.none(), NOW);
        assertFalse(r.valid());
        assertTrue(anyReason(r, "does not match the typed data"), r.reasons().toString());
        assertTrue(anyReason(r, "signature recovers to"), r.reasons().toString());

        // the forger recomputes the digest: the signature still gives them away
        SignedReport redigested = new SignedReport(assetId, s.domain(), forged, ReportTypedData.digest(s.domain(), forged),
                s.signature());
        r = verifyJson(SignedReportJson.write(redigested), Expectations.none(), NOW);
        assertFalse(r.valid());
        assertFalse(anyReason(r, "does not match the typed data"), r.reasons().toString());
        assertTrue(anyReason(r, "signature recovers to"), r.reasons().toString());
        assertFalse(r.signer().equals(Optional.of(forged.signer())), "recovers to someone other than the named signer");
    }

    @Test
    void aChangedDomainInvalidatesTheSignature() {
        SignedReport s = Reports.signed();
        for (ReportDomain d : List.of(ReportDomain.of(137), ReportDomain.of(1, "0x5FbDB2315678afecb367f032d93F642f64180aa3"),
                new ReportDomain("Assay", "2", 1, Optional.empty()))) {
            SignedReport moved = new SignedReport(s.assetId(), d, s.message(), ReportTypedData.digest(d, s.message()), s.signature());
            VerificationResult r = verifyJson(SignedReportJson.write(moved), Expectations.none(), NOW);
            assertFalse(r.valid(), d.toString());
            assertTrue(anyReason(r, "signature recovers to"), r.reasons().toString());
        }
    }

    @Test
    void aReportSignedForAnotherDomainIsRejectedWhenTheVerifierExpectsItsOwn() {
        SigningKey k = Reports.key(Reports.ANVIL_KEY);
        SignedReport polygon = SignedReport.sign(Reports.sample(), ReportDomain.of(137), k);
        assertTrue(verifyJson(SignedReportJson.write(polygon), Expectations.none(), NOW).valid());
        VerificationResult r = verifyJson(SignedReportJson.write(polygon), Expectations.none().withChainId(1), NOW);
        assertEquals(List.of("signed for chain id 137; expected chain id 1"), r.reasons());

        String a = "0x5FbDB2315678afecb367f032d93F642f64180aa3";
        String b = "0xe7f1725E7734CE288F8367e1Bb143E90bb3F0512";
        SignedReport forA = SignedReport.sign(Reports.sample(), ReportDomain.of(1, a), k);
        r = verifyJson(SignedReportJson.write(forA), Expectations.none().withVerifyingContract(b), NOW);
        assertEquals(List.of("signed for verifying contract " + a + "; expected " + b), r.reasons());
        r = verifyJson(SignedReportJson.write(Reports.signed()), Expectations.none().withVerifyingContract(b), NOW);
        assertEquals(List.of("signed for verifying contract (none); expected " + b), r.reasons());

        SignedReport other = SignedReport.sign(Reports.sample(), new ReportDomain("Other", "1", 1, Optional.empty()), k);
        r = verifyJson(SignedReportJson.write(other), Expectations.none(), NOW);
        assertEquals(List.of("domain is name 'Other' version '1'; Assay reports use name 'Assay' version '1'"), r.reasons());
    }

    @Test
    void aWrongSignerIsNamed() {
        SignedReport s = SignedReport.sign(Reports.sample(), ReportDomain.of(1), Reports.key(Reports.OTHER_KEY));
        VerificationResult r = verifyJson(SignedReportJson.write(s), Expectations.none().withSigner(ANVIL_ADDRESS), NOW);
        assertEquals(List.of("expected signer " + ANVIL_ADDRESS + "; signed by 0x70997970C51812dc3A010C7d01b50e0d17dc79C8"),
                r.reasons());
        assertEquals(Optional.of("0x70997970C51812dc3A010C7d01b50e0d17dc79C8"), r.signer());
    }

    @Test
    void aReportExpiresAfterValidUntil() {
        SignedReport s = Reports.signed();
        long until = s.message().validUntil();
        assertTrue(Verifier.verify(s, Expectations.none(), Instant.ofEpochSecond(until)).valid(), "valid up to validUntil");
        VerificationResult r = Verifier.verify(s, Expectations.none(), Instant.ofEpochSecond(until + 1));
        assertEquals(List.of("expired at 2026-01-01T01:00:00Z (now 2026-01-01T01:00:01Z)"), r.reasons());
    }

    @Test
    void maxAgeAndFutureTimestampsAreChecked() {
        SignedReport s = Reports.signed();
        VerificationResult r = Verifier.verify(s, Expectations.none().withMaxAge(Duration.ofMinutes(30)),
                Instant.ofEpochSecond(T0 + 1801));
        assertEquals(List.of("as-of time 2026-01-01T00:00:00Z is PT30M1S old; the maximum age is PT30M"), r.reasons());
        assertTrue(Verifier.verify(s, Expectations.none().withMaxAge(Duration.ofMinutes(30)), Instant.ofEpochSecond(T0 + 1800)).valid());
        r = Verifier.verify(s, Expectations.none(), Instant.ofEpochSecond(T0 - 301));
        assertEquals(List.of("as-of time 2026-01-01T00:00:00Z is in the future (now 2025-12-31T23:54:59Z)"), r.reasons());
    }

    @Test
    void theMalleableTwinOfAValidSignatureIsRejected() {
        SignedReport s = Reports.signed();
        Signature sig = s.signature();
        Signature twin = new Signature(sig.r(), Signature.N.subtract(sig.s()), sig.v() == 27 ? 28 : 27);
        // the twin is a valid ECDSA signature by the same key...
        assertEquals(ANVIL_ADDRESS, org.web3j.crypto.Keys.toChecksumAddress(org.web3j.crypto.Keys.getAddress(
                org.web3j.crypto.Sign.recoverFromSignature(twin.v() - 27,
                        new org.web3j.crypto.ECDSASignature(twin.r(), twin.s()), s.digest().bytes()))));
        // ...which Assay does not accept
        VerificationResult r = Verifier.verify(new SignedReport(s.assetId(), s.domain(), s.message(), s.digest(), twin),
                Expectations.none(), NOW);
        assertEquals(List.of("signature s is in the upper half of the curve order (malleable form; Assay signs only low s)"),
                r.reasons());
        r = Verifier.verify(new SignedReport(s.assetId(), s.domain(), s.message(), s.digest(),
                new Signature(sig.r(), sig.s(), sig.v() - 27)), Expectations.none(), NOW);
        assertEquals(List.of("signature v is " + (sig.v() - 27) + "; expected 27 or 28"), r.reasons());
    }

    @Test
    void aSignedButInconsistentRatioIsRejected() {
        SignedReport s = Reports.signed();
        ReportMessage bad = with(s.message(), "ratio", BigInteger.TEN.pow(19));
        Bytes32 d = ReportTypedData.digest(s.domain(), bad);
        SignedReport signedBad = new SignedReport(s.assetId(), s.domain(), bad, d, Reports.key(Reports.ANVIL_KEY).sign(d));
        VerificationResult r = Verifier.verify(signedBad, Expectations.none(), NOW);
        assertEquals(List.of("ratio 10000000000000000000 is not floor(reserves * 1e18 / circulating) = 1050000000000000000"),
                r.reasons());
    }

    @Test
    void theHumanReadableViewMustAgreeWithTheSignedData() {
        ObjectNode json = SignedReportJson.write(Reports.signed());
        ((ObjectNode) json.get("report")).put("reserves", "9999999999999999");
        VerificationResult r = verifyJson(json, Expectations.none(), NOW);
        assertEquals(List.of("report.reserves is \"9999999999999999\" but the signed typed data says \"2100000000000\""), r.reasons());

        json = SignedReportJson.write(Reports.signed());
        ((ObjectNode) json.get("report")).put("assetId", "usdc");
        r = verifyJson(json, Expectations.none(), NOW);
        assertEquals(1, r.reasons().size());
        assertTrue(r.reasons().get(0).startsWith("asset id 'usdc' does not hash to the signed assetId"), r.reasons().toString());

        json = SignedReportJson.write(Reports.signed());
        json.put("signer", "0x70997970C51812dc3A010C7d01b50e0d17dc79C8");
        r = verifyJson(json, Expectations.none(), NOW);
        assertEquals(List.of("signer \"0x70997970C51812dc3A010C7d01b50e0d17dc79C8\" differs from the signer named in the typed data, "
                + ANVIL_ADDRESS), r.reasons());

        json = SignedReportJson.write(Reports.signed());
        ((ObjectNode) json.get("report")).put("auditedBy", "someone");
        r = verifyJson(json, Expectations.none(), NOW);
        assertEquals(List.of("report.auditedBy is not a field of an Assay report"), r.reasons());

        json = SignedReportJson.write(Reports.signed());
        ((ObjectNode) json.get("report").get("heights").get(0)).put("height", 1);
        r = verifyJson(json, Expectations.none(), NOW);
        assertEquals(1, r.reasons().size(), r.reasons().toString());
        assertTrue(r.reasons().get(0).startsWith("report.heights is "), r.reasons().toString());
    }

    @Test
    void lowercaseHexAndUnquotedIntegersInTheViewAreTheSameValues() {
        ObjectNode json = SignedReportJson.write(Reports.signed());
        ((ObjectNode) json.get("report")).put("timestamp", T0);
        ((ObjectNode) json.get("report").get("heights").get(0)).put("height", 901_234L);
        ((ObjectNode) json.get("report")).put("signer", ANVIL_ADDRESS.toLowerCase());
        json.put("signer", ANVIL_ADDRESS.toLowerCase());
        assertTrue(verifyJson(json, Expectations.none(), NOW).valid());
    }

    @Test
    void malformedInputIsUnreadableWithTheReasonNamed() {
        TypedDataException x = assertThrows(TypedDataException.class,
                () -> Verifier.verifyJson("{\"report\": ".getBytes(StandardCharsets.UTF_8), Expectations.none(), NOW));
        assertTrue(x.getMessage().startsWith("not valid JSON: "), x.getMessage());
        x = assertThrows(TypedDataException.class,
                () -> Verifier.verifyJson("[]".getBytes(StandardCharsets.UTF_8), Expectations.none(), NOW));
        assertEquals("expected a JSON object {report, typedData, digest, signature, signer}", x.getMessage());
        ObjectNode json = SignedReportJson.write(Reports.signed());
        json.put("signature", "0x1234");
        x = assertThrows(TypedDataException.class,
                () -> Verifier.verifyJson(json.toString().getBytes(StandardCharsets.UTF_8), Expectations.none(), NOW));
        assertEquals("signature: expected 65 bytes, found 2", x.getMessage());
        ObjectNode noTd = SignedReportJson.write(Reports.signed());
        noTd.remove("typedData");
        x = assertThrows(TypedDataException.class,
                () -> Verifier.verifyJson(noTd.toString().getBytes(StandardCharsets.UTF_8), Expectations.none(), NOW));
        assertEquals("typedData: expected an object", x.getMessage());
    }
}
