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
