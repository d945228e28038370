package io.assay;

import java.lang.instrument.Instrumentation;
import java.util.Map;
import java.util.Set;

/**
 * Opens the {@code java.base} packages Chronicle Map needs ({@code java.lang}, {@code java.lang.reflect},
 * {@code java.nio}) to the application when it runs as {@code java -jar assay-runner.jar}. It is the jar's
 * {@code Launcher-Agent-Class}: the JVM runs it before {@code main}.
 *
 * <p>Why not the manifest's {@code Add-Opens}: Quarkus 3.37 writes that attribute itself from what its
 * extensions need and overwrites ours (it logs "Quarkus has overwritten this existing entry"), which drops
 * {@code java.lang.reflect}; Chronicle then fails creating a map. A launcher agent is started at launch, not
 * attached later, so the JVM prints no dynamic-agent warning. Tests and benchmarks pass the flags on the command
 * line ({@code chronicle.jvm.flags} in the pom); a native image never loads this class.
 */
public final class JarModuleOpens {
    private JarModuleOpens() {
    }

    public static void agentmain(String args, Instrumentation inst) {
        Module base = Object.class.getModule();
        Set<Module> app = Set.of(ClassLoader.getSystemClassLoader().getUnnamedModule());
        inst.redefineModule(base, Set.of(), Map.of(),
                Map.of("java.lang", app, "java.lang.reflect", app, "java.nio", app), Set.of(), Map.of());
    }
}
