package io.assay.api;

import io.assay.config.AssetProfile;
import io.assay.por.FeedRounds;
import io.assay.por.LiabilityPublications;
import io.assay.por.MintCheck;
import io.assay.por.MintDecision;
import io.assay.por.PorEngine;
import io.assay.por.Round;
import io.assay.por.RoundLog;
import io.assay.por.Snapshot;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Assets, their proof of reserve now and in the past, feed rounds and the secure-mint check. */
@Path("/v1/assets")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "assets", description = "Proof of reserve and circulation per asset")
public class AssetsResource {
    /** History answers at most this many points; ask for a wider interval beyond it. */
    public static final int MAX_POINTS = 2000;
    /** What Jackson-written answers are labelled with; the answers written as bytes keep the same header. */
    private static final String JSON_UTF8_TEXT = MediaType.APPLICATION_JSON + ";charset=UTF-8";

    @Inject
    PorEngine engine;
    @Inject
    LiabilityPublications liabilities;
    @Inject
    FeedRounds rounds;
    @Inject
    MintCheck mintCheck;
    @Inject
    Attestations attestations;
    @Inject
    SnapshotJson snapshotJson;
    @Inject
    MintCheckJson mintCheckJson;

    @GET
    @Operation(summary = "List assets")
    @APIResponse(responseCode = "200", description = "every configured asset and its policy",
            content = @Content(mediaType = MediaType.APPLICATION_JSON,
                    examples = @ExampleObject(name = "demo", value = ApiExamples.ASSETS)))
    public List<Dto.AssetDto> list() {
        return engine.profiles().assets().values().stream().map(AssetsResource::asset).toList();
    }

    @GET
    @Path("{asset}")
    @Operation(summary = "An asset's latest state: snapshot now, last round and a one-word health")
    public Dto.AssetStateDto state(@PathParam("asset") String id) {
        AssetProfile a = engine.asset(id);
        Snapshot s = engine.latest(id);
        Round last = rounds.log(id).latest().orElse(null);
        List<Dto.ReserveSetDto> sets = a.reserves().stream().anyMatch(io.assay.config.ReserveSource::isSet)
                ? sets(id, engine.reserveSets(id, s.asOf())) : List.of();
        Dto.SolvencyDto solvency = s.status() == Snapshot.Status.REFUSED ? null
                : liabilities.against(a, s.reservesTotal().raw(), s.scale(), s.asOf())
                .map(l -> Dto.SolvencyDto.of(l, s.reservesTotal().raw().toString(), s.scale())).orElse(null);
        return new Dto.AssetStateDto(asset(a), snapshot(s, a, false),
                last == null ? null : Dto.RoundDto.of(last, attestations.forRound(last)), health(s), solvency, sets);
    }

    @GET
    @Path("{asset}/reserves")
    @Operation(summary = "The asset's reserve sets at a moment (at; now by default, at the cut): the members in force"
            + " then and each one's balance then (docs/reserve-sets.md)")
    @APIResponse(responseCode = "200", description = "every reserve set of the asset")
    @APIResponse(responseCode = "400", description = "a malformed time")
    @APIResponse(responseCode = "404", description = "unknown asset")
    @APIResponse(responseCode = "409", description = "the moment is after the cut (not final yet) or no cut exists yet")
    public Dto.ReservesDto reserves(@PathParam("asset") String id, @QueryParam("at") String at) {
        engine.asset(id);
        Instant t = at == null ? null : Params.time("at", at);
        io.assay.por.ReserveSetsAt r = engine.reserveSets(id, t);
        if (!r.reasons().isEmpty()) {
            throw new ApiException(Problem.of(409, "not-final", "Not final yet", String.join("; ", r.reasons())));
        }
        return new Dto.ReservesDto(r.asset(), r.asOf(), sets(id, r));
    }

    private List<Dto.ReserveSetDto> sets(String asset, io.assay.por.ReserveSetsAt r) {
        List<Dto.ReserveSetDto> out = new java.util.ArrayList<>();
        for (io.assay.por.ReserveSetView v : r.sets()) {
            List<Dto.MemberDto> members = v.members().stream().map(m -> new Dto.MemberDto(m.address(), m.script(),
                    m.since(), m.balance() == null ? null : m.balance().raw().toString(), m.height())).toList();
            out.add(new Dto.ReserveSetDto(v.id(), v.kind(), v.source(), v.chain(), v.membershipChain(), v.lastRefresh(),
                    engine.setRefusal(asset, v.id()).orElse(null), members.size(),
                    v.total() == null ? null : v.total().raw().toString(), members, v.problems()));
        }
        return out;
    }

