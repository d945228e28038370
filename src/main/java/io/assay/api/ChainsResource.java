package io.assay.api;

import io.assay.chain.Alarm;
import io.assay.chain.ChainRegistry;
import io.assay.chain.ChainStatus;
import io.assay.chain.ChainStatusView;
import io.assay.chain.ChainSync;
import io.assay.chain.EndpointView;
import io.assay.config.ChainProfile;
import io.assay.config.Profiles;
import io.assay.store.Checkpoint;
import io.assay.store.Store;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Status of every chain: indexed height, finality, endpoints (host and port only), until when it is known final
 * (its coverage, the latest a cut through it can be) and which assets' cut it holds back, and — for a chain
 * whose indexer runs — its live state from the {@link ChainRegistry}: head, final head, lag, rates, reorgs,
 * halt reason, reconciliation, per-endpoint health and recent alarms. After the chains, one entry per reserve set
 * whose membership changes (family {@code reserve-set}, named by its store chain {@code set.<asset>.<id>}): the same
 * sync state, and its members in force, last refresh and refusals (docs/reserve-sets.md).
 */
@Path("/v1/chains")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "chains")
public class ChainsResource {
    @Inject
    Profiles profiles;
    @Inject
    Store store;
    @Inject
    ChainSync sync;
    @Inject
    ChainRegistry registry;
    @Inject
    io.assay.por.PorEngine engine;
    @Inject
    io.assay.offchain.OffchainService offchain;

    @GET
    @Operation(summary = "Every chain's indexing status")
    public List<Map<String, Object>> list() {
        Map<String, List<String>> holders = cutHolders();
        List<Map<String, Object>> out = new ArrayList<>(profiles.chains().values().stream()
                .map(c -> status(c, holders)).toList());
        for (SetRef r : sets()) {
            out.add(setStatus(r, holders));
        }
        return out;
    }

    /** A reserve set whose membership has its own store chain. */
    private record SetRef(String asset, io.assay.config.ReserveSource source) {
        String chain() {
            return source.set().membershipChain();
        }
    }

    private List<SetRef> sets() {
        List<SetRef> out = new ArrayList<>();
        for (io.assay.config.AssetProfile a : profiles.assets().values()) {
            for (io.assay.config.ReserveSource r : a.reserves()) {
                if (r.isSet() && r.set().membershipChain() != null) {
                    out.add(new SetRef(a.id(), r));
                }
            }
        }
        return out;
    }

    private Map<String, Object> setStatus(SetRef r, Map<String, List<String>> holders) {
        io.assay.config.ReserveSet set = r.source().set();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("chain", r.chain());
        m.put("family", "reserve-set");
        m.put("asset", r.asset());
        m.put("set", r.source().id());
        m.put("kind", set.kind().name().toLowerCase(java.util.Locale.ROOT));
        m.put("source", switch (set.kind()) {
            case CONTRACT, EVENTS -> set.contract();
            case HTTP -> set.http().url().toString();
            case FILE -> null;
        });
        m.put("listChain", set.listChain());
        m.put("holdingChain", r.source().chain());
        Optional<Checkpoint> cp = store.checkpoint(r.chain());
        m.put("indexedHeight", cp.map(Checkpoint::height).orElse(null));
        Instant refreshed = cp.map(x -> Instant.ofEpochMilli(x.time())).orElse(null);
        Instant now = Instant.now();
        m.put("lastRefresh", refreshed);
        m.put("lastRefreshAgeSeconds", refreshed == null ? null
                : Math.max(0, java.time.Duration.between(refreshed, now).toMillis()) / 1000.0);
        m.put("members", io.assay.store.SetMembers.inForce(store, r.asset(), r.chain(), r.source().id()));
        Instant covered = engine.coveredUntil(r.chain()).orElse(null);
        m.put("coveredUntil", covered);
        m.put("coverageLagSeconds", covered == null ? null
                : Math.max(0, java.time.Duration.between(covered, now).toMillis()) / 1000.0);
        m.put("holdsCutOf", holders.getOrDefault(r.chain(), List.of()));
        m.put("halted", sync.halted(r.chain()).orElse(null));
        m.put("suspect", sync.suspect(r.chain()).orElse(null));
        Optional<io.assay.offchain.HttpSetPoller> poller = offchain.setPoller(r.chain());
        m.put("polling", set.kind() != io.assay.config.ReserveSet.Kind.HTTP ? null : offchain.setPolling());
        m.put("refused", poller.map(io.assay.offchain.HttpSetPoller::lastRefusal).orElse(null));
        m.put("refusals", poller.map(io.assay.offchain.HttpSetPoller::refusals).orElse(0L));
        registry.get(r.chain()).map(ChainStatus::view).ifPresent(v -> indexer(m, v));
        return m;
    }

