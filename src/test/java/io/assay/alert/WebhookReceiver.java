package io.assay.alert;

import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A webhook receiver as an integrator would write one, for real: a JDK HTTP server on 127.0.0.1 that verifies
 * {@code X-Assay-Signature} (HMAC-SHA256 of the exact body with the shared secret, compared in constant time),
 * answers 401 to a bad signature, fails the first {@code failFirst} requests with 503, and applies each event's
 * effect once per {@code Idempotency-Key} (repeats answer 200 and change nothing).
 */
final class WebhookReceiver implements AutoCloseable {
    record Received(String idempotencyKey, String event, String body, boolean signatureValid) {
    }

    private final HttpServer server;
    private final String secret;
    private final AtomicInteger failFirst;
    /** Every request, verified or not. */
    final List<Received> requests = new CopyOnWriteArrayList<>();
    /** The effects: one per idempotency key. */
    final Map<String, String> effects = new ConcurrentHashMap<>();
    final AtomicInteger duplicates = new AtomicInteger();

    WebhookReceiver(String secret, int failFirst) {
        this.secret = secret;
        this.failFirst = new AtomicInteger(failFirst);
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/hook", ex -> {
            byte[] body;
            try (InputStream in = ex.getRequestBody()) {
                body = in.readAllBytes();
            }
            String sig = ex.getRequestHeaders().getFirst("X-Assay-Signature");
            boolean valid = sig != null && java.security.MessageDigest.isEqual(
                    sig.getBytes(StandardCharsets.US_ASCII),
                    WebhookDispatcher.signature(this.secret, body).getBytes(StandardCharsets.US_ASCII));
            String key = ex.getRequestHeaders().getFirst("Idempotency-Key");
            requests.add(new Received(key, ex.getRequestHeaders().getFirst("X-Assay-Event"),
                    new String(body, StandardCharsets.UTF_8), valid));
            int status;
            if (!valid) {
                status = 401;
            } else if (this.failFirst.getAndDecrement() > 0) {
                status = 503;
            } else {
                if (effects.putIfAbsent(key, new String(body, StandardCharsets.UTF_8)) != null) {
                    duplicates.incrementAndGet();
                }
                status = 200;
            }
            ex.sendResponseHeaders(status, -1);
            ex.close();
        });
        server.start();
    }

    URI url() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/hook");
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
