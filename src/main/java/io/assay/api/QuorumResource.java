package io.assay.api;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.assay.quorum.PeerReport;
import io.assay.quorum.Quorum;
import io.assay.quorum.QuorumException;
import io.assay.quorum.QuorumJson;
import io.assay.quorum.QuorumService;
import io.assay.attest.SignedReport;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

import java.time.Instant;
import java.util.Optional;

/**
 * {@code /v1/assets/{asset}/quorum}: the k-of-n bundle of a quorum round ({@code GET}), and this node's own signed
 * report of a round ({@code GET /report}), which peers collect (docs/quorum.md).
 */
@Path("/v1/assets/{asset}/quorum")
@Produces(MediaType.APPLICATION_JSON)
public class QuorumResource {
    private final QuorumService quorum;

    QuorumResource(QuorumService quorum) {
        this.quorum = quorum;
    }

    @GET
    @Operation(summary = "The k-of-n bundle of a quorum round: one report and the signatures of k allowed signers")
    @APIResponse(responseCode = "200", description = "the bundle (reached: true); dissenting nodes are named")
    @APIResponse(responseCode = "409", description = "no quorum: problem+json naming who disagreed and how")
    @APIResponse(responseCode = "400", description = "bad round or at")
    @APIResponse(responseCode = "404", description = "unknown asset, or no quorum configured on this node (assay.quorum.signers)")
    public Response bundle(@Parameter(description = "asset id", example = "wbtc-demo") @PathParam("asset") String asset,
                           @Parameter(description = "round number (moment = round × heartbeat)") @QueryParam("round") String round,
                           @Parameter(description = "a time: the round of the last heartbeat boundary at or before it")
                           @QueryParam("at") String at) {
        Quorum.Outcome o;
        try {
            o = quorum.collect(asset, round(asset, round, at));
        } catch (QuorumException e) {
            throw problem(e);
        }
        ObjectNode body = QuorumJson.write(o);
        if (o.reached()) {
            return Response.ok(body.toString(), MediaType.APPLICATION_JSON).build();
        }
        ObjectNode p = Problem.of(409, "no-quorum", "No quorum", o.summary()).toJson();
        p.setAll(body);
        return Response.status(409).type(Problem.MEDIA_TYPE).entity(p.toString()).build();
    }

    @GET
    @Path("/report")
    @Operation(summary = "This node's signed report of a quorum round (no signer inside the signed data), for peers")
    @APIResponse(responseCode = "200", description = "the signed report; top-level signer is this node's address")
    @APIResponse(responseCode = "409", description = "the round is not final yet, or its answer cannot be signed")
    public Response report(@PathParam("asset") String asset, @QueryParam("round") String round,
                           @QueryParam("at") String at) {
        SignedReport r;
        try {
            r = quorum.own(asset, round(asset, round, at));
        } catch (QuorumException e) {
            throw problem(e);
        }
        return Response.ok(PeerReport.write(r, quorum.node().address().orElseThrow()).toString(),
                MediaType.APPLICATION_JSON).build();
    }

    private Optional<Long> round(String asset, String round, String at) {
        if (round != null && at != null) {
            throw ApiException.badRequest("give either 'round' or 'at', not both");
        }
        if (round != null) {
            if (!round.matches("[0-9]{1,18}") || Long.parseLong(round) < 1) {
                throw ApiException.badRequest("round: expected a round number of at least 1, found '"
                        + (round.length() > 40 ? round.substring(0, 40) + "…" : round) + "'");
            }
            return Optional.of(Long.parseLong(round));
        }
        if (at != null) {
            Instant t = Params.time("at", at);
            return Optional.of(quorum.node().rounds().roundAt(asset, t));
        }
        return Optional.empty();
    }

    private static ApiException problem(QuorumException e) {
        int status = switch (e.slug()) {
            case "bad-round" -> 400;
            case "no-quorum-configured" -> 404; // this node has no quorum resource
            case "unsigned-node" -> 503;
            default -> 409;
        };
        return new ApiException(Problem.of(status, e.slug(), switch (e.slug()) {
            case "not-final" -> "Round not final yet";
            case "not-signable" -> "Round cannot be signed";
            case "unsigned-node" -> "Node does not sign";
            case "no-quorum-configured" -> "No quorum configured";
            default -> "Bad round";
        }, e.getMessage()));
    }
}
