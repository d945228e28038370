package io.assay.devnet;

import com.fasterxml.jackson.databind.JsonNode;
import io.assay.chain.rpc.JsonRpcClient;
import io.assay.chain.rpc.RpcException;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;

/**
 * litecoind in regtest (Litecoin Core 0.21, a Bitcoin Core 0.21 fork), standing in for Bitcoin Core: same RPC and
 * REST, {@code getblock} layouts, {@code invalidateblock}/{@code generateblock} and {@code scantxoutset}. MWEB is kept
 * from activating with {@code -vbparams=mweb:...} so plain mining works and blocks stay Bitcoin-parsable.
 * A wallet named {@code devnet} is created and funded with 101 blocks (one spendable coinbase... and more).
 */
public final class BitcoinNode implements AutoCloseable {
    private final int rpcPort;
    private final String user;
    private final String password;
    private final Path dataDir;
    private final ManagedProcess process;
    private final JsonRpcClient rpc;
    private final JsonRpcClient wallet;
    private String miningAddress;

    private BitcoinNode(int rpcPort, String user, String password, Path dataDir, ManagedProcess process) {
        this.rpcPort = rpcPort;
        this.user = user;
        this.password = password;
        this.dataDir = dataDir;
        this.process = process;
        this.rpc = new JsonRpcClient(URI.create("http://" + user + ":" + password + "@127.0.0.1:" + rpcPort + "/"),
                Duration.ofSeconds(120));
        this.wallet = new JsonRpcClient(URI.create("http://" + user + ":" + password + "@127.0.0.1:" + rpcPort
                + "/wallet/devnet"), Duration.ofSeconds(120));
    }

    static BitcoinNode start(Path workDir) {
        return start(workDir, List.of());
    }

    /**
     * A node outside a {@link Devnet}, with extra litecoind arguments (command-line arguments override the
     * config file: e.g. {@code -rest=0}, {@code -blockmaxweight=...}). The caller closes it; it is guarded like
     * devnet nodes against the JVM dying.
     */
    public static BitcoinNode startStandalone(Path workDir, String... extraArgs) {
        try {
            Files.createDirectories(workDir);
        } catch (IOException e) {
            throw new DevnetException("cannot create " + workDir + ": " + e.getMessage(), e);
        }
        return start(workDir, List.of(extraArgs));
    }

    static BitcoinNode start(Path workDir, List<String> extraArgs) {
        DevnetException last = null;
        for (int attempt = 0; attempt < 3; attempt++) {
            int port = ManagedProcess.freePort();
            Path dataDir = workDir.resolve("litecoind-" + port);
            byte[] secret = new byte[16];
            new SecureRandom().nextBytes(secret);
            String password = HexFormat.of().formatHex(secret);
            try {
                Files.createDirectories(dataDir);
                Files.writeString(dataDir.resolve("litecoin.conf"), String.join("\n",
                        "regtest=1", "server=1", "rest=1", "txindex=1", "fallbackfee=0.0001", "listen=0",
                        "dnsseed=0", "upnp=0", "printtoconsole=0", "rpcworkqueue=64", "rpcthreads=8",
                        "[regtest]", "rpcbind=127.0.0.1", "rpcallowip=127.0.0.1", "rpcport=" + port,
                        "rpcuser=devnet", "rpcpassword=" + password, ""), StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new DevnetException("cannot write litecoind config in " + dataDir + ": " + e.getMessage(), e);
            }
            List<String> cmd = new java.util.ArrayList<>(List.of(DevnetPaths.litecoind().toString(), "-datadir=" + dataDir,
                    "-vbparams=mweb:9999999999:9999999999:0:0"));
            cmd.addAll(extraArgs);
            ManagedProcess p = ManagedProcess.start("litecoind (regtest)", cmd, workDir.resolve("litecoind-" + port + ".log"),
                    workDir);
            BitcoinNode node = new BitcoinNode(port, "devnet", password, dataDir, p);
            try {
                Poll.until(Duration.ofSeconds(60), "litecoind RPC on port " + port, () -> {
                    p.requireAlive();
                    return node.rpc.call("getblockchaininfo").path("chain").asText().equals("regtest");
                });
                node.rpc.call("createwallet", "devnet");
                node.miningAddress = node.wallet.call("getnewaddress", "", "bech32").asText();
                node.generate(101);
                return node;
            } catch (DevnetException | RpcException e) {
                p.close();
                last = e instanceof DevnetException d ? d : new DevnetException("litecoind setup failed: " + e.getMessage(), e);
            }
        }
        throw last;
    }

    /** JSON-RPC URL with credentials in the user info (as an operator would configure it). */
    public URI url() {
        return URI.create("http://" + user + ":" + password + "@127.0.0.1:" + rpcPort + "/");
    }

    /** REST base, e.g. {@code http://127.0.0.1:port/rest}. */
    public URI restUrl() {
        return URI.create("http://127.0.0.1:" + rpcPort + "/rest");
    }

    public JsonRpcClient rpc() {
        return rpc;
    }

    /** RPC bound to the devnet wallet. */
    public JsonRpcClient wallet() {
        return wallet;
    }

    /** RPC bound to another wallet of this node (created by the caller). */
    public JsonRpcClient wallet(String name) {
        return new JsonRpcClient(URI.create("http://" + user + ":" + password + "@127.0.0.1:" + rpcPort + "/wallet/" + name),
                Duration.ofSeconds(120));
    }

    public String miningAddress() {
        return miningAddress;
    }

    public Path dataDir() {
        return dataDir;
    }

    public long height() {
        return rpc.call("getblockcount").asLong();
    }

    /** Mines {@code n} blocks to the devnet wallet; returns their hashes. */
    public List<String> generate(int n) {
        JsonNode hashes = rpc.call("generatetoaddress", n, miningAddress);
        List<String> out = new java.util.ArrayList<>();
        hashes.forEach(h -> out.add(h.asText()));
        return out;
    }

    /**
     * Pays {@code sats} from the devnet wallet to a raw scriptPubKey (any script type: devnet addresses are
     * Litecoin-format, so reserve sources are configured by script) and returns the txid. Not mined yet.
     */
    public String payToScript(String scriptHex, long sats) {
        org.bitcoinj.core.Transaction tx = new org.bitcoinj.core.Transaction();
        tx.addOutput(org.bitcoinj.base.Coin.valueOf(sats),
                org.bitcoinj.script.Script.parse(java.util.HexFormat.of().parseHex(scriptHex)));
        String unfunded = java.util.HexFormat.of().formatHex(tx.serialize());
        // a transaction without inputs is ambiguous with the segwit marker: say it is not segwit
        String funded = wallet.call("fundrawtransaction", unfunded, java.util.Map.of(), false).path("hex").asText();
        JsonNode signed = wallet.call("signrawtransactionwithwallet", funded);
        if (!signed.path("complete").asBoolean()) {
            throw new DevnetException("devnet wallet could not sign a payment to " + scriptHex + ": " + signed.path("errors"));
        }
        return rpc.call("sendrawtransaction", signed.path("hex").asText()).asText();
    }

    @Override
    public void close() {
        try {
            if (process.alive()) {
                rpc.call("stop");
            }
        } catch (RuntimeException ignored) {
            // fall through to the guard
        }
        process.close();
    }

    boolean alive() {
        return process.alive();
    }
}