    /** Per chain, the assets whose cut it holds (each asset's cut read once per request). */
    private Map<String, List<String>> cutHolders() {
        Map<String, List<String>> out = new LinkedHashMap<>();
        for (String asset : profiles.assets().keySet()) {
            String holder = engine.cut(asset).holder();
            if (holder != null) {
                out.computeIfAbsent(holder, k -> new ArrayList<>()).add(asset);
            }
        }
        return out;
    }

    @GET
    @Path("{chain}")
    @Operation(summary = "One chain's indexing status")
    public Map<String, Object> one(@PathParam("chain") String chain) {
        Optional<ChainProfile> c = profiles.chain(chain);
        if (c.isPresent()) {
            return status(c.get(), cutHolders());
        }
        for (SetRef r : sets()) {
            if (r.chain().equals(chain)) {
                return setStatus(r, cutHolders());
            }
        }
        throw ApiException.notFound("unknown chain '" + chain + "'; known chains: " + profiles.chains().keySet()
                + ", reserve sets: " + sets().stream().map(SetRef::chain).toList());
    }

    Map<String, Object> status(ChainProfile c, Map<String, List<String>> holders) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("chain", c.name());
        m.put("family", c.family().name().toLowerCase(java.util.Locale.ROOT));
        if (c.chainId() > 0) {
            m.put("chainId", c.chainId());
        }
        if (c.network() != null) {
            m.put("network", c.network());
        }
        m.put("finality", c.finality().toString());
        Optional<Checkpoint> cp = store.checkpoint(c.name());
        m.put("indexedHeight", cp.map(Checkpoint::height).orElse(null));
        m.put("indexedHash", cp.map(Checkpoint::hashHex).orElse(null));
        m.put("indexedBlockTime", cp.map(x -> Instant.ofEpochMilli(x.time())).orElse(null));
        // coverage: until when the chain is known final (the latest a cut through it can be); its lag behind the wall
        // clock; and the assets whose cut it holds back (its coverage is their cut: it owns their whole lag)
        Instant covered = engine.coveredUntil(c.name()).orElse(null);
        Instant now = Instant.now();
        m.put("coveredUntil", covered);
        m.put("coverageLagSeconds", covered == null ? null
                : Math.max(0, java.time.Duration.between(covered, now).toMillis()) / 1000.0);
        m.put("holdsCutOf", holders.getOrDefault(c.name(), List.of()));
        m.put("halted", sync.halted(c.name()).orElse(null));
        m.put("endpoints", c.endpoints().stream().map(e -> Map.of("url", e.redacted())).toList());
        registry.get(c.name()).map(ChainStatus::view).ifPresent(v -> indexer(m, v));
        return m;
    }

    private static void indexer(Map<String, Object> m, ChainStatusView v) {
        m.put("state", v.state().name().toLowerCase(java.util.Locale.ROOT));
        m.put("head", v.head() < 0 ? null : v.head());
        m.put("finalHead", v.finalHead() < 0 ? null : v.finalHead());
        m.put("lagBlocks", v.lagBlocks());
        m.put("blocksPerSecond", Math.round(v.blocksPerSecond() * 10) / 10.0);
        m.put("eventsPerSecond", Math.round(v.eventsPerSecond() * 10) / 10.0);
        m.put("events", v.events());
        m.put("reorgs", v.reorgs());
        m.put("lastReorgDepth", v.lastReorgDepth());
        m.put("haltReason", v.haltReason());
        m.put("lastError", v.lastError());
        Map<String, Object> rec = new LinkedHashMap<>();
        rec.put("lastHeight", v.lastReconciledHeight() < 0 ? null : v.lastReconciledHeight());
        rec.put("mismatches", v.reconcileMismatches());
        m.put("reconciliation", rec);
        List<Map<String, Object>> eps = new ArrayList<>();
        for (EndpointView e : v.endpoints()) {
            Map<String, Object> x = new LinkedHashMap<>();
            x.put("url", e.label());
            x.put("state", e.state());
            x.put("requests", e.requests());
            x.put("errors", e.errors());
            x.put("consecutiveFailures", e.consecutiveFailures());
            x.put("lastLatencyMillis", e.lastLatencyMillis());
            x.put("lastError", e.lastError());
            x.put("excludedReason", e.excludedReason());
            eps.add(x);
        }
        if (!eps.isEmpty()) {
            m.put("endpoints", eps);
        }
        List<Map<String, Object>> alarms = new ArrayList<>();
        for (Alarm a : v.alarms()) {
            Map<String, Object> x = new LinkedHashMap<>();
            x.put("kind", a.kind());
            x.put("message", a.message());
            x.put("height", a.height() < 0 ? null : a.height());
            x.put("at", Instant.ofEpochMilli(a.at()));
            alarms.add(x);
        }
        m.put("alarms", alarms);
    }
}
