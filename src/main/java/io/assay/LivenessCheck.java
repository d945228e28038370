package io.assay;

import io.assay.config.Profiles;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Liveness;

/** Alive once profiles loaded; reports what was loaded. */
@Liveness
@ApplicationScoped
public class LivenessCheck implements HealthCheck {
    private final Profiles profiles;

    LivenessCheck(Profiles profiles) {
        this.profiles = profiles;
    }

    @Override
    public HealthCheckResponse call() {
        return HealthCheckResponse.named("assay")
                .withData("chains", String.join(",", profiles.chains().keySet()))
                .withData("assets", String.join(",", profiles.assets().keySet()))
                .up().build();
    }
}
