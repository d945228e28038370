package io.assay.offchain;

import com.sun.net.httpserver.HttpServer;
import io.assay.attest.SigningKey;
import io.assay.crypto.Eip191;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A custodian's reserve API, for real: a JDK HTTP server on 127.0.0.1 answering {@code GET /reserves} with
 * whatever the test set last ({@link #serve}), optionally signed with EIP-191 personal_sign over the exact body
 * by a key of the test's choosing. It records the headers of every request it gets.
 */
public final class CustodianStub implements AutoCloseable {
    private final HttpServer server;
    private volatile int status = 200;
    private volatile byte[] body = "{}".getBytes(StandardCharsets.UTF_8);
    private volatile String signature;
    public final List<Map<String, List<String>>> requests = new CopyOnWriteArrayList<>();

    public CustodianStub() {
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/reserves", ex -> {
            requests.add(Map.copyOf(ex.getRequestHeaders()));
            byte[] b = body;
            ex.getResponseHeaders().add("Content-Type", "application/json");
            String sig = signature;
            if (sig != null) {
                ex.getResponseHeaders().add("X-Reserve-Signature", sig);
            }
            ex.sendResponseHeaders(status, b.length == 0 ? -1 : b.length);
            try (OutputStream o = ex.getResponseBody()) {
                o.write(b);
            }
        });
        server.start();
    }

    public URI url() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/reserves");
    }

    /** The typical answer: {@code {"data":{"total":"<amount>","asOf":"<time>"}}}. */
    public static String payload(String amount, String asOf) {
        return "{\"data\":{\"total\":\"" + amount + "\",\"asOf\":\"" + asOf + "\"},\"note\":\"reserves report\"}";
    }

    /** A reserve set's list in the plain-array form: a JSON array of the entries (addresses or raw(hex)). */
    public static String array(List<String> entries) {
        StringBuilder b = new StringBuilder("[");
        for (String e : entries) {
            b.append(b.length() > 1 ? "," : "").append('"').append(e).append('"');
        }
        return b.append(']').toString();
    }

    /** Serves {@code text} with HTTP {@code code}, signed by {@code key} (or unsigned when null). */
    public void serve(int code, String text, SigningKey key) {
        byte[] b = text.getBytes(StandardCharsets.UTF_8);
        this.signature = key == null ? null : key.sign(Eip191.digest(b)).hex();
        this.body = b;
        this.status = code;
    }

    /** Serves a body with a signature header the test chose (e.g. one made over other bytes). */
    public void serveWithSignature(String text, String signatureHex) {
        this.body = text.getBytes(StandardCharsets.UTF_8);
        this.signature = signatureHex;
        this.status = 200;
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
