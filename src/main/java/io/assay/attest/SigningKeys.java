package io.assay.attest;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * Finds the signing key, in this order: the key file ({@code assay.attest.key-file}, e.g. a mounted Kubernetes
 * Secret), the environment variable {@value #ENV}, a fresh in-memory key (when ephemeral keys are allowed: demo,
 * dev, test). With none of these it fails ({@link AttestConfigException}) unless unsigned operation is allowed.
 * Key material is wiped from the buffers it was read into and never appears in a message.
 */
public final class SigningKeys {
    /** The environment variable that may hold the key (hex). */
    public static final String ENV = "ASSAY_ATTEST_KEY";

    private SigningKeys() {
    }

    /**
     * The outcome: the key if any, a description of where it came from (safe to log), and warnings to log once.
     */
    public record Resolved(Optional<SigningKey> key, String source, List<String> warnings) {
    }

    public static Resolved resolve(Optional<Path> keyFile, Function<String, String> env, boolean ephemeral,
                                   boolean allowUnsigned, SecureRandom random) {
        List<String> warnings = new ArrayList<>();
        String fromEnv = env.apply(ENV);
        boolean envSet = fromEnv != null && !fromEnv.isBlank();
        if (keyFile.isPresent()) {
            if (envSet) {
                warnings.add("both assay.attest.key-file and " + ENV + " are set; using the key file");
            }
            Path f = keyFile.get();
            SigningKey k = readFile(f, warnings);
            return new Resolved(Optional.of(k), "key file " + f, warnings);
        }
        if (envSet) {
            char[] chars = fromEnv.toCharArray();
            try {
                return new Resolved(Optional.of(parse(chars, "environment variable " + ENV)), "environment variable " + ENV, warnings);
            } finally {
                Arrays.fill(chars, '\0');
            }
        }
        if (ephemeral) {
            return new Resolved(Optional.of(SigningKey.generate(random)),
                    "a fresh key generated at start (kept in memory only; a new signer on every start)", warnings);
        }
        if (allowUnsigned) {
            warnings.add("no signing key configured and assay.attest.allow-unsigned=true: reports are published UNSIGNED"
                    + " and no bridge can verify them; set assay.attest.key-file or " + ENV + " to sign");
            return new Resolved(Optional.empty(), "none (unsigned)", warnings);
        }
        throw new AttestConfigException("no signing key: set assay.attest.key-file to a file holding the hex private key"
                + " (e.g. a mounted Kubernetes Secret) or the environment variable " + ENV
                + "; to run without signing, set assay.attest.allow-unsigned=true");
    }

    private static SigningKey readFile(Path f, List<String> warnings) {
        if (Files.isDirectory(f)) {
            // what a Kubernetes subPath mount of a Secret gives a pod that has no file of its own
            throw new AttestConfigException("assay.attest.key-file " + f + ": is a folder, not a key file"
                    + " (in Kubernetes: the Secret has no key file for this pod)");
        }
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(f);
        } catch (IOException e) {
            throw new AttestConfigException("assay.attest.key-file " + f + ": cannot read ("
                    + e.getClass().getSimpleName() + ")");
        }
        char[] chars = null;
        try {
            CharBuffer cb = StandardCharsets.US_ASCII.newDecoder().decode(ByteBuffer.wrap(bytes));
            chars = new char[cb.remaining()];
            cb.get(chars);
            Arrays.fill(cb.array(), '\0');
            SigningKey k = parse(chars, "assay.attest.key-file " + f);
            otherReadable(f).ifPresent(warnings::add);
            return k;
        } catch (CharacterCodingException e) {
            throw new AttestConfigException("assay.attest.key-file " + f + ": not a text file of hex digits");
        } finally {
            Arrays.fill(bytes, (byte) 0);
            if (chars != null) {
                Arrays.fill(chars, '\0');
            }
        }
    }

    private static SigningKey parse(char[] chars, String source) {
        try {
            return SigningKey.parse(chars, source);
        } catch (IllegalArgumentException e) {
            throw new AttestConfigException(e.getMessage());
        }
    }

    private static Optional<String> otherReadable(Path f) {
        try {
            Set<PosixFilePermission> p = Files.getPosixFilePermissions(f);
            if (p.contains(PosixFilePermission.OTHERS_READ)) {
                return Optional.of("assay.attest.key-file " + f + " is readable by every user of this machine;"
                        + " restrict it (chmod 0400, or defaultMode: 0400 on the Kubernetes Secret volume)");
            }
        } catch (IOException | UnsupportedOperationException ignored) {
            // not a POSIX file system: nothing to say
        }
        return Optional.empty();
    }
}
