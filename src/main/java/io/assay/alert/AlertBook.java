package io.assay.alert;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * Edge-triggered alert state. {@link #update} takes every condition observed in one evaluation and returns the
 * changes: a {@code firing} event for each condition that has been observed in every evaluation for at least
 * {@code pendingFor} (so a skew of a few seconds between chains' indexers, e.g. a bridge mint indexed before the
 * matching lock, does not page anyone) and was not active, a {@code resolved} event for each active alert whose
 * condition is gone. Keys in {@code held} are neither resolved nor fired (their condition could
 * not be judged this time, e.g. a refused snapshot). Thread-safe; the last {@value #HISTORY} resolved alerts are kept.
 */
public final class AlertBook {
    static final int HISTORY = 200;

    private final java.time.Duration pendingFor;
    private final Map<String, Instant> pending = new HashMap<>();
    private final Map<String, Alert> active = new LinkedHashMap<>();
    private final Deque<Alert> resolved = new ArrayDeque<>();
    private final Map<String, Long> firedCount = new HashMap<>();

    /** Fires a condition as soon as it is observed. */
    public AlertBook() {
        this(java.time.Duration.ZERO);
    }

    /** @param pendingFor how long a condition must be observed continuously before it fires */
    public AlertBook(java.time.Duration pendingFor) {
        this.pendingFor = pendingFor;
    }

    public synchronized List<AlertEvent> update(Collection<Condition> observed, Set<String> held, Instant now) {
        List<AlertEvent> events = new ArrayList<>();
        Map<String, Condition> byKey = new LinkedHashMap<>();
        for (Condition c : observed) {
            byKey.putIfAbsent(c.key(), c);
        }
        for (Condition c : byKey.values()) {
            if (!active.containsKey(c.key())) {
                Instant since = pending.computeIfAbsent(c.key(), k -> now);
                if (java.time.Duration.between(since, now).compareTo(pendingFor) < 0) {
                    continue;
                }
                pending.remove(c.key());
                Alert a = new Alert(UUID.randomUUID().toString(), c.key(), c.type(), c.asset(), c.chain(), c.message(),
                        since, null);
                active.put(c.key(), a);
                firedCount.merge(c.type().wire(), 1L, Long::sum);
                events.add(new AlertEvent(a, AlertEvent.FIRING));
            }
        }
        pending.keySet().removeIf(k -> !byKey.containsKey(k) && !held.contains(k));
        for (var it = active.entrySet().iterator(); it.hasNext(); ) {
            var e = it.next();
            if (!byKey.containsKey(e.getKey()) && !held.contains(e.getKey())) {
                Alert r = e.getValue().resolved(now);
                it.remove();
                resolved.addFirst(r);
                while (resolved.size() > HISTORY) {
                    resolved.removeLast();
                }
                events.add(new AlertEvent(r, AlertEvent.RESOLVED));
            }
        }
        return events;
    }

    /** Keys observed but not yet firing (waiting out {@code pendingFor}). */
    public synchronized java.util.Set<String> pending() {
        return java.util.Set.copyOf(pending.keySet());
    }

    public synchronized List<Alert> active() {
        return List.copyOf(active.values());
    }

    public synchronized boolean isActive(String key) {
        return active.containsKey(key);
    }

    /** Resolved alerts, newest first. */
    public synchronized List<Alert> resolved() {
        return List.copyOf(resolved);
    }

    public synchronized long fired(AlertType type) {
        return firedCount.getOrDefault(type.wire(), 0L);
    }
}
