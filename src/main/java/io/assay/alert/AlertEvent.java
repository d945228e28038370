package io.assay.alert;

/** A change of an alert's state, sent to webhooks: {@code firing} when it starts, {@code resolved} when it clears. */
public record AlertEvent(Alert alert, String event) {
    public static final String FIRING = "firing";
    public static final String RESOLVED = "resolved";

    /** The same for every attempt and every restart of the same event: receivers drop repeats by it. */
    public String idempotencyKey() {
        return alert.id() + ":" + event;
    }
}
