package io.assay.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.assay.liabilities.Hex32;
import io.assay.liabilities.LiabilitiesCommand;
import io.assay.liabilities.ProofJson;
import io.assay.liabilities.ProofVerifier;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import java.util.Optional;

/**
 * {@code POST /v1/liabilities/verify}: verifies a user's liabilities inclusion proof by the same code as
 * {@code assay verify-liability} (docs/liabilities.md). The node holds no liabilities data: the proof carries
 * everything, and {@code root} (optional) is the root the custodian published.
 */
@Path("/v1/liabilities")
@Produces(MediaType.APPLICATION_JSON)
public class LiabilitiesResource {
    /**
     * Answers 200 with {@code {valid, reasons, user, publication, root, balances, totals}} whether or not the proof
     * is valid; 400 problem+json when the body is not JSON or {@code root} is not a 32-byte hex string.
     */
    @POST
    @Path("/verify")
    @Consumes(MediaType.WILDCARD)
    public ObjectNode verify(byte[] body, @QueryParam("root") String root) {
        Optional<byte[]> expected = Optional.empty();
        if (root != null) {
            try {
                expected = Optional.of(Hex32.decode(root, 32, "root"));
            } catch (IllegalArgumentException e) {
                throw ApiException.badRequest("bad-parameter", "Bad query parameter", "query parameter: " + e.getMessage());
            }
        }
        if (body == null || body.length == 0) {
            throw ApiException.badRequest("malformed-proof", "Malformed liabilities proof",
                    "request body is empty; expected a liabilities inclusion proof as JSON");
        }
        JsonNode proof;
        try {
            proof = ProofJson.parse(body);
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest("malformed-json", "Malformed JSON", "request body: " + e.getMessage());
        }
        ProofVerifier.Result r = ProofVerifier.verify(proof, expected);
        return LiabilitiesCommand.toJson(r);
    }
}
