package io.assay.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.assay.nativeimage.BindingCheck;
import io.assay.nativeimage.NativeReflection;
import io.quarkus.runtime.annotations.RegisterForReflection;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.jar.JarFile;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The native build, as far as it runs without GraalVM: the build stage of {@code native/Dockerfile.native}
 * is run here (its COPY lines from the build context, its Maven commands as written, which end in Quarkus's
 * native sources build); only the final {@code native-image} call is left out. Then the output that call
 * would read is checked: the arguments we rely on, the reflection registrations, run-time initialisation of
 * static state that must not be frozen into the image, and that nothing on the native path can generate
 * classes at run time (no Chronicle Map, no run-time compiler).
 *
 * <p>It takes about a minute (a second, complete Maven build in a scratch folder); the log is
 * {@code target/native-sources-it.log}.
 */
class NativeSourcesIT {
    private static final Path DOCKERFILE = AppSettings.PROJECT.resolve("native/Dockerfile.native");

    @TempDir
    static Path image;
    private static List<BuildStage.Skipped> skipped;
    private static Path sources;
    private static List<String> args;

    @BeforeAll
    static void runTheDockerfileBuildStage() throws Exception {
        Path log = AppSettings.PROJECT.resolve("target/native-sources-it.log");
        Files.deleteIfExists(log);
        BuildStage stage = new BuildStage(image, log);
        long t0 = System.nanoTime();
        skipped = stage.run(Dockerfile.parse(DOCKERFILE).stage("build"));
        System.out.printf("NativeSourcesIT: Dockerfile.native build stage (without native-image) took %.1f s%n",
                (System.nanoTime() - t0) / 1e9);
        assertEquals(1, skipped.size(), "exactly one RUN needs GraalVM: " + skipped);
        sources = stage.host(skipped.get(0).workdir());
        Path argsFile = sources.resolve("native-image.args");
        assertTrue(Files.isRegularFile(argsFile), "the sources build wrote " + argsFile);
        // native-image receives them as the shell splits $(cat native-image.args)
        args = Arrays.asList(Files.readString(argsFile).trim().split("\\s+"));
    }

    private static Path runnerJar() {
        String jar = args.get(args.size() - 1);
        return sources.resolve(jar);
    }

    private static List<Path> libs() throws IOException {
        try (Stream<Path> l = Files.list(sources.resolve("lib"))) {
            return l.filter(p -> p.toString().endsWith(".jar")).sorted().toList();
        }
    }

    private static Set<String> runtimeInitialized() {
        return args.stream().filter(a -> a.startsWith("--initialize-at-run-time="))
                .flatMap(a -> Arrays.stream(a.substring(a.indexOf('=') + 1).split(",")))
                .collect(Collectors.toCollection(TreeSet::new));
    }

    @Test
    void onlyTheNativeImageCallIsLeftAndItReadsTheArgumentsFileInTheSourcesFolder() {
        BuildStage.Skipped s = skipped.get(0);
        assertTrue(s.command().contains("native-image $(cat native-image.args)"), s.command());
        assertEquals("/project/target/native-sources", s.workdir());
        assertTrue(Files.isRegularFile(runnerJar()), runnerJar().toString());
        assertTrue(Files.isDirectory(sources.resolve("lib")));
    }

    @Test
    void argumentsCarryWhatTheImageReliesOn() {
        String name = args.get(args.size() - 3);
        assertEquals(List.of(name, "-jar", name + ".jar"), args.subList(args.size() - 3, args.size()),
                "the executable is named after the runner jar");
        assertTrue(name.startsWith("assay-") && name.endsWith("-runner"), name);
        for (String required : List.of(
                "--no-fallback",                        // fail the build rather than produce a JVM-fallback image
                "--link-at-build-time",                 // a missing class (e.g. a removed Chronicle one) fails the build
                "-H:+ReportExceptionStackTraces",
                "--enable-url-protocols=http,https",     // RPC endpoints are mostly https (quarkus.ssl.native)
                "-H:-UseServiceLoaderFeature",           // only services Quarkus registers: JVM-only providers stay out
                "-J-Djava.util.logging.manager=org.jboss.logmanager.LogManager")) {
            assertTrue(args.contains(required), "missing " + required + " in " + args);
        }
        assertTrue(args.stream().anyMatch(a -> a.startsWith("--features=") && a.contains("io.quarkus.runner.Feature")));
        for (String a : args) {
            assertFalse(a.startsWith("--allow-incomplete-classpath") || a.contains("AllowIncompleteClasspath")
                    || a.startsWith("--report-unsupported-elements-at-runtime") || a.startsWith("--initialize-at-build-time")
                    || a.contains("openhft"), "an argument we never want: " + a);
        }
    }

