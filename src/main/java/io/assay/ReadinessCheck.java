package io.assay;

import io.assay.por.ChainFreshness;
import io.assay.por.PorEngine;
import io.assay.por.Snapshot;
import io.assay.store.Store;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

import java.util.LinkedHashSet;
import java.util.Set;

/**
 * Ready when the store is open and every chain an asset uses is within that asset's staleness tolerance.
 * The answer names the stale chains and why.
 */
@Readiness
@ApplicationScoped
public class ReadinessCheck implements HealthCheck {
    @Inject
    Store store;
    @Inject
    PorEngine engine;

    @Override
    public HealthCheckResponse call() {
        HealthCheckResponseBuilder b = HealthCheckResponse.named("assay-data");
        try {
            store.list("_chain/"); // touches the open store
        } catch (RuntimeException e) {
            return b.down().withData("store", "not open: " + e.getMessage()).build();
        }
        b.withData("store", "open");
        Set<String> stale = new LinkedHashSet<>();
        for (String asset : engine.profiles().assets().keySet()) {
            Snapshot s = engine.latest(asset);
            for (ChainFreshness c : s.chains()) {
                if (c.stale()) {
                    stale.add(c.reason());
                }
            }
        }
        if (!stale.isEmpty()) {
            return b.down().withData("stale", String.join("; ", stale)).build();
        }
        return b.up().build();
    }
}
