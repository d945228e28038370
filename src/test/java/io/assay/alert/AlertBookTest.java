package io.assay.alert;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Alerts are edge-triggered: one firing event when a condition appears, one resolved event when it clears. */
class AlertBookTest {
    private static final Instant T = Instant.parse("2026-03-01T12:00:00Z");
    private final Condition low = new Condition(AlertType.RATIO_BELOW_MIN, "wbtc", null, "ratio 0.8 below 1.0");
    private final Condition stale = new Condition(AlertType.STALE, "wbtc", "bitcoin", "bitcoin stale");

    @Test
    void aConditionFiresOnceWhileItLastsAndResolvesOnce() {
        AlertBook b = new AlertBook();
        List<AlertEvent> first = b.update(List.of(low), Set.of(), T);
        assertEquals(1, first.size());
        assertEquals(AlertEvent.FIRING, first.get(0).event());
        String id = first.get(0).alert().id();
        for (int i = 1; i <= 5; i++) {
            // still below, with a changed message: no new event
            assertEquals(List.of(), b.update(List.of(new Condition(AlertType.RATIO_BELOW_MIN, "wbtc", null, "ratio 0.7")),
                    Set.of(), T.plusSeconds(i)));
        }
        List<AlertEvent> cleared = b.update(List.of(), Set.of(), T.plusSeconds(10));
        assertEquals(1, cleared.size());
        assertEquals(AlertEvent.RESOLVED, cleared.get(0).event());
        assertEquals(id, cleared.get(0).alert().id());
        assertEquals(T.plusSeconds(10), cleared.get(0).alert().resolvedAt());
        assertEquals(List.of(), b.update(List.of(), Set.of(), T.plusSeconds(11)));
        assertEquals(1, b.fired(AlertType.RATIO_BELOW_MIN));
        assertEquals(1, b.resolved().size());

        // it comes back: a new alert with a new id (and so new idempotency keys)
        List<AlertEvent> again = b.update(List.of(low), Set.of(), T.plusSeconds(20));
        assertEquals(AlertEvent.FIRING, again.get(0).event());
        assertNotEquals(id, again.get(0).alert().id());
        assertNotEquals(first.get(0).idempotencyKey(), again.get(0).idempotencyKey());
    }

    @Test
    void conditionsAreIndependentAndHeldKeysNeitherFireNorResolve() {
        AlertBook b = new AlertBook();
        assertEquals(2, b.update(List.of(low, stale), Set.of(), T).size());
        // the ratio cannot be judged (refused snapshot): held; the stale chain caught up: resolved
        List<AlertEvent> e = b.update(List.of(), Set.of(low.key()), T.plusSeconds(1));
        assertEquals(1, e.size());
        assertEquals(AlertType.STALE, e.get(0).alert().type());
        assertTrue(b.isActive(low.key()));
        assertFalse(b.isActive(stale.key()));
        // a held key that was not active does not fire either
        assertEquals(List.of(), b.update(List.of(low), Set.of(stale.key()), T.plusSeconds(2)));
    }

    @Test
    void aConditionMustLastPendingForBeforeItFires() {
        AlertBook b = new AlertBook(java.time.Duration.ofSeconds(5));
        // a 3-second blip (one chain indexed a bridge leg before the other): nothing fires, nothing resolves
        assertEquals(List.of(), b.update(List.of(low), Set.of(), T));
        assertEquals(List.of(), b.update(List.of(low), Set.of(), T.plusSeconds(3)));
        assertEquals(Set.of(low.key()), b.pending());
        assertEquals(List.of(), b.update(List.of(), Set.of(), T.plusSeconds(4)));
        assertEquals(Set.of(), b.pending());
        // a real shortfall: fires once it has lasted 5 s, dated from when it was first seen
        assertEquals(List.of(), b.update(List.of(low), Set.of(), T.plusSeconds(10)));
        List<AlertEvent> e = b.update(List.of(low), Set.of(), T.plusSeconds(15));
        assertEquals(1, e.size());
        assertEquals(T.plusSeconds(10), e.get(0).alert().startedAt());
        assertEquals(1, b.update(List.of(), Set.of(), T.plusSeconds(16)).size(), "resolves at once");
    }
}
