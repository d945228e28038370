package io.assay.chain.solana;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpServer;
import io.assay.chain.rpc.JsonRpcClient;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;

/**
 * An HTTP proxy on 127.0.0.1 in front of the Solana shim that behaves like an endpoint with incomplete
 * transaction history: signatures of the slots it is told to hide are left out of {@code getSignaturesForAddress} answers
 * (single calls and batches). Everything else passes through unchanged. No node with a gap in its ledger can run
 * here, so this fault is injected on the real node's answers.
 */
final class HistoryHidingProxy implements AutoCloseable {
    private final URI upstream;
    private final HttpServer server;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private final Set<Long> hiddenSlots = ConcurrentHashMap.newKeySet();

    HistoryHidingProxy(URI upstream) throws IOException {
        this.upstream = upstream;
        this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
        server.setExecutor(Executors.newFixedThreadPool(4, r -> {
            Thread t = new Thread(r, "hiding-proxy");
            t.setDaemon(true);
            return t;
        }));
        server.createContext("/", ex -> {
            try (ex) {
                byte[] body = ex.getRequestBody().readAllBytes();
                HttpResponse<byte[]> up = http.send(HttpRequest.newBuilder(upstream)
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.ofByteArray());
                byte[] out = up.body();
                if (up.statusCode() == 200 && !hiddenSlots.isEmpty()) {
                    out = filter(body, out);
                }
                ex.getResponseHeaders().add("Content-Type", "application/json");
                up.headers().firstValue("Retry-After").ifPresent(v -> ex.getResponseHeaders().add("Retry-After", v));
                ex.sendResponseHeaders(up.statusCode(), out.length);
                ex.getResponseBody().write(out);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        server.start();
    }

    URI url() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    /** Leaves every signature of {@code slot} out of listings. */
    void hideSlot(long slot) {
        hiddenSlots.add(slot);
    }

    void reveal() {
        hiddenSlots.clear();
    }

    private byte[] filter(byte[] request, byte[] answer) throws IOException {
        JsonNode req;
        JsonNode ans;
        try {
            req = JsonRpcClient.json().readTree(request);
            ans = JsonRpcClient.json().readTree(answer);
        } catch (IOException e) {
            return answer; // not JSON (an injected fault of the shim): pass it on
        }
        if (req.isArray() && ans.isArray()) {
            for (JsonNode a : ans) {
                for (JsonNode r : req) {
                    if (r.path("id").equals(a.path("id"))) {
                        strip(r, a);
                    }
                }
            }
        } else {
            strip(req, ans);
        }
        return JsonRpcClient.json().writeValueAsBytes(ans);
    }

    private void strip(JsonNode req, JsonNode ans) {
        if (!"getSignaturesForAddress".equals(req.path("method").asText()) || !(ans.path("result") instanceof ArrayNode list)) {
            return;
        }
        ArrayNode kept = JsonRpcClient.json().createArrayNode();
        for (JsonNode e : list) {
            if (!hiddenSlots.contains(e.path("slot").asLong())) {
                kept.add(e);
            }
        }
        ((ObjectNode) ans).set("result", kept);
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
