package io.assay.api;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithName;

import java.time.Duration;

/**
 * Limits on what one HTTP request may hold or take ({@code assay.http.*}, docs/api.md "Limits and timeouts"). Requests
 * over a limit are answered with a problem+json 413, 414 or 431 by {@link HttpEdge}; Vert.x's own, larger limits
 * ({@code quarkus.http.limits.*}) stay as the last line, where no body can be sent.
 */
@ConfigMapping(prefix = "assay.http")
public interface HttpLimits {
    /** Longest request target (path and query) in characters; longer is a 414. */
    @WithName("max-uri-length")
    @WithDefault("8192")
    int maxUriLength();

    /** Most bytes of request headers (names, values and separators); more is a 431. */
    @WithName("max-header-bytes")
    @WithDefault("32768")
    int maxHeaderBytes();

    /**
     * How long a connection may go without the server writing to it: a request's headers and body must arrive within
     * this time of the connection opening or of the previous answer, and an idle keep-alive connection is closed
     * after it. Every API answer takes milliseconds, so it also bounds a client that stops reading an answer.
     */
    @WithName("request-timeout")
    @WithDefault("10s")
    Duration requestTimeout();
}
