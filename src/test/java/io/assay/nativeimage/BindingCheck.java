package io.assay.nativeimage;

import com.fasterxml.jackson.core.TreeNode;
import io.quarkus.runtime.annotations.RegisterForReflection;
import org.objectweb.asm.tree.AnnotationNode;
import org.objectweb.asm.tree.ClassNode;

import java.lang.reflect.Field;
import java.lang.reflect.GenericArrayType;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.lang.reflect.TypeVariable;
import java.lang.reflect.WildcardType;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Whether every type that Jackson binds outside the REST layer has reflection metadata in a native image: each type a
 * data-binding call names or is given ({@link BytecodeScan#bindings}), and every type reachable through its properties,
 * must be
 * <ul>
 *   <li>a Jackson tree ({@code JsonNode}: no reflection),</li>
 *   <li>a JDK value type (strings, numbers, {@code java.time}, ...: Jackson's own serializers, no introspection),</li>
 *   <li>a collection, map or array of such types, seen through its declared generic type, or</li>
 *   <li>registered explicitly: {@code @RegisterForReflection} on the class (methods and fields not turned off), or
 *       named in the {@code targets}/{@code classNames} of one in the scanned classes.</li>
 * </ul>
 * A bound value whose type cannot be seen ({@code Object}, a raw {@code Map}, a class that is not a literal) is a
 * finding too: nobody can say whether the image can bind it. Properties declared {@code Object} may be listed in
 * {@code openProperties} with the reason they are safe.
 */
public final class BindingCheck {
    /** The application's properties declared {@code Object} that bare mappers may meet, and why that is safe. */
    public static final Map<String, String> APPLICATION_OPEN_PROPERTIES = Map.of(
            "io.assay.api.Dto$SnapshotDto.attestation",
            "SnapshotJson writes it null; the REST layer writes the signed report, an ObjectNode (a tree)");
    private static final String REGISTER = org.objectweb.asm.Type.getDescriptor(RegisterForReflection.class);

    private final Set<String> registeredByName = new HashSet<>();
    private final Map<String, String> openProperties;
    private final ClassLoader loader;

    /** @param scanned the classes whose annotations register types (the application's, or a fixture's) */
    public BindingCheck(List<ClassNode> scanned, Map<String, String> openProperties, ClassLoader loader) {
        this.openProperties = openProperties;
        this.loader = loader;
        for (ClassNode c : scanned) {
            for (AnnotationNode a : c.visibleAnnotations == null ? List.<AnnotationNode>of() : c.visibleAnnotations) {
                if (!a.desc.equals(REGISTER) || a.values == null) {
                    continue;
                }
                for (int i = 0; i < a.values.size(); i += 2) {
                    Object v = a.values.get(i + 1);
                    if (a.values.get(i).equals("targets")) {
                        for (Object t : (List<?>) v) {
                            registeredByName.add(((org.objectweb.asm.Type) t).getClassName());
                        }
                    } else if (a.values.get(i).equals("classNames")) {
                        for (Object t : (List<?>) v) {
                            registeredByName.add((String) t);
                        }
                    }
                }
            }
        }
    }

    /** The application's own types that Jackson binds outside the REST layer, from its compiled classes. */
    public static Set<String> boundByTheApplication() {
        List<ClassNode> app = BytecodeScan.classes(BytecodeScan.mainClasses());
        return new BindingCheck(app, APPLICATION_OPEN_PROPERTIES, BindingCheck.class.getClassLoader())
                .reachedTypes(BytecodeScan.bindings(app));
    }

    /** What is wrong, one line per finding, sorted; empty when the image can bind everything the scan found. */
    public List<String> problems(List<BytecodeScan.Binding> bindings) {
        Set<String> out = new TreeSet<>();
        for (BytecodeScan.Binding b : bindings) {
            String via = b.call().where() + " " + b.call().callee() + (b.write() ? " writes " : " reads ");
            if (b.type() == null) {
                out.add(via + "a type that cannot be seen (" + b.what() + "): bind a declared type, or build a JsonNode");
            } else {
                check(b.type(), via, out, new HashSet<>());
            }
        }
        return new ArrayList<>(out);
    }

    /** Every application type the bindings reach (registered or not), for documentation and cross-checks. */
    public Set<String> reachedTypes(List<BytecodeScan.Binding> bindings) {
        Set<String> seen = new TreeSet<>();
        for (BytecodeScan.Binding b : bindings) {
            if (b.type() != null) {
                Set<String> visited = new HashSet<>();
                check(b.type(), "", new TreeSet<>(), visited);
                for (String v : visited) {
                    if (!v.startsWith("java.")) {
                        seen.add(v);
                    }
                }
            }
        }
        return seen;
    }

    private void check(String name, String via, Set<String> out, Set<String> visited) {
        if (name.equals("null") || isPrimitive(name)) {
            return;
        }
        if (name.endsWith("[]")) {
            check(name.substring(0, name.length() - 2), via, out, visited);
            return;
        }
        Class<?> c;
        try {
            c = Class.forName(name, false, loader);
        } catch (ClassNotFoundException e) {
            out.add(via + name + ", a class the test cannot load");
            return;
        }
        check(c, via, out, visited);
    }

    private void check(Class<?> c, String via, Set<String> out, Set<String> visited) {
        if (c.isPrimitive() || TreeNode.class.isAssignableFrom(c)) {
            return;
        }
        if (c.isArray()) {
            check(c.getComponentType(), via, out, visited);
            return;
        }
        if (isOpen(c)) {
            out.add(via + c.getName() + ", whose contents the mapper only sees at run time: bind a declared type, "
                    + "or build a JsonNode");
            return;
        }
        if (c.getName().startsWith("java.") || c.getName().startsWith("javax.")) {
            return; // JDK value types: Jackson's own serializers, no introspection
        }
        if (!visited.add(c.getName())) {
            return;
        }
        RegisterForReflection r = c.getAnnotation(RegisterForReflection.class);
        boolean self = r != null && r.targets().length == 0 && r.classNames().length == 0;
        if (self && (!r.methods() || !r.fields())) {
            out.add(via + c.getName() + " is registered without its methods or fields: Jackson needs both");
        } else if (!self && !registeredByName.contains(c.getName())) {
            out.add(via + c.getName() + " is not registered for reflection: add @RegisterForReflection to it "
                    + "(docs/native.md)");
        }
        String inside = via.isEmpty() ? "" : via + c.getSimpleName() + ".";
        if (c.isRecord()) {
            for (RecordComponent rc : c.getRecordComponents()) {
                property(c, rc.getName(), rc.getGenericType(), inside + rc.getName() + " -> ", out, visited);
            }
        } else if (!c.isEnum()) {
            for (Class<?> k = c; k != null && k != Object.class; k = k.getSuperclass()) {
                for (Field f : k.getDeclaredFields()) {
                    if (!Modifier.isStatic(f.getModifiers()) && !Modifier.isTransient(f.getModifiers())) {
                        property(c, f.getName(), f.getGenericType(), inside + f.getName() + " -> ", out, visited);
                    }
                }
            }
        }
    }

    private void property(Class<?> owner, String name, Type t, String via, Set<String> out, Set<String> visited) {
        if (t == Object.class || t instanceof TypeVariable<?>) {
            String key = owner.getName() + "." + name;
            if (!openProperties.containsKey(key)) {
                out.add(via + "a property declared " + t.getTypeName() + " (" + key + "): declare its type, or list it "
                        + "with the reason it is safe");
            }
            return;
        }
        generic(t, via, out, visited);
    }

    private void generic(Type t, String via, Set<String> out, Set<String> visited) {
        switch (t) {
            case Class<?> c -> check(c, via, out, visited);
            case ParameterizedType p -> {
                Class<?> raw = (Class<?>) p.getRawType();
                Type[] args = p.getActualTypeArguments();
                if (Map.class.isAssignableFrom(raw)) {
                    generic(args[0], via + "key -> ", out, visited);
                    generic(args[1], via, out, visited);
                } else if (Iterable.class.isAssignableFrom(raw) || raw == java.util.Optional.class) {
                    generic(args[0], via, out, visited);
                } else {
                    check(raw, via, out, visited);
                    for (Type a : args) {
                        generic(a, via, out, visited);
                    }
                }
            }
            case GenericArrayType g -> generic(g.getGenericComponentType(), via, out, visited);
            case WildcardType w -> generic(w.getUpperBounds()[0], via, out, visited);
            default -> out.add(via + "a property of type " + t.getTypeName() + " that cannot be seen");
        }
    }

    /** Types that say nothing about what they hold. */
    private static boolean isOpen(Class<?> c) {
        return c == Object.class || Map.class.isAssignableFrom(c) || Iterable.class.isAssignableFrom(c)
                || c == java.util.Optional.class || c == Record.class;
    }

    private static boolean isPrimitive(String name) {
        return switch (name) {
            case "boolean", "byte", "short", "char", "int", "long", "float", "double", "void" -> true;
            default -> false;
        };
    }
}
