package io.assay.alert;

/**
 * A condition observed in one evaluation. Its {@link #key()} identifies it across evaluations: an alert fires when
 * a key appears and resolves when it is gone.
 *
 * @param asset asset id, or null for a chain-scoped condition
 * @param chain chain (or off-chain source) name, or null for an asset-scoped condition
 */
public record Condition(AlertType type, String asset, String chain, String message) {
    public String key() {
        return key(type, asset, chain);
    }

    public static String key(AlertType type, String asset, String chain) {
        return type.wire() + "|" + (asset == null ? "" : asset) + "|" + (chain == null ? "" : chain);
    }
}