    @GET
    @Path("{asset}/snapshot")
    @Operation(summary = "Proof of reserve as of a time (at) or as of per-chain heights (heights); now by default")
    @APIResponse(responseCode = "200", description = "the snapshot (status OK, STALE or REFUSED with reasons)",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = Dto.SnapshotDto.class),
                    examples = @ExampleObject(name = "demo", summary = "the demo after its scenario (arrays shortened)",
                            value = ApiExamples.SNAPSHOT)))
    @APIResponse(responseCode = "400", description = "malformed or future 'at', malformed or incomplete 'heights', or both given")
    @APIResponse(responseCode = "404", description = "unknown asset")
    @Produces(JSON_UTF8_TEXT)
    public byte[] snapshot(@Parameter(description = "asset id", example = "wbtc-demo") @PathParam("asset") String id,
                                    @Parameter(description = "ISO-8601 time, e.g. 2026-03-01T12:00:00Z", example = "2026-03-01T12:00:00Z")
                                    @QueryParam("at") String at,
                                    @Parameter(description = "chain:height pairs for every chain of the asset", example = "ethereum:19000000,bitcoin:840000")
                                    @QueryParam("heights") String heights,
                                    @Parameter(description = "attach a signed EIP-712 attestation") @QueryParam("signed") boolean signed) {
        AssetProfile a = engine.asset(id);
        if (at != null && heights != null) {
            throw ApiException.badRequest("give either 'at' or 'heights', not both");
        }
        Snapshot s;
        if (heights != null) {
            Map<String, Long> h = Params.heights("heights", heights);
            s = engine.snapshotAtHeights(id, h);
        } else {
            if (at == null) {
                s = engine.latest(id); // now: at the asset's cut (docs/consistent-cut.md)
            } else {
                Instant t = Params.timeOr("at", at, engine.now());
                notInFuture("at", t);
                s = engine.snapshot(id, t); // after the cut: REFUSED, not final yet
            }
            if (at == null && !signed) {
                // the hot path ("now"): the same bytes as the DTO below, mostly serialized once per change (SnapshotJson)
                return snapshotJson.write(s, a.policy().minRatio().toPlainString());
            }
        }
        // byte[] on every path: with one return type the REST layer picks its writer at build time, not per request
        return snapshotJson.bytes(snapshot(s, a, signed));
    }

    @GET
    @Path("{asset}/history")
    @Produces({MediaType.APPLICATION_JSON, "text/csv"})
    @Operation(summary = "Reserves, supply, excluded, circulating and ratio from 'from' to 'to' (default: the asset's cut) "
            + "every 'interval' (at most " + MAX_POINTS + " points; moments after the cut are REFUSED, not final yet; "
            + "Accept: text/csv for CSV)")
    public Dto.History history(@PathParam("asset") String id,
                               @Parameter(example = "2026-03-01T00:00:00Z") @QueryParam("from") String from,
                               @Parameter(example = "2026-03-02T00:00:00Z") @QueryParam("to") String to,
                               @Parameter(description = "15m, 1h, 1d, 1w or ISO-8601 PT1H; default: (to - from) / 100", example = "1h")
                               @QueryParam("interval") String interval) {
        AssetProfile a = engine.asset(id);
        Instant cut = engine.cut(id).at();
        Instant end = Params.timeOr("to", to, cut != null ? cut : engine.now()); // by default up to the cut
        Instant dayBefore = end.minus(Duration.ofDays(1));
        Instant start = Params.timeOr("from", from, dayBefore.isBefore(Params.MIN_TIME) ? Params.MIN_TIME : dayBefore);
        notInFuture("to", end);
        if (start.isAfter(end)) {
            throw ApiException.badRequest("'from' (" + start + ") is after 'to' (" + end + ")");
        }
        Duration span = Duration.between(start, end);
        Duration step = interval == null || interval.isBlank()
                ? Duration.ofMillis(Math.max(1000, span.toMillis() / 100))
                : Params.interval("interval", interval);
        long n = span.toMillis() / step.toMillis() + 1;
        if (n > MAX_POINTS) {
            throw ApiException.badRequest("too many points: " + n + " (from " + start + " to " + end + " every " + step
                    + "); at most " + MAX_POINTS + ": widen 'interval' to at least "
                    + Duration.ofMillis(span.toMillis() / MAX_POINTS + 1)); // the smallest step giving <= MAX_POINTS
        }
        List<Dto.HistoryPoint> values = new ArrayList<>((int) n);
        int decimals = a.decimals();
        List<LiabilityPublications.Entry> pubs = liabilities.all(a);
        for (long i = 0; i < n; i++) {
            Instant t = start.plusMillis(i * step.toMillis());
            Snapshot s = engine.snapshot(id, t);
            decimals = s.scale();
            boolean refused = s.status() == Snapshot.Status.REFUSED;
            String incumbent = null;
            if (a.incumbent() != null && !refused) {
                // the feed's decimals never exceed the asset's (profile rule), so its scale is the snapshot's
                incumbent = engine.incumbent(s).filter(c -> c.status() != Snapshot.Status.REFUSED)
                        .map(c -> c.feedAnswer().rescale(s.scale()).raw().toString()).orElse(null);
            }
            Round.Liabilities owed = refused ? null : LiabilityPublications.inForce(pubs, s.asOf())
                    .map(e -> LiabilityPublications.against(e, a, s.reservesTotal().raw(), s.scale())).orElse(null);
            values.add(new Dto.HistoryPoint(t, s.status().name(),
                    refused ? null : s.reservesTotal().raw().toString(), refused ? null : s.supplyTotal().raw().toString(),
                    refused ? null : s.excludedTotal().raw().toString(), refused ? null : s.circulating().raw().toString(),
                    refused ? null : s.ratio(), incumbent, owed == null ? null : owed.total(), owed == null ? null : owed.ratio()));
        }
        return new Dto.History(id, start, end, step.toString(), decimals, values.size(), values);
    }

    @GET
    @Path("{asset}/incumbent")
    @Operation(summary = "Assay's reserves against the asset's incumbent proof-of-reserve feed, both at the asset's cut "
            + "(or at 'at'): the feed's answer scaled exactly to the asset's units, the difference, and whether it "
            + "exceeds the tolerance or the feed is older than its heartbeat")
    public Dto.IncumbentDto incumbent(@PathParam("asset") String id,
                                      @Parameter(example = "2026-03-01T00:00:00Z") @QueryParam("at") String at) {
        AssetProfile a = engine.asset(id);
        if (a.incumbent() == null) {
            throw ApiException.notFound("asset '" + id + "' names no incumbent feed (profile field 'incumbent')");
        }
        Snapshot s = at == null || at.isBlank() ? engine.latest(id) : engine.snapshot(id, Params.time("at", at));
        io.assay.por.IncumbentCheck c = engine.incumbent(s).orElseThrow();
        return new Dto.IncumbentDto(c.asset(), c.feedId(), c.chain(), c.feed(), c.asOf(), c.reserves().decimals(),
                c.reserves().raw().toString(), c.feedAnswer().raw().toString(), c.difference().raw().toString(),
                c.updatedAt(), c.height(), c.toleranceBps(), c.heartbeat(), c.diverged(), c.stale(), c.status().name(),
                c.reasons());
    }

    @GET
    @Path("{asset}/rounds")
    @Operation(summary = "The newest feed rounds, newest first")
    public List<Dto.RoundDto> rounds(@PathParam("asset") String id, @QueryParam("limit") String limit) {
        int n = Params.limit("limit", limit, 20, 1000);
        return rounds.log(id).recent(n).stream().map(r -> Dto.RoundDto.of(r, attestations.forRound(r))).toList();
    }

    @GET
    @Path("{asset}/rounds/latest")
    @Operation(summary = "The latest feed round")
    public Dto.RoundDto latestRound(@PathParam("asset") String id) {
        RoundLog log = rounds.log(id);
        Round r = log.latest().orElseThrow(() -> ApiException.notFound("asset '" + id + "' has no round yet"
                + " (rounds open once every chain is indexed and current)"));
        return Dto.RoundDto.of(r, attestations.forRound(r));
    }

    @GET
    @Path("{asset}/rounds/{roundId}")
    @Operation(summary = "A feed round by id")
    public Dto.RoundDto round(@PathParam("asset") String id, @PathParam("roundId") String roundId) {
        RoundLog log = rounds.log(id);
        if (roundId == null || !roundId.matches("[0-9]{1,18}")) {
            throw ApiException.badRequest("round id must be a positive integer, found '" + Params.abbreviate(String.valueOf(roundId)) + "'");
        }
        long rid = Long.parseLong(roundId);
        Round r = log.get(rid).orElseThrow(() -> ApiException.notFound("asset '" + id + "' has no round " + rid
                + " (rounds 1 to " + log.size() + " exist)"));
        return Dto.RoundDto.of(r, attestations.forRound(r));
    }

    @GET
    @Path("{asset}/mint-check")
    @Operation(summary = "May 'amount' (raw units, asset decimals) be minted now? Fails closed on stale or inconsistent data")
    @APIResponse(responseCode = "200", description = "allowed, or denied with the reasons",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = Dto.MintCheckDto.class),
                    examples = {
                            @ExampleObject(name = "allowed", summary = "1 dWBTC: exactly the headroom", value = ApiExamples.MINT_ALLOWED),
                            @ExampleObject(name = "denied-reserves", summary = "2 dWBTC: 1 short", value = ApiExamples.MINT_DENIED),
                            @ExampleObject(name = "denied-stale", summary = "a chain's node stopped answering",
                                    value = ApiExamples.MINT_STALE)}))
    @APIResponse(responseCode = "400", description = "missing, negative, zero or non-integer amount")
    @APIResponse(responseCode = "404", description = "unknown asset")
    @Produces(JSON_UTF8_TEXT)
    public byte[] mintCheck(@Parameter(description = "asset id", example = "wbtc-demo") @PathParam("asset") String id,
                                      @Parameter(description = "raw units in the asset's decimals", example = "100000000")
                                      @QueryParam("amount") String amount) {
        engine.asset(id);
        return mintAnswer(mintCheck.check(id, Params.amount("amount", amount)));
    }

    /** Body of a POST mint check. */
    public record MintRequest(@Schema(description = "raw units in the asset's decimals", examples = "100000000") String amount) {
    }

    @POST
    @Path("{asset}/mint-check")
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(JSON_UTF8_TEXT)
    @Operation(summary = "Same as GET, with {\"amount\": \"...\"} as the body")
    @APIResponse(responseCode = "200", description = "allowed, or denied with the reasons",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = Dto.MintCheckDto.class),
                    examples = @ExampleObject(name = "allowed", value = ApiExamples.MINT_ALLOWED)))
    public byte[] mintCheckPost(@PathParam("asset") String id, MintRequest body) {
        engine.asset(id);
        if (body == null) {
            throw ApiException.badRequest("body must be JSON such as {\"amount\": \"100000000\"}");
        }
        return mintAnswer(mintCheck.check(id, Params.amount("amount", body.amount())));
    }

    /**
     * The bytes of {@code Dto.MintCheckDto.of(d)} as the REST layer would write them, written directly (MintCheckJson).
     * A {@code byte[]} return type (not a {@code Response}) lets the REST layer choose its writer once, at build time.
     */
    private byte[] mintAnswer(MintDecision d) {
        return mintCheckJson.write(d);
    }

    private Dto.SnapshotDto snapshot(Snapshot s, AssetProfile a, boolean signed) {
        return Dto.SnapshotDto.of(s, a.policy().minRatio().toPlainString(), signed ? attestations.forSnapshot(s) : null);
    }

    private void notInFuture(String name, Instant t) {
        Instant now = engine.now();
        if (t.isAfter(now.plusSeconds(1))) {
            throw ApiException.badRequest("'" + name + "' (" + t + ") is in the future; the server's time is " + now);
        }
    }

    static String health(Snapshot s) {
        return switch (s.status()) {
            case REFUSED -> "refused";
            case STALE -> "stale";
            case OK -> s.belowMinRatio() ? "under-collateralised" : "healthy";
        };
    }

    static Dto.AssetDto asset(AssetProfile a) {
        return new Dto.AssetDto(a.id(), a.name(), a.symbol(), a.decimals(), List.copyOf(PorEngine.chainsOf(a)),
                a.policy().minRatio().toPlainString(), a.policy().deviationBps(), a.policy().heartbeat().toString(),
                a.policy().stalenessTolerance().toString());
    }
}
