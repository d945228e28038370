package io.assay.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.IOException;
import java.net.URL;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every request issue 18 reproduced by hand against a running instance (and its neighbours), sent byte for byte on a
 * socket to the app under test: each is a 4xx problem+json naming what was wrong in the API's terms, never a 5xx and
 * never a Java name. (Shipped profiles: asset wbtc exists, nothing is indexed.)
 */
@QuarkusTest
class HostileRequestsTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TestHTTPResource("/")
    URL base;

    private RawHttp.Response send(String request) throws IOException {
        return RawHttp.send(base.getPort(), request);
    }

    private static String get(String target) {
        return "GET " + target + " HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n";
    }

    private static String post(String target, String contentType, String body) {
        return "POST " + target + " HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\nContent-Type: " + contentType
                + "\r\nContent-Length: " + body.length() + "\r\n\r\n" + body;
    }

    /** Asserts a problem+json answer with this status, type and a detail containing {@code detail}. */
    static JsonNode assertProblem(RawHttp.Response r, int status, String type, String detail) throws IOException {
        assertEquals(status, r.status(), r::toString);
        assertTrue(r.isProblem(), () -> "not problem+json: " + r);
        JsonNode p = JSON.readTree(r.body());
        assertEquals(status, p.path("status").asInt(), r::toString);
        assertEquals("urn:assay:problem:" + type, p.path("type").asText(), r::toString);
        assertFalse(p.path("title").asText().isEmpty(), r::toString);
        assertTrue(p.path("detail").asText().contains(detail), () -> "detail of " + r + " lacks: " + detail);
        assertFalse(RawHttp.JAVA_NAME.matcher(r.text()).find(), () -> "a Java name in " + r);
        return p;
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
            "{\"amount\": \"1\", \"amount\": \"2\"}|request body: Duplicate field 'amount'",
            "[]|request body: expected an object, found an array (line 1, column 1)",
            "{\"amount\": 1}|request body: field 'amount': expected a string, found an integer",
            "{\"amount\": 1.5}|request body: field 'amount': expected a string, found a number with a fraction",
            "{\"amount\": true}|request body: field 'amount': expected a string, found a boolean",
            "{\"amount\": {}}|request body: field 'amount': expected a string, found an object",
            "{\"amount\": [\"1\"]}|request body: field 'amount': expected a string, found an array",
            "{\"amount\": \"1\"} {}|request body: unexpected content after the JSON value",
            "{\"amont\": \"1\"}|request body: unknown field 'amont'; known fields: amount",
            "{\"amount\": \"1\"|request body: Unexpected end-of-input",
            "\"100\"|request body: expected an object, found a string",
    })
    void mintCheckBodiesAreReadStrictly(String body, String detail) throws IOException {
        assertProblem(send(post("/v1/assets/wbtc/mint-check", "application/json", body)), 400, "malformed-json", detail);
    }

    @Test
    void aGoodMintCheckBodyIsStillAnswered() throws IOException {
        RawHttp.Response r = send(post("/v1/assets/wbtc/mint-check", "application/json", "{\"amount\": \"100\"}"));
        assertEquals(200, r.status(), r::toString);
        assertTrue(r.text().contains("\"allowed\":false"), r::toString);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
            "/v1/assets/wbtc/snapshot?at=-999999999-01-01T00:00:00Z|parameter 'at': -999999999-01-01T00:00:00Z is outside the supported range 1970-01-01T00:00:00Z to 9999-12-31T23:59:59Z",
            "/v1/assets/wbtc/snapshot?at=1969-12-31T23:59:59Z|parameter 'at': 1969-12-31T23:59:59Z is outside the supported range",
            "/v1/assets/wbtc/history?from=-999999999-01-01T00:00:00Z|parameter 'from': -999999999-01-01T00:00:00Z is outside",
            "/v1/assets/wbtc/history?to=-999999999-01-01T00:00:00Z|parameter 'to': -999999999-01-01T00:00:00Z is outside",
            "/v1/assets/wbtc/history?to=%2B999999999-12-31T23:59:59Z|parameter 'to': +999999999-12-31T23:59:59Z is outside",
            "/v1/assets/wbtc/history?interval=PT0.0000001S|parameter 'interval' must be between 1ms and 2932896d, found 'PT0.0000001S'",
            "/v1/assets/wbtc/history?interval=PT2562047788015215H|parameter 'interval' must be between 1ms and 2932896d",
            "/v1/series/wbtc/ethereum/supply/_total?from=-999999999-01-01T00:00:00Z|parameter 'from': -999999999-01-01T00:00:00Z is outside",
            "/v1/series/wbtc/ethereum/supply/_total?to=%2B999999999-12-31T23:59:59Z|parameter 'to': +999999999-12-31T23:59:59Z is outside",
            "/v1/assets/wbtc/snapshot?at=2026-01-01&at=2026-01-02|parameter 'at' is given more than once",
            "/v1/assets/wbtc/mint-check?amount=1&amount=2|parameter 'amount' is given more than once",
    })
    void extremeAndRepeatedParametersAre400(String target, String detail) throws IOException {
        assertProblem(send(get(target)), 400, "invalid-parameter", detail);
    }

    @Test
    void theEdgesOfTheSupportedRangeAreAccepted() throws IOException {
        assertEquals(200, send(get("/v1/assets/wbtc/snapshot?at=1970-01-01T00:00:00Z")).status());
        assertEquals(200, send(get("/v1/assets/wbtc/history?to=1970-01-01T00:00:00Z")).status());
    }

    @Test
    void anEmptyAcceptHeaderMeansAnyType() throws IOException {
        RawHttp.Response r = send("GET /v1/assets/wbtc/history HTTP/1.1\r\nHost: localhost\r\nAccept:\r\nConnection: close\r\n\r\n");
        assertEquals(200, r.status(), r::toString);
        assertTrue(r.header("content-type").startsWith("application/json"), r::toString);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
            "/v1/assets/%zz|malformed percent-encoding '%zz' at character 12",
            "/v1/assets/wbtc/snapshot?at=%zz|malformed percent-encoding '%zz' at character 29",
            "/v1/assets/wbtc%|malformed percent-encoding '%' at character 16",
            "/v1/assets/wbtc/snapshot?at=a\"b|not a valid URI: Illegal character in query at character 30",
    })
    void malformedTargetsAre400(String target, String detail) throws IOException {
        assertProblem(send(get(target)), 400, "malformed-uri", detail);
    }

    @Test
    void aRequestWithoutHostIs400() throws IOException {
        assertProblem(send("GET /v1/ping HTTP/1.1\r\nConnection: close\r\n\r\n"), 400, "bad-request",
                "HTTP/1.1 requests need a Host header");
    }

    @Test
    void aLongTargetIs414() throws IOException {
        RawHttp.Response r = send(get("/v1/assets/" + "a".repeat(9000)));
        assertProblem(r, 414, "uri-too-long", "the request target (path and query) is 9011 characters; at most 8192");
        assertEquals("close", r.header("connection"));
        // beyond Vert.x's own line limit (16400) Vert.x answers alone, with no body, and closes
        RawHttp.Response beyond = send(get("/v1/assets/" + "a".repeat(20_000)));
        assertEquals(414, beyond.status(), beyond::toString);
    }

    @Test
    void largeHeadersAre431() throws IOException {
        RawHttp.Response r = send("GET /v1/ping HTTP/1.1\r\nHost: localhost\r\nX-Big: " + "a".repeat(40_000) + "\r\n\r\n");
        assertProblem(r, 431, "headers-too-large", "at most 32768 are accepted");
        RawHttp.Response beyond = send("GET /v1/ping HTTP/1.1\r\nHost: localhost\r\nX-Big: " + "a".repeat(70_000) + "\r\n\r\n");
        assertEquals(431, beyond.status(), beyond::toString);
    }

    @Test
    void aBodyOverTheLimitIs413BeforeItIsSent() throws IOException {
        RawHttp.Response r = send("POST /v1/attestations/verify HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
                + "Content-Length: 20000000\r\n\r\n{");
        assertProblem(r, 413, "body-too-large", "the request body is declared as 20000000 bytes; at most 10485760");
        assertEquals("close", r.header("connection"));
    }

    @Test
    void aChunkedBodyOverTheLimitIs413() throws IOException {
        // no Content-Length: the limit is found while the body streams in (11 MiB in 1 MiB chunks)
        StringBuilder req = new StringBuilder("POST /v1/attestations/verify HTTP/1.1\r\nHost: localhost\r\n"
                + "Content-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n");
        String chunk = " ".repeat(1 << 20);
        for (int i = 0; i < 11; i++) {
            req.append(Integer.toHexString(chunk.length())).append("\r\n").append(chunk).append("\r\n");
        }
        req.append("0\r\n\r\n");
        RawHttp.Response r = send(req.toString());
        assertEquals(413, r.status(), r::toString);
        assertTrue(r.isProblem(), r::toString);
    }

    @Test
    void wrongMethodsAndMediaTypesAreProblems() throws IOException {
        assertProblem(send("BREW /v1/ping HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n"), 405, "method-not-allowed", "");
        assertProblem(send(post("/v1/assets/wbtc/mint-check", "text/plain", "1")), 415, "unsupported-media-type", "");
        assertProblem(send(post("/v1/assets/wbtc/mint-check", ";;;", "{}")), 415, "unsupported-media-type", "");
        assertProblem(send("GET /v1/assets/wbtc/history HTTP/1.1\r\nHost: localhost\r\nAccept: image/png\r\nConnection: close\r\n\r\n"),
                406, "not-acceptable", "");
    }
}
