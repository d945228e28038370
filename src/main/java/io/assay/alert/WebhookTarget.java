package io.assay.alert;

import io.assay.config.Secret;

import java.net.URI;
import java.util.Set;

/**
 * One webhook receiver ({@code assay.alerts.webhooks.<name>.*}).
 *
 * @param assets only alerts about these assets (or, for chain alerts, about chains these assets use); empty: all
 * @param chains only alerts about these chains or off-chain sources (or, for asset alerts, about assets with a
 *               component there); empty: all
 * @param types  only these alert types; empty: all
 * @param secret the HMAC-SHA256 key for {@code X-Assay-Signature}; never logged
 */
public record WebhookTarget(String name, URI url, Secret secret, Set<String> assets, Set<String> chains,
                            Set<AlertType> types) {
    /** Scheme, host, port and path: what may be shown (a query string could carry a token). */
    public String label() {
        return url.getScheme() + "://" + url.getHost() + (url.getPort() > 0 ? ":" + url.getPort() : "") + url.getPath();
    }

    @Override
    public String toString() {
        return "WebhookTarget[" + name + " " + label() + "]";
    }
}
