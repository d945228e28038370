package io.assay.por;

/** No asset profile with this id. */
public final class UnknownAssetException extends RuntimeException {
    private final String asset;

    public UnknownAssetException(String asset, java.util.Collection<String> known) {
        super("unknown asset '" + asset + "'; known assets: " + known);
        this.asset = asset;
    }

    public String asset() {
        return asset;
    }
}
