package io.assay.liabilities;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.math.BigInteger;
import java.util.List;

/**
 * JSON of publications and proofs (docs/liabilities.md). Amounts are decimal strings in raw units, hashes and
 * secrets {@code 0x} hex, lists of amounts follow the publication's asset order.
 */
public final class ProofJson {
    static final ObjectMapper MAPPER = new ObjectMapper();
    private static final JsonNodeFactory F = JsonNodeFactory.instance;

    private ProofJson() {
    }

    /** {@code {id, assets, root, totals, leaves, window, asOf}} ({@code window} absent when 0). */
    public static ObjectNode publication(Publication p) {
        ObjectNode n = F.objectNode();
        n.put("id", p.id());
        ArrayNode a = n.putArray("assets");
        p.assets().forEach(a::add);
        n.put("root", p.rootHex());
        n.set("totals", amounts(p.totals()));
        n.put("leaves", p.leaves());
        if (p.window() > 0) {
            n.put("window", p.window());
        }
        n.put("asOf", p.asOf());
        return n;
    }

    /**
     * {@code {format, publication, user, userSecret, balances, leaves: [{index, balances}], windowPath: [sibling],
     * path: [sibling]}}, each sibling one base64url string ({@link Scheme#encodeSibling}).
     */
    public static ObjectNode proof(InclusionProof p) {
        ObjectNode n = F.objectNode();
        n.put("format", Scheme.FORMAT);
        n.set("publication", publication(p.publication()));
        n.put("user", p.user());
        n.put("userSecret", Hex32.encode(p.userSecret()));
        n.set("balances", amounts(p.balances()));
        ArrayNode leaves = n.putArray("leaves");
        for (InclusionProof.Leaf l : p.leaves()) {
            ObjectNode ln = leaves.addObject();
            ln.put("index", l.index());
            ln.set("balances", amounts(l.balances()));
        }
        n.set("windowPath", siblings(p.windowPath()));
        n.set("path", siblings(p.path()));
        return n;
    }

    static ArrayNode siblings(List<InclusionProof.Sibling> l) {
        ArrayNode a = F.arrayNode();
        l.forEach(s -> a.add(s.encoded()));
        return a;
    }

    /**
     * Reads a {@code publication.json} ({@code {id, assets, root, totals, leaves, window, asOf}}), strictly: every
     * field present ({@code window} may be absent: a publication of format 1), no other field, assets distinct, one
     * total per asset (each below 2^128), root 32 bytes, leaves a power of two of at least 2, window a power of two
     * between 4 and leaves, asOf an ISO-8601 instant. {@link IllegalArgumentException} says what is wrong.
     */
    public static Publication readPublication(JsonNode n) {
        if (n == null || !n.isObject()) {
            throw new IllegalArgumentException("expected a JSON object {id, assets, root, totals, leaves, window, asOf}");
        }
        for (var e : n.properties()) {
            if (!List.of("id", "assets", "root", "totals", "leaves", "window", "asOf").contains(e.getKey())) {
                throw new IllegalArgumentException(e.getKey() + ": unknown field");
            }
        }
        String id = n.path("id").asText("");
        if (!Scheme.PUBLICATION_ID.matcher(id).matches()) {
            throw new IllegalArgumentException("id: expected 1-64 of A-Z a-z 0-9 . _ : -, found '" + n.path("id") + "'");
        }
        JsonNode as = n.path("assets");
        JsonNode ts = n.path("totals");
        if (!as.isArray() || as.isEmpty() || !ts.isArray() || ts.size() != as.size()) {
            throw new IllegalArgumentException("assets and totals: expected two non-empty lists of the same length");
        }
        java.util.List<String> assets = new java.util.ArrayList<>();
        java.util.List<BigInteger> totals = new java.util.ArrayList<>();
        for (int i = 0; i < as.size(); i++) {
            if (!as.get(i).isTextual() || assets.contains(as.get(i).asText())) {
                throw new IllegalArgumentException("assets[" + i + "]: expected a distinct asset id string");
            }
            assets.add(as.get(i).asText());
            if (!ts.get(i).isTextual()) {
                throw new IllegalArgumentException("totals[" + i + "]: expected a decimal string");
            }
            try {
                totals.add(Amount128.parse(ts.get(i).asText()));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("totals[" + i + "]: " + e.getMessage());
            }
        }
        byte[] root = Hex32.decode(n.path("root").asText(null), Scheme.HASH, "root");
        JsonNode lv = n.path("leaves");
        long leaves = lv.canConvertToExactIntegral() && lv.canConvertToLong() ? lv.asLong() : -1;
        if (leaves < 2 || Long.bitCount(leaves) != 1) {
            throw new IllegalArgumentException("leaves: expected a power of two of at least 2, found " + lv);
        }
        long window = 0;
        if (n.has("window")) {
            JsonNode wn = n.get("window");
            window = wn.canConvertToExactIntegral() && wn.canConvertToLong() ? wn.asLong() : -1;
            if (window < 4 || window > leaves || Long.bitCount(window) != 1) {
                throw new IllegalArgumentException("window: expected a power of two between 4 and leaves (" + leaves
                        + "), found " + wn);
            }
        }
        String asOf = n.path("asOf").asText("");
        try {
            java.time.Instant.parse(asOf);
        } catch (java.time.format.DateTimeParseException e) {
            throw new IllegalArgumentException("asOf: expected an ISO-8601 instant, found '" + asOf + "'");
        }
        return new Publication(id, assets, root, totals, leaves, asOf, window);
    }

    static ArrayNode amounts(List<BigInteger> v) {
        ArrayNode a = F.arrayNode();
        v.forEach(x -> a.add(x.toString()));
        return a;
    }

    /** One line of JSON (for JSONL files). */
    public static String line(JsonNode n) {
        try {
            return MAPPER.writeValueAsString(n);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    public static String pretty(JsonNode n) {
        try {
            return MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(n);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Parses JSON text; throws {@link IllegalArgumentException} saying why it is not JSON. */
    public static JsonNode parse(byte[] bytes) {
        try {
            JsonNode n = MAPPER.readTree(bytes);
            if (n == null || n.isMissingNode()) {
                throw new IllegalArgumentException("empty input, expected a JSON proof");
            }
            return n;
        } catch (java.io.IOException e) {
            throw new IllegalArgumentException("not JSON: " + (e instanceof com.fasterxml.jackson.core.JsonProcessingException j
                    ? j.getOriginalMessage() : e.getMessage()));
        }
    }
}
