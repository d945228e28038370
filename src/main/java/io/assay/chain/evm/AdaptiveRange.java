package io.assay.chain.evm;

import io.assay.chain.rpc.RpcException;

import java.util.Locale;
import java.util.OptionalLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The block span of the next {@code eth_getLogs} request. It starts small ({@link #INITIAL}: the first
 * segments are planned before any answer tells how dense the chain is), steers towards {@link #TARGET_LOGS} logs per answer from
 * the density of each answer (growing at most twofold per answer, up to the profile's {@code maxLogRange}),
 * and shrinks when a provider refuses a range, taking the range the provider suggests in its message when
 * there is one, otherwise halving. A refused span becomes a
 * ceiling growth stays under; after {@link #REPROBE_AFTER} successes in a row the ceiling is raised again (a
 * provider's limit may have been about log density rather than blocks). Thread-safe.
 */
public final class AdaptiveRange {
    /** Logs per answer the span aims at: big enough to amortise a round trip, small enough to parallelise. */
    public static final long TARGET_LOGS = 10_000;
    /** First span tried. */
    public static final long INITIAL = 32;
    /** Successes after which a ceiling set by a refusal is raised by half to probe again. */
    public static final int REPROBE_AFTER = 64;

    private static final Pattern BRACKETS = Pattern.compile("\\[\\s*(0x[0-9a-f]+)\\s*,\\s*(0x[0-9a-f]+)\\s*\\]");
    private static final Pattern LIMIT = Pattern.compile(
            "(?:maximum block range|max block range|block range limit|block range is limited to|limited to a"
                    + "|ranges over|range limit|range should not exceed|max range|maximum range)\\D{0,12}?([0-9][0-9,_]*)");
    private static final String[] RANGE_ERRORS = {
            "query returned more than", "log response size exceeded", "block range", "too many results",
            "max results", "results exceed", "returned too many", "response too large", "response size",
            "range too large", "range too wide", "limited to a", "ranges over", "exceed maximum", "query timeout",
            "exceeds max", "logs matched by query exceeds"
    };

    private final long max;
    private long span;
    private long ceiling;
    private int successes;

    public AdaptiveRange(long max) {
        if (max < 1) {
            throw new IllegalArgumentException("maxLogRange must be >= 1");
        }
        this.max = max;
        this.span = Math.min(max, INITIAL);
        this.ceiling = max;
    }

    public synchronized long span() {
        return span;
    }

    public long max() {
        return max;
    }

    /** A request over {@code blocks} blocks returned {@code logs} logs. */
    public synchronized void success(long blocks, long logs) {
        if (++successes >= REPROBE_AFTER && ceiling < max) {
            successes = 0;
            ceiling = Math.min(max, ceiling + Math.max(1, ceiling / 2));
        }
        if (logs > 2 * TARGET_LOGS) {
            span = Math.max(1, Math.min(span, blocks * TARGET_LOGS / logs));
        } else if (logs < TARGET_LOGS / 2 && blocks >= span) {
            long ideal = logs == 0 ? 2 * span : blocks * TARGET_LOGS / logs;
            span = Math.min(ceiling, Math.max(span + 1, Math.min(ideal, 2 * span)));
        }
    }

    /**
     * A request over {@code blocks} blocks was refused as too large; returns the span to retry with (&lt; blocks,
     * &gt;= 1).
     */
    public synchronized long refused(long blocks, RpcException e) {
        OptionalLong hint = suggested(e.getMessage());
        long next = hint.isPresent() ? Math.min(hint.getAsLong(), blocks - 1) : blocks / 2;
        next = Math.max(1, next);
        span = Math.min(span, next);
        ceiling = Math.min(ceiling, next);
        successes = 0;
        return next;
    }

    /** True when the error means "ask for fewer blocks" rather than "try again". */
    public static boolean isRangeError(RpcException e) {
        if (e.httpStatus() == 413) {
            return true;
        }
        if (e instanceof io.assay.chain.rpc.RpcTimeoutException) {
            return true; // the answer was too big to arrive in time (or the node is slow: asking for less helps too)
        }
        String m = e.getMessage() == null ? "" : e.getMessage().toLowerCase(Locale.ROOT);
        if (e.code() == 0 && e.httpStatus() == 0) {
            return false; // transport or malformed answers: retry as is
        }
        for (String s : RANGE_ERRORS) {
            if (m.contains(s)) {
                return true;
            }
        }
        return false;
    }

    /**
     * The block span a provider's message suggests: Alchemy/Infura's {@code [0xfrom, 0xto]} range, or a
     * stated limit ("exceed maximum block range: 5000", "limited to a 10,000 range").
     */
    public static OptionalLong suggested(String message) {
        if (message == null) {
            return OptionalLong.empty();
        }
        String m = message.toLowerCase(Locale.ROOT);
        Matcher b = BRACKETS.matcher(m);
        if (b.find()) {
            try {
                long from = Long.parseLong(b.group(1).substring(2), 16);
                long to = Long.parseLong(b.group(2).substring(2), 16);
                if (to >= from) {
                    return OptionalLong.of(to - from + 1);
                }
            } catch (NumberFormatException ignored) {
                // fall through
            }
        }
        Matcher l = LIMIT.matcher(m);
        if (l.find()) {
            try {
                long n = Long.parseLong(l.group(1).replace(",", "").replace("_", ""));
                if (n > 0) {
                    return OptionalLong.of(n);
                }
            } catch (NumberFormatException ignored) {
                // fall through
            }
        }
        return OptionalLong.empty();
    }
}
