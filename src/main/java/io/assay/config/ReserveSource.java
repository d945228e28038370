package io.assay.config;

/**
 * One place reserves are held.
 *
 * @param id       unique within the asset; used in series keys ({@code asset/chain/reserve/id})
 * @param chain    chain profile name
 * @param kind     what {@code target} is
 * @param target   address, script hex, descriptor or holder, exactly as validated
 * @param token    for EVM holders: the ERC-20 contract, or null for the chain's native coin
 * @param decimals decimals of the raw amounts this source produces (sats: 8, wei: 18, ...)
 * @param gapLimit for ranged descriptors: unused addresses scanned past the last used one
 * @param offchain for {@link SourceKind#HTTP} sources: how the custodian API is polled; null for on-chain sources
 * @param set      for {@link SourceKind#SET} sources: where the members come from; null otherwise
 */
public record ReserveSource(String id, String chain, SourceKind kind, String target, String token, int decimals,
                            int gapLimit, OffchainSource offchain, ReserveSet set) {
    /** A source with a fixed target (or an off-chain one). */
    public ReserveSource(String id, String chain, SourceKind kind, String target, String token, int decimals,
                         int gapLimit, OffchainSource offchain) {
        this(id, chain, kind, target, token, decimals, gapLimit, offchain, null);
    }

    /** An on-chain source. */
    public ReserveSource(String id, String chain, SourceKind kind, String target, String token, int decimals,
                         int gapLimit) {
        this(id, chain, kind, target, token, decimals, gapLimit, null, null);
    }

    public boolean isSet() {
        return set != null;
    }

    public boolean isOffchain() {
        return offchain != null;
    }
}