    @Test
    void mainClassIsOurs() throws IOException {
        try (JarFile jar = new JarFile(runnerJar().toFile())) {
            assertEquals("io.assay.Main", jar.getManifest().getMainAttributes().getValue("Main-Class"));
        }
    }

    @Test
    void graalVmVersionQuarkusExpectsIsTheBuilderImageOne() throws IOException {
        String expected = Files.readString(sources.resolve("graalvm.version")).trim();
        Matcher m = Pattern.compile(":jdk-(\\d+)$").matcher(Dockerfile.parse(DOCKERFILE).stage("build").image());
        assertTrue(m.find());
        assertEquals(m.group(1), expected.split("\\.")[0],
                "Mandrel for JDK N is GraalVM N: Quarkus generated arguments for GraalVM " + expected);
    }

    @Test
    void chronicleMapAndItsRunTimeCompilerAreNotInTheNativeApplication() throws IOException {
        Matcher removed = Pattern.compile("<native.removed-artifacts>([^<]+)</native.removed-artifacts>")
                .matcher(Files.readString(AppSettings.PROJECT.resolve("pom.xml")));
        assertTrue(removed.find());
        List<String> artifacts = Arrays.asList(removed.group(1).trim().split(","));
        assertTrue(artifacts.containsAll(List.of("net.openhft:chronicle-map", "net.openhft:compiler", "com.squareup:javapoet")));
        for (Path lib : libs()) {
            String file = lib.getFileName().toString();
            for (String a : artifacts) {
                assertFalse(file.startsWith(a.replace(':', '.') + "-"), "removed artifact still in the native application: " + file);
            }
            try (JarFile jar = new JarFile(lib.toFile())) {
                assertTrue(jar.stream().noneMatch(e -> e.getName().startsWith("net/openhft/")), file + " carries Chronicle classes");
            }
        }
        assertTrue(libs().size() > 50, "lib/ holds the application's libraries: " + libs().size());
    }

    @Test
    void nothingOnTheNativePathGeneratesClassesAtRunTime() {
        // Our classes (and the ones Quarkus generated for them), except the JVM-only Chronicle backend package,
        // which only java.util.ServiceLoader reaches (docs/native.md).
        Map<String, byte[]> ours = ClassScan.classes(runnerJar(),
                n -> n.startsWith("io/assay/") && !n.startsWith("io/assay/store/chronicle/"));
        assertTrue(ours.containsKey("io.assay.Main"));
        List<String> bad = new ArrayList<>();
        for (var e : ours.entrySet()) {
            for (String s : List.of("net/openhft", "net.openhft", "javax/tools/", "net/bytebuddy", "javassist",
                    "defineClass", "defineHiddenClass", "io/assay/store/chronicle", "io.assay.store.chronicle")) {
                if (ClassScan.mentions(e.getValue(), s)) {
                    bad.add(e.getKey() + " mentions " + s);
                }
            }
        }
        assertEquals(List.of(), bad);
    }

