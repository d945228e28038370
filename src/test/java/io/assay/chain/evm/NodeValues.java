package io.assay.chain.evm;

import io.assay.devnet.Erc20;
import io.assay.devnet.EvmNode;

import java.math.BigInteger;
import java.util.Map;

/** What the node itself says at a height (0 before a contract exists), for comparing with indexed series. */
final class NodeValues {
    private NodeValues() {
    }

    static BigInteger supply(Erc20 token, long height) {
        return call(token, EvmChainReader.encode("totalSupply"), height);
    }

    static BigInteger balance(Erc20 token, String holder, long height) {
        return call(token, EvmChainReader.encode("balanceOf", new org.web3j.abi.datatypes.Address(holder)), height);
    }

    static BigInteger nativeBalance(EvmNode node, String holder, long height) {
        return EvmHex.bigQuantity(node.rpc().call("eth_getBalance", holder, EvmHex.hex(height)).asText());
    }

    private static BigInteger call(Erc20 token, String data, long height) {
        return EvmHex.word(token.node().rpc().call("eth_call", Map.of("to", token.address(), "data", data),
                EvmHex.hex(height)).asText());
    }
}
