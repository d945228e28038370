package io.assay.api;

import io.assay.por.PorEngine;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** {@code /v1}: what this node is, who signs for it, and where to go next. */
@Path("/v1")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "service")
public class RootResource {
    @Inject
    PorEngine engine;
    @Inject
    NodeInfo node;

    @GET
    @Operation(summary = "Service information: version, signer address, assets, chains, links")
    @APIResponse(responseCode = "200", description = "what this node is and where to go next",
            content = @Content(mediaType = MediaType.APPLICATION_JSON,
                    examples = @ExampleObject(name = "demo", value = ApiExamples.ROOT)))
    public Map<String, Object> root() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("service", "assay");
        m.put("version", node.version());
        m.put("signer", node.signer());
        m.put("assets", List.copyOf(engine.profiles().assets().keySet()));
        m.put("chains", List.copyOf(engine.profiles().chains().keySet()));
        m.put("links", Map.of("assets", "/v1/assets", "chains", "/v1/chains", "series", "/v1/series",
                "openapi", "/q/openapi", "swagger", "/q/swagger-ui", "health", "/q/health", "metrics", "/q/metrics"));
        return m;
    }
}
