package io.assay.api;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.exc.StreamReadException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Collection;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Words a JSON body error in the API's terms: the field path ({@code amount}, {@code reserves[2].value}), what JSON
 * was expected there and what was found, and the line and column. Never a Java type: Jackson's own messages name the
 * classes it binds to ({@code Cannot deserialize value of type `io.assay...`}), so only syntax messages, which name
 * characters and tokens, are passed on, and those are scrubbed of anything that looks like a type name.
 */
final class JsonProblems {
    /** A backquoted or dotted Java name, as Jackson puts them in messages. */
    private static final Pattern JAVA_NAME = Pattern.compile("`[^`]*`|\\b(?:[a-z][a-z0-9_]*\\.)+[A-Z][A-Za-z0-9_$]*");

    private JsonProblems() {
    }

    static Problem of(JsonProcessingException e) {
        String detail;
        if (e instanceof UnrecognizedPropertyException u) {
            detail = "unknown field '" + path(u) + "'" + known(u.getKnownPropertyIds());
        } else if (e instanceof MismatchedInputException m && e.getOriginalMessage() != null
                && e.getOriginalMessage().startsWith("Trailing token")) {
            detail = "unexpected content after the JSON value";
        } else if (e instanceof MismatchedInputException m) {
            String field = path(m);
            String found = found(m);
            detail = (field.isEmpty() ? "" : "field '" + field + "': ") + "expected " + expected(m.getTargetType())
                    + (found == null ? "" : ", found " + found);
        } else if (e instanceof JsonMappingException m && !(e instanceof StreamReadException)) {
            String field = path(m);
            detail = (field.isEmpty() ? "" : "field '" + field + "': ") + "cannot be read";
        } else {
            // syntax (StreamReadException): unexpected character, end of input, duplicate field, number out of range
            String msg = e.getOriginalMessage() == null ? "not valid JSON" : e.getOriginalMessage();
            detail = scrub(msg);
        }
        return Problem.badRequest("malformed-json", "Malformed JSON", "request body: " + detail + where(e.getLocation()));
    }

    /** {@code message} with every Java type or package name replaced by "a value". */
    static String scrub(String message) {
        return message == null ? null : JAVA_NAME.matcher(message).replaceAll("a value");
    }

    private static String where(JsonLocation l) {
        return l == null || l.getLineNr() < 1 ? "" : " (line " + l.getLineNr() + ", column " + l.getColumnNr() + ")";
    }

    /** {@code a.b[2].c} from Jackson's reference chain. */
    private static String path(JsonMappingException e) {
        StringBuilder b = new StringBuilder();
        for (JsonMappingException.Reference r : e.getPath()) {
            if (r.getFieldName() != null) {
                if (!b.isEmpty()) {
                    b.append('.');
                }
                b.append(r.getFieldName());
            } else if (r.getIndex() >= 0) {
                b.append('[').append(r.getIndex()).append(']');
            }
        }
        return b.toString();
    }

    private static String known(Collection<Object> ids) {
        if (ids == null || ids.isEmpty()) {
            return "";
        }
        return "; known fields: " + ids.stream().map(String::valueOf).sorted().collect(Collectors.joining(", "));
    }

    /** The JSON kind a Java target type is read from. */
    static String expected(Class<?> t) {
        if (t == null) {
            return "a different JSON value";
        }
        if (t == String.class || t == Character.class || t == char.class || t.isEnum()) {
            return "a string";
        }
        if (t == boolean.class || t == Boolean.class) {
            return "true or false";
        }
        if (t == int.class || t == long.class || t == short.class || t == byte.class || t == Integer.class
                || t == Long.class || t == Short.class || t == Byte.class || t == BigInteger.class) {
            return "an integer";
        }
        if (t.isPrimitive() || Number.class.isAssignableFrom(t) || t == BigDecimal.class) {
            return "a number";
        }
        if (t.isArray() || Collection.class.isAssignableFrom(t)) {
            return "an array";
        }
        if (Map.class.isAssignableFrom(t) || t.isRecord() || !t.getName().startsWith("java.")) {
            return "an object";
        }
        return "a different JSON value";
    }

    /** Jackson's name for the JSON it found, in its messages ("from Array value", "Cannot coerce Integer value"). */
    private static final Pattern FOUND = Pattern.compile("(?:from|coerce) (Array|Object|String|Integer|Floating-point|Float|Boolean|Null|Empty String)\\b");

    /** What JSON was found where binding failed, as a JSON kind; null when Jackson's message does not say. */
    private static String found(MismatchedInputException e) {
        java.util.regex.Matcher m = FOUND.matcher(String.valueOf(e.getOriginalMessage()));
        if (!m.find()) {
            return null;
        }
        return switch (m.group(1)) {
            case "Array" -> "an array";
            case "Object" -> "an object";
            case "String" -> "a string";
            case "Integer" -> "an integer";
            case "Floating-point", "Float" -> "a number with a fraction or exponent";
            case "Boolean" -> "a boolean";
            case "Null" -> "null";
            default -> "an empty string";
        };
    }
}
