package io.assay.alert;

import io.assay.config.ProfileLoader;
import io.assay.config.Profiles;
import io.assay.config.Secret;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Webhooks per asset and per chain: which alerts reach which webhook. */
class AlertMatchTest {
    private final Profiles profiles = new ProfileLoader()
            .load(Path.of(System.getProperty("devnet.project-dir", "."), "chains/devnet/profiles"));

    private static WebhookTarget hook(Set<String> assets, Set<String> chains, Set<AlertType> types) {
        return new WebhookTarget("h", URI.create("http://127.0.0.1:1/h"), new Secret("s", "x"), assets, chains, types);
    }

    private static Alert alert(AlertType t, String asset, String chain) {
        return new Alert("id", "k", t, asset, chain, "m", Instant.EPOCH, null);
    }

    @Test
    void filtersByAssetChainAndType() {
        Alert ratio = alert(AlertType.RATIO_BELOW_MIN, "wbtc-demo", null);
        Alert reorgPolygon = alert(AlertType.REORG, null, "polygon");
        Alert staleBitcoin = alert(AlertType.STALE, "wbtc-demo", "bitcoin");
        WebhookTarget all = hook(Set.of(), Set.of(), Set.of());
        assertTrue(AlertService.matches(profiles, all, ratio));
        assertTrue(AlertService.matches(profiles, all, reorgPolygon));

        WebhookTarget asset = hook(Set.of("wbtc-demo"), Set.of(), Set.of());
        assertTrue(AlertService.matches(profiles, asset, ratio));
        assertTrue(AlertService.matches(profiles, asset, reorgPolygon), "polygon carries wbtc-demo supply");
        assertFalse(AlertService.matches(profiles, hook(Set.of("other"), Set.of(), Set.of()), ratio));
        assertFalse(AlertService.matches(profiles, hook(Set.of("other"), Set.of(), Set.of()), reorgPolygon));

        WebhookTarget bitcoin = hook(Set.of(), Set.of("bitcoin"), Set.of());
        assertTrue(AlertService.matches(profiles, bitcoin, staleBitcoin));
        assertFalse(AlertService.matches(profiles, bitcoin, reorgPolygon));
        assertTrue(AlertService.matches(profiles, bitcoin, ratio), "wbtc-demo has reserves on bitcoin");

        WebhookTarget onlyRatio = hook(Set.of(), Set.of(), Set.of(AlertType.RATIO_BELOW_MIN));
        assertTrue(AlertService.matches(profiles, onlyRatio, ratio));
        assertFalse(AlertService.matches(profiles, onlyRatio, staleBitcoin));
    }
}
