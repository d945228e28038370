package io.assay.nativeimage;

import org.junit.jupiter.api.Test;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.tree.ClassNode;
import org.objectweb.asm.tree.MethodInsnNode;
import org.objectweb.asm.tree.MethodNode;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Every use of a JDK API that a native image handles only with metadata or not at all, in our compiled classes: class
 * lookup by name, reflective member access, method-handle and var-handle lookup, dynamic proxies, {@code ServiceLoader},
 * resources loaded by name, native libraries (JNI declarations, {@code System.loadLibrary}, the FFM API in
 * {@code java.lang.foreign}), Java serialization, resource bundles and instrumentation. Each one found must be listed below with why it
 * works in the image (docs/native.md, "What was checked"); a new one fails this test until someone has thought about
 * it. The JVM-only Chronicle backend ({@code io.assay.store.chronicle}) is not in the image and not scanned.
 */
class ReflectiveCallsTest {
    /** {@code class -> callee}: why it is fine in a native image. */
    static final Map<String, String> KNOWN = Map.of(
            "io.assay.store.KeyValues -> java.util.ServiceLoader.load",
            "the Chronicle backend, JVM only: the image registers no provider (-H:-UseServiceLoaderFeature, and the "
                    + "provider's jars are removed) and StoreOpener picks the mmap backend there",
            "io.assay.store.KeyValues -> java.util.ServiceLoader.findFirst", "the same lookup",
            "io.assay.store.SeriesState -> java.lang.invoke.MethodHandles$Lookup.findVarHandle",
            "constant class, name and type in a static initialiser run at image build time: the VarHandles are "
                    + "objects in the image heap",
            "io.assay.config.ProfileLoader -> java.util.ServiceLoader.load",
            "the chain families' profile rules: the services file is an image resource (quarkus.native.resources."
                    + "includes) and each provider carries @RegisterForReflection (ServiceProvidersTest)",
            "io.assay.config.ProfileLoader -> java.util.ServiceLoader.forEach", "the same lookup",
            "io.assay.ModuleOpener -> java.lang.instrument.Instrumentation.redefineModule",
            "the uber-jar's launcher agent for Chronicle on the JVM; nothing calls it, a native image never runs it");

    private static final Set<String> WATCHED_OWNERS = Set.of("java/lang/reflect/", "java/lang/foreign/",
            "java/lang/invoke/MethodHandles$Lookup", "java/util/ServiceLoader", "java/io/ObjectInputStream",
            "java/io/ObjectOutputStream", "java/util/ResourceBundle", "java/lang/instrument/");
    private static final Set<String> CLASS_LOADER_METHODS = Set.of("getResource", "getResourceAsStream", "getResources",
            "getSystemResource", "getSystemResourceAsStream", "getSystemResources", "loadClass", "defineClass");
    private static final Set<String> CLASS_METHODS = Set.of("forName", "getDeclaredField", "getDeclaredFields",
            "getDeclaredMethod", "getDeclaredMethods", "getDeclaredConstructor", "getDeclaredConstructors", "getField",
            "getFields", "getMethod", "getMethods", "getConstructor", "getConstructors", "newInstance",
            "getRecordComponents", "getResource", "getResourceAsStream", "getEnumConstants", "getDeclaredClasses",
            "getPermittedSubclasses");

    static boolean watched(MethodInsnNode m) {
        if (m.owner.equals("java/lang/Class")) {
            return CLASS_METHODS.contains(m.name);
        }
        if ((m.owner.equals("java/lang/System") || m.owner.equals("java/lang/Runtime"))
                && (m.name.equals("load") || m.name.equals("loadLibrary"))) {
            return true;
        }
        if (m.owner.equals("java/lang/ClassLoader")) {
            return CLASS_LOADER_METHODS.contains(m.name);
        }
        if (m.owner.equals("java/lang/reflect/Array")) {
            return false; // arrays of a known component type need no metadata
        }
        return WATCHED_OWNERS.stream().anyMatch(o -> m.owner.equals(o) || o.endsWith("/") && m.owner.startsWith(o));
    }

    @Test
    void everyReflectiveOrNativeCallIsKnownAndExplained() {
        List<ClassNode> app = BytecodeScan.classes(BytecodeScan.mainClasses()).stream()
                .filter(c -> !c.name.startsWith("io/assay/store/chronicle/")).toList();
        Map<String, List<String>> found = new TreeMap<>();
        for (BytecodeScan.Call c : BytecodeScan.callsTo(app, ReflectiveCallsTest::watched)) {
            String cls = c.where().substring(0, c.where().lastIndexOf('.', c.where().indexOf('(')));
            found.computeIfAbsent(cls + " -> " + c.callee(), k -> new ArrayList<>()).add(c.where());
        }
        for (ClassNode c : app) {
            for (MethodNode m : c.methods) {
                if ((m.access & Opcodes.ACC_NATIVE) != 0) {
                    found.computeIfAbsent(c.name.replace('/', '.') + " -> native " + m.name, k -> new ArrayList<>());
                }
            }
        }
        Map<String, List<String>> unexplained = new TreeMap<>(found);
        unexplained.keySet().removeAll(KNOWN.keySet());
        assertEquals(Map.of(), unexplained, "explain each in ReflectiveCallsTest.KNOWN and docs/native.md, or remove it");
        assertEquals(new TreeMap<>(KNOWN).keySet(), found.keySet(), "a KNOWN entry no longer occurs: remove it (and from docs/native.md)");
    }
}
