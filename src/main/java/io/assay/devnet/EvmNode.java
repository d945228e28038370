package io.assay.devnet;

import com.fasterxml.jackson.databind.JsonNode;
import io.assay.chain.rpc.JsonRpcClient;

import java.math.BigInteger;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One anvil node of the devnet. Anvil's ten dev accounts are unlocked, so transactions are sent with
 * {@code eth_sendTransaction}; the node automines one block per transaction unless started without mining.
 */
public final class EvmNode implements AutoCloseable {
    /** Anvil's first dev account and its well-known private key (public test key; never holds value). */
    public static final String DEV_ACCOUNT = "0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266";
    public static final String DEV_KEY = "0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80";

    private final long chainId;
    private final int port;
    private final ManagedProcess process;
    private final JsonRpcClient rpc;

    private EvmNode(long chainId, int port, ManagedProcess process) {
        this.chainId = chainId;
        this.port = port;
        this.process = process;
        this.rpc = new JsonRpcClient(url(), Duration.ofSeconds(60));
    }

    static EvmNode start(long chainId, Path workDir) {
        DevnetException last = null;
        for (int attempt = 0; attempt < 3; attempt++) {
            int port = ManagedProcess.freePort();
            Path log = workDir.resolve("anvil-" + chainId + ".log");
            List<String> cmd = new ArrayList<>(List.of(DevnetPaths.anvil().toString(),
                    "--host", "127.0.0.1", "--port", Integer.toString(port),
                    "--chain-id", Long.toString(chainId),
                    "--gas-limit", "300000000",
                    "--accounts", "10",
                    "--silent"));
            ManagedProcess p = ManagedProcess.start("anvil (chain " + chainId + ")", cmd, log, workDir);
            EvmNode node = new EvmNode(chainId, port, p);
            try {
                Poll.until(Duration.ofSeconds(20), "anvil chain " + chainId + " on port " + port, () -> {
                    p.requireAlive();
                    return node.rpc.call("eth_chainId").asText().equals("0x" + Long.toHexString(chainId));
                });
                return node;
            } catch (DevnetException e) {
                p.close();
                last = e; // most likely the port was taken between probe and bind: try another
            }
        }
        throw last;
    }

    public long chainId() {
        return chainId;
    }

    public URI url() {
        return URI.create("http://127.0.0.1:" + port);
    }

    public JsonRpcClient rpc() {
        return rpc;
    }

    public long blockNumber() {
        return hexLong(rpc.call("eth_blockNumber"));
    }

    /** Mines {@code n} empty blocks. */
    public void mine(long n) {
        rpc.call("anvil_mine", "0x" + Long.toHexString(n));
    }

    public void setAutomine(boolean on) {
        rpc.call("evm_setAutomine", on);
    }

    /** Sends a transaction from an unlocked dev account and waits for its receipt; fails if it reverted. */
    public JsonNode send(String from, String to, String data) {
        return send(from, to, data, null);
    }

    public JsonNode send(String from, String to, String data, BigInteger value) {
        String hash = sendAsync(from, to, data, value, paddedGas(from, to, data, value));
        JsonNode receipt = Poll.value(Duration.ofSeconds(30), "receipt of " + hash, () -> {
            JsonNode r = rpc.call("eth_getTransactionReceipt", hash);
            return r == null || r.isNull() ? null : r;
        });
        if (!"0x1".equals(receipt.path("status").asText())) {
            throw new DevnetException("transaction " + hash + " on chain " + chainId + " reverted");
        }
        return receipt;
    }

    /**
     * Gas for a transaction sent with automine: the node's estimate plus half again plus 60,000. The estimate runs
     * against a pending block that may share the last block's timestamp while the mined block gets the next
     * second, and code that branches on {@code block.timestamp} (SecureMint's per-second checkpoints) then needs
     * more gas than estimated and would revert out of gas, at random. A call that reverts already at estimation
     * gets a fixed 5,000,000 so it is mined and reported as reverted, as before.
     */
    BigInteger paddedGas(String from, String to, String data, BigInteger value) {
        Map<String, Object> tx = tx(from, to, data, value);
        try {
            BigInteger estimate = new BigInteger(rpc.call("eth_estimateGas", tx).asText().substring(2), 16);
            return estimate.add(estimate.shiftRight(1)).add(BigInteger.valueOf(60_000));
        } catch (RuntimeException reverts) {
            return BigInteger.valueOf(5_000_000);
        }
    }

    /** Sends without waiting (for batches with mining off); {@code gas} null lets the node estimate. */
    public String sendAsync(String from, String to, String data, BigInteger value, BigInteger gas) {
        Map<String, Object> tx = tx(from, to, data, value);
        if (gas != null) {
            tx.put("gas", "0x" + gas.toString(16));
        }
        return rpc.call("eth_sendTransaction", tx).asText();
    }

    private static Map<String, Object> tx(String from, String to, String data, BigInteger value) {
        Map<String, Object> tx = new java.util.LinkedHashMap<>();
        tx.put("from", from);
        if (to != null) {
            tx.put("to", to);
        }
        tx.put("data", data);
        if (value != null) {
            tx.put("value", "0x" + value.toString(16));
        }
        return tx;
    }

    /** The ten unlocked dev accounts. */
    public List<String> accounts() {
        List<String> out = new ArrayList<>();
        rpc.call("eth_accounts").forEach(n -> out.add(n.asText()));
        return out;
    }

    public static long hexLong(JsonNode n) {
        return Long.parseLong(n.asText().substring(2), 16);
    }

    @Override
    public void close() {
        process.close();
    }

    boolean alive() {
        return process.alive();
    }
}
