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
    /**
     * The asset's reserves differ from its incumbent proof-of-reserve feed by more than the profile's
     * {@code incumbent.toleranceBps} at the cut (scope: asset and the feed's chain).
     */
    INCUMBENT_DIVERGENCE("incumbent-divergence"),
    /** The incumbent feed's {@code updatedAt} is older than its {@code incumbent.heartbeat} at the cut (scope: asset and chain). */
    INCUMBENT_STALE("incumbent-stale"),
    /**
     * A burn on one of a burn-and-mint asset's chains has not been minted on its destination chain within
     * {@code burnMint.maxInFlight} at the cut (scope: asset and the burn's chain).
     */
    BURN_UNMATCHED("burn-unmatched"),
    /**
     * Signed reports of a quorum round differ between nodes, or no quorum formed (scope: asset); reported by the
     * quorum check (docs/quorum.md) on every node that runs it.
     */
    QUORUM_DISAGREEMENT("quorum-disagreement"),
    /** An asset's reserves are below the liabilities publication in force at its cut (scope: asset). */
    INSOLVENT("insolvent"),
    /** The liabilities publication in force is older than {@code assay.liabilities.max-age} (scope: asset). */
    LIABILITIES_STALE("liabilities-stale"),
    /**
     * A reserve set's list was refused (an HTTP page set that does not add up, a malformed or duplicate entry, a
     * shrink beyond {@code maxShrinkBps}); the last good membership is kept (scope: asset and the set's membership
     * chain). Clears with the next good list.
     */
    RESERVE_SET_REFUSED("reserve-set-refused");

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
