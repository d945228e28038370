package io.assay.api;

import io.netty.handler.codec.http.HttpResponseStatus;
import io.quarkus.vertx.http.HttpServerOptionsCustomizer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import io.vertx.ext.web.handler.HttpException;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * The API's edge, below the REST layer: checks every request before it is routed (target length, header bytes,
 * declared body size, percent-encoding, a blank {@code Accept}) and answers what fails there, and every failure Vert.x
 * raises itself (a missing {@code Host}, an undecodable path, a body over the limit while it streams), with
 * {@code application/problem+json} instead of an empty body. Client errors are logged at DEBUG; anything else is a
 * server fault, logged once at ERROR with the id the answer carries.
 *
 * <p>Also sets the request timeout ({@link HttpLimits#requestTimeout()}) as Vert.x's write-idle timeout: a connection
 * on which the server has written nothing for that long (a client trickling headers or a body, or an idle keep-alive
 * connection) is closed, so slow clients cannot hold connections.
 */
@Singleton
public class HttpEdge implements HttpServerOptionsCustomizer {
    private static final Logger LOG = Logger.getLogger(HttpEdge.class);

    private final HttpLimits limits;
    private final long maxBody;

    HttpEdge(HttpLimits limits, @ConfigProperty(name = "quarkus.http.limits.max-body-size") Optional<io.quarkus.runtime.configuration.MemorySize> maxBody) {
        this.limits = limits;
        this.maxBody = maxBody.map(io.quarkus.runtime.configuration.MemorySize::asLongValue).orElse(Long.MAX_VALUE);
    }

    @Override
    public void customizeHttpServer(HttpServerOptions options) {
        setTimeout(options);
    }

    @Override
    public void customizeHttpsServer(HttpServerOptions options) {
        setTimeout(options);
    }

    private void setTimeout(HttpServerOptions options) {
        TimeUnit unit = options.getIdleTimeoutUnit(); // one unit for all three idle timeouts
        options.setWriteIdleTimeout((int) Math.max(1, unit.convert(limits.requestTimeout())));
    }

    void install(@Observes Router router) {
        // before Quarkus's own handlers (its body-size check is at order -2)
        router.route().order(Integer.MIN_VALUE).handler(this::check);
        router.route().order(Integer.MIN_VALUE).failureHandler(this::failed);
        // A body without Content-Length (chunked) is read here, up to the limit, so that going over it is a failure
        // this class words (413 problem+json); the REST layer takes the buffered body. Bodies with a length are
        // checked against the limit up front and read by the REST layer as they arrive.
        BodyHandler chunked = BodyHandler.create(false).setBodyLimit(maxBody);
        router.route("/v1/*").order(Integer.MIN_VALUE + 1).handler(ctx -> {
            HttpServerRequest req = ctx.request();
            if (req.getHeader(HttpHeaders.CONTENT_LENGTH) == null && req.getHeader(HttpHeaders.TRANSFER_ENCODING) != null) {
                chunked.handle(ctx);
            } else {
                ctx.next();
            }
        });
    }

    private void check(RoutingContext ctx) {
        HttpServerRequest req = ctx.request();
        String uri = req.uri();
        if (uri.length() > limits.maxUriLength()) {
            reject(ctx, 414, "uri-too-long", "the request target (path and query) is " + uri.length()
                    + " characters; at most " + limits.maxUriLength() + " are accepted");
            return;
        }
        long headerBytes = 0;
        for (Map.Entry<String, String> h : req.headers()) {
            headerBytes += h.getKey().length() + h.getValue().length() + 4; // "name: value\r\n"
        }
        if (headerBytes > limits.maxHeaderBytes()) {
            reject(ctx, 431, "headers-too-large", "the request headers are " + headerBytes + " bytes; at most "
                    + limits.maxHeaderBytes() + " are accepted");
            return;
        }
        String length = req.getHeader(HttpHeaders.CONTENT_LENGTH);
        if (length != null && length.length() > 0 && declaredLength(length) > maxBody) {
            reject(ctx, 413, "body-too-large", "the request body is declared as " + Params.abbreviate(length)
                    + " bytes; at most " + maxBody + " are accepted");
            return;
        }
        String bad = malformedTarget(uri);
        if (bad != null) {
            reject(ctx, 400, "malformed-uri", bad);
            return;
        }
        String twice = req.path() != null && req.path().startsWith("/v1") ? repeatedParameter(req.query()) : null;
        if (twice != null) {
            reject(ctx, 400, "invalid-parameter", "parameter '" + Params.abbreviate(twice)
                    + "' is given more than once; give it once");
            return;
        }
        String accept = req.getHeader(HttpHeaders.ACCEPT);
        if (accept != null && accept.isBlank()) {
            req.headers().remove(HttpHeaders.ACCEPT); // "Accept:" with no value: take it as no preference
        }
        ctx.next();
    }

    /**
     * The first query parameter named twice, or null. No API parameter takes several values, and taking the first
     * of two (what the REST layer does) would answer a question the client did not ask.
     */
    static String repeatedParameter(String query) {
        if (query == null || query.isEmpty()) {
            return null;
        }
        java.util.Set<String> seen = new java.util.HashSet<>();
        for (String part : query.split("&")) {
            if (part.isEmpty()) {
                continue;
            }
            int eq = part.indexOf('=');
            String name = java.net.URLDecoder.decode(eq < 0 ? part : part.substring(0, eq), java.nio.charset.StandardCharsets.UTF_8);
            if (!seen.add(name)) {
                return name;
            }
        }
        return null;
    }

    private static long declaredLength(String v) {
        if (v.length() > 18 || !v.chars().allMatch(c -> c >= '0' && c <= '9')) {
            return Long.MAX_VALUE; // Vert.x refuses these itself; over the limit in any case
        }
        return Long.parseLong(v);
    }

    /**
     * What is wrong with the request target, or null when it is a valid URI: the check Quarkus's root handler makes
     * unless {@code vertx.disableURIValidation} is set (io.assay.ModuleOpener sets it so that this answer is worded).
     */
    static String malformedTarget(String uri) {
        String pct = malformedPercent(uri);
        if (pct != null) {
            return pct;
        }
        try {
            new java.net.URI(uri);
            return null;
        } catch (java.net.URISyntaxException e) {
            return "the request target is not a valid URI: " + e.getReason()
                    + (e.getIndex() >= 0 ? " at character " + (e.getIndex() + 1) : "")
                    + " (percent-encode spaces, quotes, brackets and other reserved characters)";
        }
    }

    /** What is wrong with the target's percent-encoding, or null when every '%' starts two hex digits. */
    static String malformedPercent(String uri) {
        for (int i = 0; i < uri.length(); i++) {
            if (uri.charAt(i) == '%' && (i + 2 >= uri.length() || !hex(uri.charAt(i + 1)) || !hex(uri.charAt(i + 2)))) {
                String at = uri.substring(i, Math.min(uri.length(), i + 3));
                return "the request target has a malformed percent-encoding '" + at + "' at character " + (i + 1)
                        + ": '%' must be followed by two hex digits (write '%25' for '%' itself)";
            }
        }
        return null;
    }

    private static boolean hex(char c) {
        return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
    }

    private void failed(RoutingContext ctx) {
        HttpServerResponse res = ctx.response();
        if (res.ended() || res.closed()) {
            return;
        }
        Throwable t = ctx.failure();
        int status = ctx.statusCode();
        if (t instanceof HttpException h) {
            status = h.getStatusCode();
        }
        if (readTimedOut(t)) {
            // the body stalled longer than quarkus.http.read-timeout: the client's doing, not a server fault
            reject(ctx, 408, "request-timeout", "the request body stopped arriving before its declared end; send the"
                    + " whole body without pauses");
            return;
        }
        if (status >= 400 && status < 500) {
            String detail = clientDetail(ctx, status, t);
            reject(ctx, status, slug(status), detail);
            return;
        }
        String id = UUID.randomUUID().toString();
        // a server fault: one ERROR record carrying the id the client sees (and the cause's stack trace, for the fix)
        LOG.errorf(t, "unexpected error %s on %s %s (status %d)", id, ctx.request().method(),
                Params.abbreviate(String.valueOf(ctx.request().path())), status);
        write(ctx, Problem.of(500, "internal", "Internal error",
                "unexpected error; the server log has details under id " + id), false);
    }

    private static boolean readTimedOut(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof java.io.IOException && c.getMessage() != null && c.getMessage().contains("timed out")) {
                return true;
            }
        }
        return false;
    }

    private static String clientDetail(RoutingContext ctx, int status, Throwable t) {
        String bad = malformedTarget(ctx.request().uri());
        if (bad != null) {
            return bad;
        }
        if (ctx.request().version() == io.vertx.core.http.HttpVersion.HTTP_1_1 && ctx.request().getHeader(HttpHeaders.HOST) == null) {
            return "HTTP/1.1 requests need a Host header";
        }
        if (status == 413) {
            return "the request body is over the limit of the server";
        }
        if (status == 404) {
            return "no resource at '" + Params.abbreviate(String.valueOf(ctx.request().uri())) + "'";
        }
        String msg = t == null ? null : JsonProblems.scrub(t.getMessage());
        return msg == null || msg.isBlank() ? "the request cannot be read" : msg;
    }

    private static String slug(int status) {
        HttpResponseStatus s = HttpResponseStatus.valueOf(status);
        return s.reasonPhrase().toLowerCase(java.util.Locale.ROOT).replace(' ', '-');
    }

    private static void reject(RoutingContext ctx, int status, String slug, String detail) {
        LOG.debugf("refused %s %s: %d %s", ctx.request().method(), Params.abbreviate(ctx.request().uri()), status, detail);
        String title = HttpResponseStatus.valueOf(status).reasonPhrase();
        write(ctx, Problem.of(status, slug, title, detail), true);
    }

    private static void write(RoutingContext ctx, Problem p, boolean close) {
        HttpServerResponse res = ctx.response();
        res.setStatusCode(p.status()).putHeader(HttpHeaders.CONTENT_TYPE, Problem.MEDIA_TYPE);
        if (close) {
            // the rest of the request (a body, perhaps huge) is not read: the connection cannot carry another one
            res.putHeader(HttpHeaders.CONNECTION, "close");
        }
        res.end(p.toJson().toString());
    }
}