    @Test
    void staticStateThatMustNotBeFrozenIntoTheImageIsInitialisedAtRunTime() throws IOException {
        List<Path> scanned = new ArrayList<>(List.of(runnerJar()));
        for (Path lib : libs()) {
            String f = lib.getFileName().toString();
            if (f.startsWith("org.web3j.") || f.startsWith("org.bitcoinj.") || f.startsWith("org.bouncycastle.")) {
                scanned.add(lib);
            }
        }
        assertTrue(scanned.size() >= 8, "web3j (core, abi, crypto, utils, rlp, tuples), bitcoinj and Bouncy Castle: " + scanned);
        Set<String> init = runtimeInitialized();
        List<String> missing = new ArrayList<>();
        Set<String> found = new TreeSet<>();
        for (Path jar : scanned) {
            for (String hazard : ClassScan.buildTimeHazards(jar)) {
                String owner = hazard.substring(0, hazard.lastIndexOf('.', hazard.indexOf(' ')));
                if (owner.startsWith("io.quarkus.")) {
                    continue; // Quarkus-generated startup classes handle their own initialisation
                }
                found.add(owner);
                if (init.stream().noneMatch(i -> owner.equals(i) || owner.startsWith(i + "."))) {
                    missing.add(hazard + "  (" + jar.getFileName() + ")");
                }
            }
        }
        assertEquals(List.of(), missing, "add --initialize-at-run-time=<class> to quarkus.native.additional-build-args");
        assertTrue(found.contains("io.assay.chain.rpc.JsonRpcClient"), "the scan sees our own classes: " + found);
        // and every listed class exists, so a typo cannot pass silently
        Set<String> known = new HashSet<>(ClassScan.classes(runnerJar(), n -> true).keySet());
        for (Path lib : scanned) {
            known.addAll(ClassScan.classes(lib, n -> true).keySet());
        }
        for (String i : init) {
            assertTrue(known.contains(i), "--initialize-at-run-time names no class we ship: " + i);
        }
    }

    @Test
    void reflectionRegistrationsReachTheImageAndNameNoJvmOnlyClass() throws IOException {
        JsonNode config;
        try (JarFile jar = new JarFile(runnerJar().toFile())) {
            config = new ObjectMapper().readTree(jar.getInputStream(jar.getEntry("META-INF/native-image/reflect-config.json")));
        }
        Map<String, JsonNode> byName = new java.util.HashMap<>();
        config.forEach(e -> byName.put(e.get("name").asText(), e));
        for (Class<?> c : NativeReflection.class.getAnnotation(RegisterForReflection.class).targets()) {
            JsonNode e = byName.get(c.getName());
            assertTrue(e != null && e.path("allDeclaredConstructors").asBoolean(), c.getName() + " registered with its constructors");
        }
        for (String name : byName.keySet()) {
            assertFalse(name.startsWith("net.openhft.") || name.startsWith("io.assay.store.chronicle."), name);
        }
        // Types a mapper binds outside the REST layer (found in the compiled classes, BindingRegistrationTest): in the
        // image with their methods, fields and constructors, which Jackson needs to write and create them
        Set<String> bound = BindingCheck.boundByTheApplication();
        assertTrue(bound.contains("io.assay.api.Dto$MintCheckDto"), "the scan sees the application's bindings: " + bound);
        for (String t : bound) {
            JsonNode e = byName.get(t);
            assertTrue(e != null, "bound outside the REST layer but not in the image's reflect-config.json: " + t);
            assertTrue(e.path("allDeclaredMethods").asBoolean() && e.path("allDeclaredFields").asBoolean()
                    && e.path("allDeclaredConstructors").asBoolean(), "registered without members Jackson needs: " + e);
        }
        // JSON types: any class of ours that carries Jackson annotations is registered (by Quarkus REST or by
        // @RegisterForReflection), or Jackson cannot see its members in the image.
        Map<String, byte[]> ours = ClassScan.classes(runnerJar(), n -> n.startsWith("io/assay/"));
        for (var e : ours.entrySet()) {
            if (ClassScan.mentions(e.getValue(), "Lcom/fasterxml/jackson/annotation/")) {
                assertTrue(byName.containsKey(e.getKey()), "JSON type not registered for reflection: " + e.getKey());
            }
        }
    }

    @Test
    void theDashboardsStaticFilesAreResourcesOfTheImage() throws IOException {
        // Quarkus lists every file under META-INF/resources as an image resource; the dashboard is nothing else
        String config;
        try (JarFile jar = new JarFile(runnerJar().toFile())) {
            var entry = jar.getEntry("META-INF/native-image/resource-config.json");
            assertTrue(entry != null, "resource-config.json in " + runnerJar());
            config = new String(jar.getInputStream(entry).readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            for (String f : List.of("index.html", "dashboard.js", "dashboard.css", "amounts.js",
                    "vendor/uplot/uPlot.iife.min.js", "vendor/uplot/uPlot.min.css")) {
                assertTrue(jar.getEntry("META-INF/resources/" + f) != null, f + " in the runner jar");
            }
        }
        for (String f : List.of("dashboard.js", "dashboard.css", "amounts.js", "uPlot.iife.min.js", "uPlot.min.css")) {
            assertTrue(config.contains(f), f + " is an image resource: " + config);
        }
    }
}
