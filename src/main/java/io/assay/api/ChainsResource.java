package io.assay.api;

import io.assay.chain.ChainSync;
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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Status of every chain: indexed height, finality, endpoints (host and port only), sync time. */
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

    @GET
    @Operation(summary = "Every chain's indexing status")
    public List<Map<String, Object>> list() {
        return profiles.chains().values().stream().map(this::status).toList();
    }

    @GET
    @Path("{chain}")
    @Operation(summary = "One chain's indexing status")
    public Map<String, Object> one(@PathParam("chain") String chain) {
        ChainProfile c = profiles.chain(chain).orElseThrow(() -> ApiException.notFound("unknown chain '" + chain
                + "'; known chains: " + profiles.chains().keySet()));
        return status(c);
    }

    Map<String, Object> status(ChainProfile c) {
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
        m.put("syncedAt", sync.syncedAt(c.name()).orElse(null));
        m.put("endpoints", c.endpoints().stream().map(e -> Map.of("url", e.redacted())).toList());
        return m;
    }
}
