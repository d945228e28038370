package io.assay.nativeimage.gaps;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.runtime.annotations.RegisterForReflection;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Test-tree code with the reflection gaps the binding check must find (it is never part of the application):
 * {@code BindingRegistrationTest} scans this package and expects exactly these findings.
 */
public final class Gaps {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Not registered: the gap of issue 17. */
    public record Unregistered(String name, long id) {
    }

    /** Registered, but one of its components is not. */
    @RegisterForReflection
    public record Outer(String name, List<Inner> inners, Map<String, Instant> times) {
    }

    public record Inner(int x) {
    }

    @RegisterForReflection
    public record Fine(String name, List<String> tags, Instant at, JsonNode extra) {
    }

    private Gaps() {
    }

    public static String writesALocal() throws JsonProcessingException {
        Unregistered u = new Unregistered("a", 1);
        return JSON.writeValueAsString(u);
    }

    public static Unregistered readsAClassLiteral(String s) throws JsonProcessingException {
        return JSON.readValue(s, Unregistered.class);
    }

    public static byte[] writesANestedGap(Outer o) throws JsonProcessingException {
        return JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(o);
    }

    public static String writesAnObject(Object o) throws JsonProcessingException {
        return JSON.writeValueAsString(o);
    }

    public static JsonNode writesAMap(Map<String, Object> m) {
        return JSON.valueToTree(m);
    }

    public static List<Fine> readsATypeReference(String s) throws JsonProcessingException {
        return JSON.readValue(s, new TypeReference<List<Fine>>() { });
    }

    /** Nothing to find: trees, and a registered record of value types. */
    public static String fine(Fine f, JsonNode n) throws JsonProcessingException {
        return JSON.writeValueAsString(f) + JSON.writeValueAsString(n) + JSON.readValue("{}", Fine.class)
                + JSON.readTree("{}");
    }
}
