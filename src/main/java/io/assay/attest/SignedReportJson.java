package io.assay.attest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.assay.crypto.Bytes32;
import io.assay.crypto.Signature;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The JSON form of a {@link SignedReport}, as the API returns it for rounds and snapshots:
 * <pre>{@code
 * { "report":    { human-readable fields; amounts as decimal strings },
 *   "typedData": { types, primaryType, domain, message }   // eth_signTypedData_v4 JSON: what is signed
 *   "digest":    "0x…",                                    // EIP-712 digest of typedData
 *   "signature": "0x…",                                    // 65 bytes r ‖ s ‖ v
 *   "signer":    "0x…" }                                   // EIP-55 address
 * }</pre>
 * {@code typedData} is authoritative; {@code report} is a convenience view that a reader checks against it
 * ({@link Read#viewProblems()}). Integers wider than 53 bits (amounts, round id, times, heights) are decimal
 * strings everywhere, so JavaScript readers get them exactly.
 */
public final class SignedReportJson {
    private static final JsonNodeFactory F = JsonNodeFactory.instance;
    private static final ObjectMapper MAPPER = new ObjectMapper()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .enable(DeserializationFeature.USE_BIG_INTEGER_FOR_INTS)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            // a key given twice makes a report ambiguous (which value was signed?): refuse it
            .enable(com.fasterxml.jackson.core.JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
    private static final Set<String> TOP = Set.of("report", "typedData", "digest", "signature", "signer");

    private SignedReportJson() {
    }

    private static final com.fasterxml.jackson.core.util.DefaultPrettyPrinter PRETTY =
            new com.fasterxml.jackson.core.util.DefaultPrettyPrinter()
                    .withSeparators(com.fasterxml.jackson.core.util.Separators.createDefaultInstance()
                            .withObjectFieldValueSpacing(com.fasterxml.jackson.core.util.Separators.Spacing.AFTER));

    /** Indented JSON with {@code "key": value} spacing, as files and the CLI show it. */
    public static String pretty(JsonNode n) {
        try {
            return MAPPER.writer(PRETTY).writeValueAsString(n);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write JSON", e);
        }
    }

    /** A mapper that keeps every JSON number exact (no doubles). */
    public static ObjectMapper mapper() {
        return MAPPER;
    }

    public static ObjectNode write(SignedReport s) {
        ObjectNode root = F.objectNode();
        root.set("report", view(s.assetId(), s.message()));
        root.set("typedData", ReportTypedData.toJson(s.domain(), s.message()));
        root.put("digest", s.digest().hex());
        root.put("signature", s.signature().hex());
        root.put("signer", s.signer());
        return root;
    }

    /** The human-readable view of a message: every signed value plus derived, readable forms. */
    public static ObjectNode view(String assetId, ReportMessage m) {
        ObjectNode r = F.objectNode();
        r.put("assetId", assetId);
        r.put("assetIdHash", m.assetId().hex());
        r.put("roundId", m.roundId().toString());
        r.put("decimals", m.decimals());
        r.put("reserves", m.reserves().toString());
        r.put("circulating", m.circulating().toString());
        r.put("ratio", ReportMessage.ratioText(m.ratio()));
        r.put("ratioE18", m.ratio().toString());
        r.put("timestamp", Long.toString(m.timestamp()));
        r.put("asOf", Times.iso(m.timestamp()));
        r.put("validUntil", Long.toString(m.validUntil()));
        r.put("validUntilTime", Times.iso(m.validUntil()));
        ArrayNode hs = ReportTypedData.heightsJson(m.heights());
        r.set("heights", hs);
        r.put("heightsDigest", ReportTypedData.heightsDigest(m.heights()).hex());
        r.put("signer", m.signer());
        if (m.liabilities() != null) {
            ReportLiabilities l = m.liabilities();
            ObjectNode o = r.putObject("liabilities");
            o.put("root", l.root().hex());
            o.put("total", l.total().toString());
            o.put("leaves", Long.toString(l.leaves()));
            o.put("publishedAt", Long.toString(l.publishedAt()));
            o.put("publishedAtTime", Times.iso(l.publishedAt()));
            o.put("ratio", ReportMessage.ratioText(l.ratio()));
            o.put("ratioE18", l.ratio().toString());
            o.put("solvent", l.solvent(m.reserves()));
        }
        return r;
    }

    /**
     * A signed report read from JSON, and where its convenience fields ({@code report.*}, top-level
     * {@code signer}) disagree with the signed typed data.
     */
    public record Read(SignedReport report, List<String> viewProblems) {
    }

    /** Parses JSON text; {@link TypedDataException} when it is not JSON or not a signed Assay report. */
    public static Read read(byte[] json) {
        JsonNode n;
        try {
            n = MAPPER.readTree(json);
        } catch (JsonProcessingException e) {
            throw new TypedDataException("not valid JSON: " + e.getOriginalMessage()
                    + (e.getLocation() == null ? "" : " (line " + e.getLocation().getLineNr() + ", column "
                    + e.getLocation().getColumnNr() + ")"), e);
        } catch (java.io.IOException e) {
            throw new TypedDataException("cannot read JSON: " + e.getMessage(), e);
        }
        if (n == null || n.isMissingNode()) {
            throw new TypedDataException("empty input; expected a signed report as JSON");
        }
        return read(n);
    }

    /** Reads a parsed JSON document. */
    public static Read read(JsonNode root) {
        if (!root.isObject()) {
            throw new TypedDataException("expected a JSON object {report, typedData, digest, signature, signer}");
        }
        for (Map.Entry<String, JsonNode> e : root.properties()) {
            if (!TOP.contains(e.getKey())) {
                throw new TypedDataException(e.getKey() + ": unknown field (expected report, typedData, digest, signature, signer)");
            }
        }
        ReportTypedData.Parsed parsed = ReportTypedData.parse(root.get("typedData"), "typedData");
        JsonNode view = root.get("report");
        if (view == null || !view.isObject()) {
            throw new TypedDataException("report: missing; expected the report object (it carries the asset id)");
        }
        JsonNode assetId = view.get("assetId");
        if (assetId == null || !assetId.isTextual() || assetId.asText().isBlank()) {
            throw new TypedDataException("report.assetId: missing; expected the asset id as a string");
        }
        String sigText = text(root, "signature");
        String digestText = text(root, "digest");
        Signature sig;
        Bytes32 digest;
        try {
            sig = Signature.parse(sigText, "signature");
            digest = Bytes32.parse(digestText, "digest");
        } catch (TypedDataException e) {
            throw e;
        } catch (IllegalArgumentException e) {
            throw new TypedDataException(e.getMessage(), e);
        }
        SignedReport s = new SignedReport(assetId.asText(), parsed.domain(), parsed.message(), digest, sig);

        List<String> problems = new ArrayList<>();
        ObjectNode expected = view(s.assetId(), s.message());
        for (Map.Entry<String, JsonNode> e : view.properties()) {
            JsonNode want = expected.get(e.getKey());
            if (want == null) {
                problems.add("report." + e.getKey() + " is not a field of an Assay report");
            } else if (!e.getKey().equals("assetId") && !sameValue(e.getValue(), want)) {
                problems.add("report." + e.getKey() + " is " + abbreviate(e.getValue()) + " but the signed typed data says "
                        + abbreviate(want));
            }
        }
        JsonNode signer = root.get("signer");
        if (signer != null && !(signer.isTextual() && signer.asText().equalsIgnoreCase(s.signer()))) {
            problems.add("signer " + abbreviate(signer) + " differs from the signer named in the typed data, " + s.signer());
        }
        return new Read(s, List.copyOf(problems));
    }

    private static boolean sameValue(JsonNode given, JsonNode want) {
        if (given.equals(want)) {
            return true;
        }
        // hex is case-insensitive (addresses may be lowercase; hashes may be uppercase)
        if (given.isTextual() && want.isTextual() && want.asText().startsWith("0x")) {
            return given.asText().equalsIgnoreCase(want.asText());
        }
        if ((given.isNumber() || given.isTextual()) && (want.isNumber() || want.isTextual())) {
            // 42 and "42" are the same integer (writers differ in how they quote wide integers)
            java.math.BigDecimal g = decimal(given);
            java.math.BigDecimal w = decimal(want);
            if (g != null && w != null) {
                return g.compareTo(w) == 0;
            }
        }
        if (given.isObject() && want.isObject() && given.size() == want.size()) {
            for (Map.Entry<String, JsonNode> e : want.properties()) {
                JsonNode gv = given.get(e.getKey());
                if (gv == null || !sameValue(gv, e.getValue())) {
                    return false;
                }
            }
            return true;
        }
        if (given.isArray() && want.isArray() && given.size() == want.size()) {
            for (int i = 0; i < given.size(); i++) {
                JsonNode g = given.get(i);
                JsonNode w = want.get(i);
                if (!g.isObject() || g.size() != w.size()) {
                    return false;
                }
                for (Map.Entry<String, JsonNode> e : w.properties()) {
                    JsonNode gv = g.get(e.getKey());
                    if (gv == null || !sameValue(gv, e.getValue())) {
                        return false;
                    }
                }
            }
            return true;
        }
        return false;
    }

    private static java.math.BigDecimal decimal(JsonNode n) {
        if (n.isNumber()) {
            return n.decimalValue();
        }
        String t = n.asText();
        if (!t.matches("-?\\d{1,100}")) {
            return null;
        }
        return new java.math.BigDecimal(t);
    }

    private static String text(JsonNode root, String field) {
        JsonNode v = root.get(field);
        if (v == null || v.isNull()) {
            throw new TypedDataException(field + ": missing");
        }
        if (!v.isTextual()) {
            throw new TypedDataException(field + ": expected a 0x-prefixed hex string");
        }
        return v.asText();
    }

    private static String abbreviate(JsonNode n) {
        String s = n.toString();
        return s.length() <= 80 ? s : s.substring(0, 80) + "…";
    }
}
