package io.assay.deploy;

import io.assay.config.AssayConfig;
import io.quarkus.deployment.images.ContainerImages;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The Dockerfiles under {@code native/}, checked as far as a machine without a container engine can: base
 * images are the ones Quarkus 3.37.3 itself builds and runs native executables with, the image runs as a
 * non-root user, listens where the application listens, carries no secret, and every file it copies is in
 * the build context. (NativeSourcesIT runs the build stage's Maven commands for real.)
 */
class DockerfilesTest {
    private static final Path NATIVE = AppSettings.PROJECT.resolve("native");

    private static Dockerfile dockerfile(String name) {
        return Dockerfile.parse(NATIVE.resolve(name));
    }

    @Test
    void nativeImagesAreBuiltWithQuarkusDefaultMandrelBuilderAndRunOnMatchingUbi9() {
        for (String name : List.of("Dockerfile.native", "Dockerfile.native-micro")) {
            Dockerfile d = dockerfile(name);
            assertEquals(2, d.stages().size(), name);
            assertEquals(ContainerImages.UBI9_MANDREL_BUILDER, d.stage("build").image(), name);
        }
        assertEquals(ContainerImages.UBI9_MINIMAL, dockerfile("Dockerfile.native").runtime().image());
        // UBI 9 micro, not the UBI 8 quarkus-micro-image: the executable is linked against the UBI 9 builder's glibc.
        assertEquals(ContainerImages.UBI9_QUARKUS_MICRO_IMAGE, dockerfile("Dockerfile.native-micro").runtime().image());
    }

    @Test
    void jvmImageRunsOnAFullUbi9Jdk25WithChronicleFlagsBecauseChronicleCompilesJavaAtRunTime() throws IOException {
        Dockerfile d = dockerfile("Dockerfile.jvm");
        String jdk = ContainerImages.UBI9_JAVA_25_IMAGE_NAME.replace("-runtime", "") + ":" + ContainerImages.UBI9_JAVA_VERSION;
        assertEquals(jdk, d.stage("build").image());
        assertEquals(jdk, d.runtime().image(), "the -runtime image has no jdk.compiler module");
        List<String> entry = d.runtime().last("ENTRYPOINT").execForm();
        assertEquals("java", entry.get(0));
        assertEquals("/work/assay.jar", entry.get(entry.indexOf("-jar") + 1));
        // Quarkus rewrites the jar manifest's Add-Opens from its own list, so Chronicle's flags go on the command line
        Matcher flags = Pattern.compile("<chronicle.jvm.flags>([^<]+)</chronicle.jvm.flags>")
                .matcher(Files.readString(AppSettings.PROJECT.resolve("pom.xml")));
        assertTrue(flags.find());
        List<String> beforeJar = entry.subList(0, entry.indexOf("-jar"));
        for (String flag : flags.group(1).trim().split("\\s+")) {
            assertTrue(beforeJar.contains(flag), "Dockerfile.jvm ENTRYPOINT lacks " + flag);
        }
        // and the service's own JVM options, as the ./assay launcher and the load benchmark use them
        Matcher app = Pattern.compile("<app.jvm.flags>([^<]+)</app.jvm.flags>")
                .matcher(Files.readString(AppSettings.PROJECT.resolve("pom.xml")));
        assertTrue(app.find());
        for (String flag : app.group(1).trim().split("\\s+")) {
            assertTrue(beforeJar.contains(flag), "Dockerfile.jvm ENTRYPOINT lacks " + flag);
        }
        String copied = d.runtime().all("COPY").stream().filter(c -> "build".equals(c.options().get("from")))
                .map(c -> c.operands().get(0)).findFirst().orElseThrow();
        assertTrue(copied.endsWith("/target/*-runner.jar"), copied);
    }

    @Test
    void bothNativeDockerfilesShareOneBuildStage() {
        List<String> a = dockerfile("Dockerfile.native").stage("build").instructions().stream()
                .map(i -> i.keyword() + " " + i.args()).toList();
        List<String> b = dockerfile("Dockerfile.native-micro").stage("build").instructions().stream()
                .map(i -> i.keyword() + " " + i.args()).toList();
        assertEquals(a, b);
    }

    @Test
    void nativeBuildStageRunsTheCheckedSourcesBuildThenNativeImageOnItsArguments() {
        Dockerfile.Stage build = dockerfile("Dockerfile.native").stage("build");
        List<String> runs = build.all("RUN").stream().map(Dockerfile.Instruction::args).toList();
        assertTrue(runs.stream().anyMatch(r -> r.startsWith("./mvnw ") && r.contains(" package ")
                && r.contains("-Dquarkus.native.enabled=true") && r.contains("-Dquarkus.native.sources-only=true")), runs.toString());
        String last = runs.get(runs.size() - 1);
        assertTrue(last.contains("native-image $(cat native-image.args)"), last);
        assertEquals("/project/target/native-sources", build.last("WORKDIR").args());
        assertEquals("quarkus", build.last("USER").args(), "the builder image's non-root user");
    }

    @ParameterizedTest
    @ValueSource(strings = {"Dockerfile.native", "Dockerfile.native-micro", "Dockerfile.jvm"})
    void runtimeImageIsNonRootListensOnTheAppPortAndKeepsTheStoreInAVolume(String name) {
        Dockerfile.Stage run = dockerfile(name).runtime();
        String user = run.last("USER").args();
        assertTrue(user.matches("[1-9][0-9]*"), name + ": USER must be a numeric non-root uid (Kubernetes runAsNonRoot checks it): " + user);
        assertEquals("1001", user, name);
        assertEquals(List.of(String.valueOf(AppSettings.httpPort())),
                run.all("EXPOSE").stream().flatMap(e -> e.words().stream()).toList(), name);
        Map<String, String> env = run.env();
        assertEquals("0.0.0.0", env.get("QUARKUS_HTTP_HOST"), name + ": the application listens on loopback by default");
        assertEquals("/data", env.get("ASSAY_DATA_DIR"), name);
        assertEquals(List.of("/data"), run.all("VOLUME").stream().flatMap(v -> v.words().stream()).toList(), name);
        assertEquals("/work/chains", env.get("ASSAY_PROFILES"), name);
        assertTrue(run.all("COPY").stream().anyMatch(c -> c.operands().equals(List.of("chains/*.yaml", "/work/chains/"))), name);
        assertTrue(run.all("COPY").stream().anyMatch(c -> c.operands().equals(List.of("chains/assets", "/work/chains/assets"))), name);
        assertNotNull(run.last("ENTRYPOINT").execForm(), name + ": ENTRYPOINT in exec form, so SIGTERM reaches the application");
        ConfigKeys keys = ConfigKeys.of(AssayConfig.class);
        env.keySet().stream().filter(k -> k.startsWith("ASSAY_"))
                .forEach(k -> assertTrue(keys.acceptsEnv(k), name + ": " + k + " is no key of AssayConfig " + keys.names()));
    }

    @ParameterizedTest
    @ValueSource(strings = {"Dockerfile.native", "Dockerfile.native-micro", "Dockerfile.jvm"})
    void noSecretNoDownloadNoFloatingTag(String name) {
        Dockerfile d = dockerfile(name);
        for (Dockerfile.Stage s : d.stages()) {
            assertTrue(s.image().matches("[^:]+:[^:]+") && !s.image().endsWith(":latest"), name + ": pin a tag: " + s.image());
            for (Dockerfile.Instruction i : s.instructions()) {
                assertFalse(i.keyword().equals("ADD"), name + ":" + i.line() + ": COPY, not ADD");
                if (i.keyword().equals("ENV") || i.keyword().equals("ARG")) {
                    for (String w : i.words()) {
                        String k = w.split("=", 2)[0].toUpperCase(Locale.ROOT);
                        assertFalse(k.matches(".*(KEY|SECRET|PASSWORD|TOKEN|ENDPOINTS).*"),
                                name + ":" + i.line() + ": secrets and RPC URLs come from the deployment, never the image: " + k);
                    }
                }
                if (i.keyword().equals("RUN")) {
                    assertFalse(i.args().matches(".*\\b(curl|wget)\\b.*"), name + ":" + i.line() + ": no downloads besides Maven's");
                }
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"Dockerfile.native", "Dockerfile.native-micro", "Dockerfile.jvm"})
    void everyCopiedFileIsInTheBuildContext(String name) throws IOException {
        List<String> ignore = Files.readAllLines(AppSettings.PROJECT.resolve(".dockerignore")).stream()
                .map(String::trim).filter(l -> !l.isEmpty() && !l.startsWith("#")).toList();
        for (Dockerfile.Stage s : dockerfile(name).stages()) {
            for (Dockerfile.Instruction c : s.all("COPY")) {
                if (c.options().containsKey("from")) {
                    continue;
                }
                List<String> ops = c.operands();
                for (String src : ops.subList(0, ops.size() - 1)) {
                    List<Path> files = expand(src);
                    assertFalse(files.isEmpty(), name + ":" + c.line() + ": nothing matches " + src);
                    for (Path f : files) {
                        String rel = AppSettings.PROJECT.relativize(f).toString();
                        assertTrue(inContext(ignore, rel), name + ":" + c.line() + ": .dockerignore leaves out " + rel);
                    }
                }
            }
        }
    }

    @Test
    void buildContextLeavesOutBuildOutputNodeModulesDataAndKubernetesSecrets() throws IOException {
        List<String> ignore = Files.readAllLines(AppSettings.PROJECT.resolve(".dockerignore")).stream()
                .map(String::trim).filter(l -> !l.isEmpty() && !l.startsWith("#")).toList();
        for (String p : List.of("target/assay-0.1.0-SNAPSHOT-runner.jar", "chains/devnet/node_modules/solc/index.js",
                "data/catalog.db", "k8s/overlays/single/secrets/assay-0.key", "k8s/overlays/single/secrets/rpc.env",
                "src/test/java/io/assay/HealthTest.java", ".git/config")) {
            assertFalse(inContext(ignore, p), p);
        }
        for (String p : List.of("pom.xml", "mvnw", ".mvn/wrapper/maven-wrapper.properties", "src/main/java/io/assay/Main.java",
                "chains/ethereum.yaml", "chains/assets/wbtc.yaml")) {
            assertTrue(inContext(ignore, p), p);
        }
    }

    /** COPY sources (relative to the build context, globs allowed) as the regular files they name. */
    private static List<Path> expand(String src) throws IOException {
        PathMatcher m = FileSystems.getDefault().getPathMatcher("glob:" + src);
        List<Path> out = new ArrayList<>();
        Files.walkFileTree(AppSettings.PROJECT, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
                // never copied, and large: build output, node packages, git
                String n = dir.getFileName().toString();
                return n.equals("node_modules") || n.equals(".git") || dir.equals(AppSettings.PROJECT.resolve("target"))
                        ? FileVisitResult.SKIP_SUBTREE : FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path f, BasicFileAttributes attrs) {
                for (Path p = AppSettings.PROJECT.relativize(f); p != null; p = p.getParent()) {
                    if (m.matches(p)) {
                        out.add(f);
                        break;
                    }
                }
                return FileVisitResult.CONTINUE;
            }
        });
        return out;
    }

    /**
     * Docker's rule: the last pattern matching the path or one of its parent folders decides; {@code !}
     * re-includes.
     */
    static boolean inContext(List<String> patterns, String path) {
        boolean included = true;
        for (String raw : patterns) {
            boolean negate = raw.startsWith("!");
            String glob = (negate ? raw.substring(1) : raw).replaceAll("/+$", "");
            PathMatcher m = FileSystems.getDefault().getPathMatcher("glob:" + glob);
            for (Path p = Path.of(path); p != null; p = p.getParent()) {
                if (m.matches(p)) {
                    included = negate;
                    break;
                }
            }
        }
        return included;
    }
}
