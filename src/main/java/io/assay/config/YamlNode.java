package io.assay.config;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * A read-only view of one YAML mapping that knows its file and path, so every accessor can fail with a
 * {@link ProfileException} naming the exact field. Unknown keys are rejected by {@link #done()} so a typo
 * ({@code deviationBsp}) is an error rather than a silently ignored setting.
 */
final class YamlNode {
    private final String file;
    private final String path;
    private final Map<String, Object> map;
    private final Set<String> read = new LinkedHashSet<>();

    private YamlNode(String file, String path, Map<String, Object> map) {
        this.file = file;
        this.path = path;
        this.map = map;
    }

    @SuppressWarnings("unchecked")
    static YamlNode root(String file, Object parsed) {
        if (!(parsed instanceof Map<?, ?> m)) {
            throw new ProfileException(file, "", "expected a YAML mapping at the top level, found "
                    + (parsed == null ? "an empty document" : describe(parsed)));
        }
        return new YamlNode(file, "", stringKeys(file, "", (Map<Object, Object>) m));
    }

    String file() {
        return file;
    }

    String path(String field) {
        return path.isEmpty() ? field : path + "." + field;
    }

    ProfileException error(String field, String problem) {
        return new ProfileException(file, path(field), problem);
    }

    ProfileException error(String problem) {
        return new ProfileException(file, path, problem);
    }

    boolean has(String field) {
        return map.containsKey(field) && map.get(field) != null;
    }

    String str(String field) {
        String s = optStr(field);
        if (s == null) {
            throw error(field, "missing; expected a string");
        }
        return s;
    }

    String optStr(String field) {
        read.add(field);
        Object v = map.get(field);
        if (v == null) {
            return null;
        }
        if (v instanceof Map || v instanceof List) {
            throw error(field, "expected a string, found " + describe(v));
        }
        String s = String.valueOf(v).trim();
        if (s.isEmpty()) {
            throw error(field, "is empty; expected a non-empty string");
        }
        return s;
    }

    String str(String field, String fallback) {
        String s = optStr(field);
        return s == null ? fallback : s;
    }

    long integer(String field) {
        if (!has(field)) {
            read.add(field);
            throw error(field, "missing; expected an integer");
        }
        return optInteger(field, 0);
    }

    long optInteger(String field, long fallback) {
        read.add(field);
        Object v = map.get(field);
        if (v == null) {
            return fallback;
        }
        if (v instanceof Integer || v instanceof Long) {
            return ((Number) v).longValue();
        }
        if (v instanceof String s) {
            try {
                return Long.parseLong(s.trim());
            } catch (NumberFormatException e) {
                // fall through
            }
        }
        throw error(field, "expected an integer, found " + describe(v));
    }

    long nonNegative(String field, long fallback) {
        long v = optInteger(field, fallback);
        if (v < 0) {
            throw error(field, "must be >= 0, found " + v);
        }
        return v;
    }

    BigDecimal decimal(String field, BigDecimal fallback) {
        read.add(field);
        Object v = map.get(field);
        if (v == null) {
            return fallback;
        }
        if (v instanceof Double) {
            // SnakeYAML hands floats over as doubles; their decimal text is what the operator wrote.
            v = v.toString();
        }
        try {
            return new BigDecimal(String.valueOf(v).trim());
        } catch (NumberFormatException e) {
            throw error(field, "expected a decimal number such as \"1.0\", found " + describe(v));
        }
    }

    boolean bool(String field, boolean fallback) {
        read.add(field);
        Object v = map.get(field);
        if (v == null) {
            return fallback;
        }
        if (v instanceof Boolean b) {
            return b;
        }
        throw error(field, "expected true or false, found " + describe(v));
    }

    Duration duration(String field, Duration fallback) {
        String s = optStr(field);
        if (s == null) {
            return fallback;
        }
        try {
            return AssayConfig.duration(s);
        } catch (IllegalArgumentException e) {
            throw error(field, e.getMessage());
        }
    }

    @SuppressWarnings("unchecked")
    YamlNode obj(String field) {
        read.add(field);
        Object v = map.get(field);
        if (v == null) {
            throw error(field, "missing; expected a mapping");
        }
        if (!(v instanceof Map<?, ?> m)) {
            throw error(field, "expected a mapping, found " + describe(v));
        }
        return new YamlNode(file, path(field), stringKeys(file, path(field), (Map<Object, Object>) m));
    }

    YamlNode optObj(String field) {
        return has(field) ? obj(field) : null;
    }

    /** A list of mappings; a missing list is empty. */
    @SuppressWarnings("unchecked")
    List<YamlNode> objects(String field) {
        read.add(field);
        Object v = map.get(field);
        if (v == null) {
            return List.of();
        }
        if (!(v instanceof List<?> list)) {
            throw error(field, "expected a list, found " + describe(v));
        }
        List<YamlNode> out = new ArrayList<>(list.size());
        for (int i = 0; i < list.size(); i++) {
            String p = path(field) + "[" + i + "]";
            Object item = list.get(i);
            if (!(item instanceof Map<?, ?> m)) {
                throw new ProfileException(file, p, "expected a mapping, found " + describe(item));
            }
            out.add(new YamlNode(file, p, stringKeys(file, p, (Map<Object, Object>) m)));
        }
        return out;
    }

    /** A list of strings; a missing list is empty; a single string is a list of one. */
    List<String> strings(String field) {
        read.add(field);
        Object v = map.get(field);
        if (v == null) {
            return List.of();
        }
        if (v instanceof String s) {
            return List.of(s.trim());
        }
        if (!(v instanceof List<?> list)) {
            throw error(field, "expected a list of strings, found " + describe(v));
        }
        List<String> out = new ArrayList<>();
        for (int i = 0; i < list.size(); i++) {
            Object item = list.get(i);
            if (item == null || item instanceof Map || item instanceof List) {
                throw new ProfileException(file, path(field) + "[" + i + "]", "expected a string, found " + describe(item));
            }
            out.add(String.valueOf(item).trim());
        }
        return out;
    }

    <E extends Enum<E>> E enumValue(String field, Class<E> type, E fallback) {
        String s = optStr(field);
        if (s == null) {
            if (fallback == null) {
                throw error(field, "missing; expected one of " + names(type));
            }
            return fallback;
        }
        for (E e : type.getEnumConstants()) {
            if (e.name().equalsIgnoreCase(s.replace('-', '_'))) {
                return e;
            }
        }
        throw error(field, "unknown value '" + s + "'; expected one of " + names(type));
    }

    <T> T parse(String field, Function<String, T> parser, String expected) {
        String s = str(field);
        try {
            return parser.apply(s);
        } catch (RuntimeException e) {
            throw error(field, expected + ", found '" + s + "'");
        }
    }

    /** Rejects keys that no accessor asked for: they are typos or settings this version does not know. */
    void done() {
        for (String key : map.keySet()) {
            if (!read.contains(key)) {
                throw error(key, "unknown field; expected one of " + read);
            }
        }
    }

    private static <E extends Enum<E>> String names(Class<E> type) {
        List<String> names = new ArrayList<>();
        for (E e : type.getEnumConstants()) {
            names.add(e.name().toLowerCase().replace('_', '-'));
        }
        return String.join(", ", names);
    }

    private static Map<String, Object> stringKeys(String file, String path, Map<Object, Object> m) {
        Map<String, Object> out = new LinkedHashMap<>();
        for (Map.Entry<Object, Object> e : m.entrySet()) {
            if (!(e.getKey() instanceof String k)) {
                throw new ProfileException(file, path, "keys must be strings, found " + describe(e.getKey()));
            }
            out.put(k, e.getValue());
        }
        return out;
    }

    static String describe(Object v) {
        if (v == null) {
            return "nothing";
        }
        if (v instanceof Map) {
            return "a mapping";
        }
        if (v instanceof List) {
            return "a list";
        }
        if (v instanceof String s) {
            return "'" + s + "'";
        }
        return v.getClass().getSimpleName().toLowerCase() + " " + v;
    }
}
