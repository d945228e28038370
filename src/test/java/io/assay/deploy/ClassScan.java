package io.assay.deploy;

import org.jboss.jandex.ClassInfo;
import org.jboss.jandex.FieldInfo;
import org.jboss.jandex.Index;
import org.jboss.jandex.Indexer;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.reflect.Modifier;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Predicate;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;

/** Reads class files out of a jar: their raw bytes (constant pools name every class a class refers to) and their static fields. */
final class ClassScan {
    /**
     * Types that must not be created while a native image is built: a started thread, an executor or timer
     * (which start threads), a seeded random generator, an HTTP client (it starts its selector thread), a
     * security provider instance.
     */
    static final Set<String> BUILD_TIME_HAZARDS = Set.of("java.lang.Thread", "java.util.Timer",
            "java.util.concurrent.ExecutorService", "java.util.concurrent.ScheduledExecutorService",
            "java.security.SecureRandom", "java.util.Random", "java.net.http.HttpClient", "java.security.Provider");

    private ClassScan() {
    }

    /** Class file bytes by binary class name, for entries whose name passes {@code filter}. */
    static Map<String, byte[]> classes(Path jar, Predicate<String> filter) {
        Map<String, byte[]> out = new LinkedHashMap<>();
        try (JarFile jf = new JarFile(jar.toFile())) {
            for (JarEntry e : jf.stream().toList()) {
                String n = e.getName();
                if (n.endsWith(".class") && !n.startsWith("META-INF/") && filter.test(n)) {
                    try (InputStream in = jf.getInputStream(e)) {
                        out.put(n.substring(0, n.length() - 6).replace('/', '.'), in.readAllBytes());
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(jar.toString(), e);
        }
        return out;
    }

    /** Whether a class file mentions {@code text} (class names appear in its constant pool as {@code a/b/C}). */
    static boolean mentions(byte[] classFile, String text) {
        return new String(classFile, StandardCharsets.ISO_8859_1).contains(text);
    }

    /** Classes with a static field of a {@link #BUILD_TIME_HAZARDS} type, as {@code class.field : type}. */
    static Set<String> buildTimeHazards(Path jar) {
        Indexer indexer = new Indexer();
        for (byte[] c : classes(jar, n -> true).values()) {
            try {
                indexer.index(new java.io.ByteArrayInputStream(c));
            } catch (IOException | RuntimeException e) {
                // a class Jandex cannot read (e.g. a multi-release variant) holds no field we look for
            }
        }
        Index index = indexer.complete();
        Set<String> out = new TreeSet<>();
        for (ClassInfo c : index.getKnownClasses()) {
            for (FieldInfo f : c.fields()) {
                if (Modifier.isStatic(f.flags()) && BUILD_TIME_HAZARDS.contains(f.type().name().toString())) {
                    out.add(c.name() + "." + f.name() + " : " + f.type().name());
                }
            }
        }
        return out;
    }
}
