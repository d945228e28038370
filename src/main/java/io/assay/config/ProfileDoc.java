package io.assay.config;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.exc.StreamReadException;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.deser.std.StdScalarDeserializer;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import org.yaml.snakeyaml.LoaderOptions;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.MalformedInputException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;

/**
 * One profile file, read with Jackson YAML: its tree, and the line of every key and list item in it, so that every
 * error (Jackson's own while binding a record, and the loader's semantic checks) names file, line, field and
 * expectation. Records are bound from the tree with {@link At#bind}: unknown fields are refused, types are checked,
 * strings are trimmed and must not be empty.
 */
public final class ProfileDoc {
    private static final String EMPTY = "is empty; expected a non-empty string";
    private static final ObjectMapper MAPPER = build();

    private final String file;
    private final Map<String, Integer> lines;
    private final JsonNode root;

    private ProfileDoc(String file, Map<String, Integer> lines, JsonNode root) {
        this.file = file;
        this.lines = lines;
        this.root = root;
    }

    /**
     * A copy of the mapper profiles are bound with (a copy, so that no caller can change how the others bind). A
     * family makes the reader of its reserve record here, once, from the record's class literal
     * ({@code ProfileDoc.mapper().readerFor(X.class)}), which the native-image binding check can see.
     */
    public static ObjectMapper mapper() {
        return MAPPER.copy();
    }

    private static ObjectMapper build() {
        LoaderOptions options = new LoaderOptions();
        options.setAllowDuplicateKeys(true);   // refused by the index, with the key's line and a plain message
        options.setMaxAliasesForCollections(20);
        options.setCodePointLimit(1 << 20);
        SimpleModule strings = new SimpleModule("profile-strings").addDeserializer(String.class, new Trimmed());
        return YAMLMapper.builder(YAMLFactory.builder().loaderOptions(options).build())
                .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
                .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
                .addModule(strings)
                .build();
    }

    /** Reads and parses {@code f}; a file that is no YAML mapping stops here, with its line. */
    static ProfileDoc read(Path f) {
        String file = f.toString();
        String text;
        try {
            text = Files.readString(f, StandardCharsets.UTF_8);
        } catch (MalformedInputException e) {
            throw new ProfileException(file, "", "unreadable YAML: not UTF-8 text", e);
        } catch (IOException e) {
            throw new ProfileException(file, "", "cannot read file: " + e, e);
        }
        Map<String, Integer> lines = new HashMap<>();
        try (JsonParser p = MAPPER.getFactory().createParser(text)) {
            JsonToken first = p.nextToken();
            if (first != JsonToken.START_OBJECT) {
                throw new ProfileException(file, first == null ? 0 : line(p), "", "expected a YAML mapping at the top "
                        + "level, found " + (first == null ? "an empty document" : found(first, p)));
            }
            index(file, p, lines);
            return new ProfileDoc(file, lines, MAPPER.readTree(text));
        } catch (StreamReadException e) {
            int line = e.getLocation() == null ? 0 : e.getLocation().getLineNr();
            throw new ProfileException(file, Math.max(line, 0), "", "unreadable YAML: "
                    + e.getOriginalMessage().replaceAll("\\s+", " ").strip(), e);
        } catch (IOException e) {
            throw new ProfileException(file, "", "unreadable YAML: " + e.getMessage().replace('\n', ' '), e);
        }
    }

    /** Records the line of every key and list item under its path, and refuses a key given twice in one mapping. */
    private static void index(String file, JsonParser p, Map<String, Integer> lines) throws IOException {
        Set<String> keys = new HashSet<>();
        for (JsonToken t = p.nextToken(); t != null; t = p.nextToken()) {
            if (t == JsonToken.END_OBJECT || t == JsonToken.END_ARRAY) {
                if (p.getParsingContext().inRoot() && p.nextToken() != null) {
                    throw new ProfileException(file, line(p), "", "unreadable YAML: expected one document, found more");
                }
                continue;
            }
            JsonStreamContext c = p.getParsingContext();
            if (t == JsonToken.FIELD_NAME) {
                String key = path(c);
                if (!keys.add(key)) {
                    throw new ProfileException(file, line(p), "", "unreadable YAML: duplicate key " + p.currentName());
                }
                lines.putIfAbsent(key, line(p));
            } else if (t.isStructStart() ? c.getParent().inArray() : c.inArray()) {
                lines.putIfAbsent(path(t.isStructStart() ? c.getParent() : c), line(p));
            }
        }
    }

