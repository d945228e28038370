package io.assay.alert;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.jboss.logging.Logger;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiPredicate;

/**
 * Delivers alert events to webhooks: a JSON body built once per (event, webhook) and sent unchanged on every
 * attempt with
 * <ul>
 *   <li>{@code Idempotency-Key}: {@code <alert id>:<firing|resolved>} — equal on every retry, so a receiver that
 *       saw it already answers 2xx and does nothing again;</li>
 *   <li>{@code X-Assay-Signature: sha256=<hex>}: HMAC-SHA256 of the exact body bytes with the webhook's secret;</li>
 *   <li>{@code X-Assay-Event}, {@code X-Assay-Delivery}.</li>
 * </ul>
 * A 2xx answer is delivered. A network error, 408, 429 or 5xx is retried after {@code backoff}, doubling up to
 * {@code maxBackoff}, until {@code maxAttempts}; any other status fails at once (the receiver refuses it). The
 * last {@value #HISTORY} deliveries are kept for the API.
 */
public final class WebhookDispatcher implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(WebhookDispatcher.class);
    static final int HISTORY = 500;
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Retry and timeout settings. */
    public record Settings(int maxAttempts, Duration backoff, Duration maxBackoff, Duration timeout) {
        public Settings {
            if (maxAttempts < 1) {
                throw new IllegalArgumentException("max-attempts must be >= 1, found " + maxAttempts);
            }
        }
    }

    private final List<WebhookTarget> targets;
    private final BiPredicate<WebhookTarget, Alert> matches;
    private final Settings settings;
    private final HttpClient http;
    private final Clock clock;
    private final ScheduledExecutorService executor;
    private final Deque<Delivery> deliveries = new ArrayDeque<>();
    private final AtomicLong delivered = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private final AtomicLong retried = new AtomicLong();

    public WebhookDispatcher(List<WebhookTarget> targets, BiPredicate<WebhookTarget, Alert> matches, Settings settings,
                             Clock clock) {
        this.targets = List.copyOf(targets);
        this.matches = matches;
        this.settings = settings;
        this.clock = clock;
        this.http = HttpClient.newBuilder().connectTimeout(settings.timeout())
                .followRedirects(HttpClient.Redirect.NEVER).build();
        this.executor = Executors.newScheduledThreadPool(2, r -> {
            Thread t = new Thread(r, "alert-webhooks");
            t.setDaemon(true);
            return t;
        });
    }

    public List<WebhookTarget> targets() {
        return targets;
    }

    /** Queues the event for every matching webhook; returns the new deliveries. */
    public List<Delivery> dispatch(AlertEvent e) {
        List<Delivery> out = new java.util.ArrayList<>();
        for (WebhookTarget t : targets) {
            if (!matches.test(t, e.alert())) {
                continue;
            }
            Delivery d = new Delivery(UUID.randomUUID().toString(), t, e, body(e), clock.instant());
            synchronized (deliveries) {
                deliveries.addFirst(d);
                while (deliveries.size() > HISTORY) {
                    deliveries.removeLast();
                }
            }
            out.add(d);
            executor.execute(() -> attempt(d));
        }
        return out;
    }

    static byte[] body(AlertEvent e) {
        // built as a tree, field by field: the payload is a contract with receivers, and a tree needs no reflection
        Alert a = e.alert();
        ObjectNode m = JsonNodeFactory.instance.objectNode();
        m.put("id", a.id());
        m.put("event", e.event());
        m.put("type", a.type().wire());
        m.put("asset", a.asset());
        m.put("chain", a.chain());
        m.put("message", a.message());
        m.put("startedAt", a.startedAt().toString());
        m.put("resolvedAt", a.resolvedAt() == null ? null : a.resolvedAt().toString());
        m.put("idempotencyKey", e.idempotencyKey());
        try {
            return JSON.writeValueAsBytes(m);
        } catch (JsonProcessingException ex) {
            throw new IllegalStateException(ex);
        }
    }

    /** {@code sha256=} + lowercase hex of HMAC-SHA256(secret, body). */
    public static String signature(String secret, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return "sha256=" + HexFormat.of().formatHex(mac.doFinal(body));
        } catch (GeneralSecurityException ex) {
            throw new IllegalStateException(ex);
        }
    }

    private void attempt(Delivery d) {
        Integer status = null;
        String error;
        boolean retryable;
        try {
            HttpRequest req = HttpRequest.newBuilder(d.target.url()).timeout(settings.timeout())
                    .header("Content-Type", "application/json")
                    .header("Idempotency-Key", d.event.idempotencyKey())
                    .header("X-Assay-Event", d.event.event())
                    .header("X-Assay-Delivery", d.id)
                    .header("X-Assay-Signature", signature(d.target.secret().reveal(), d.body))
                    .POST(HttpRequest.BodyPublishers.ofByteArray(d.body)).build();
            HttpResponse<Void> resp = http.send(req, HttpResponse.BodyHandlers.discarding());
            status = resp.statusCode();
            if (status / 100 == 2) {
                d.attempted(status, null, Delivery.State.DELIVERED, null, clock.instant());
                delivered.incrementAndGet();
                LOG.infof("alert %s %s (%s) delivered to webhook %s after %d attempt(s)", d.event.alert().type().wire(),
                        d.event.event(), d.event.alert().id(), d.target.name(), d.attempts());
                return;
            }
            error = "HTTP " + status;
            retryable = status == 408 || status == 429 || status >= 500;
        } catch (IOException ex) {
            error = ex.getClass().getSimpleName() + (ex.getMessage() == null ? "" : ": " + ex.getMessage());
            retryable = true;
        } catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            return;
        } catch (RuntimeException ex) {
            error = ex.getClass().getSimpleName() + ": " + ex.getMessage();
            retryable = false;
        }
        int n = d.attempts() + 1;
        Instant now = clock.instant();
        if (retryable && n < settings.maxAttempts()) {
            Duration wait = backoff(n);
            d.attempted(status, error, Delivery.State.PENDING, now.plus(wait), now);
            retried.incrementAndGet();
            LOG.warnf("webhook %s: attempt %d of %s %s failed (%s); retrying in %s", d.target.name(), n,
                    d.event.alert().type().wire(), d.event.event(), error, wait);
            try {
                executor.schedule(() -> attempt(d), wait.toMillis(), TimeUnit.MILLISECONDS);
            } catch (java.util.concurrent.RejectedExecutionException shutDown) {
                // shutting down: the delivery stays pending
            }
        } else {
            d.attempted(status, error, Delivery.State.FAILED, null, now);
            failed.incrementAndGet();
            LOG.errorf("webhook %s: giving up on %s %s after %d attempt(s): %s", d.target.name(),
                    d.event.alert().type().wire(), d.event.event(), n, error);
        }
    }

    /** Delay before attempt {@code n + 1}: backoff x 2^(n-1), at most maxBackoff. */
    Duration backoff(int n) {
        Duration d = settings.backoff().multipliedBy(1L << Math.min(20, n - 1));
        return d.compareTo(settings.maxBackoff()) > 0 ? settings.maxBackoff() : d;
    }

    /** Newest first. */
    public List<Delivery.View> deliveries() {
        synchronized (deliveries) {
            return deliveries.stream().map(Delivery::view).toList();
        }
    }

    public long delivered() {
        return delivered.get();
    }

    public long failed() {
        return failed.get();
    }

    public long retried() {
        return retried.get();
    }

    public long pending() {
        synchronized (deliveries) {
            return deliveries.stream().filter(d -> d.state() == Delivery.State.PENDING).count();
        }
    }

    @Override
    public void close() {
        executor.shutdownNow();
    }
}
