package io.assay.alert;

import io.assay.config.AssayConfig;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Optional;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Webhook settings are checked at startup with messages naming the key, never the secret. */
class WebhookConfigTest {
    private static final String SECRET = "hook-secret-5a5a5a";

    private record W(String url, String secret, Optional<List<String>> assets, Optional<List<String>> chains,
                     Optional<List<String>> types) implements AssayConfig.Webhook {
    }

    @Test
    void readsAGoodWebhook() {
        WebhookTarget t = AlertService.target("ops", new W("https://hooks.example/a?token=abc", SECRET,
                Optional.of(List.of("wbtc")), Optional.empty(), Optional.of(List.of("ratio-below-min", "stale"))));
        assertEquals(Set.of("wbtc"), t.assets());
        assertEquals(Set.of(), t.chains());
        assertEquals(Set.of(AlertType.RATIO_BELOW_MIN, AlertType.STALE), t.types());
        assertEquals(SECRET, t.secret().reveal());
        assertEquals("https://hooks.example/a", t.label(), "no query string shown");
        assertFalse(t.toString().contains(SECRET) || t.toString().contains("token=abc"), t.toString());
    }

    @Test
    void rejectsBadSettingsNamingTheKey() {
        AlertConfigException e = assertThrows(AlertConfigException.class, () -> AlertService.target("ops",
                new W("ftp://x/y", SECRET, Optional.empty(), Optional.empty(), Optional.empty())));
        assertTrue(e.getMessage().startsWith("assay.alerts.webhooks.ops.url:"), e.getMessage());
        e = assertThrows(AlertConfigException.class, () -> AlertService.target("ops",
                new W("https://x/y", " ", Optional.empty(), Optional.empty(), Optional.empty())));
        assertTrue(e.getMessage().startsWith("assay.alerts.webhooks.ops.secret:"), e.getMessage());
        e = assertThrows(AlertConfigException.class, () -> AlertService.target("ops",
                new W("https://x/y", SECRET, Optional.empty(), Optional.empty(), Optional.of(List.of("ratio-low")))));
        assertTrue(e.getMessage().startsWith("assay.alerts.webhooks.ops.types: unknown alert type 'ratio-low'"), e.getMessage());
        assertFalse(e.getMessage().contains(SECRET));
    }
}
