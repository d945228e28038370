package io.assay.devnet;

import com.fasterxml.jackson.databind.JsonNode;
import io.assay.chain.rpc.JsonRpcClient;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The Solana JSON-RPC shim ({@code chains/devnet/solana/shim.mjs}): litesvm running the real SPL Token
 * program behind the standard RPC methods, plus {@code devnet_*} methods to mint, burn and transfer.
 * No validator can run on our machines; see {@code chains/devnet/solana/README.md} for what it serves.
 */
public final class SolanaNode implements AutoCloseable {
    private final int port;
    private final ManagedProcess process;
    private final JsonRpcClient rpc;

    private SolanaNode(int port, ManagedProcess process) {
        this.port = port;
        this.process = process;
        this.rpc = new JsonRpcClient(url(), Duration.ofSeconds(30));
    }

    static SolanaNode start(Path workDir) {
        DevnetPaths.requireNodeModules();
        DevnetException last = null;
        for (int attempt = 0; attempt < 3; attempt++) {
            int port = ManagedProcess.freePort();
            Path shim = DevnetPaths.devnetDir().resolve("solana/shim.mjs");
            List<String> cmd = List.of(DevnetPaths.node().toString(), shim.toString(), "--port", Integer.toString(port));
            ManagedProcess p = ManagedProcess.start("solana shim", cmd, workDir.resolve("solana-shim-" + port + ".log"),
                    DevnetPaths.devnetDir(), false);
            SolanaNode node = new SolanaNode(port, p);
            try {
                Poll.until(Duration.ofSeconds(30), "solana shim on port " + port, () -> {
                    p.requireAlive();
                    return node.rpc.call("getHealth").asText().equals("ok");
                });
                return node;
            } catch (DevnetException e) {
                p.close();
                last = e;
            }
        }
        throw last;
    }

    public URI url() {
        return URI.create("http://127.0.0.1:" + port);
    }

    public JsonRpcClient rpc() {
        return rpc;
    }

    public long slot() {
        return rpc.call("getSlot", Map.of("commitment", "finalized")).asLong();
    }

    /** Creates an SPL mint (authority: the shim's payer) and returns its address. */
    public String createMint(int decimals) {
        return rpc.call("devnet_createMint", Map.of("decimals", decimals)).path("mint").asText();
    }

    /**
     * Creates an SPL mint at the address {@code seed} derives (the same on every shim, once per shim) and returns
     * that address.
     */
    public String createMint(int decimals, String seed) {
        return rpc.call("devnet_createMint", Map.of("decimals", decimals, "seed", seed)).path("mint").asText();
    }

    /** Creates a token account for {@code mint} (owner: a fresh keypair held by the shim). */
    public String createTokenAccount(String mint) {
        return rpc.call("devnet_createTokenAccount", Map.of("mint", mint)).path("account").asText();
    }

    public JsonNode mintTo(String mint, String account, String amount) {
        return rpc.call("devnet_mintTo", Map.of("mint", mint, "account", account, "amount", amount));
    }

    public JsonNode burn(String account, String amount) {
        return rpc.call("devnet_burn", Map.of("account", account, "amount", amount));
    }

    public JsonNode transfer(String from, String to, String amount) {
        return rpc.call("devnet_transfer", Map.of("from", from, "to", to, "amount", amount));
    }

    /** Closes an empty token account (SPL CloseAccount; the rent goes to the shim's payer). */
    public JsonNode closeAccount(String account) {
        return rpc.call("devnet_closeAccount", Map.of("account", account));
    }

    @Override
    public void close() {
        process.close();
    }

    boolean alive() {
        return process.alive();
    }
}
