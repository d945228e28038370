package io.assay.api;

import io.assay.por.UnknownAssetException;
import jakarta.ws.rs.NotAllowedException;
import jakarta.ws.rs.NotAcceptableException;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.NotSupportedException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import java.util.UUID;

/**
 * Turns every failure into {@code application/problem+json}. Client mistakes get 4xx with a message saying
 * what to change; anything unexpected is logged with an id and answered 500 with that id only (no
 * internals, no stack traces, nothing from configuration).
 */
public class ProblemMappers {
    private static final Logger LOG = Logger.getLogger(ProblemMappers.class);

    static Response problem(int status, String title, String detail, UriInfo uri) {
        return Response.status(status)
                .type(Problem.MEDIA_TYPE)
                .entity(new Problem("about:blank", title, status, detail, uri == null ? null : uri.getPath()))
                .build();
    }

    @ServerExceptionMapper
    public Response api(ApiException e, UriInfo uri) {
        return problem(e.status(), e.title(), e.getMessage(), uri);
    }

    @ServerExceptionMapper
    public Response unknownAsset(UnknownAssetException e, UriInfo uri) {
        return problem(404, "Unknown asset", e.getMessage(), uri);
    }

    @ServerExceptionMapper
    public Response illegalArgument(IllegalArgumentException e, UriInfo uri) {
        return problem(400, "Bad Request", e.getMessage(), uri);
    }

    @ServerExceptionMapper
    public Response notFound(NotFoundException e, UriInfo uri) {
        return problem(404, "Not Found", "no resource at " + (uri == null ? "this path" : uri.getPath())
                + "; see /q/openapi for the API", uri);
    }

    @ServerExceptionMapper
    public Response notAllowed(NotAllowedException e, UriInfo uri) {
        return problem(405, "Method Not Allowed", "method not allowed here; allowed: "
                + e.getResponse().getAllowedMethods(), uri);
    }

    @ServerExceptionMapper
    public Response notAcceptable(NotAcceptableException e, UriInfo uri) {
        return problem(406, "Not Acceptable", "this resource answers application/json"
                + " (history also text/csv)", uri);
    }

    @ServerExceptionMapper
    public Response unsupported(NotSupportedException e, UriInfo uri) {
        return problem(415, "Unsupported Media Type", "send application/json", uri);
    }

    @ServerExceptionMapper
    public Response web(WebApplicationException e, UriInfo uri) {
        int status = e.getResponse().getStatus();
        if (status >= 500) {
            return internal(e, uri);
        }
        String detail = e.getMessage() == null ? Response.Status.fromStatusCode(status).getReasonPhrase() : e.getMessage();
        return problem(status, Response.Status.fromStatusCode(status) == null ? "Error"
                : Response.Status.fromStatusCode(status).getReasonPhrase(), detail, uri);
    }

    @ServerExceptionMapper(priority = 10_000)
    public Response internal(Throwable e, UriInfo uri) {
        String id = UUID.randomUUID().toString();
        LOG.errorf(e, "internal error %s on %s", id, uri == null ? "?" : uri.getPath());
        return problem(500, "Internal Server Error", "the server failed to answer; error id " + id
                + " (search the server log for it)", uri);
    }
}
