package io.assay.config;

import com.fasterxml.jackson.annotation.JsonFormat;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import io.quarkus.runtime.annotations.RegisterForReflection;

import java.math.BigDecimal;
import java.util.List;

/**
 * The shape of chain and asset profiles as written, bound by Jackson YAML ({@link ProfileDoc}). A field the file
 * does not give is null; {@link ProfileLoader} applies defaults and every semantic check, and builds the validated
 * {@link ChainProfile} and {@link AssetProfile}. Durations stay text here ({@code 30s}, {@code PT1H}) and go through
 * {@link AssayConfig#duration}, the one duration parser.
 *
 * <p>To add a field: add a component to its record (a boxed type or a string, so that "not given" stays visible) and
 * read it in the loader. A field no record has is refused with its path and line. Entries whose fields depend on
 * where they point (a reserve on a chain of some family, a reserve set, an off-chain source) are bound by their own
 * readers: {@code ReserveSets}, {@code OffchainProfiles} and each family's {@link FamilyProfileRules}.
 *
 * <p>Every record here is registered for reflection: the native image binds them too (docs/native.md).
 */
public final class ProfileYaml {
    private ProfileYaml() {
    }

    /** {@code chains/<name>.yaml}. */
    @RegisterForReflection
    public record Chain(String name, String family, Long chainId, String network, Finality finality,
                        @JsonFormat(with = JsonFormat.Feature.ACCEPT_SINGLE_VALUE_AS_ARRAY) List<String> endpoints,
                        String rest, String blockTime, String backfill, Long startHeight, Limits limits) {
    }

    /** {@code finality:}: exactly one of tag, confirmations, commitment. */
    @RegisterForReflection
    public record Finality(String tag, Long confirmations, String commitment, String quietSkew) {
    }

    /** {@code limits:}: each one defaults per family. */
    @RegisterForReflection
    public record Limits(Long maxLogRange, Long batchSize, Long parallelism, Long requestsPerSecond, String timeout,
                         Long maxReorgDepth, String pollInterval, Long reconcileEvery) {
    }

    /**
     * {@code chains/assets/<id>.yaml}. Its {@code reserves} are read entry by entry (each kind of entry has its own
     * fields), so the record leaves them out.
     */
    @RegisterForReflection
    @JsonIgnoreProperties({"reserves"})
    public record Asset(String id, String name, String symbol, Long decimals, List<Supply> supply,
                        List<Excluded> excluded, Policy policy, Incumbent incumbent, BurnMint burnMint) {
    }

    /**
     * The fields every reserve entry on a chain has (a gap limit is checked on all of them, and only Bitcoin
     * descriptors use it); the chain's family binds the whole entry.
     */
    @RegisterForReflection
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record ReserveHead(String id, String chain, Long gapLimit) {
    }

    /** {@code supply[i]}: the asset's token on one chain. */
    @RegisterForReflection
    public record Supply(String chain, String token, Long decimals, Long startBlock) {
    }

    /** {@code excluded[i]}: a holder whose balance is not circulating supply. */
    @RegisterForReflection
    public record Excluded(String id, String chain, String holder, String reason) {
    }

    /** {@code policy:}. */
    @RegisterForReflection
    public record Policy(Long deviationBps, String heartbeat, BigDecimal minRatio, String stalenessTolerance) {
    }

    /** {@code incumbent:}: an existing Chainlink proof-of-reserve feed. */
    @RegisterForReflection
    public record Incumbent(String id, String chain, String feed, Long decimals, String heartbeat, Long toleranceBps,
                            String source) {
    }

    /** {@code burnMint:}: CCTP-style routes. */
    @RegisterForReflection
    public record BurnMint(String maxInFlight, List<Domain> domains) {
    }

    /** {@code burnMint.domains[i]}: CCTP V1 contracts, and V2's when the chain has them (both or neither). */
    @RegisterForReflection
    public record Domain(String chain, Long domain, String tokenMessenger, String messageTransmitter,
                         String tokenMessengerV2, String messageTransmitterV2) {
    }
}
