package io.assay.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import io.assay.por.Amount;
import io.assay.por.ChainFreshness;
import io.assay.por.Component;
import io.assay.por.MintDecision;
import io.assay.por.Round;
import io.assay.por.Snapshot;
import io.quarkus.runtime.annotations.RegisterForReflection;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.time.Instant;
import java.util.List;

/** The JSON shapes of the API. Amounts are strings (raw integer and exact decimal); times are ISO-8601 UTC. */
public final class Dto {
    private Dto() {
    }

    @Schema(description = "An exact amount: raw integer units and the same amount as a decimal string")
    @JsonPropertyOrder(alphabetic = true) // as the REST layer writes it; MintCheckJson writes it directly
    @RegisterForReflection // bound by MintCheckJson/SnapshotJson with the mapper, outside the REST layer (docs/native.md)
    public record AmountDto(
            @Schema(examples = "1250000000") String raw,
            @Schema(examples = "12.50000000") String decimal,
            @Schema(examples = "8") int decimals) {
        static AmountDto of(Amount a) {
            if (a == null) {
                return null;
            }
            String raw = a.raw().toString();
            return new AmountDto(raw, Amount.decimal(raw, a.decimals()), a.decimals());
        }
    }

    @Schema(description = "One input of a snapshot. For off-chain reserves 'chain' is the source's own commit unit "
            + "(offchain.<asset>.<source>), 'height' its accepted-answer counter and 'time' the attested time")
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @RegisterForReflection // bound by MintCheckJson/SnapshotJson with the mapper, outside the REST layer (docs/native.md)
    public record ComponentDto(String id, String chain,
                               @Schema(description = "on-chain (indexed from a chain) or off-chain (attested by a custodian API)")
                               String origin,
                               AmountDto amount, long height, Instant time, String series,
                               @Schema(description = "off-chain only: the custodian, and the signer when origin is proven")
                               String attestedBy) {
        static List<ComponentDto> list(List<Component> cs) {
            return cs.stream().map(ComponentDto::of).toList();
        }

        static ComponentDto of(Component c) {
            return new ComponentDto(c.id(), c.chain(),
                    io.assay.config.OffchainSource.isOffchain(c.chain()) ? "off-chain" : "on-chain",
                    AmountDto.of(c.amount()), c.height(), Instant.ofEpochMilli(c.time()), c.series(), c.attestedBy());
        }
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    @RegisterForReflection // bound by MintCheckJson/SnapshotJson with the mapper, outside the REST layer (docs/native.md)
    public record ChainDto(String chain, long height, String blockHash, Instant blockTime, Instant coveredUntil,
                           Long lagSeconds, boolean stale, String reason) {
        static ChainDto of(ChainFreshness c) {
            return new ChainDto(c.chain(), c.height(), c.blockHash(), c.blockTime(), c.coveredUntil(),
                    c.lag() == null ? null : c.lag().toSeconds(), c.stale(), c.reason());
        }
    }

    @Schema(description = "Proof of reserve of one asset as of one moment")
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @RegisterForReflection // bound by MintCheckJson/SnapshotJson with the mapper, outside the REST layer (docs/native.md)
    public record SnapshotDto(
            String asset,
            Instant asOf,
            @Schema(description = "OK, STALE (a chain is not current: mint checks deny) or REFUSED (impossible or incomplete data; never published)")
            String status,
            List<String> reasons,
            @Schema(description = "reserves / circulating, 18 digits, rounded down; null when nothing circulates", examples = "1.020000000000000000")
            String ratio,
            String minRatio,
            boolean belowMinRatio,
            AmountDto reserves,
            AmountDto supply,
            AmountDto excluded,
            AmountDto circulating,
            List<ComponentDto> reserveSources,
            List<ComponentDto> supplyByChain,
            List<ComponentDto> excludedHolders,
            List<ChainDto> chains,
            Object attestation) {
        // The engine hands out the same component lists and totals for an asset until one of its chains commits
        // (PorEngine's latest-values reuse): their DTOs are converted once per commit, not once per request.
        private static final IdentityMemo<List<Component>, List<ComponentDto>> RESERVES = new IdentityMemo<>(ComponentDto::list);
        private static final IdentityMemo<List<Component>, List<ComponentDto>> SUPPLY = new IdentityMemo<>(ComponentDto::list);
        private static final IdentityMemo<List<Component>, List<ComponentDto>> EXCLUDED = new IdentityMemo<>(ComponentDto::list);

        static SnapshotDto of(Snapshot s, String minRatio, Object attestation) {
            return new SnapshotDto(s.asset(), s.asOf(), s.status().name(), s.reasons(), s.ratio(), minRatio,
                    s.belowMinRatio(), AmountDto.of(s.reservesTotal()), AmountDto.of(s.supplyTotal()),
                    AmountDto.of(s.excludedTotal()), AmountDto.of(s.circulating()),
                    RESERVES.apply(s.reserves()), SUPPLY.apply(s.supply()), EXCLUDED.apply(s.excluded()),
                    s.chains().stream().map(ChainDto::of).toList(), attestation);
        }
    }

    @Schema(description = "A feed round: Chainlink-shaped fields plus what it was computed from")
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record RoundDto(
            String asset,
            @Schema(examples = "42") long roundId,
            @Schema(description = "reserves in raw units at 'decimals' (as Chainlink proof-of-reserve feeds answer)", examples = "1250000000")
            String answer,
            int decimals,
            Instant startedAt,
            Instant updatedAt,
            long answeredInRound,
            AmountDto reserves,
            AmountDto supply,
            AmountDto excluded,
            AmountDto circulating,
            String ratio,
            String trigger,
            List<Round.ChainHeight> heights,
            @Schema(description = "the liabilities publication in force at the round's moment and the solvency ratio; "
                    + "absent when the asset has none") SolvencyDto liabilities,
            Object attestation) {
        static RoundDto of(Round r, Object attestation) {
            int d = r.decimals();
            return new RoundDto(r.asset(), r.roundId(), r.answer(), d, r.startedAt(), r.updatedAt(), r.answeredInRound(),
                    amount(r.reserves(), d), amount(r.supply(), d), amount(r.excluded(), d), amount(r.circulating(), d),
                    r.ratio(), r.trigger(), r.heights(), SolvencyDto.of(r.liabilities(), r.reserves(), d), attestation);
        }

        private static AmountDto amount(String raw, int d) {
            return AmountDto.of(new Amount(new java.math.BigInteger(raw), d));
        }
    }

    /** The snapshot's amounts are the engine's reused objects until a commit: converted once. */
    private static final IdentityMemo<Amount, AmountDto> MINT_RESERVES = new IdentityMemo<>(AmountDto::of);
    private static final IdentityMemo<Amount, AmountDto> MINT_CIRCULATING = new IdentityMemo<>(AmountDto::of);

    @Schema(description = "Answer of the secure-mint check")
    @JsonInclude(JsonInclude.Include.NON_NULL)
    // fields by name, as the REST layer's generated serializers write DTOs; written directly by MintCheckJson
    @JsonPropertyOrder(alphabetic = true)
    @RegisterForReflection // bound by MintCheckJson/SnapshotJson with the mapper, outside the REST layer (docs/native.md)
    public record MintCheckDto(
            String asset,
            boolean allowed,
            AmountDto requested,
            @Schema(description = "reserves needed: (circulating + requested) x minRatio")
            AmountDto required,
            @Schema(description = "reserves - required; negative is the shortfall")
            AmountDto headroom,
            List<String> reasons,
            Instant asOf,
            String status,
            String ratio,
            AmountDto reserves,
            AmountDto circulating) {
        static MintCheckDto of(MintDecision d) {
            Snapshot s = d.snapshot();
            return new MintCheckDto(d.asset(), d.allowed(), AmountDto.of(d.requested()), AmountDto.of(d.required()),
                    AmountDto.of(d.headroom()), d.reasons(), s == null ? null : s.asOf(),
                    s == null ? null : s.status().name(), s == null ? null : s.ratio(),
                    s == null ? null : MINT_RESERVES.apply(s.reservesTotal()),
                    s == null ? null : MINT_CIRCULATING.apply(s.circulating()));
        }
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    /**
     * @param incumbent     the incumbent feed's answer at the same moment (raw, the history's decimals), or null
     * @param liabilities   the liabilities publication in force at that moment (raw), or null when none is
     * @param solvencyRatio reserves / liabilities at that moment, or null
     */
    public record HistoryPoint(Instant time, String status, String reserves, String supply, String excluded,
                               String circulating, String ratio, String incumbent,
                               String liabilities, String solvencyRatio) {
    }

    /** Assay's reserves against the asset's incumbent proof-of-reserve feed at one moment (raw amounts at {@code decimals}). */
    public record IncumbentDto(String asset, String feedId, String chain, String feed, Instant asOf, int decimals,
                               String reserves, String feedAnswer, String difference, Instant updatedAt, long height,
                               long toleranceBps, String heartbeat, boolean diverged, boolean stale, String status,
                               List<String> reasons) {
    }

    @Schema(description = "Solvency: a liabilities publication against the reserves of the same moment")
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record SolvencyDto(
            @Schema(description = "publication id") String publication,
            @Schema(description = "Merkle-sum root of the publication") String root,
            @Schema(description = "the publication's total for the asset") AmountDto liabilities,
            @Schema(description = "padded tree size") long leaves,
            @Schema(description = "the publication's time (asOf)") Instant publishedAt,
            @Schema(description = "reserves / liabilities, 18 digits rounded down; absent when nothing is owed") String ratio,
            @Schema(description = "reserves >= liabilities") boolean solvent) {
        static SolvencyDto of(Round.Liabilities l, String reserves, int decimals) {
            if (l == null) {
                return null;
            }
            return new SolvencyDto(l.publication(), l.root(), AmountDto.of(new Amount(new java.math.BigInteger(l.total()),
                    decimals)), l.leaves(), l.publishedAt(), l.ratio(), l.solvent(reserves));
        }
    }

    public record History(String asset, Instant from, Instant to, String interval, int decimals, int points,
                          List<HistoryPoint> values) {
    }

    public record AssetDto(String id, String name, String symbol, int decimals, List<String> chains, String minRatio,
                           long deviationBps, String heartbeat, String stalenessTolerance) {
    }

    public record AssetStateDto(AssetDto asset, SnapshotDto latest, RoundDto lastRound, String health,
                                @JsonInclude(JsonInclude.Include.NON_NULL) SolvencyDto solvency,
                                List<ReserveSetDto> reserveSets) {
        public AssetStateDto(AssetDto asset, SnapshotDto latest, RoundDto lastRound, String health) {
            this(asset, latest, lastRound, health, null, List.of());
        }
    }

    /**
     * One reserve set (docs/reserve-sets.md): where its membership comes from, when it was last read, and its members
     * in force at {@code asOf} with their balances then (raw units; null when not known then).
     */
    public record ReserveSetDto(String id, String kind, String source, String chain, String membershipChain,
                                Instant lastRefresh, String refused, int memberCount, String total,
                                List<MemberDto> members, List<String> problems) {
    }

    public record MemberDto(String address, String script, Instant since, String balance, long height) {
    }

    /** {@code GET /v1/assets/{id}/reserves?at=T}: every reserve set of the asset at one moment. */
    public record ReservesDto(String asset, Instant asOf, List<ReserveSetDto> sets) {
    }

    public record PointDto(long height, Instant time, String value) {
    }

    public record SeriesDto(String key, int id, List<PointDto> points, boolean truncated) {
    }
}
