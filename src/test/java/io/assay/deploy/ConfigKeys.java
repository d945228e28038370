package io.assay.deploy;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithName;
import io.smallrye.config.WithParentName;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The property names a {@link ConfigMapping} interface accepts ({@code assay.data-dir},
 * {@code assay.chains.*.endpoints}, ...) and their environment-variable spelling
 * ({@code ASSAY_DATA_DIR}, {@code ASSAY_CHAINS_<NAME>_ENDPOINTS}). Quarkus rejects unknown {@code assay.*}
 * keys at startup, so a deployment that sets an {@code ASSAY_*} variable no mapping knows is a bug.
 */
final class ConfigKeys {
    private final List<String> names;
    private final List<Pattern> env;

    private ConfigKeys(List<String> names) {
        this.names = List.copyOf(names);
        this.env = names.stream()
                .map(n -> Pattern.compile(Pattern.quote(n.replaceAll("[^A-Za-z0-9*]", "_").toUpperCase(Locale.ROOT))
                        .replace("*", "\\E[A-Z0-9_]+\\Q")))
                .toList();
    }

    static ConfigKeys of(Class<?> mapping) {
        ConfigMapping m = mapping.getAnnotation(ConfigMapping.class);
        if (m == null) {
            throw new IllegalArgumentException(mapping + " is not a @ConfigMapping");
        }
        List<String> out = new ArrayList<>();
        walk(mapping, m.prefix(), out);
        return new ConfigKeys(out);
    }

    /** Property names, {@code *} standing for a map key. */
    List<String> names() {
        return names;
    }

    boolean acceptsEnv(String variable) {
        return env.stream().anyMatch(p -> p.matcher(variable).matches());
    }

    private static void walk(Class<?> group, String prefix, List<String> out) {
        for (Method m : group.getMethods()) {
            if (m.isDefault() || Modifier.isStatic(m.getModifiers()) || m.getParameterCount() > 0
                    || m.getDeclaringClass() == Object.class) {
                continue;
            }
            String name = m.isAnnotationPresent(WithParentName.class) ? prefix
                    : prefix + "." + (m.isAnnotationPresent(WithName.class) ? m.getAnnotation(WithName.class).value()
                    : kebab(m.getName()));
            Type t = m.getGenericReturnType();
            if (raw(t) == Optional.class) {
                t = arg(t, 0);
            }
            if (raw(t) == Map.class) {
                name = name + ".*";
                t = arg(t, 1);
            }
            if (raw(t) == Optional.class) {
                t = arg(t, 0);
            }
            Class<?> c = raw(t);
            if (c.isInterface() && !c.getName().startsWith("java.") && !Collection.class.isAssignableFrom(c)) {
                walk(c, name, out);
            } else {
                out.add(name);
            }
        }
    }

    private static Class<?> raw(Type t) {
        return t instanceof ParameterizedType p ? (Class<?>) p.getRawType() : (Class<?>) t;
    }

    private static Type arg(Type t, int i) {
        return ((ParameterizedType) t).getActualTypeArguments()[i];
    }

    private static String kebab(String s) {
        return s.replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase(Locale.ROOT);
    }
}
