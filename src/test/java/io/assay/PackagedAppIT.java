package io.assay;

import io.assay.devnet.Poll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The packaged uber-jar, run as an operator would ({@code java -jar}, no extra JVM flags) on the JDK running
 * this test (Temurin 25 in CI): it starts and answers health, and a bad profile stops it with one line.
 */
class PackagedAppIT {
    private static final Path PROJECT = Path.of(System.getProperty("devnet.project-dir", "."));
    private static final Path JAR = Path.of(System.getProperty("devnet.runner-jar",
            "target/assay-0.1.0-SNAPSHOT-runner.jar"));

    @TempDir
    Path tmp;

    private Process launch(Path log, String... props) throws IOException {
        return launch(log, java.util.Map.of(), props);
    }

    /** A signing key for the launched service (production mode refuses to start without one). Test-only key. */
    static final String TEST_KEY = "8b3a350cf5c34c9194ca85829a2df0ec3153be0318b5e2d3348e872092edffba";

    private Process launch(Path log, java.util.Map<String, String> env, String... props) throws IOException {
        java.util.Map<String, String> withKey = new java.util.HashMap<>(java.util.Map.of("ASSAY_ATTEST_KEY", TEST_KEY));
        withKey.putAll(env);
        return launchExactly(log, withKey, props);
    }

    private Process launchExactly(Path log, java.util.Map<String, String> env, String... props) throws IOException {
        String java = ProcessHandle.current().info().command().orElseThrow();
        List<String> cmd = new ArrayList<>(List.of(java));
        for (String p : props) {
            cmd.add("-D" + p);
        }
        // the shipped WBTC profile's custodian list is not polled from wbtc.network during the test
        cmd.addAll(List.of("-Dassay.data-dir=" + tmp.resolve("data"), "-Dassay.reserve-sets.http-polling=false", "-jar",
                JAR.toString()));
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(PROJECT.toFile()).redirectErrorStream(true)
                .redirectOutput(log.toFile());
        pb.environment().remove("ASSAY_ATTEST_KEY");
        env.forEach((k, v) -> {
            if (v != null) {
                pb.environment().put(k, v);
            }
        });
        return pb.start();
    }