    private static int line(JsonParser p) {
        return p.currentTokenLocation().getLineNr();
    }

    /** {@code reserves[2].descriptor} for the value the context is at. */
    private static String path(JsonStreamContext c) {
        List<String> parts = new ArrayList<>();
        for (; c != null && !c.inRoot(); c = c.getParent()) {
            parts.add(c.inArray() ? "[" + c.getCurrentIndex() + "]" : c.getCurrentName());
        }
        StringBuilder b = new StringBuilder();
        for (int i = parts.size() - 1; i >= 0; i--) {
            b.append(b.isEmpty() || parts.get(i).startsWith("[") ? "" : ".").append(parts.get(i));
        }
        return b.toString();
    }

    String file() {
        return file;
    }

    At root() {
        return new At("", root);
    }

    /** The line of {@code path}, or of the nearest mapping or list holding it that the file has; 0 for the top. */
    int line(String path) {
        for (String p = path; !p.isEmpty(); p = parent(p)) {
            Integer l = lines.get(p);
            if (l != null) {
                return l;
            }
        }
        return 0;
    }

    private static String parent(String path) {
        int cut = Math.max(path.lastIndexOf('.'), path.lastIndexOf('['));
        return cut < 0 ? "" : path.substring(0, cut);
    }

    ProfileException error(String path, String problem) {
        return new ProfileException(file, line(path), path, problem);
    }

    private static String found(JsonToken t, JsonParser p) throws IOException {
        return switch (t) {
            case START_OBJECT -> "a mapping";
            case START_ARRAY -> "a list";
            case VALUE_NULL -> "nothing";
            case VALUE_STRING -> "'" + p.getText() + "'";
            default -> p.getText();
        };
    }

    /**
     * A place in a profile: a mapping at {@code path}. Its errors carry the file, the line and the path; its helpers
     * are the checks every profile shares (required strings, decimals, durations, canonical addresses).
     */
    public final class At {
        private final String path;
        private final JsonNode node;

        private At(String path, JsonNode node) {
            this.path = path;
            this.node = node;
        }

        /** The path of this mapping ({@code reserves[0]}); empty at the top of the file. */
        public String path() {
            return path;
        }

        public String path(String field) {
            return path.isEmpty() ? field : path + "." + field;
        }

        public ProfileException error(String field, String problem) {
            return ProfileDoc.this.error(path(field), problem);
        }

        public ProfileException error(String problem) {
            return ProfileDoc.this.error(path, problem);
        }

        /** The field is in the mapping with a value. */
        public boolean has(String field) {
            JsonNode v = node.get(field);
            return v != null && !v.isNull();
        }

        /**
         * Binds this mapping to the reader's record. Jackson's findings become profile errors: an unknown field
         * ({@code unknown field; expected one of [...]}), a value of the wrong type ({@code expected an integer, found
         * 'eight'}), with the path and line of the value.
         */
        public <T> T bind(ObjectReader reader) {
            try {
                return reader.readValue(node);
            } catch (UnrecognizedPropertyException e) {
                Collection<Object> known = e.getKnownPropertyIds();
                throw ProfileDoc.this.error(at(e), "unknown field; expected one of " + (known == null ? "[]"
                        : known.stream().map(String::valueOf).sorted().collect(Collectors.joining(", ", "[", "]"))));
            } catch (MismatchedInputException e) {
                if (EMPTY.equals(e.getOriginalMessage())) {
                    throw ProfileDoc.this.error(at(e), EMPTY);
                }
                throw ProfileDoc.this.error(at(e), expected(e.getTargetType()) + ", found " + found(e));
            } catch (JsonMappingException e) {
                throw ProfileDoc.this.error(at(e), e.getOriginalMessage().replace('\n', ' '));
            } catch (IOException e) {
                throw ProfileDoc.this.error(path, e.getMessage().replace('\n', ' '));
            }
        }

        private String at(JsonMappingException e) {
            StringBuilder b = new StringBuilder(path);
            for (JsonMappingException.Reference r : e.getPath()) {
                if (r.getFieldName() != null) {
                    b.append(b.isEmpty() ? "" : ".").append(r.getFieldName());
                } else if (r.getIndex() >= 0) {
                    b.append('[').append(r.getIndex()).append(']');
                }
            }
            return b.toString();
        }

        private static String expected(Class<?> type) {
            if (type == null) {
                return "unexpected value";
            }
            if (type == String.class) {
                return "expected a string";
            }
            if (type == Long.class || type == Integer.class || type == long.class || type == int.class) {
                return "expected an integer";
            }
            if (type == BigDecimal.class) {
                return "expected a decimal number such as \"1.0\"";
            }
            if (Collection.class.isAssignableFrom(type)) {
                return "expected a list";
            }
            return "expected a mapping";
        }

