package io.assay.chain.rpc;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A plain JSON-RPC 2.0 client over HTTP for one endpoint: single calls and batches. It checks the shape of
 * every answer (ids match, each has result or error) and turns every failure into an {@link RpcException};
 * it never retries by itself (pools decide that). Credentials in the URL's user info become a Basic
 * Authorization header and are dropped from the URL; they never appear in messages.
 *
 * <p>The {@link #timeout} bounds a whole exchange, body included: a server that stalls half-way through a
 * body fails the call with a transport error instead of hanging the caller. Large answers can be read with
 * {@link #stream(String, ResultReader, Object...)}, which parses the body while it arrives and never holds
 * it in memory whole.
 */
public final class JsonRpcClient {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient SHARED = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();
    /** Closes streamed bodies whose deadline passed (a blocked read then fails instead of hanging). */
    private static final ScheduledExecutorService WATCHDOG = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "json-rpc-watchdog");
        t.setDaemon(true);
        return t;
    });

    private final URI uri;
    private final String label;
    private final String authorization;
    private final Duration timeout;
    private final HttpClient http;
    private final AtomicLong ids = new AtomicLong(1);

    public JsonRpcClient(URI uri, Duration timeout) {
        this(uri, timeout, SHARED);
    }

    public JsonRpcClient(URI uri, Duration timeout, HttpClient http) {
        String userInfo = uri.getRawUserInfo();
        this.authorization = userInfo == null ? null
                : "Basic " + Base64.getEncoder().encodeToString(
                java.net.URLDecoder.decode(userInfo, StandardCharsets.UTF_8).getBytes(StandardCharsets.UTF_8));
        this.uri = userInfo == null ? uri : URI.create(uri.toString().replace(userInfo + "@", ""));
        this.label = uri.getScheme() + "://" + uri.getHost() + (uri.getPort() >= 0 ? ":" + uri.getPort() : "");
        this.timeout = timeout;
        this.http = http;
    }

    public static ObjectMapper json() {
        return JSON;
    }

    /** scheme://host:port, safe to log. */
    public String label() {
        return label;
    }

    /** One call; returns its {@code result} (may be a JSON null). */
    public JsonNode call(String method, Object... params) {
        ObjectNode req = request(ids.getAndIncrement(), method, params);
        JsonNode body = post(req.toString());
        return result(body, method, req.get("id").asLong());
    }

    /** A request in a batch. */
    public record Call(String method, Object... params) {
    }

    /**
     * One HTTP request carrying all calls; results come back in the order of {@code calls}. If any call
     * failed, the first failure is thrown (a batch is all or nothing for our callers).
     */
    public List<JsonNode> batch(List<Call> calls) {
        if (calls.isEmpty()) {
            return List.of();
        }
        ArrayNode arr = JsonNodeFactory.instance.arrayNode();
        long first = ids.getAndAdd(calls.size());
        for (int i = 0; i < calls.size(); i++) {
            arr.add(request(first + i, calls.get(i).method(), calls.get(i).params()));
        }
        JsonNode body = post(arr.toString());
        if (!body.isArray()) {
            if (body.has("error")) {
                // some servers answer a whole batch with a single error object
                throw RpcException.rpc(body.path("error").path("code").asInt(), label + ": batch: "
                        + body.path("error").path("message").asText());
            }
            throw RpcException.malformed(label + ": batch answer is not an array", null);
        }
        Map<Long, JsonNode> byId = new HashMap<>();
        for (JsonNode n : body) {
            byId.put(n.path("id").asLong(-1), n);
        }
        List<JsonNode> out = new ArrayList<>(calls.size());
        for (int i = 0; i < calls.size(); i++) {
            JsonNode n = byId.get(first + i);
            if (n == null) {
                throw RpcException.malformed(label + ": batch answer lacks id " + (first + i)
                        + " (" + calls.get(i).method() + ")", null);
            }
            out.add(result(n, calls.get(i).method(), first + i));
        }
        return out;
    }

    /**
     * Reads the {@code result} of a call from a streaming parser positioned on its first token; it must
     * consume exactly that value (for an object or array: up to and including its end token).
     */
    @FunctionalInterface
    public interface ResultReader<T> {
        T read(JsonParser parser) throws IOException;
    }

    /**
     * One call whose answer is parsed while it arrives: the body is never held whole in memory. The same
     * checks apply as for {@link #call}: an error object throws, the id must match, and a body cut short
     * or malformed fails the whole call (the reader's partial work must then be discarded by the caller).
     * Exceptions other than {@link IOException} thrown by {@code reader} pass through unchanged.
     */
    public <T> T stream(String method, ResultReader<T> reader, Object... params) {
        long id = ids.getAndIncrement();
        String body = request(id, method, params).toString();
        long deadline = System.nanoTime() + timeout.toNanos();
        HttpResponse<InputStream> resp = send(body, HttpResponse.BodyHandlers.ofInputStream(), timeout);
        InputStream in = resp.body();
        long left = Math.max(1, deadline - System.nanoTime());
        ScheduledFuture<?> guard = WATCHDOG.schedule(() -> closeQuietly(in), left, TimeUnit.NANOSECONDS);
        try (in) {
            if (resp.statusCode() != 200) {
                byte[] bytes = in.readAllBytes();
                JsonNode n = statusError(resp.statusCode(), bytes, resp.headers().firstValue("Retry-After").orElse(null));
                return treeResult(n, method, id, reader);
            }
            try (JsonParser p = JSON.getFactory().createParser(in)) {
                return parseStreamed(p, method, id, reader);
            }
        } catch (IOException e) {
            if (System.nanoTime() - deadline >= 0) {
                throw new RpcTimeoutException(label + ": " + method + ": answer not complete within "
                        + timeout.toMillis() + " ms", e);
            }
            if (e instanceof com.fasterxml.jackson.core.JsonProcessingException j) {
                throw RpcException.malformed(label + ": " + method + ": malformed or truncated JSON answer: "
                        + j.getOriginalMessage(), e);
            }
            throw RpcException.transport(label + ": " + method + ": " + e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : ": " + e.getMessage()), e);
        } finally {
            guard.cancel(false);
        }
    }

    private <T> T parseStreamed(JsonParser p, String method, long id, ResultReader<T> reader) throws IOException {
        if (p.nextToken() != JsonToken.START_OBJECT) {
            throw RpcException.malformed(label + ": " + method + ": answer is not a JSON object", null);
        }
        boolean haveResult = false;
        T result = null;
        long answeredId = -1;
        JsonNode error = null;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String field = p.currentName();
            JsonToken t = p.nextToken();
            switch (field) {
                case "id" -> answeredId = t == JsonToken.VALUE_NUMBER_INT ? p.getLongValue() : -1;
                case "error" -> error = t == JsonToken.VALUE_NULL ? null : JSON.readTree(p);
                case "result" -> {
                    haveResult = true;
                    result = t == JsonToken.VALUE_NULL ? null : reader.read(p);
                }
                default -> p.skipChildren();
            }
        }
        if (p.currentToken() != JsonToken.END_OBJECT || p.nextToken() != null) {
            throw RpcException.malformed(label + ": " + method + ": answer does not end where a JSON object should", null);
        }
        if (error != null) {
            throw rpcError(error, method);
        }
        if (!haveResult) {
            throw RpcException.malformed(label + ": " + method + ": answer has neither result nor error", null);
        }
        if (answeredId != id) {
            throw RpcException.malformed(label + ": " + method + ": answer id " + answeredId + " does not match " + id, null);
        }
        return result;
    }

    private <T> T treeResult(JsonNode n, String method, long id, ResultReader<T> reader) throws IOException {
        JsonNode r = result(n, method, id);
        if (r.isNull()) {
            return null;
        }
        try (JsonParser p = JSON.treeAsTokens(r)) {
            p.nextToken();
            return reader.read(p);
        }
    }

    private static void closeQuietly(InputStream in) {
        try {
            in.close();
        } catch (IOException ignored) {
            // the reader sees the failure
        }
    }

    private static ObjectNode request(long id, String method, Object[] params) {
        ObjectNode req = JsonNodeFactory.instance.objectNode();
        req.put("jsonrpc", "2.0");
        req.put("id", id);
        req.put("method", method);
        req.set("params", param(params == null ? new Object[0] : params));
        return req;
    }

    /**
     * A call parameter as JSON, converted by hand rather than by data binding (which would need reflection metadata for
     * whatever class a caller passed, in a native image): a {@link JsonNode}, {@code null}, a string, a boolean, an
     * integer type, {@link BigInteger}, {@link BigDecimal} (bitcoind amounts), a {@link Map} (keys as strings), a
     * {@link Collection} or an object array, nested freely. A {@code double} is refused: amounts are exact.
     *
     * @throws IllegalArgumentException for any other type
     */
    public static JsonNode param(Object v) {
        JsonNodeFactory f = JsonNodeFactory.instance;
        if (v == null) {
            return f.nullNode();
        } else if (v instanceof JsonNode n) {
            return n;
        } else if (v instanceof String s) {
            return f.textNode(s);
        } else if (v instanceof Boolean b) {
            return f.booleanNode(b);
        } else if (v instanceof Integer || v instanceof Long || v instanceof Short || v instanceof Byte) {
            return f.numberNode(((Number) v).longValue());
        } else if (v instanceof BigInteger i) {
            return f.numberNode(i);
        } else if (v instanceof BigDecimal d) {
            return f.numberNode(d); // as given (10.00000000 stays so); data binding dropped trailing zeros, same number
        } else if (v instanceof Map<?, ?> m) {
            ObjectNode o = f.objectNode();
            m.forEach((k, x) -> o.set(String.valueOf(k), param(x)));
            return o;
        } else if (v instanceof Collection<?> c) {
            ArrayNode a = f.arrayNode(c.size());
            c.forEach(x -> a.add(param(x)));
            return a;
        } else if (v instanceof Object[] arr) {
            ArrayNode a = f.arrayNode(arr.length);
            for (Object x : arr) {
                a.add(param(x));
            }
            return a;
        }
        throw new IllegalArgumentException("a JSON-RPC parameter of type " + v.getClass().getName()
                + ": pass a JsonNode, string, boolean, integer, BigInteger, BigDecimal, Map, Collection or array");
    }

    private JsonNode result(JsonNode n, String method, long id) {
        if (!n.isObject()) {
            throw RpcException.malformed(label + ": " + method + ": answer is not a JSON object", null);
        }
        if (n.has("error") && !n.get("error").isNull()) {
            throw rpcError(n.get("error"), method);
        }
        if (!n.has("result")) {
            throw RpcException.malformed(label + ": " + method + ": answer has neither result nor error", null);
        }
        if (n.path("id").asLong(-1) != id) {
            throw RpcException.malformed(label + ": " + method + ": answer id " + n.get("id") + " does not match " + id, null);
        }
        return n.get("result");
    }

    private RpcException rpcError(JsonNode e, String method) {
        String msg = e.path("message").asText(e.toString());
        return RpcException.rpc(e.path("code").asInt(), label + ": " + method + ": " + msg
                + (e.has("data") ? " (" + e.get("data") + ")" : ""));
    }

    private JsonNode post(String body) {
        HttpResponse<byte[]> resp = send(body, HttpResponse.BodyHandlers.ofByteArray(), timeout);
        int status = resp.statusCode();
        byte[] bytes = resp.body();
        if (status != 200) {
            return statusError(status, bytes, resp.headers().firstValue("Retry-After").orElse(null));
        }
        try {
            JsonNode n = JSON.readTree(bytes);
            if (n == null) {
                throw RpcException.malformed(label + ": empty answer", null);
            }
            return n;
        } catch (IOException e) {
            throw RpcException.malformed(label + ": malformed JSON answer (" + bytes.length + " bytes)", e);
        }
    }

    /**
     * Sends one request. The future is bounded by {@code limit}: for a byte-array body that covers the whole
     * answer; for a streamed body, the headers (the reader's watchdog covers the rest).
     */
    private <B> HttpResponse<B> send(String body, HttpResponse.BodyHandler<B> handler, Duration limit) {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri)
                .timeout(limit)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (authorization != null) {
            b.header("Authorization", authorization);
        }
        CompletableFuture<HttpResponse<B>> f = http.sendAsync(b.build(), handler);
        try {
            return f.get(limit.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            f.cancel(true);
            throw new RpcTimeoutException(label + ": no complete answer within " + limit.toMillis() + " ms", e);
        } catch (ExecutionException e) {
            Throwable c = e.getCause();
            if (c instanceof java.net.http.HttpTimeoutException) {
                throw new RpcTimeoutException(label + ": no complete answer within " + limit.toMillis() + " ms", c);
            }
            throw RpcException.transport(label + ": " + c.getClass().getSimpleName()
                    + (c.getMessage() == null ? "" : ": " + c.getMessage()), c);
        } catch (CancellationException e) {
            throw RpcException.transport(label + ": request cancelled", e);
        } catch (InterruptedException e) {
            f.cancel(true);
            Thread.currentThread().interrupt();
            throw RpcException.transport(label + ": interrupted", e);
        }
    }

    /** A non-200 answer: the JSON-RPC error it carries (returned as the body), or an {@link RpcException}. */
    private JsonNode statusError(int status, byte[] bytes, String retryAfterHeader) {
        // Bitcoin Core answers JSON-RPC errors with HTTP 500 and a JSON body: keep that error.
        if (status == 500 || status == 404 || status == 400) {
            try {
                JsonNode n = JSON.readTree(bytes);
                if (n != null && n.has("error") && !n.get("error").isNull()) {
                    return n;
                }
            } catch (IOException ignored) {
                // not JSON: report the status below
            }
        }
        long retryAfter = retryAfterHeader == null ? 0 : seconds(retryAfterHeader);
        throw RpcException.http(status, label + ": HTTP " + status, retryAfter);
    }

    private static long seconds(String v) {
        try {
            return Long.parseLong(v.trim()) * 1000;
        } catch (NumberFormatException e) {
            return 1000;
        }
    }
}
