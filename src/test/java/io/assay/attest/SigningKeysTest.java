package io.assay.attest;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SigningKeysTest {
    @TempDir
    Path tmp;

    static SigningKeys.Resolved resolve(Optional<Path> file, Map<String, String> env, boolean ephemeral, boolean unsigned) {
        return SigningKeys.resolve(file, env::get, ephemeral, unsigned, new SecureRandom());
    }

    Path keyFile(String content, String perms) throws Exception {
        Path f = tmp.resolve("key-" + System.nanoTime());
        Files.writeString(f, content);
        Files.setPosixFilePermissions(f, PosixFilePermissions.fromString(perms));
        return f;
    }

    @Test
    void keyFileWithPrefixAndNewlineIsReadAndWinsOverTheEnvironment() throws Exception {
        Path f = keyFile("0x" + Reports.ANVIL_KEY + "\n", "r--------");
        SigningKeys.Resolved r = resolve(Optional.of(f), Map.of(SigningKeys.ENV, Reports.OTHER_KEY), false, false);
        assertEquals(Reports.ANVIL_ADDRESS, r.key().orElseThrow().address());
        assertEquals("key file " + f, r.source());
        assertEquals(List.of("both assay.attest.key-file and ASSAY_ATTEST_KEY are set; using the key file"), r.warnings());
    }

    @Test
    void aKeyFileEveryUserCanReadIsUsedWithAWarning() throws Exception {
        Path f = keyFile(Reports.ANVIL_KEY, "rw-r--r--");
        SigningKeys.Resolved r = resolve(Optional.of(f), Map.of(), false, false);
        assertEquals(Reports.ANVIL_ADDRESS, r.key().orElseThrow().address());
        assertEquals(List.of("assay.attest.key-file " + f + " is readable by every user of this machine; restrict it"
                + " (chmod 0400, or defaultMode: 0400 on the Kubernetes Secret volume)"), r.warnings());
    }

    @Test
    void theEnvironmentIsUsedWithoutAFile() {
        SigningKeys.Resolved r = resolve(Optional.empty(), Map.of(SigningKeys.ENV, " " + Reports.OTHER_KEY.toUpperCase() + "\n"), true, false);
        assertEquals("0x70997970C51812dc3A010C7d01b50e0d17dc79C8", r.key().orElseThrow().address());
        assertEquals("environment variable ASSAY_ATTEST_KEY", r.source());
        assertTrue(r.warnings().isEmpty());
    }

    @Test
    void ephemeralKeysAreFreshEachTime() {
        String a = resolve(Optional.empty(), Map.of(), true, false).key().orElseThrow().address();
        String b = resolve(Optional.empty(), Map.of(), true, false).key().orElseThrow().address();
        assertNotEquals(a, b);
    }

    @Test
    void noKeyRefusesToStartUnlessUnsignedIsAllowed() {
        AttestConfigException x = assertThrows(AttestConfigException.class, () -> resolve(Optional.empty(), Map.of(), false, false));
        assertEquals("no signing key: set assay.attest.key-file to a file holding the hex private key (e.g. a mounted"
                + " Kubernetes Secret) or the environment variable ASSAY_ATTEST_KEY; to run without signing, set"
                + " assay.attest.allow-unsigned=true", x.getMessage());
        SigningKeys.Resolved r = resolve(Optional.empty(), Map.of(), false, true);
        assertTrue(r.key().isEmpty());
        assertEquals(1, r.warnings().size());
        assertTrue(r.warnings().get(0).contains("UNSIGNED"));
    }

    @Test
    void badKeysAreDescribedWithoutEchoingThem() throws Exception {
        String shortKey = Reports.ANVIL_KEY.substring(1);
        Path f = keyFile(shortKey, "r--------");
        AttestConfigException x = assertThrows(AttestConfigException.class, () -> resolve(Optional.of(f), Map.of(), false, false));
        assertEquals("assay.attest.key-file " + f + ": expected a secp256k1 private key as 64 hex digits (optionally"
                + " 0x-prefixed); found 63 characters", x.getMessage());

        String notHex = "g" + Reports.ANVIL_KEY.substring(1);
        x = assertThrows(AttestConfigException.class, () -> resolve(Optional.empty(), Map.of(SigningKeys.ENV, notHex), false, false));
        assertEquals("environment variable ASSAY_ATTEST_KEY: the private key contains a character that is not a hex digit",
                x.getMessage());
        assertFalse(x.getMessage().contains(Reports.ANVIL_KEY.substring(1, 20)));

        x = assertThrows(AttestConfigException.class, () -> resolve(Optional.empty(), Map.of(SigningKeys.ENV, "0".repeat(64)), false, false));
        assertEquals("environment variable ASSAY_ATTEST_KEY: not a valid secp256k1 private key (must be in [1, n-1])", x.getMessage());

        Path folder = Files.createDirectories(tmp.resolve("key-folder"));
        x = assertThrows(AttestConfigException.class, () -> resolve(Optional.of(folder), Map.of(), true, true));
        assertEquals("assay.attest.key-file " + folder + ": is a folder, not a key file (in Kubernetes: the Secret has"
                + " no key file for this pod)", x.getMessage());

        Path missing = tmp.resolve("nope");
        x = assertThrows(AttestConfigException.class, () -> resolve(Optional.of(missing), Map.of(), true, true));
        assertEquals("assay.attest.key-file " + missing + ": cannot read (NoSuchFileException)", x.getMessage());
    }

    @Test
    void aKeyShowsOnlyItsAddress() {
        SigningKey k = Reports.key(Reports.ANVIL_KEY);
        assertEquals("SigningKey[" + Reports.ANVIL_ADDRESS + "]", k.toString());
    }
}
