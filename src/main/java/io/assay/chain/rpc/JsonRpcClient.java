package io.assay.chain.rpc;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A plain JSON-RPC 2.0 client over HTTP for one endpoint: single calls and batches. It checks the shape of
 * every answer (ids match, each has result or error) and turns every failure into an {@link RpcException};
 * it never retries by itself (pools decide that). Credentials in the URL's user info become a Basic
 * Authorization header and are dropped from the URL; they never appear in messages.
 */
public final class JsonRpcClient {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient SHARED = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();

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

    private static ObjectNode request(long id, String method, Object[] params) {
        ObjectNode req = JsonNodeFactory.instance.objectNode();
        req.put("jsonrpc", "2.0");
        req.put("id", id);
        req.put("method", method);
        req.set("params", JSON.valueToTree(params == null ? new Object[0] : params));
        return req;
    }

    private JsonNode result(JsonNode n, String method, long id) {
        if (!n.isObject()) {
            throw RpcException.malformed(label + ": " + method + ": answer is not a JSON object", null);
        }
        if (n.has("error") && !n.get("error").isNull()) {
            JsonNode e = n.get("error");
            String msg = e.path("message").asText(e.toString());
            throw RpcException.rpc(e.path("code").asInt(), label + ": " + method + ": " + msg
                    + (e.has("data") ? " (" + e.get("data") + ")" : ""));
        }
        if (!n.has("result")) {
            throw RpcException.malformed(label + ": " + method + ": answer has neither result nor error", null);
        }
        if (n.path("id").asLong(-1) != id) {
            throw RpcException.malformed(label + ": " + method + ": answer id " + n.get("id") + " does not match " + id, null);
        }
        return n.get("result");
    }

    private JsonNode post(String body) {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri)
                .timeout(timeout)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (authorization != null) {
            b.header("Authorization", authorization);
        }
        HttpResponse<byte[]> resp;
        try {
            resp = http.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw RpcException.transport(label + ": " + e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : ": " + e.getMessage()), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw RpcException.transport(label + ": interrupted", e);
        }
        int status = resp.statusCode();
        byte[] bytes = resp.body();
        if (status != 200) {
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
            long retryAfter = resp.headers().firstValue("Retry-After").map(JsonRpcClient::seconds).orElse(0L);
            throw RpcException.http(status, label + ": HTTP " + status, retryAfter);
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

    private static long seconds(String v) {
        try {
            return Long.parseLong(v.trim()) * 1000;
        } catch (NumberFormatException e) {
            return 1000;
        }
    }
}
