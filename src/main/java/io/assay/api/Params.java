package io.assay.api;

import io.assay.config.AssayConfig;

import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Strict parsing of query parameters; every failure is a 400 naming the parameter and the expected form. */
final class Params {
    /** Weeks: the one interval form beyond {@link AssayConfig#duration}'s. */
    private static final Pattern WEEKS = Pattern.compile("([0-9]{1,9})w");
    /** The earliest time the API takes: no chain has data before it, and every time after it fits epoch millis. */
    static final Instant MIN_TIME = Instant.EPOCH;
    /** The latest time the API takes (the last instant of year 9999). */
    static final Instant MAX_TIME = Instant.parse("9999-12-31T23:59:59.999Z");
    /** The longest interval: the whole supported range. */
    static final Duration MAX_INTERVAL = Duration.between(MIN_TIME, MAX_TIME);

    private Params() {
    }

    /** ISO-8601 instant ({@code 2026-03-01T12:00:00Z}), offset date-time, or a date (midnight UTC). */
    static Instant time(String name, String v) {
        if (v == null || v.isBlank()) {
            throw ApiException.badRequest("parameter '" + name + "' is required: an ISO-8601 UTC time such as 2026-03-01T12:00:00Z");
        }
        String s = v.trim();
        Instant t;
        try {
            t = OffsetDateTime.parse(s).toInstant();
        } catch (DateTimeParseException e) {
            try {
                t = LocalDate.parse(s).atStartOfDay(ZoneOffset.UTC).toInstant();
            } catch (DateTimeParseException e2) {
                throw ApiException.badRequest("parameter '" + name + "': expected an ISO-8601 time such as "
                        + "2026-03-01T12:00:00Z or a date such as 2026-03-01, found '" + abbreviate(s) + "'");
            }
        }
        // ISO-8601 reaches years +-999999999, far beyond what epoch milliseconds (the store's clock) can hold
        if (t.isBefore(MIN_TIME) || t.isAfter(MAX_TIME)) {
            throw ApiException.badRequest("parameter '" + name + "': " + abbreviate(s) + " is outside the supported range "
                    + MIN_TIME + " to 9999-12-31T23:59:59Z");
        }
        return t;
    }

    static Instant timeOr(String name, String v, Instant fallback) {
        return v == null || v.isBlank() ? fallback : time(name, v);
    }

    /** A positive integer amount in raw units. */
    static BigInteger amount(String name, String v) {
        if (v == null || v.isBlank()) {
            throw ApiException.badRequest("parameter '" + name + "' is required: a positive integer in the asset's raw units");
        }
        String s = v.trim();
        if (s.startsWith("-")) {
            throw ApiException.badRequest("parameter '" + name + "' must be positive, found '" + abbreviate(s) + "'");
        }
        if (!digits(s, 60)) {
            throw ApiException.badRequest("parameter '" + name + "': expected a positive integer in raw units (no sign,"
                    + " decimal point or exponent), found '" + abbreviate(s) + "'");
        }
        BigInteger a = new BigInteger(s);
        if (a.signum() == 0) {
            throw ApiException.badRequest("parameter '" + name + "' must be positive, found 0");
        }
        return a;
    }

    /** 1 to {@code max} ASCII digits (a loop, not a regular expression: every mint check parses one). */
    private static boolean digits(String s, int max) {
        if (s.isEmpty() || s.length() > max) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return false;
            }
        }
        return true;
    }

    /**
     * A positive duration of at most {@link #MAX_INTERVAL}: any form {@link AssayConfig#duration} reads ({@code 15m},
     * {@code 1h}, {@code 1d}, ISO-8601 {@code PT1H}, ...), or weeks ({@code 1w}), which only the API takes.
     */
    static Duration interval(String name, String v) {
        String s = v.trim();
        Matcher w = WEEKS.matcher(s);
        Duration d = w.matches()
                ? Duration.ofDays(7 * Long.parseLong(w.group(1)))
                : AssayConfig.parseDuration(s).orElseThrow(() -> ApiException.badRequest("parameter '" + name
                        + "': expected a duration such as 15m, 1h, 1d, 1w or PT1H, found '" + abbreviate(s) + "'"));
        if (d.isNegative() || d.isZero()) {
            throw ApiException.badRequest("parameter '" + name + "' must be positive, found '" + abbreviate(s) + "'");
        }
        if (d.compareTo(Duration.ofMillis(1)) < 0 || d.compareTo(MAX_INTERVAL) > 0) {
            throw ApiException.badRequest("parameter '" + name + "' must be between 1ms and " + MAX_INTERVAL.toDays()
                    + "d, found '" + abbreviate(s) + "'");
        }
        return d;
    }

    /** {@code ethereum:123,bitcoin:456} */
    static Map<String, Long> heights(String name, String v) {
        Map<String, Long> out = new LinkedHashMap<>();
        for (String part : v.split(",")) {
            String[] kv = part.trim().split(":");
            if (kv.length != 2 || kv[0].isBlank() || !kv[1].trim().matches("[0-9]{1,18}")) {
                throw ApiException.badRequest("parameter '" + name + "': expected chain:height pairs such as "
                        + "ethereum:19000000,bitcoin:840000, found '" + abbreviate(part.trim()) + "'");
            }
            if (out.put(kv[0].trim(), Long.parseLong(kv[1].trim())) != null) {
                throw ApiException.badRequest("parameter '" + name + "': chain '" + kv[0].trim() + "' given twice");
            }
        }
        return out;
    }

    static int limit(String name, String v, int fallback, int max) {
        if (v == null || v.isBlank()) {
            return fallback;
        }
        if (!v.trim().matches("[0-9]{1,9}")) {
            throw ApiException.badRequest("parameter '" + name + "': expected a positive integer, found '" + abbreviate(v) + "'");
        }
        int n = Integer.parseInt(v.trim());
        if (n < 1 || n > max) {
            throw ApiException.badRequest("parameter '" + name + "' must be between 1 and " + max + ", found " + n);
        }
        return n;
    }

    static String abbreviate(String s) {
        return s.length() <= 64 ? s : s.substring(0, 61) + "...";
    }
}
