package io.assay.alert;

import io.assay.config.Secret;
import io.assay.devnet.Poll;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.LogRecord;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Webhook delivery against a real local receiver that verifies the HMAC: failed attempts are retried with
 * backoff and the same idempotency key and body, so the receiver's effect happens once; a refused delivery
 * (4xx) is not retried; the secret is in no log line and no delivery record.
 */
class WebhookDispatcherTest {
    private static final String SECRET = "whsec-0123456789abcdef-do-not-log";
    private static final WebhookDispatcher.Settings FAST =
            new WebhookDispatcher.Settings(5, Duration.ofMillis(50), Duration.ofMillis(400), Duration.ofSeconds(5));

    private static WebhookTarget target(URI url, String secret) {
        return new WebhookTarget("ops", url, new Secret("assay.alerts.webhooks.ops.secret", secret), Set.of(), Set.of(), Set.of());
    }

    private static AlertEvent firing() {
        Alert a = new Alert("a-1", "k", AlertType.RATIO_BELOW_MIN, "wbtc", null, "ratio 0.84 below 1.0",
                Instant.parse("2026-03-01T12:00:00Z"), null);
        return new AlertEvent(a, AlertEvent.FIRING);
    }

    @Test
    void failedAttemptsAreRetriedAndTheEffectHappensOnce() {
        List<String> logs = new CopyOnWriteArrayList<>();
        Handler h = new Handler() {
            @Override
            public void publish(LogRecord r) {
                logs.add(r instanceof org.jboss.logmanager.ExtLogRecord e ? e.getFormattedMessage() : r.getMessage());
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        java.util.logging.Logger.getLogger("").addHandler(h);
        try (WebhookReceiver rx = new WebhookReceiver(SECRET, 2);
             WebhookDispatcher d = new WebhookDispatcher(List.of(target(rx.url(), SECRET)), (t, a) -> true, FAST,
                     Clock.systemUTC())) {
            AlertEvent e = firing();
            Delivery delivery = d.dispatch(e).get(0);
            Poll.until(Duration.ofSeconds(20), "delivery after retries", () -> delivery.state() == Delivery.State.DELIVERED);
            assertEquals(3, rx.requests.size(), "two 503s, then 200");
            assertTrue(rx.requests.stream().allMatch(WebhookReceiver.Received::signatureValid), "every attempt signed");
            assertEquals(1, rx.requests.stream().map(WebhookReceiver.Received::idempotencyKey).distinct().count());
            assertEquals(1, rx.requests.stream().map(WebhookReceiver.Received::body).distinct().count(), "same body every time");
            assertEquals("a-1:firing", rx.requests.get(0).idempotencyKey());
            assertEquals("firing", rx.requests.get(0).event());
            assertEquals(1, rx.effects.size());
            assertTrue(rx.effects.get("a-1:firing").contains("\"type\":\"ratio-below-min\""), rx.effects.toString());

            Delivery.View v = d.deliveries().get(0);
            assertEquals("delivered", v.state());
            assertEquals(3, v.attempts());
            assertEquals(200, v.lastStatus());
            assertEquals(2, d.retried());
            assertEquals(1, d.delivered());

            // the same event delivered again (e.g. a second dispatcher after a restart): no second effect
            Delivery again = d.dispatch(e).get(0);
            Poll.until(Duration.ofSeconds(10), "repeat delivered", () -> again.state() == Delivery.State.DELIVERED);
            assertEquals(1, rx.effects.size());
            assertEquals(1, rx.duplicates.get());

            String all = String.join("\n", logs) + d.deliveries();
            assertFalse(all.contains("0123456789abcdef"), "secret leaked: " + all);
        } finally {
            java.util.logging.Logger.getLogger("").removeHandler(h);
        }
    }

    @Test
    void aWrongSecretIsRefusedByTheReceiverAndNotRetried() {
        try (WebhookReceiver rx = new WebhookReceiver(SECRET, 0);
             WebhookDispatcher d = new WebhookDispatcher(List.of(target(rx.url(), "another-secret")), (t, a) -> true, FAST,
                     Clock.systemUTC())) {
            Delivery delivery = d.dispatch(firing()).get(0);
            Poll.until(Duration.ofSeconds(10), "delivery failed", () -> delivery.state() == Delivery.State.FAILED);
            assertEquals(1, rx.requests.size());
            assertFalse(rx.requests.get(0).signatureValid());
            assertEquals(401, d.deliveries().get(0).lastStatus());
            assertEquals(0, rx.effects.size());
        }
    }

    @Test
    void anUnreachableReceiverIsRetriedUntilMaxAttemptsWithGrowingBackoff() {
        WebhookReceiver rx = new WebhookReceiver(SECRET, 0);
        URI gone = rx.url();
        rx.close();
        try (WebhookDispatcher d = new WebhookDispatcher(List.of(target(gone, SECRET)), (t, a) -> true, FAST, Clock.systemUTC())) {
            assertEquals(Duration.ofMillis(50), d.backoff(1));
            assertEquals(Duration.ofMillis(100), d.backoff(2));
            assertEquals(Duration.ofMillis(400), d.backoff(4));
            assertEquals(Duration.ofMillis(400), d.backoff(9), "capped");
            Delivery delivery = d.dispatch(firing()).get(0);
            Poll.until(Duration.ofSeconds(20), "delivery given up", () -> delivery.state() == Delivery.State.FAILED);
            assertEquals(5, d.deliveries().get(0).attempts());
            assertTrue(d.deliveries().get(0).lastError().contains("ConnectException"), d.deliveries().get(0).lastError());
        }
    }

    @Test
    void onlyMatchingWebhooksGetAnEvent() {
        try (WebhookReceiver rx = new WebhookReceiver(SECRET, 0);
             WebhookDispatcher d = new WebhookDispatcher(List.of(target(rx.url(), SECRET)),
                     (t, a) -> a.type() == AlertType.STALE, FAST, Clock.systemUTC())) {
            assertEquals(List.of(), d.dispatch(firing()));
            assertEquals(List.of(), d.deliveries());
        }
    }

    @Test
    void theSignatureIsHmacSha256OfTheBody() {
        // RFC 4231 test case 2: key "Jefe", data "what do ya want for nothing?"
        assertEquals("sha256=5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843",
                WebhookDispatcher.signature("Jefe", "what do ya want for nothing?".getBytes(java.nio.charset.StandardCharsets.US_ASCII)));
    }

    @Test
    void theBodyIsWrittenFieldByFieldAsTheMapBasedBodyWas() throws Exception {
        // UTF-8 bytes, characters outside the BMP escaped as surrogate pairs (Jackson's byte generator, as before)
        Alert a = new Alert("a-1", "k", AlertType.RATIO_BELOW_MIN, "wbtc", null, "ratio 0.84 < 1.0 \"d\u00e9j\u00e0\" \ud83d\udcb0",
                Instant.parse("2026-03-01T12:00:00Z"), Instant.parse("2026-03-01T12:05:00.250Z"));
        AlertEvent e = new AlertEvent(a, AlertEvent.RESOLVED);
        byte[] body = WebhookDispatcher.body(e);
        assertEquals("{\"id\":\"a-1\",\"event\":\"resolved\",\"type\":\"ratio-below-min\",\"asset\":\"wbtc\",\"chain\":null,"
                + "\"message\":\"ratio 0.84 < 1.0 \\\"d\u00e9j\u00e0\\\" \\uD83D\\uDCB0\",\"startedAt\":\"2026-03-01T12:00:00Z\","
                + "\"resolvedAt\":\"2026-03-01T12:05:00.250Z\",\"idempotencyKey\":\"a-1:resolved\"}",
                new String(body, java.nio.charset.StandardCharsets.UTF_8));
        // the same bytes as the body built as a map and data-bound (before docs/native.md's explicit rule)
        java.util.Map<String, Object> m = new java.util.LinkedHashMap<>();
        m.put("id", "a-1");
        m.put("event", "resolved");
        m.put("type", "ratio-below-min");
        m.put("asset", "wbtc");
        m.put("chain", null);
        m.put("message", a.message());
        m.put("startedAt", "2026-03-01T12:00:00Z");
        m.put("resolvedAt", "2026-03-01T12:05:00.250Z");
        m.put("idempotencyKey", "a-1:resolved");
        org.junit.jupiter.api.Assertions.assertArrayEquals(new com.fasterxml.jackson.databind.ObjectMapper().writeValueAsBytes(m), body);
    }
}
