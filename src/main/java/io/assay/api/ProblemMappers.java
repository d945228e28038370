package io.assay.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * Turns every error a REST resource raises into {@code application/problem+json}: {@link ApiException} as given,
 * malformed JSON bodies as 400 naming the field, line and column (never a Java type), JAX-RS errors (404, 405, 415,
 * ...) with their status, and anything unexpected as a 500 that says nothing internal (the cause is logged at ERROR
 * with an id the answer carries). Client errors are logged at DEBUG only. Errors raised below the REST layer (HTTP
 * limits, bad percent-encoding, a missing Host) are answered by {@link HttpEdge}.
 */
public class ProblemMappers {
    private static final Logger LOG = Logger.getLogger(ProblemMappers.class);

    @ServerExceptionMapper
    public Response api(ApiException e) {
        return e.problem().toResponse();
    }

    @ServerExceptionMapper
    public Response unknownAsset(io.assay.por.UnknownAssetException e) {
        return Problem.of(404, "unknown-asset", "Unknown asset", e.getMessage()).toResponse();
    }

    /** The engine's own query checks (e.g. heights for a chain the asset does not use). */
    @ServerExceptionMapper
    public Response invalidQuery(io.assay.por.InvalidQueryException e) {
        return Problem.badRequest("invalid-parameter", "Invalid parameter", e.getMessage()).toResponse();
    }

    // Quarkus ships its own mappers for some of these subtypes (one of them logs at ERROR); naming each here keeps
    // every JSON error a problem+json 400 worded in the API's terms (JsonProblems), logged at DEBUG.
    @ServerExceptionMapper
    public Response jsonParse(com.fasterxml.jackson.core.JsonParseException e) {
        return json(e);
    }

    @ServerExceptionMapper
    public Response jsonRead(com.fasterxml.jackson.core.exc.StreamReadException e) {
        return json(e);
    }

    @ServerExceptionMapper
    public Response jsonMismatch(com.fasterxml.jackson.databind.exc.MismatchedInputException e) {
        return json(e);
    }

    @ServerExceptionMapper
    public Response jsonUnknownField(com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException e) {
        return json(e);
    }

    @ServerExceptionMapper
    public Response jsonDefinition(com.fasterxml.jackson.databind.exc.InvalidDefinitionException e) {
        return json(e);
    }

    @ServerExceptionMapper
    public Response json(JsonProcessingException e) {
        Problem p = JsonProblems.of(e);
        LOG.debugf("request body refused: %s", p.detail());
        return p.toResponse();
    }

    @ServerExceptionMapper
    public Response web(WebApplicationException e) {
        if (e.getCause() instanceof JsonProcessingException j) {
            return json(j); // Quarkus's JSON reader wraps syntax errors in a 400 WebApplicationException
        }
        Response r = e.getResponse();
        int status = r == null ? 500 : r.getStatus();
        if (status >= 500) {
            return unexpected(e);
        }
        LOG.debugf("client error %d: %s", status, e.getMessage());
        Response.StatusType st = Response.Status.fromStatusCode(status);
        String title = st == null ? "HTTP " + status : st.getReasonPhrase();
        return Problem.of(status, title.toLowerCase(java.util.Locale.ROOT).replace(' ', '-'), title, JsonProblems.scrub(e.getMessage()))
                .toResponse();
    }

    @ServerExceptionMapper
    public Response unexpected(RuntimeException e) {
        String id = java.util.UUID.randomUUID().toString();
        // a server fault: one ERROR record carrying the id the client sees (its stack trace, for the fix)
        LOG.errorf(e, "unexpected error %s", id);
        return Problem.of(500, "internal", "Internal error", "unexpected error; the server log has details under id " + id)
                .toResponse();
    }
}
