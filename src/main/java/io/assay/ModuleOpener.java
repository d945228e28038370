package io.assay;

import java.lang.instrument.Instrumentation;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The jar's {@code Launcher-Agent-Class}: on {@code java -jar}, before {@code main}, opens and exports the JDK
 * packages Chronicle Map needs to the application's class path (what the {@code --add-opens}/{@code --add-exports}
 * flags of the pom's {@code chronicle.jvm.flags} do elsewhere).
 *
 * <p>Why an agent: the uber-jar's manifest could carry {@code Add-Opens}, but Quarkus writes its own
 * {@code Add-Opens} entry over ours at packaging (keeping {@code java.lang} and {@code java.nio}, dropping
 * {@code java.lang.reflect}, without which Chronicle cannot open an existing map). A launcher agent is the
 * JDK's supported way for an executable jar to adjust module access; it needs no command-line flag. It also sets
 * {@link #DISABLE_URI_VALIDATION}, which must be set before Quarkus starts.
 */
public final class ModuleOpener {
    static final Map<String, Set<String>> OPENS = Map.of(
            "java.base", Set.of("java.lang", "java.lang.reflect", "java.nio"));
    static final Map<String, Set<String>> EXPORTS = Map.of(
            "java.base", Set.of("jdk.internal.ref", "sun.nio.ch"),
            "jdk.compiler", Set.of("com.sun.tools.javac.file"));

    private ModuleOpener() {
    }

    /**
     * Quarkus's root HTTP handler answers a request target that is not a valid URI (e.g. {@code /v1/assets/%zz}) with
     * an empty 400 unless this property is set before it loads; with it set, io.assay.api.HttpEdge makes the same
     * check and answers with a problem+json naming the fault. Set unless the operator chose otherwise.
     */
    static final String DISABLE_URI_VALIDATION = "vertx.disableURIValidation";

    public static void agentmain(String args, Instrumentation inst) {
        if (System.getProperty(DISABLE_URI_VALIDATION) == null) {
            System.setProperty(DISABLE_URI_VALIDATION, "true");
        }
        Module app = ClassLoader.getSystemClassLoader().getUnnamedModule();
        for (String name : union(OPENS.keySet(), EXPORTS.keySet())) {
            Optional<Module> m = ModuleLayer.boot().findModule(name);
            if (m.isEmpty()) {
                continue; // e.g. a JRE without jdk.compiler: Chronicle will say what it misses
            }
            Map<String, Set<Module>> opens = new java.util.HashMap<>();
            OPENS.getOrDefault(name, Set.of()).forEach(p -> opens.put(p, Set.of(app)));
            Map<String, Set<Module>> exports = new java.util.HashMap<>();
            EXPORTS.getOrDefault(name, Set.of()).forEach(p -> exports.put(p, Set.of(app)));
            inst.redefineModule(m.get(), Set.of(), exports, opens, Set.of(), Map.of());
        }
    }

    private static Set<String> union(Set<String> a, Set<String> b) {
        Set<String> out = new java.util.TreeSet<>(a);
        out.addAll(b);
        return out;
    }
}