    @Test
    void jarStartsOnThisJdkAndAnswersHealth() throws Exception {
        int port = AppProcess.freePort();
        Path log = tmp.resolve("app.log");
        // endpoints come from the environment; the URL carries credentials and a key that must never be logged
        Process app = launch(log, java.util.Map.of("ASSAY_CHAINS_POLYGON_ENDPOINTS",
                "https://operator:topsecret@rpc.example:8443/v2/apikey123,http://127.0.0.1:9"), "quarkus.http.port=" + port);
        try {
            HttpClient http = HttpClient.newHttpClient();
            String body = Poll.value(Duration.ofSeconds(60), "GET /q/health/live", () -> {
                if (!app.isAlive()) {
                    throw new IllegalStateException("app exited: " + AppProcess.log(log));
                }
                try {
                    HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/q/health/live")).build(),
                            HttpResponse.BodyHandlers.ofString());
                    return r.statusCode() == 200 ? r.body() : null;
                } catch (IOException e) {
                    return null;
                } catch (InterruptedException e) {
                    throw new IllegalStateException(e);
                }
            });
            assertTrue(body.contains("\"status\": \"UP\""), body);
            assertTrue(body.contains("\"chains\": \"arbitrum,avalanche,base,bitcoin,ethereum,optimism,polygon,solana\""), body);
            assertTrue(body.contains("\"assets\": \"cbbtc,tbtc,usdc,wbtc\""), body);
            // no endpoints configured: nothing is indexed, so the node is alive but not ready, and says why
            HttpResponse<String> ready = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                    + "/q/health/ready")).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(503, ready.statusCode(), ready.body());
            assertTrue(ready.body().contains("chain bitcoin is not indexed yet"), ready.body());
            String out = AppProcess.log(log);
            assertTrue(out.contains("chain polygon (evm 137, finality tag:finalized): endpoints [https://rpc.example:8443/…, http://127.0.0.1:9]"), out);
            assertTrue(!out.contains("topsecret") && !out.contains("apikey123") && !out.contains("operator"), out);
            assertTrue(out.contains("attestations: signer 0x") && out.contains("(key from environment variable ASSAY_ATTEST_KEY)"), out);
            assertTrue(!out.contains(TEST_KEY) && !out.contains(TEST_KEY.substring(0, 16)), "the signing key is never logged");
            assertTrue(!out.contains("WARNING: A restricted method") && !out.contains("IllegalAccess"),
                    "manifest flags cover Chronicle's needs:\n" + out);
        } finally {
            app.destroy();
            assertTrue(app.waitFor(20, TimeUnit.SECONDS), "stops on SIGTERM");
        }
    }

    @Test
    void badProfileStopsStartupWithOneLineNamingFileAndField() throws Exception {
        Path dir = tmp.resolve("profiles");
        Files.createDirectories(dir.resolve("assets"));
        for (String c : List.of("bitcoin", "ethereum", "polygon", "avalanche", "solana")) {
            Files.copy(PROJECT.resolve("chains/" + c + ".yaml"), dir.resolve(c + ".yaml"));
        }
        String asset = Files.readString(PROJECT.resolve("chains/assets/wbtc.yaml"))
                .replace("    decimals: 8\n    startBlock: 6766284\n", "    startBlock: 6766284\n");
        Files.writeString(dir.resolve("assets/wbtc.yaml"), asset);
        Path log = tmp.resolve("bad.log");
        Process app = launch(log, "assay.profiles=" + dir, "quarkus.http.port=0");
        assertTrue(app.waitFor(60, TimeUnit.SECONDS), "exits");
        assertEquals(2, app.exitValue());
        String out = AppProcess.log(log);
        // the line named is the supply entry's own (the first "  - " after "supply:")
        List<String> lines = asset.lines().toList();
        int entry = lines.indexOf("supply:") + 2;
        assertEquals("  - chain: ethereum", lines.get(entry - 1));
        String expected = "assay: invalid profile: " + dir.resolve("assets/wbtc.yaml") + ":" + entry
                + ": supply[0].decimals: missing; expected the number of decimals (0-36)";
        assertTrue(out.contains(expected), out);
        assertTrue(!out.contains("\tat "), "no stack trace:\n" + out);
    }

    @Test
    void aKeyFileNamedInTheEnvironmentSignsAsAMountedKubernetesSecretWould() throws Exception {
        Path key = tmp.resolve("secret/signing-key");
        Files.createDirectories(key.getParent());
        Files.writeString(key, TEST_KEY + "\n");
        Files.setPosixFilePermissions(key, java.nio.file.attribute.PosixFilePermissions.fromString("r--------"));
        int port = AppProcess.freePort();
        Path log = tmp.resolve("keyfile.log");
        Process app = launchExactly(log, java.util.Map.of("ASSAY_ATTEST_KEY_FILE", key.toString()), "quarkus.http.port=" + port);
        try {
            HttpClient http = HttpClient.newHttpClient();
            String body = Poll.value(Duration.ofSeconds(60), "GET /v1/attestations", () -> {
                if (!app.isAlive()) {
                    throw new IllegalStateException("app exited: " + AppProcess.log(log));
                }
                try {
                    HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                            + "/v1/attestations")).build(), HttpResponse.BodyHandlers.ofString());
                    return r.statusCode() == 200 ? r.body() : null;
                } catch (IOException e) {
                    return null;
                } catch (InterruptedException e) {
                    throw new IllegalStateException(e);
                }
            });
            String address = io.assay.attest.SigningKey.parse(TEST_KEY.toCharArray(), "test").address();
            assertTrue(body.contains("\"signer\":\"" + address + "\""), body);
            String out = AppProcess.log(log);
            assertTrue(out.contains("(key from key file " + key + ")"), out);
            assertTrue(!out.contains(TEST_KEY.substring(0, 16)), "the signing key is never logged");
        } finally {
            app.destroy();
            assertTrue(app.waitFor(20, TimeUnit.SECONDS), "stops on SIGTERM");
        }
    }

    @Test
    void withoutASigningKeyProductionRefusesToStartWithOneLine() throws Exception {
        Path log = tmp.resolve("nokey.log");
        Process app = launchExactly(log, java.util.Map.of(), "quarkus.http.port=0");
        assertTrue(app.waitFor(60, TimeUnit.SECONDS), "exits");
        assertEquals(2, app.exitValue());
        String out = AppProcess.log(log);
        assertTrue(out.contains("assay: signing key: no signing key: set assay.attest.key-file to a file holding the hex"
                + " private key (e.g. a mounted Kubernetes Secret) or the environment variable ASSAY_ATTEST_KEY; to run"
                + " without signing, set assay.attest.allow-unsigned=true"), out);
        assertTrue(!out.contains("\tat "), "no stack trace:\n" + out);
    }

    @Test
    void aPodWithoutItsOwnKeyFileExitsWithCodeTwoEvenWhenUnsignedIsAllowed() throws Exception {
        // what a Kubernetes subPathExpr mount of the key Secret gives a pod that has no file in it: an empty folder
        Path folder = tmp.resolve("secrets/attest/key");
        Files.createDirectories(folder);
        Path log = tmp.resolve("folder.log");
        Process app = launchExactly(log, java.util.Map.of("ASSAY_ATTEST_KEY_FILE", folder.toString(),
                "ASSAY_ATTEST_ALLOW_UNSIGNED", "true"), "quarkus.http.port=0");
        assertTrue(app.waitFor(60, TimeUnit.SECONDS), "exits");
        assertEquals(2, app.exitValue());
        String out = AppProcess.log(log);
        assertTrue(out.contains("assay: signing key: assay.attest.key-file " + folder + ": is a folder, not a key file"
                + " (in Kubernetes: the Secret has no key file for this pod)"), out);
        assertTrue(!out.contains("\tat "), "no stack trace:\n" + out);
    }

    @Test
    void verifyStoreRunsChronicleWithoutJvmFlagsAndNamesDamage() throws Exception {
        // a store with Chronicle-backed keyed state, written by this (flagged) test JVM
        Path dir = tmp.resolve("store");
        try (io.assay.store.Store s = io.assay.store.Stores.open(dir)) {
            int id = s.series(io.assay.store.SeriesKey.parse("x/ethereum/supply/_total"));
            io.assay.store.KeyValue kv = s.state("ethereum", "balances");
            for (int h = 1; h <= 50; h++) {
                s.append(id, h, h * 1000L, java.math.BigInteger.valueOf(h * 7L));
                kv.put(new byte[]{(byte) h}, new byte[]{(byte) (h * 3)});
                s.commit("ethereum", h, new byte[32], h * 1000L);
            }
        }
        String java = ProcessHandle.current().info().command().orElseThrow();
        Process ok = new ProcessBuilder(java, "-jar", JAR.toString(), "verify-store", dir.toString())
                .redirectErrorStream(true).start();
        String out = new String(ok.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(ok.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, ok.exitValue(), out);
        assertTrue(out.contains("chain ethereum: committed at height 50"), out);
        assertTrue(out.contains("OK: 1 series, 50 points checked"), out);

        Path catalog = dir.resolve("catalog.dat");
        byte[] bytes = Files.readAllBytes(catalog);
        bytes[0] ^= 0x55; // wrong magic
        Files.write(catalog, bytes);
        Process bad = new ProcessBuilder(java, "-jar", JAR.toString(), "verify-store", dir.toString())
                .redirectErrorStream(true).start();
        String err = new String(bad.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(bad.waitFor(60, TimeUnit.SECONDS));
        assertEquals(2, bad.exitValue(), err);
        assertTrue(err.contains("assay: " + catalog), err);
        assertTrue(Arrays.equals(bytes, Files.readAllBytes(catalog)), "nothing rewritten");
    }
}
