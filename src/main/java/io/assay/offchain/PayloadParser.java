package io.assay.offchain;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.regex.Pattern;

/**
 * Picks the amount and the attested time out of a custodian's JSON answer, exactly: the amount is a plain
 * decimal (JSON string or number, no exponent, not negative) with at most {@code decimals} fractional digits and
 * becomes an integer in raw units; the time is an ISO-8601 instant string or integer epoch seconds.
 * Anything else is a {@link Rejection} of kind {@code malformed} naming the field.
 */
public final class PayloadParser {
    private static final ObjectMapper JSON = JsonMapper.builder()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .enable(DeserializationFeature.USE_BIG_INTEGER_FOR_INTS)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();
    private static final Pattern PLAIN_DECIMAL = Pattern.compile("[0-9]+(\\.[0-9]+)?");
    private static final int MAX_BODY = 1 << 20;

    private PayloadParser() {
    }

    public record Parsed(BigInteger raw, Instant attestedAt) {
    }

    public static Parsed parse(byte[] body, String amountPath, String timePath, int decimals) throws Rejection {
        if (body.length > MAX_BODY) {
            throw new Rejection("malformed", "answer of " + body.length + " bytes exceeds " + MAX_BODY);
        }
        JsonNode root;
        try {
            root = JSON.readTree(body);
        } catch (JsonProcessingException e) {
            throw new Rejection("malformed", "not JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new Rejection("malformed", "not JSON: " + e.getMessage());
        }
        if (root == null || !root.isContainerNode()) {
            throw new Rejection("malformed", "not a JSON object or array");
        }
        return new Parsed(amount(field(root, amountPath), amountPath, decimals), time(field(root, timePath), timePath));
    }

    static JsonNode field(JsonNode root, String path) throws Rejection {
        JsonNode n = root;
        for (String part : path.split("\\.")) {
            if (n.isArray() && part.matches("[0-9]{1,9}")) {
                n = n.get(Integer.parseInt(part));
            } else if (n.isObject()) {
                n = n.get(part);
            } else {
                n = null;
            }
            if (n == null || n.isNull()) {
                throw new Rejection("malformed", "field '" + path + "' is missing");
            }
        }
        return n;
    }

    /** {@code text} (a plain decimal) x 10^decimals, exactly; a Rejection if it has more fractional digits. */
    public static BigInteger exact(String text, String path, int decimals) throws Rejection {
        if (!PLAIN_DECIMAL.matcher(text).matches()) {
            throw new Rejection("malformed", "field '" + path + "' is not a plain non-negative decimal: '"
                    + abbreviate(text) + "'");
        }
        BigDecimal d = new BigDecimal(text);
        int frac = Math.max(0, d.scale());
        if (frac > decimals) {
            throw new Rejection("malformed", "field '" + path + "' has " + frac + " fractional digits; the source has "
                    + decimals + " decimals");
        }
        return d.movePointRight(decimals).toBigIntegerExact();
    }

    private static BigInteger amount(JsonNode n, String path, int decimals) throws Rejection {
        String text;
        if (n.isTextual()) {
            text = n.asText().trim();
        } else if (n.isIntegralNumber()) {
            text = n.bigIntegerValue().toString();
        } else if (n.isBigDecimal()) {
            text = n.decimalValue().toPlainString(); // exact: parsed as BigDecimal, never a double
        } else {
            throw new Rejection("malformed", "field '" + path + "' is not a number or a decimal string");
        }
        return exact(text, path, decimals);
    }

    private static Instant time(JsonNode n, String path) throws Rejection {
        if (n.isTextual()) {
            try {
                return Instant.parse(n.asText().trim());
            } catch (DateTimeParseException e) {
                throw new Rejection("malformed", "field '" + path + "' is not an ISO-8601 instant: '"
                        + abbreviate(n.asText()) + "'");
            }
        }
        if (n.isIntegralNumber() && n.bigIntegerValue().bitLength() < 40 && n.bigIntegerValue().signum() > 0) {
            return Instant.ofEpochSecond(n.longValue());
        }
        throw new Rejection("malformed", "field '" + path + "' is not an ISO-8601 string or epoch seconds");
    }

    private static String abbreviate(String s) {
        return s.length() <= 40 ? s : s.substring(0, 40) + "...";
    }
}
