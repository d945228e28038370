package io.assay.alert;

import java.time.Instant;

/**
 * The delivery of one alert event to one webhook, across its attempts. Mutable, updated only by the dispatcher;
 * readers get consistent copies through {@link #view()}.
 */
public final class Delivery {
    public enum State { PENDING, DELIVERED, FAILED }

    /** What the API shows of a delivery. */
    @io.quarkus.runtime.annotations.RegisterForReflection
    public record View(String id, String webhook, String target, String alertId, String alertType, String asset,
                       String chain, String event, String idempotencyKey, String state, int attempts,
                       Integer lastStatus, String lastError, Instant createdAt, Instant nextAttemptAt,
                       Instant finishedAt) {
    }

    final String id;
    final WebhookTarget target;
    final AlertEvent event;
    final byte[] body;
    final Instant createdAt;
    private State state = State.PENDING;
    private int attempts;
    private Integer lastStatus;
    private String lastError;
    private Instant nextAttemptAt;
    private Instant finishedAt;

    Delivery(String id, WebhookTarget target, AlertEvent event, byte[] body, Instant createdAt) {
        this.id = id;
        this.target = target;
        this.event = event;
        this.body = body;
        this.createdAt = createdAt;
    }

    synchronized void attempted(Integer status, String error, State next, Instant nextAttemptAt, Instant now) {
        attempts++;
        lastStatus = status;
        lastError = error;
        state = next;
        this.nextAttemptAt = next == State.PENDING ? nextAttemptAt : null;
        if (next != State.PENDING) {
            finishedAt = now;
        }
    }

    synchronized int attempts() {
        return attempts;
    }

    public synchronized State state() {
        return state;
    }

    public synchronized View view() {
        Alert a = event.alert();
        return new View(id, target.name(), target.label(), a.id(), a.type().wire(), a.asset(), a.chain(), event.event(),
                event.idempotencyKey(), state.name().toLowerCase(java.util.Locale.ROOT), attempts, lastStatus, lastError,
                createdAt, nextAttemptAt, finishedAt);
    }
}
