package io.assay.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Malformed requests generated from the service's own OpenAPI document ({@code /q/openapi}): for every operation,
 * hostile values in each path and query parameter (alone and repeated), wrong methods, wrong and malformed content
 * types and Accept headers, and malformed bodies where it takes one; each sent on a raw socket. Every answer must be
 * below 500, every 4xx on /v1 must be problem+json with its status, and no answer may name a Java type or package.
 * Bounded (about a thousand requests, a few seconds), so it runs with the suite.
 */
@QuarkusTest
class OpenApiFuzzTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Known-good values, so that each request has one thing wrong. */
    private static final Map<String, String> GOOD_PATH = Map.of("asset", "wbtc", "chain", "ethereum", "roundId", "1",
            "metric", "supply", "source", "_total");

    private static final List<String> BAD_PATH = List.of("%zz", "%00", "%2e%2e", "..", "a".repeat(300), "%C3%28",
            "%F0%9F%92%A9", "WBTC", "-1", "99999999999999999999999", "%20", "%2F", "x%0Ay", "%E2%80%AE");

    private static final List<String> BAD_QUERY = List.of("", "%zz", "%00", "-1", "0", "99999999999999999999999",
            "1e309", "NaN", "-999999999-01-01T00:00:00Z", "%2B999999999-12-31T23:59:59Z", "9999-12-31T23:59:59.999999999Z",
            "1970-01-01T00:00:00Z", "1969-12-31T23:59:59Z", "PT0S", "PT0.0000001S", "P999999999D", "PT-1S",
            "PT2562047788015215H", "999999999w", "x".repeat(3000), "%E2%80%AE", "true", "ethereum:1,ethereum:2", ":", ",",
            "a:b:c", "ethereum:99999999999999999999", "%C3%28", "[]", "{}", "null", "%22", "0x", "0x" + "f".repeat(64));

    private static final List<String> BAD_BODIES = List.of("", "{", "}", "[]", "null", "1", "\"x\"", "true",
            "{\"amount\": \"1\", \"amount\": \"2\"}", "{\"amount\": \"1\"} {}", "{\"amount\": \"1\"}x", "[".repeat(5000),
            "{\"amount\": " + "9".repeat(5000) + "}", "{\"amount\": \"" + "9".repeat(100_000) + "\"}", "{\"amount\": 1}",
            "{\"amount\": -1.5e300}", "{\"amount\": null}", "{\"amount\": [\"1\"]}", "{\"nope\": 1}", "{\"amount\": \"\\u0000\"}",
            "{\"typedData\": [], \"signature\": 5}", "{\"typedData\": {\"domain\": 1}, \"signature\": \"0x\"}",
            "{\"a\":" + "{\"a\":".repeat(2000) + "1" + "}".repeat(2001));

    private static final List<String> BAD_CONTENT_TYPES = List.of("text/plain", "application/xml", ";;;", "application/json; charset=nope",
            "multipart/form-data; boundary=x", "application/x-www-form-urlencoded", "application/json;;", "*/*");

    private static final List<String> BAD_ACCEPTS = List.of("", "text/csv", "image/png", ";;;", "*/*;q=x", "application/json;q=0",
            ",,,", "text/*", "application/problem+json");

    @TestHTTPResource("/")
    URL base;

    private final List<String> failures = new ArrayList<>();
    private int sent;

    @Test
    void malformedRequestsFromTheOpenApiDocumentAreClientErrors() throws IOException {
        JsonNode doc = JSON.readTree(RawHttp.send(base.getPort(),
                "GET /q/openapi?format=json HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n").body());
        JsonNode paths = doc.path("paths");
        assertTrue(paths.size() >= 15, "the OpenAPI document lists " + paths.size() + " paths");
        for (Iterator<Map.Entry<String, JsonNode>> it = paths.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> p = it.next();
            String template = p.getKey();
            Set<String> methods = new LinkedHashSet<>();
            p.getValue().fieldNames().forEachRemaining(m -> methods.add(m.toUpperCase(java.util.Locale.ROOT)));
            for (String method : methods) {
                fuzzOperation(template, method, p.getValue().path(method.toLowerCase(java.util.Locale.ROOT)));
            }
            for (String wrong : List.of("GET", "POST", "PUT", "DELETE", "PATCH", "HEAD", "OPTIONS", "TRACE", "BREW")) {
                if (!methods.contains(wrong)) {
                    check(wrong, fill(template, Map.of()), Map.of("Content-Type", "application/json"), "{}".getBytes(StandardCharsets.UTF_8));
                }
            }
        }
        assertTrue(sent > 800, "only " + sent + " requests sent");
        assertTrue(failures.isEmpty(), failures.size() + " of " + sent + " answers broke the rules, e.g.:\n"
                + String.join("\n", failures.subList(0, Math.min(20, failures.size()))));
    }

    private void fuzzOperation(String template, String method, JsonNode op) throws IOException {
        List<String> pathParams = new ArrayList<>();
        List<String> queryParams = new ArrayList<>();
        for (JsonNode param : op.path("parameters")) {
            (param.path("in").asText().equals("path") ? pathParams : queryParams).add(param.path("name").asText());
        }
        boolean hasBody = op.has("requestBody");
        String goodType = hasBody ? op.path("requestBody").path("content").fieldNames().next() : null;
        if ("*/*".equals(goodType)) {
            goodType = "application/json";
        }
        Map<String, String> headers = goodType == null ? Map.of() : Map.of("Content-Type", goodType);
        byte[] goodBody = hasBody ? "{\"amount\": \"100\"}".getBytes(StandardCharsets.UTF_8) : null;
        String good = fill(template, Map.of());

        for (String name : pathParams) {
            for (String bad : BAD_PATH) {
                check(method, fill(template, Map.of(name, bad)), headers, goodBody);
            }
        }
        for (String name : queryParams) {
            for (String bad : BAD_QUERY) {
                check(method, good + "?" + name + "=" + bad, headers, goodBody);
            }
            check(method, good + "?" + name + "=1&" + name + "=2", headers, goodBody);
            check(method, good + "?" + name, headers, goodBody);
        }
        check(method, good + "?nosuchparameter=1", headers, goodBody);
        check(method, good + "?&&=&", headers, goodBody);
        for (String accept : BAD_ACCEPTS) {
            check(method, good, merge(headers, "Accept", accept), goodBody);
        }
        if (hasBody) {
            for (String body : BAD_BODIES) {
                check(method, good, headers, body.getBytes(StandardCharsets.UTF_8));
            }
            check(method, good, headers, new byte[]{'{', '"', (byte) 0xC3, (byte) 0x28, '"', ':', '1', '}'}); // bad UTF-8
            for (String type : BAD_CONTENT_TYPES) {
                check(method, good, Map.of("Content-Type", type), goodBody);
            }
            check(method, good, Map.of(), goodBody); // no Content-Type at all
        }
    }

    private static Map<String, String> merge(Map<String, String> headers, String name, String value) {
        Map<String, String> m = new java.util.LinkedHashMap<>(headers);
        m.put(name, value);
        return m;
    }

    private static String fill(String template, Map<String, String> bad) {
        String out = template;
        for (Map.Entry<String, String> e : GOOD_PATH.entrySet()) {
            out = out.replace("{" + e.getKey() + "}", bad.getOrDefault(e.getKey(), e.getValue()));
        }
        for (Map.Entry<String, String> e : bad.entrySet()) {
            out = out.replace("{" + e.getKey() + "}", e.getValue());
        }
        return out;
    }

    private void check(String method, String target, Map<String, String> headers, byte[] body) throws IOException {
        ByteArrayOutputStream req = new ByteArrayOutputStream();
        StringBuilder head = new StringBuilder(method + " " + target + " HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n");
        headers.forEach((k, v) -> head.append(k).append(": ").append(v).append("\r\n"));
        if (body != null) {
            head.append("Content-Length: ").append(body.length).append("\r\n");
        }
        head.append("\r\n");
        req.writeBytes(head.toString().getBytes(StandardCharsets.UTF_8));
        if (body != null) {
            req.writeBytes(body);
        }
        RawHttp.Response r = RawHttp.send(base.getPort(), req.toByteArray());
        sent++;
        String what = method + " " + Params.abbreviate(target) + " " + headers + (body == null ? ""
                : " body " + Params.abbreviate(new String(body, StandardCharsets.UTF_8))) + " -> ";
        if (r.status() < 200 || r.status() >= 500) {
            failures.add(what + r);
            return;
        }
        if (RawHttp.JAVA_NAME.matcher(r.text()).find()) {
            failures.add(what + "a Java name: " + Params.abbreviate(r.text()));
        }
        if (r.status() >= 400 && target.startsWith("/v1") && !method.equals("HEAD")) {
            if (!r.isProblem()) {
                failures.add(what + "not problem+json: " + r);
                return;
            }
            JsonNode p = JSON.readTree(r.body());
            if (p.path("status").asInt() != r.status() || !p.path("type").asText().startsWith("urn:assay:problem:")
                    || p.path("title").asText().isEmpty() || p.path("detail").asText().isEmpty()) {
                failures.add(what + "incomplete problem: " + r);
            }
        }
    }
}
