package io.assay.alert;

/** What an alert is about; {@link #wire()} is the name used in webhooks, the API and metrics. */
public enum AlertType {
    /** An asset's reserves / circulating fell below its {@code policy.minRatio} (scope: asset). */
    RATIO_BELOW_MIN("ratio-below-min"),
    /** A chain or off-chain source an asset depends on is stale or suspect (scope: asset and chain/source). */
    STALE("stale"),
    /** A chain reorganised deeper than {@code assay.alerts.reorg-depth}; active for {@code reorg-hold} (scope: chain). */
    REORG("reorg"),
    /** The last reconciliation found indexed values that differ from the node (scope: chain). */
    RECONCILE_MISMATCH("reconcile-mismatch"),
    /** The chain halted because its endpoints disagree on a final block (scope: chain). */
    ENDPOINT_DISAGREEMENT("endpoint-disagreement"),
    /** An asset's reserves are below the liabilities publication in force at its cut (scope: asset). */
    INSOLVENT("insolvent"),
    /** The liabilities publication in force is older than {@code assay.liabilities.max-age} (scope: asset). */
    LIABILITIES_STALE("liabilities-stale");

    private final String wire;

    AlertType(String wire) {
        this.wire = wire;
    }

    public String wire() {
        return wire;
    }

    public static AlertType ofWire(String s) {
        for (AlertType t : values()) {
            if (t.wire.equals(s)) {
                return t;
            }
        }
        throw new IllegalArgumentException("unknown alert type '" + s + "'; expected one of "
                + java.util.Arrays.stream(values()).map(AlertType::wire).toList());
    }
}
