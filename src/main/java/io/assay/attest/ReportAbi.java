package io.assay.attest;

import io.assay.crypto.Hex;
import io.assay.crypto.Signature;
import org.web3j.abi.FunctionEncoder;
import org.web3j.abi.datatypes.Address;
import org.web3j.abi.datatypes.DynamicBytes;
import org.web3j.abi.datatypes.StaticStruct;
import org.web3j.abi.datatypes.Type;
import org.web3j.abi.datatypes.generated.Bytes32;
import org.web3j.abi.datatypes.generated.Uint256;
import org.web3j.abi.datatypes.generated.Uint64;
import org.web3j.abi.datatypes.generated.Uint8;
import org.web3j.abi.datatypes.generated.Uint80;
import org.web3j.crypto.Hash;

import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * ABI encoding of a signed report for the Solidity {@code AssayVerifier} ({@code chains/devnet/contracts}): the
 * report as the tuple {@value #REPORT_TUPLE} (its {@code heights} replaced by their EIP-712 hash) and the
 * signature as {@code bytes}.
 */
public final class ReportAbi {
    /** {@code AssayVerifier.Report} as an ABI tuple type. */
    public static final String REPORT_TUPLE = "(bytes32,uint80,uint8,uint256,uint256,uint256,uint64,uint64,bytes32,address)";
    /** {@code AssayVerifier.Liabilities} as an ABI tuple type (the liabilities member of a solvency report). */
    public static final String LIABILITIES_TUPLE = "(bytes32,uint256,uint64,uint64,uint256)";

    private ReportAbi() {
    }

    /** The {@code AssayVerifier.Report} tuple for {@code m}. */
    public static StaticStruct report(ReportMessage m) {
        return new StaticStruct(
                new Bytes32(m.assetId().bytes()),
                new Uint80(m.roundId()),
                new Uint8(m.decimals()),
                new Uint256(m.reserves()),
                new Uint256(m.circulating()),
                new Uint256(m.ratio()),
                new Uint64(m.timestamp()),
                new Uint64(m.validUntil()),
                new Bytes32(ReportTypedData.heightsDigest(m.heights()).bytes()),
                new Address(m.signer()));
    }

    /** The {@code AssayVerifier.Liabilities} tuple of a solvency report's message. */
    public static StaticStruct liabilities(ReportLiabilities l) {
        return new StaticStruct(
                new Bytes32(l.root().bytes()),
                new Uint256(l.total()),
                new Uint64(l.leaves()),
                new Uint64(l.publishedAt()),
                new Uint256(l.ratio()));
    }

    /** Calldata for {@code AssayVerifier.verifySolvency(report, liabilities, signature)} (a {@code PorSolvencyReport}). */
    public static String verifySolvencyCall(SignedReport s) {
        return call("verifySolvency(" + REPORT_TUPLE + "," + LIABILITIES_TUPLE + ",bytes)",
                List.of(report(s.message()), liabilities(requireLiabilities(s)), signature(s.signature())));
    }

    /**
     * Calldata for {@code AssayVerifier.verifyLiabilitiesRoot(report, liabilities, signature, expectedRoot)}: the
     * solvency report verifies and its liabilities root is {@code expectedRoot}.
     */
    public static String verifyLiabilitiesRootCall(SignedReport s, io.assay.crypto.Bytes32 expectedRoot) {
        return call("verifyLiabilitiesRoot(" + REPORT_TUPLE + "," + LIABILITIES_TUPLE + ",bytes,bytes32)",
                List.of(report(s.message()), liabilities(requireLiabilities(s)), signature(s.signature()),
                        new Bytes32(expectedRoot.bytes())));
    }

    private static ReportLiabilities requireLiabilities(SignedReport s) {
        if (s.message().liabilities() == null) {
            throw new IllegalArgumentException("not a solvency report: it carries no liabilities");
        }
        return s.message().liabilities();
    }

    public static DynamicBytes signature(Signature s) {
        return new DynamicBytes(Hex.parse(s.hex(), "signature"));
    }

    /** Calldata for {@code AssayVerifier.verify(report, signature)}. */
    public static String verifyCall(SignedReport s) {
        return call("verify(" + REPORT_TUPLE + ",bytes)", List.of(report(s.message()), signature(s.signature())));
    }

    /** Calldata for the function with the canonical {@code signature} (e.g. {@code "verify((…),bytes)"}) and arguments. */
    @SuppressWarnings("rawtypes")
    public static String call(String functionSignature, List<Type> args) {
        String selector = Hex.of(Hash.sha3(functionSignature.getBytes(StandardCharsets.UTF_8))).substring(0, 10);
        return FunctionEncoder.encode(selector, args);
    }
}
