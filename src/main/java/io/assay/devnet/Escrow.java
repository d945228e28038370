package io.assay.devnet;

import com.fasterxml.jackson.databind.JsonNode;
import org.web3j.abi.FunctionEncoder;
import org.web3j.abi.datatypes.Address;
import org.web3j.abi.datatypes.generated.Uint256;

import java.math.BigInteger;
import java.util.List;

/** A deployed lock-and-mint {@code BridgeEscrow}: locking moves tokens into the escrow's balance. */
public record Escrow(EvmNode node, String address, Erc20 token) {

    public static Escrow deploy(EvmNode node, String owner, Erc20 token) {
        String args = FunctionEncoder.encodeConstructor(List.of(new Address(token.address())));
        return new Escrow(node, Contracts.deploy(node, owner, "BridgeEscrow", args), token);
    }

    /** Approves and locks {@code amount} of {@code from}'s tokens for {@code recipient} on {@code destChainId}. */
    public JsonNode lock(String from, BigInteger amount, long destChainId, String recipient) {
        token.approve(from, address, amount);
        return node.send(from, address, Erc20.encode("lock", new Uint256(amount), new Uint256(destChainId),
                new Address(recipient)));
    }

    public JsonNode release(String relayer, String to, BigInteger amount, long srcNonce) {
        return node.send(relayer, address, Erc20.encode("release", new Address(to), new Uint256(amount),
                new Uint256(srcNonce)));
    }
}
