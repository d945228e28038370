package io.assay.config;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Durations as Assay writes them: {@code 250ms}, {@code 45s}, {@code 30m}, {@code 2h}, {@code 1d} or ISO-8601 {@code PT1H}. */
public final class Durations {
    private static final Pattern SHORT = Pattern.compile("(\\d+)\\s*(ms|s|m|h|d)");

    private Durations() {
    }

    /** The duration, or an {@link IllegalArgumentException} saying what is accepted; never negative. */
    public static Duration parse(String s) {
        String t = s == null ? "" : s.trim();
        Matcher m = SHORT.matcher(t);
        Duration d;
        if (m.matches()) {
            long n;
            try {
                n = Long.parseLong(m.group(1));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("duration '" + s + "' is too large");
            }
            d = switch (m.group(2)) {
                case "ms" -> Duration.ofMillis(n);
                case "s" -> Duration.ofSeconds(n);
                case "m" -> Duration.ofMinutes(n);
                case "h" -> Duration.ofHours(n);
                default -> Duration.ofDays(n);
            };
        } else {
            try {
                d = Duration.parse(t);
            } catch (DateTimeParseException e) {
                throw new IllegalArgumentException("expected a duration such as 250ms, 45s, 30m, 2h, 1d or ISO-8601 PT1H, found '"
                        + s + "'");
            }
        }
        if (d.isNegative()) {
            throw new IllegalArgumentException("duration must not be negative, found '" + s + "'");
        }
        return d;
    }
}
