package io.assay.attest;

import com.fasterxml.jackson.databind.JsonNode;
import io.assay.chain.rpc.RpcException;
import io.assay.crypto.Hex;
import io.assay.devnet.Contracts;
import io.assay.devnet.EvmNode;
import org.web3j.abi.FunctionEncoder;
import org.web3j.abi.datatypes.Address;
import org.web3j.abi.datatypes.Bool;
import org.web3j.abi.datatypes.DynamicArray;
import org.web3j.abi.datatypes.Type;
import org.web3j.abi.datatypes.Utf8String;
import org.web3j.abi.datatypes.generated.Uint64;
import org.web3j.abi.datatypes.generated.Uint8;
import org.web3j.crypto.Hash;
import org.web3j.crypto.Keys;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/** Calls to the attestation contracts on an anvil node, for tests. */
record OnChain(EvmNode node) {
    static final String DEPLOYER = EvmNode.DEV_ACCOUNT;
    static final String ZERO = "0x0000000000000000000000000000000000000000";

    String deployVerifier(List<String> signers, long maxAge, boolean bindToContract) {
        List<Address> list = signers.stream().map(Address::new).toList();
        String args = FunctionEncoder.encodeConstructor(List.of(new DynamicArray<>(Address.class, list), new Uint64(maxAge),
                new Bool(bindToContract)));
        return Contracts.deploy(node, DEPLOYER, "AssayVerifier", args);
    }

    String deploySecureMint(String verifier, String token, String assetId, int decimals) {
        return deploySecureMint(verifier, ZERO, token, assetId, decimals);
    }

    /** A SecureMint in quorum mode when {@code quorum} is not the zero address. */
    String deploySecureMint(String verifier, String quorum, String token, String assetId, int decimals) {
        String args = FunctionEncoder.encodeConstructor(List.of(new Address(verifier), new Address(quorum), new Address(token),
                new Utf8String(assetId), new Uint8(decimals)));
        return Contracts.deploy(node, DEPLOYER, "SecureMint", args);
    }

    /** {@code eth_call} at the latest block; the raw hex result. */
    String call(String to, String data) {
        return node.rpc().call("eth_call", Map.of("to", to, "data", data), "latest").asText();
    }

    /** {@code eth_call} from {@code from} (msg.sender matters to the callee). */
    String callFrom(String from, String to, String data) {
        return node.rpc().call("eth_call", Map.of("from", from, "to", to, "data", data), "latest").asText();
    }

    @SuppressWarnings("rawtypes")
    String call(String to, String signature, List<Type> args) {
        return call(to, ReportAbi.call(signature, args));
    }

    static String word(String hex, int i) {
        return "0x" + hex.substring(2 + 64 * i, 2 + 64 * (i + 1));
    }

    static String address(String hex) {
        return Keys.toChecksumAddress("0x" + hex.substring(hex.length() - 40));
    }

    static BigInteger uint(String hex) {
        return new BigInteger(hex.substring(2), 16);
    }

    /** Latest block's timestamp, the clock the contracts see. */
    long latestTimestamp() {
        JsonNode b = node.rpc().call("eth_getBlockByNumber", "latest", false);
        return EvmNode.hexLong(b.get("timestamp"));
    }

    /** Runs {@code call}, which must revert; returns the node's message (it carries the revert reason). */
    static String revert(Runnable call) {
        RpcException e = assertThrows(RpcException.class, call::run, "expected a revert");
        return e.getMessage();
    }

    static void assertReverts(String reason, Runnable call) {
        String msg = revert(call);
        if (!msg.contains("execution reverted: " + reason)) {
            fail("expected revert '" + reason + "', got: " + msg);
        }
    }

    /** The 4-byte selector of {@code fn} in the compiled ABI of {@code contract}, from solc's own output. */
    static String selectorFromAbi(String contract, String fn) {
        for (JsonNode item : Contracts.contract(contract).get("abi")) {
            if (fn.equals(item.path("name").asText()) && "function".equals(item.path("type").asText())) {
                return Hex.of(Hash.sha3(canonical(item).getBytes(StandardCharsets.UTF_8))).substring(0, 10);
            }
        }
        throw new AssertionError("no function " + fn + " in " + contract);
    }

    private static String canonical(JsonNode fn) {
        StringBuilder sb = new StringBuilder(fn.get("name").asText()).append('(');
        appendTypes(sb, fn.get("inputs"));
        return sb.append(')').toString();
    }

    private static void appendTypes(StringBuilder sb, JsonNode params) {
        for (int i = 0; i < params.size(); i++) {
            if (i > 0) {
                sb.append(',');
            }
            JsonNode p = params.get(i);
            String type = p.get("type").asText();
            if (type.startsWith("tuple")) {
                sb.append('(');
                appendTypes(sb, p.get("components"));
                sb.append(')').append(type.substring(5));
            } else {
                sb.append(type);
            }
        }
    }

    static void assertTrueMsg(boolean b, String msg) {
        assertTrue(b, msg);
    }
}
