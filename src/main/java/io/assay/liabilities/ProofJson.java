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

    /** {@code {id, assets, root, totals, leaves, asOf}}. */
    public static ObjectNode publication(Publication p) {
        ObjectNode n = F.objectNode();
        n.put("id", p.id());
        ArrayNode a = n.putArray("assets");
        p.assets().forEach(a::add);
        n.put("root", p.rootHex());
        n.set("totals", amounts(p.totals()));
        n.put("leaves", p.leaves());
        n.put("asOf", p.asOf());
        return n;
    }

    /** {@code {format, publication, user, userSecret, balances, leaves: [{index, balances, path: [{hash, sums}]}]}}. */
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
            ArrayNode path = ln.putArray("path");
            for (InclusionProof.Sibling s : l.path()) {
                path.addObject().put("hash", Hex32.encode(s.hash())).set("sums", amounts(s.sums()));
            }
        }
        return n;
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
