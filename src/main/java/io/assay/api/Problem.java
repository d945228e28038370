package io.assay.api;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * An RFC 9457 problem detail ({@code application/problem+json}): every error answer of the API has this shape.
 *
 * @param type     a URI naming the kind of problem ({@code about:blank} when the status says it all)
 * @param title    short, the same for every problem of this kind
 * @param status   the HTTP status
 * @param detail   what was wrong with this request and what to do
 * @param instance the request path
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Problem(String type, String title, int status, String detail, String instance) {
    public static final String MEDIA_TYPE = "application/problem+json";
}
