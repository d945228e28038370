package io.assay.devnet;

import com.fasterxml.jackson.databind.JsonNode;
import io.assay.chain.rpc.JsonRpcClient;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The devnet's Solidity contracts ({@code chains/devnet/contracts/**}{@code /*.sol}, Chainlink's own sources vendored
 * under {@code contracts/vendor/chainlink}), compiled offline with solc-js
 * ({@code chains/devnet/compile.mjs}). The output is cached under {@code chains/devnet/build/} keyed by a
 * hash of the sources, so a changed contract is always recompiled and an unchanged one costs nothing.
 */
public final class Contracts {
    private static volatile JsonNode compiled;

    private Contracts() {
    }

    /** {@code {"Name": {"abi": [...], "bytecode": "0x..."}}} for every contract in the sources. */
    public static JsonNode compiled() {
        JsonNode c = compiled;
        if (c == null) {
            synchronized (Contracts.class) {
                if (compiled == null) {
                    compiled = compile(DevnetPaths.devnetDir().resolve("contracts"));
                }
                c = compiled;
            }
        }
        return c;
    }

    /** Compiles every {@code .sol} file of {@code dir} (cached by content hash). */
    public static JsonNode compile(Path dir) {
        DevnetPaths.requireNodeModules();
        Path devnet = DevnetPaths.devnetDir();
        try {
            String hash = sourceHash(dir);
            Path build = devnet.resolve("build");
            Files.createDirectories(build);
            Path out = build.resolve("contracts-" + hash + ".json");
            if (!Files.isRegularFile(out)) {
                Path tmp = Files.createTempFile(build, "contracts", ".tmp");
                Process p = new ProcessBuilder(DevnetPaths.node().toString(), devnet.resolve("compile.mjs").toString(),
                        tmp.toString(), dir.toString())
                        .redirectErrorStream(true).start();
                p.getOutputStream().close();
                String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0) {
                    p.destroyForcibly();
                    Files.deleteIfExists(tmp);
                    throw new DevnetException("solc-js failed to compile " + dir + ":\n" + output);
                }
                Files.move(tmp, out, java.nio.file.StandardCopyOption.ATOMIC_MOVE,
                        java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            }
            return JsonRpcClient.json().readTree(out.toFile());
        } catch (IOException e) {
            throw new DevnetException("cannot compile contracts in " + dir + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DevnetException("interrupted while compiling contracts", e);
        }
    }

    public static JsonNode contract(String name) {
        JsonNode c = compiled().get(name);
        if (c == null) {
            throw new DevnetException("no compiled contract named " + name + " in chains/devnet/contracts");
        }
        return c;
    }

    /** Deploys {@code name} with ABI-encoded constructor arguments (hex without 0x, may be empty); returns its address. */
    public static String deploy(EvmNode node, String from, String name, String encodedArgs) {
        String data = contract(name).path("bytecode").asText() + encodedArgs;
        JsonNode receipt = node.send(from, null, data);
        String address = receipt.path("contractAddress").asText(null);
        if (address == null || address.equals("null")) {
            throw new DevnetException("deploying " + name + " on chain " + node.chainId() + " gave no contract address");
        }
        return org.web3j.crypto.Keys.toChecksumAddress(address);
    }

    private static String sourceHash(Path dir) throws IOException {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            List<Path> files;
            try (Stream<Path> s = Files.walk(dir)) {
                files = s.filter(p -> p.toString().endsWith(".sol")).sorted().toList();
            }
            if (files.isEmpty()) {
                throw new DevnetException("no .sol files in " + dir);
            }
            for (Path f : files) {
                md.update(dir.relativize(f).toString().getBytes(StandardCharsets.UTF_8));
                md.update(Files.readAllBytes(f));
            }
            md.update(Files.readAllBytes(DevnetPaths.devnetDir().resolve("compile.mjs")));
            return HexFormat.of().formatHex(md.digest(), 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
