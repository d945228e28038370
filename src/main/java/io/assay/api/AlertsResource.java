package io.assay.api;

import io.assay.alert.Alert;
import io.assay.alert.AlertService;
import io.assay.alert.Delivery;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.time.Instant;
import java.util.List;

/** Active and recently resolved alerts, and the record of their webhook deliveries. Secrets are never shown. */
@Path("/v1/alerts")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "alerts", description = "Alerts and webhook deliveries")
public class AlertsResource {
    @Inject
    AlertService alerts;

    @io.quarkus.runtime.annotations.RegisterForReflection
    public record AlertDto(String id, String type, String state, String asset, String chain, String message,
                           Instant startedAt, Instant resolvedAt) {
        static AlertDto of(Alert a) {
            return new AlertDto(a.id(), a.type().wire(), a.firing() ? "firing" : "resolved", a.asset(), a.chain(),
                    a.message(), a.startedAt(), a.resolvedAt());
        }
    }

    @io.quarkus.runtime.annotations.RegisterForReflection
    public record AlertsDto(List<AlertDto> active, List<AlertDto> resolved) {
    }

    @GET
    @Operation(summary = "Active alerts and recently resolved ones (newest first)")
    public AlertsDto list() {
        return new AlertsDto(alerts.book().active().stream().map(AlertDto::of).toList(),
                alerts.book().resolved().stream().map(AlertDto::of).toList());
    }

    @GET
    @Path("deliveries")
    @Operation(summary = "Webhook deliveries, newest first: state (pending, delivered, failed), attempts, last status")
    public List<Delivery.View> deliveries(@QueryParam("limit") String limit) {
        int n = Params.limit("limit", limit, 100, 500);
        return alerts.dispatcher().deliveries().stream().limit(n).toList();
    }
}
