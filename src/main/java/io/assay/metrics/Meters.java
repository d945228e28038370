package io.assay.metrics;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;

import java.util.List;

/**
 * Registration hygiene for meters bound to objects (a chain's status, the alert book, the engine).
 * Hazard: Micrometer returns the already registered meter when a name and tags are registered again, and that meter
 * stays bound to the first object. When a registry outlives the objects it reports on — Quarkus' root registry in a
 * JVM that starts the application more than once (tests), or a component started again — the new object's values
 * would never be reported. Binders therefore drop what an earlier binding left before registering.
 */
public final class Meters {
    private Meters() {
    }

    /**
     * Removes every meter whose name starts with one of {@code prefixes} and, if {@code tagKey} is not null, whose
     * tag {@code tagKey} equals {@code tagValue}.
     */
    public static void drop(MeterRegistry registry, List<String> prefixes, String tagKey, String tagValue) {
        drop(registry, prefixes, tagKey == null ? Tags.empty() : Tags.of(tagKey, tagValue));
    }

    /** Removes every meter whose name starts with one of {@code prefixes} and that carries every tag of {@code tags}. */
    public static void drop(MeterRegistry registry, List<String> prefixes, Tags tags) {
        for (Meter m : List.copyOf(registry.getMeters())) {
            String name = m.getId().getName();
            if (prefixes.stream().anyMatch(name::startsWith)
                    && tags.stream().allMatch(t -> t.getValue().equals(m.getId().getTag(t.getKey())))) {
                registry.remove(m);
            }
        }
    }
}
