package io.assay.por;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;

/**
 * One line of a round log ({@link RoundLog}), written and read field by field: the persisted format is spelled out
 * here and depends on no reflection (a native image has no reflection metadata for {@link Round}; docs/native.md).
 *
 * <p>The format is the one the first round logs were written in (Jackson data binding of the record, instants as
 * ISO-8601 strings): fields in {@link Round}'s component order, every field present, absent values as {@code null},
 * instants as {@link DateTimeFormatter#ISO_INSTANT} writes them, strings escaped by Jackson's generator. Reading
 * accepts what that binding accepted for values this writer could have written, and is as lenient as it was about
 * the rest: unknown fields are ignored, a missing field reads as {@code null} (a number as {@code 0}), a number may be
 * a decimal string, a string field may be a JSON number or boolean, an instant may be epoch seconds. Anything else is
 * an {@link IllegalArgumentException} naming the field.
 */
public final class RoundJson {
    private static final JsonFactory FACTORY = new JsonFactory();
    /** Used for its tree model only (no data binding). */
    private static final ObjectMapper TREES = new ObjectMapper(FACTORY)
            .enable(com.fasterxml.jackson.databind.DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);

    private RoundJson() {
    }

    /**
     * The round as one line of JSON, without the newline, UTF-8. Generated as characters and then encoded, as the
     * first logs were: Jackson's byte generator would escape characters outside the BMP ({@code \uD83D\uDCB0}) where
     * the character generator writes them as they are.
     */
    public static byte[] write(Round r) {
        StringWriter out = new StringWriter(512);
        try (JsonGenerator g = FACTORY.createGenerator(out)) {
            g.writeStartObject();
            g.writeStringField("asset", r.asset());
            g.writeNumberField("roundId", r.roundId());
            g.writeStringField("answer", r.answer());
            g.writeNumberField("decimals", r.decimals());
            g.writeStringField("reserves", r.reserves());
            g.writeStringField("supply", r.supply());
            g.writeStringField("excluded", r.excluded());
            g.writeStringField("circulating", r.circulating());
            g.writeStringField("ratio", r.ratio());
            instant(g, "startedAt", r.startedAt());
            instant(g, "updatedAt", r.updatedAt());
            g.writeNumberField("answeredInRound", r.answeredInRound());
            g.writeStringField("trigger", r.trigger());
            g.writeFieldName("heights");
            if (r.heights() == null) {
                g.writeNull();
            } else {
                g.writeStartArray();
                for (Round.ChainHeight h : r.heights()) {
                    if (h == null) {
                        g.writeNull();
                        continue;
                    }
                    g.writeStartObject();
                    g.writeStringField("chain", h.chain());
                    g.writeNumberField("height", h.height());
                    g.writeStringField("blockHash", h.blockHash());
                    instant(g, "blockTime", h.blockTime());
                    g.writeEndObject();
                }
                g.writeEndArray();
            }
            Round.Liabilities l = r.liabilities();
            if (l != null) {
                // written only when present: rounds without liabilities keep the original format byte for byte
                g.writeObjectFieldStart("liabilities");
                g.writeStringField("publication", l.publication());
                g.writeStringField("root", l.root());
                g.writeStringField("total", l.total());
                g.writeNumberField("leaves", l.leaves());
                instant(g, "publishedAt", l.publishedAt());
                g.writeStringField("ratio", l.ratio());
                g.writeEndObject();
            }
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write round " + r.roundId() + " of " + r.asset(), e);
        }
        return out.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static void instant(JsonGenerator g, String name, Instant t) throws IOException {
        if (t == null) {
            g.writeNullField(name);
        } else {
            g.writeStringField(name, DateTimeFormatter.ISO_INSTANT.format(t));
        }
    }

    /**
     * Reads one line.
     *
     * @throws IllegalArgumentException when it is not JSON or not a round, with the first problem found
     */
    public static Round read(String line) {
        JsonNode n;
        try {
            n = TREES.readTree(line);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not JSON: " + e.getOriginalMessage());
        }
        if (n == null || !n.isObject()) {
            throw new IllegalArgumentException("expected a JSON object, found " + (n == null ? "nothing" : n.getNodeType()));
        }
        return new Round(text(n, "asset"), integer(n, "roundId"), text(n, "answer"), (int) integer(n, "decimals",
                Integer.MIN_VALUE, Integer.MAX_VALUE), text(n, "reserves"), text(n, "supply"), text(n, "excluded"),
                text(n, "circulating"), text(n, "ratio"), instant(n, "startedAt"), instant(n, "updatedAt"),
                integer(n, "answeredInRound"), text(n, "trigger"), heights(n), liabilities(n));
    }

    private static Round.Liabilities liabilities(JsonNode round) {
        JsonNode l = round.get("liabilities");
        if (l == null || l.isNull()) {
            return null;
        }
        if (!l.isObject()) {
            throw new IllegalArgumentException("liabilities: expected an object, found " + l.getNodeType());
        }
        try {
            return new Round.Liabilities(text(l, "publication"), text(l, "root"), text(l, "total"), integer(l, "leaves"),
                    instant(l, "publishedAt"), text(l, "ratio"));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("liabilities." + e.getMessage());
        }
    }

    private static List<Round.ChainHeight> heights(JsonNode round) {
        JsonNode a = round.get("heights");
        if (a == null || a.isNull()) {
            return null;
        }
        if (!a.isArray()) {
            throw new IllegalArgumentException("heights: expected an array, found " + a.getNodeType());
        }
        List<Round.ChainHeight> out = new ArrayList<>(a.size());
        for (int i = 0; i < a.size(); i++) {
            JsonNode h = a.get(i);
            if (h.isNull()) {
                out.add(null);
                continue;
            }
            if (!h.isObject()) {
                throw new IllegalArgumentException("heights[" + i + "]: expected an object, found " + h.getNodeType());
            }
            try {
                out.add(new Round.ChainHeight(text(h, "chain"), integer(h, "height"), text(h, "blockHash"),
                        instant(h, "blockTime")));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("heights[" + i + "]." + e.getMessage());
            }
        }
        return out;
    }

    private static String text(JsonNode parent, String field) {
        JsonNode v = parent.get(field);
        if (v == null || v.isNull()) {
            return null;
        }
        if (v.isTextual()) {
            return v.textValue();
        }
        if (v.isNumber() || v.isBoolean()) {
            return v.asText(); // the binding coerced scalars to strings
        }
        throw new IllegalArgumentException(field + ": expected a string, found " + v.getNodeType());
    }

    private static long integer(JsonNode parent, String field) {
        return integer(parent, field, Long.MIN_VALUE, Long.MAX_VALUE);
    }

    private static long integer(JsonNode parent, String field, long min, long max) {
        JsonNode v = parent.get(field);
        if (v == null || v.isNull()) {
            return 0;
        }
        BigInteger i;
        if (v.isIntegralNumber()) {
            i = v.bigIntegerValue();
        } else if (v.isTextual() && v.textValue().trim().matches("[+-]?[0-9]{1,40}")) {
            i = new BigInteger(v.textValue().trim());
        } else {
            throw new IllegalArgumentException(field + ": expected an integer, found " + abbreviate(v));
        }
        if (i.compareTo(BigInteger.valueOf(min)) < 0 || i.compareTo(BigInteger.valueOf(max)) > 0) {
            throw new IllegalArgumentException(field + ": " + i + " is out of range [" + min + ", " + max + "]");
        }
        return i.longValueExact();
    }

    private static Instant instant(JsonNode parent, String field) {
        JsonNode v = parent.get(field);
        if (v == null || v.isNull()) {
            return null;
        }
        if (v.isTextual()) {
            String s = v.textValue().trim();
            if (s.isEmpty()) {
                return null;
            }
            try {
                return DateTimeFormatter.ISO_INSTANT.parse(s, Instant::from);
            } catch (DateTimeParseException e) {
                throw new IllegalArgumentException(field + ": not an ISO-8601 instant: " + abbreviate(v));
            }
        }
        if (v.isNumber()) {
            // epoch seconds, with a fraction for nanoseconds (how the binding read numbers)
            BigDecimal d = v.decimalValue();
            BigDecimal seconds = new BigDecimal(d.toBigInteger());
            try {
                return Instant.ofEpochSecond(seconds.longValueExact(), d.subtract(seconds).movePointRight(9).longValue());
            } catch (ArithmeticException | java.time.DateTimeException e) {
                throw new IllegalArgumentException(field + ": " + abbreviate(v) + " is not an instant in range");
            }
        }
        throw new IllegalArgumentException(field + ": expected an ISO-8601 instant, found " + v.getNodeType());
    }

    private static String abbreviate(JsonNode n) {
        String s = n.toString();
        return s.length() <= 60 ? s : s.substring(0, 60) + "...";
    }
}
