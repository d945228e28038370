package io.assay.devnet;

import com.fasterxml.jackson.databind.JsonNode;
import org.web3j.abi.FunctionEncoder;
import org.web3j.abi.datatypes.Address;
import org.web3j.abi.datatypes.Function;
import org.web3j.abi.datatypes.Type;
import org.web3j.abi.datatypes.Utf8String;
import org.web3j.abi.datatypes.generated.Uint256;
import org.web3j.abi.datatypes.generated.Uint8;

import java.math.BigInteger;
import java.util.List;
import java.util.Map;

/** A deployed {@code DemoToken} on a devnet node, with the calls tests and the demo make. */
public record Erc20(EvmNode node, String address) {

    /** Deploys a new DemoToken owned by {@code owner} (an unlocked dev account). */
    public static Erc20 deploy(EvmNode node, String owner, String name, String symbol, int decimals) {
        String args = FunctionEncoder.encodeConstructor(List.of(new Utf8String(name), new Utf8String(symbol),
                new Uint8(decimals)));
        return new Erc20(node, Contracts.deploy(node, owner, "DemoToken", args));
    }

    public JsonNode mint(String owner, String to, BigInteger amount) {
        return node.send(owner, address, encode("mint", new Address(to), new Uint256(amount)));
    }

    /** Mints {@code amount} to each of {@code count} seed-derived addresses: {@code count} Transfer events. */
    public JsonNode mintMany(String owner, long seed, int count, BigInteger amount) {
        return node.send(owner, address, encode("mintMany", new Uint256(seed), new Uint256(count), new Uint256(amount)));
    }

    public String mintManyData(long seed, int count, BigInteger amount) {
        return encode("mintMany", new Uint256(seed), new Uint256(count), new Uint256(amount));
    }

    public JsonNode burn(String holder, BigInteger amount) {
        return node.send(holder, address, encode("burn", new Uint256(amount)));
    }

    public JsonNode transfer(String from, String to, BigInteger amount) {
        return node.send(from, address, encode("transfer", new Address(to), new Uint256(amount)));
    }

    public JsonNode approve(String holder, String spender, BigInteger amount) {
        return node.send(holder, address, encode("approve", new Address(spender), new Uint256(amount)));
    }

    public BigInteger totalSupply(String blockTag) {
        return call(encode("totalSupply"), blockTag);
    }

    public BigInteger balanceOf(String holder, String blockTag) {
        return call(encode("balanceOf", new Address(holder)), blockTag);
    }

    public int decimals() {
        return call(encode("decimals"), "latest").intValueExact();
    }

    private BigInteger call(String data, String blockTag) {
        String out = node.rpc().call("eth_call", Map.of("to", address, "data", data), blockTag).asText();
        return new BigInteger(out.substring(2), 16);
    }

    static String encode(String fn, Type<?>... args) {
        return FunctionEncoder.encode(new Function(fn, List.of(args), List.of()));
    }
}
