package io.assay.deploy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;

/**
 * Renders a kustomization with {@code kubectl kustomize} (offline; kustomize v5 inside kubectl 1.27+). No
 * kubectl on the PATH is a failure, never a skip: .ci/run checks for it on a fresh machine.
 */
final class Kustomize {
    private Kustomize() {
    }

    static Path kubectl() {
        String path = System.getenv().getOrDefault("PATH", "");
        return Arrays.stream(path.split(":")).map(d -> Path.of(d, "kubectl")).filter(Files::isExecutable).findFirst()
                .orElseThrow(() -> new AssertionError("kubectl not found on PATH (" + path + "): it renders k8s/ offline; "
                        + "a fresh machine of this kind has it, see .ci/run"));
    }

    static String render(Path kustomization) {
        try {
            Path err = Files.createTempFile("kustomize", ".err");
            try {
                Process p = new ProcessBuilder(kubectl().toString(), "kustomize", kustomization.toString())
                        .redirectError(err.toFile()).start();
                byte[] out = p.getInputStream().readAllBytes();
                if (!p.waitFor(60, TimeUnit.SECONDS)) {
                    p.destroyForcibly();
                    throw new AssertionError("kubectl kustomize " + kustomization + " did not finish in 60 s");
                }
                if (p.exitValue() != 0) {
                    throw new AssertionError("kubectl kustomize " + kustomization + " failed (" + p.exitValue() + "):\n"
                            + Files.readString(err));
                }
                return new String(out, StandardCharsets.UTF_8);
            } finally {
                Files.deleteIfExists(err);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
