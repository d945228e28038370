package io.assay.chain.evm;

import com.fasterxml.jackson.databind.JsonNode;
import io.assay.chain.rpc.JsonRpcClient;
import io.assay.devnet.DevnetException;
import io.assay.devnet.Erc20;
import io.assay.devnet.EvmNode;
import io.assay.devnet.Poll;

import java.math.BigInteger;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Builds large histories on anvil fast: automine off, transactions with explicit nonces and gas sent in
 * JSON-RPC batches, then one {@code evm_mine} per block (never flood automine: the node wedges and grows to GBs).
 */
final class ChainBuilder {
    /** Gas per Transfer event of DemoToken.mintMany (a fresh balance slot each) with headroom. */
    static final long GAS_PER_MINT = 30_000;

    private final EvmNode node;
    private final JsonRpcClient rpc;

    ChainBuilder(EvmNode node) {
        this.node = node;
        this.rpc = node.rpc();
    }

    /**
     * Mines {@code blocks} blocks, each with {@code txsPerBlock} mintMany calls of {@code perTx} events:
     * {@code blocks * txsPerBlock * perTx} mints of {@code amount}. Seeds start at {@code seed}.
     *
     * @return the block numbers mined
     */
    List<Long> mintMany(Erc20 token, String owner, long seed, int blocks, int txsPerBlock, int perTx, BigInteger amount) {
        return mintMany(token, owner, seed, blocks, txsPerBlock, perTx, amount, Integer.MAX_VALUE);
    }

    /**
     * As above, cycling through {@code distinctSeeds} seeds: recipients repeat, which keeps anvil's state (and
     * so its block time) small. Fresh recipients for every event make each block slower to mine than the last.
     */
    List<Long> mintMany(Erc20 token, String owner, long seed, int blocks, int txsPerBlock, int perTx, BigInteger amount,
                        int distinctSeeds) {
        node.setAutomine(false);
        List<Long> mined = new ArrayList<>();
        try {
            long nonce = Long.decode(rpc.call("eth_getTransactionCount", owner, "pending").asText());
            long s = seed;
            for (int b = 0; b < blocks; b++) {
                List<JsonRpcClient.Call> calls = new ArrayList<>();
                for (int t = 0; t < txsPerBlock; t++) {
                    Map<String, Object> tx = new LinkedHashMap<>();
                    tx.put("from", owner);
                    tx.put("to", token.address());
                    tx.put("data", token.mintManyData(seed + (s++ - seed) % distinctSeeds, perTx, amount));
                    tx.put("gas", "0x" + Long.toHexString(GAS_PER_MINT * perTx + 100_000));
                    tx.put("nonce", "0x" + Long.toHexString(nonce++));
                    calls.add(new JsonRpcClient.Call("eth_sendTransaction", tx));
                }
                List<JsonNode> hashes = rpc.batch(calls);
                rpc.call("evm_mine");
                mined.add(node.blockNumber());
                List<JsonRpcClient.Call> receipts = new ArrayList<>();
                for (JsonNode h : hashes) {
                    receipts.add(new JsonRpcClient.Call("eth_getTransactionReceipt", h.asText()));
                }
                for (JsonNode r : rpc.batch(receipts)) {
                    if (!"0x1".equals(r.path("status").asText())) {
                        throw new DevnetException("mintMany transaction failed or is missing: " + r);
                    }
                }
            }
        } finally {
            node.setAutomine(true);
        }
        return mined;
    }

    /** Fails if a transaction reverted (say, out of gas): the test would otherwise count events that never were. */
    void requireSuccess(String txHash) {
        JsonNode r = Poll.value(Duration.ofSeconds(30), "receipt " + txHash, () -> {
            JsonNode x = rpc.call("eth_getTransactionReceipt", txHash);
            return x == null || x.isNull() ? null : x;
        });
        if (!"0x1".equals(r.path("status").asText())) {
            throw new DevnetException("transaction " + txHash + " failed: " + r);
        }
    }

    /** Sends {@code wei} of the native coin and waits for it to be mined. */
    void sendNative(String from, String to, BigInteger wei) {
        node.send(from, to, "0x", wei);
    }
}
