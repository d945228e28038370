package io.assay.attest;

import java.time.Instant;

/** Unix seconds as ISO-8601 for messages; a value beyond what {@link Instant} holds (a hostile uint64) stays a number. */
final class Times {
    private Times() {
    }

    static String iso(long epochSeconds) {
        if (epochSeconds > Instant.MAX.getEpochSecond() || epochSeconds < Instant.MIN.getEpochSecond()) {
            return epochSeconds + " (Unix seconds)";
        }
        return Instant.ofEpochSecond(epochSeconds).toString();
    }
}
