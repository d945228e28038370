package io.assay.deploy;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * fabric8's model classes do not fail on a field they do not know: Jackson puts it into the object's
 * {@code additionalProperties} map. This walks a loaded object and reports every such field with its path,
 * so a typo ({@code readinesProbe}, {@code subpathExpr}) or a field at the wrong level fails the test.
 */
final class UnknownFields {
    private UnknownFields() {
    }

    static List<String> in(Object root) {
        List<String> out = new ArrayList<>();
        walk(root, root.getClass().getSimpleName(), out);
        return out;
    }

    private static void walk(Object o, String path, List<String> out) {
        if (o == null) {
            return;
        }
        if (o instanceof Map<?, ?> m) {
            m.forEach((k, v) -> walk(v, path + "[" + k + "]", out));
            return;
        }
        if (o instanceof Collection<?> c) {
            int i = 0;
            for (Object v : c) {
                walk(v, path + "[" + i++ + "]", out);
            }
            return;
        }
        if (!o.getClass().getName().startsWith("io.fabric8.")) {
            return;
        }
        for (Class<?> c = o.getClass(); c != null && c != Object.class; c = c.getSuperclass()) {
            for (Field f : c.getDeclaredFields()) {
                if (Modifier.isStatic(f.getModifiers())) {
                    continue;
                }
                f.setAccessible(true);
                Object v;
                try {
                    v = f.get(o);
                } catch (IllegalAccessException e) {
                    throw new AssertionError(e);
                }
                if (f.getName().equals("additionalProperties")) {
                    if (v instanceof Map<?, ?> extra && !extra.isEmpty()) {
                        out.add(path + ": unknown field(s) " + extra.keySet());
                    }
                } else {
                    walk(v, path + "." + f.getName(), out);
                }
            }
        }
    }
}
