package io.assay.api;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * {@code GET /v1/ping}: a constant answer through the same stack as every {@code /v1} endpoint (JAX-RS on a worker
 * thread, Jackson, metrics) and nothing else. Clients use it to check reachability; the API load benchmark
 * ({@code bench/load}) uses it as the baseline that snapshot and mint-check throughput is compared with.
 */
@Path("/v1/ping")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "service")
public class PingResource {
    private static final Pong PONG = new Pong("assay", true);

    /** The constant body. */
    public record Pong(String service, boolean ok) {
    }

    @GET
    @Operation(summary = "Reachability check: always {\"service\":\"assay\",\"ok\":true}; reads no data")
    public Pong ping() {
        return PONG;
    }
}