        /** What the file holds where the exception points. */
        private String found(JsonMappingException e) {
            JsonNode v = node;
            for (JsonMappingException.Reference r : e.getPath()) {
                v = v == null ? null : r.getFieldName() != null ? v.get(r.getFieldName()) : v.get(r.getIndex());
            }
            return v == null || v.isNull() ? "nothing" : describe(v);
        }

        /** The mapping at {@code field} (which {@link #has} it). */
        public At at(String field) {
            return new At(path(field), node.get(field));
        }

        /** The mappings of the list at {@code field}; a missing list is empty. */
        public List<At> items(String field) {
            JsonNode v = node.get(field);
            if (v == null || v.isNull()) {
                return List.of();
            }
            if (!v.isArray()) {
                throw error(field, "expected a list, found " + describe(v));
            }
            List<At> out = new ArrayList<>(v.size());
            for (int i = 0; i < v.size(); i++) {
                String p = path(field) + "[" + i + "]";
                if (!v.get(i).isObject()) {
                    throw ProfileDoc.this.error(p, "expected a mapping, found " + describe(v.get(i)));
                }
                out.add(new At(p, v.get(i)));
            }
            return out;
        }

        /** {@code value}, or the error that the field is missing. */
        public String text(String field, String value) {
            if (value == null) {
                throw error(field, "missing; expected a string");
            }
            return value;
        }

        /** {@code value}, or the error that the field is missing. */
        public long integer(String field, Long value) {
            if (value == null) {
                throw error(field, "missing; expected an integer");
            }
            return value;
        }

        public long nonNegative(String field, Long value, long fallback) {
            long v = value == null ? fallback : value;
            if (v < 0) {
                throw error(field, "must be >= 0, found " + v);
            }
            return v;
        }

        /** A number of decimals (0-36), required. */
        public int decimals(String field, Long value) {
            if (value == null) {
                throw error(field, "missing; expected the number of decimals (0-" + ProfileLoader.MAX_DECIMALS + ")");
            }
            if (value < 0 || value > ProfileLoader.MAX_DECIMALS) {
                throw error(field, "expected 0-" + ProfileLoader.MAX_DECIMALS + ", found " + value);
            }
            return value.intValue();
        }

        /** A number of decimals (0-36), {@code fallback} when not given. */
        public int decimals(String field, Long value, int fallback) {
            return value == null ? fallback : decimals(field, value);
        }

        /** A duration in any form {@link AssayConfig#duration} accepts; {@code fallback} when not given. */
        public Duration duration(String field, String value, Duration fallback) {
            if (value == null) {
                return fallback;
            }
            try {
                return AssayConfig.duration(value);
            } catch (IllegalArgumentException e) {
                throw error(field, e.getMessage());
            }
        }

        /**
         * The canonical form {@code parse} gives the required field's value (an address, a script); its
         * {@link IllegalArgumentException} becomes the field's error.
         */
        public String canonical(String field, String value, UnaryOperator<String> parse) {
            String v = text(field, value);
            try {
                return parse.apply(v);
            } catch (IllegalArgumentException e) {
                throw error(field, e.getMessage());
            }
        }

        /** A checksummed EVM address (EIP-55 checked when the value is mixed case). */
        public String evm(String field, String value) {
            return canonical(field, value, Addresses::evm);
        }

        private static String describe(JsonNode v) {
            if (v.isObject()) {
                return "a mapping";
            }
            if (v.isArray()) {
                return "a list";
            }
            return v.isNull() ? "nothing" : v.isTextual() ? "'" + v.textValue() + "'" : v.asText();
        }
    }

    /** Strings are trimmed; an empty one is refused (list items excepted: a list may hold blanks the loader skips). */
    private static final class Trimmed extends StdScalarDeserializer<String> {
        Trimmed() {
            super(String.class);
        }

        @Override
        public String deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
            JsonToken t = p.currentToken();
            if (t == null || !t.isScalarValue() || t == JsonToken.VALUE_EMBEDDED_OBJECT) {
                return (String) ctxt.handleUnexpectedToken(String.class, p);
            }
            String s = p.getText().trim();
            if (s.isEmpty() && !p.getParsingContext().inArray()) {
                throw MismatchedInputException.from(p, String.class, EMPTY);
            }
            return s;
        }
    }
}
