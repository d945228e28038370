package io.assay.api;

import io.assay.offchain.OffchainService;
import io.assay.offchain.OffchainStatus;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** State of every off-chain reserve source (custodian APIs): last accepted value, attested time, rejections. */
@Path("/v1/offchain")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "offchain", description = "Off-chain reserve sources")
public class OffchainResource {
    @Inject
    OffchainService service;

    @GET
    @Operation(summary = "Every off-chain reserve source's state (ok, failing, suspect), last value and rejections")
    public List<Map<String, Object>> list() {
        return service.statuses().stream().map(OffchainResource::view).toList();
    }

    static Map<String, Object> view(OffchainStatus s) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("asset", s.asset());
        m.put("source", s.source());
        m.put("chain", s.chain());
        m.put("custodian", s.custodian());
        m.put("unit", s.unit());
        m.put("state", s.state().name().toLowerCase(java.util.Locale.ROOT));
        m.put("value", s.value() == null ? null : s.value().toString());
        m.put("height", s.height());
        m.put("attestedAt", s.attestedAt());
        m.put("lastPollAt", s.lastPollAt());
        m.put("lastAcceptedAt", s.lastAcceptedAt());
        m.put("lastProblemKind", s.lastProblemKind());
        m.put("lastProblem", s.lastProblem());
        m.put("accepted", s.acceptedCount());
        m.put("rejected", s.rejectedByKind());
        return m;
    }
}
