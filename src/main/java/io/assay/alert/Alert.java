package io.assay.alert;

import java.time.Instant;

/**
 * One alert: from the evaluation where its condition appeared ({@code startedAt}) to the one where it cleared
 * ({@code resolvedAt}, null while firing). Immutable; {@link AlertBook} replaces it when it resolves.
 *
 * @param id      unique, stable for the alert's life (part of webhook idempotency keys)
 * @param message what was observed when it started
 */
public record Alert(String id, String key, AlertType type, String asset, String chain, String message,
                    Instant startedAt, Instant resolvedAt) {
    public boolean firing() {
        return resolvedAt == null;
    }

    Alert resolved(Instant at) {
        return new Alert(id, key, type, asset, chain, message, startedAt, at);
    }
}
