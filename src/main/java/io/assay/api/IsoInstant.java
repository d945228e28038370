package io.assay.api;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeFormatter;

/**
 * Writes instants as {@code DateTimeFormatter.ISO_INSTANT} does (and so as Jackson's {@code InstantSerializer} does
 * with dates as strings) into a byte array, cheaply for instants close together in time: the date and time of day
 * come from the JDK's formatter once per second, the fraction is written here. Thread-safe.
 */
final class IsoInstant {
    /** The epoch second last rendered and its "yyyy-MM-ddTHH:mm:ss" (ISO_INSTANT without fraction and zone). */
    private record Second(long epochSecond, byte[] text) {
    }

    private volatile Second second = new Second(Long.MIN_VALUE, new byte[0]);

    /**
     * Writes {@code t} into {@code out} at {@code at} (room for 40 bytes) and returns the next position. The fraction
     * follows ISO_INSTANT's rule: none when zero, else as many groups of three digits as needed.
     */
    int write(Instant t, byte[] out, int at) {
        Second s = second;
        if (s.epochSecond() != t.getEpochSecond()) {
            String whole = DateTimeFormatter.ISO_INSTANT.format(Instant.ofEpochSecond(t.getEpochSecond()));
            s = new Second(t.getEpochSecond(), whole.substring(0, whole.length() - 1).getBytes(StandardCharsets.US_ASCII));
            second = s;
        }
        byte[] text = s.text();
        System.arraycopy(text, 0, out, at, text.length);
        int n = at + text.length;
        int nano = t.getNano();
        if (nano > 0) {
            out[n++] = '.';
            int div = 100_000_000;
            for (int i = 0; nano > 0 || i % 3 != 0; i++) {
                int digit = nano / div;
                out[n++] = (byte) ('0' + digit);
                nano -= digit * div;
                div /= 10;
            }
        }
        out[n++] = 'Z';
        return n;
    }
}
