package io.assay.quorum;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.assay.attest.SignedReportJson;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Asks peers for their report of a round ({@code GET <peer>/v1/assets/<asset>/quorum/report?round=<n>}). A peer is
 * untrusted input: each request has a deadline (connect and answer), an answer larger than {@code maxBytes} is cut
 * off and refused, and anything but a well-formed signed Assay report is refused with a sentence saying why. Peers
 * are asked in parallel.
 */
public final class PeerClient implements AutoCloseable {
    private final HttpClient http;
    private final Duration timeout;
    private final int maxBytes;

    public PeerClient(Duration timeout, int maxBytes) {
        this.timeout = timeout;
        this.maxBytes = maxBytes;
        this.http = HttpClient.newBuilder().connectTimeout(timeout).followRedirects(HttpClient.Redirect.NEVER)
                .version(HttpClient.Version.HTTP_1_1).build();
    }

    /** Every peer's answer, in the order of {@code peers}. */
    public List<Quorum.Answer> collect(List<URI> peers, String asset, long round) {
        List<Quorum.Answer> out = new ArrayList<>();
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<Quorum.Answer>> futures = new ArrayList<>();
            for (URI p : peers) {
                futures.add(pool.submit(() -> fetch(p, asset, round)));
            }
            for (int i = 0; i < peers.size(); i++) {
                try {
                    out.add(futures.get(i).get());
                } catch (Exception e) {
                    out.add(Quorum.Answer.failed(peers.get(i).toString(), "failed: " + e));
                }
            }
        }
        return out;
    }

    /** One peer's answer. */
    public Quorum.Answer fetch(URI peer, String asset, long round) {
        return fetch(peer, asset, Long.valueOf(round));
    }

    /** One peer's answer for {@code round}, or for its latest round when {@code round} is null. */
    public Quorum.Answer fetch(URI peer, String asset, Long round) {
        String base = peer.toString().endsWith("/") ? peer.toString().substring(0, peer.toString().length() - 1)
                : peer.toString();
        String name = base;
        URI url = URI.create(base + "/v1/assets/" + java.net.URLEncoder.encode(asset, StandardCharsets.UTF_8)
                + "/quorum/report" + (round == null ? "" : "?round=" + round));
        HttpRequest req = HttpRequest.newBuilder(url).timeout(timeout).header("Accept", "application/json").GET().build();
        byte[] body;
        int status;
        try {
            HttpResponse<InputStream> r = http.send(req, HttpResponse.BodyHandlers.ofInputStream());
            status = r.statusCode();
            try (InputStream in = r.body()) {
                body = in.readNBytes(maxBytes + 1);
            }
        } catch (HttpTimeoutException e) {
            return Quorum.Answer.failed(name, "no answer within " + timeout.toMillis() + " ms");
        } catch (IOException e) {
            return Quorum.Answer.failed(name, "unreachable: " + (e.getMessage() == null ? e.getClass().getSimpleName()
                    : e.getMessage()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Quorum.Answer.failed(name, "interrupted");
        }
        if (body.length > maxBytes) {
            return Quorum.Answer.failed(name, "answer larger than " + maxBytes + " bytes; refused");
        }
        if (status != 200) {
            String text = new String(body, StandardCharsets.UTF_8);
            String detail = text;
            String kind = "";
            try {
                JsonNode p = SignedReportJson.mapper().readTree(body);
                if (p != null && p.hasNonNull("detail")) {
                    detail = p.get("detail").asText();
                }
                String type = p == null ? "" : p.path("type").asText("");
                if (type.matches("urn:assay:problem:[a-z-]{1,40}")) {
                    kind = " " + type.substring("urn:assay:problem:".length());
                }
            } catch (IOException ignored) {
                // not problem+json: the text as it came
            }
            detail = detail.length() > 300 ? detail.substring(0, 300) + "…" : detail;
            return Quorum.Answer.failed(name, "HTTP " + status + kind + (detail.isBlank() ? "" : ": " + detail));
        }
        JsonNode n;
        try {
            n = SignedReportJson.mapper().readTree(body);
        } catch (JsonProcessingException e) {
            return Quorum.Answer.failed(name, "not valid JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            return Quorum.Answer.failed(name, "cannot read the answer: " + e.getMessage());
        }
        try {
            return Quorum.Answer.of(name, PeerReport.read(n));
        } catch (IllegalArgumentException e) {
            return Quorum.Answer.failed(name, "not a signed Assay report: " + e.getMessage());
        }
    }

    @Override
    public void close() {
        http.close();
    }
}
