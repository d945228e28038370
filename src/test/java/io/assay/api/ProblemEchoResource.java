package io.assay.api;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/**
 * Test-only resource: a JSON body bound to a DTO, as later API resources will take them, so the generic problem
 * mappers can be tested on Quarkus's own JSON binding.
 */
@Path("/test-only/echo")
public class ProblemEchoResource {
    public record Amount(String asset, long value) {
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    public Amount echo(Amount a) {
        if (a == null) {
            throw ApiException.badRequest("missing-body", "Missing body", "request body: expected {\"asset\": ..., \"value\": ...}");
        }
        if (a.value() < 0) {
            throw ApiException.badRequest("negative-amount", "Negative amount", "value: must not be negative, found " + a.value());
        }
        if (a.value() == 13) {
            throw new IllegalStateException("internal detail that must not reach the client");
        }
        return a;
    }
}
