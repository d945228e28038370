package io.assay.api;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.ws.rs.core.Response;

/**
 * An RFC 9457 problem detail ({@code application/problem+json}): what every API error answers.
 *
 * @param type   a stable URI naming the kind of problem ({@code urn:assay:problem:malformed-json})
 * @param title  a short, fixed summary of the kind
 * @param status the HTTP status
 * @param detail what was wrong with this request, naming the field or parameter
 */
public record Problem(String type, String title, int status, String detail) {
    public static final String MEDIA_TYPE = "application/problem+json";
    private static final String TYPE_PREFIX = "urn:assay:problem:";

    /** A problem of kind {@code slug} (becomes {@code urn:assay:problem:<slug>}). */
    public static Problem of(int status, String slug, String title, String detail) {
        return new Problem(TYPE_PREFIX + slug, title, status, detail);
    }

    public static Problem badRequest(String slug, String title, String detail) {
        return of(400, slug, title, detail);
    }

    public ObjectNode toJson() {
        ObjectNode n = JsonNodeFactory.instance.objectNode();
        n.put("type", type);
        n.put("title", title);
        n.put("status", status);
        if (detail != null) {
            n.put("detail", detail);
        }
        return n;
    }

    /** The response: this problem as {@code application/problem+json}. */
    public Response toResponse() {
        // written as text so that no message body writer has to know the problem+json media type
        return Response.status(status).type(MEDIA_TYPE).entity(toJson().toString()).build();
    }
}
