package io.assay.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.assay.config.AssayConfig;
import io.assay.liabilities.Hex32;
import io.assay.liabilities.LiabilitiesCommand;
import io.assay.liabilities.ProofBinary;
import io.assay.liabilities.ProofJson;
import io.assay.liabilities.ProofVerifier;
import io.assay.liabilities.Solvency;
import io.assay.por.PorEngine;
import io.assay.por.Snapshot;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * {@code POST /v1/liabilities/verify}: verifies a user's liabilities inclusion proof by the same code as
 * {@code assay verify-liability} (docs/liabilities.md). The node holds no liabilities data: the proof carries
 * everything, and {@code root} (optional) is the root the custodian published.
 * {@code POST /v1/liabilities/solvency}: a liabilities publication against this node's reserves at the
 * publication's moment.
 */
@Path("/v1/liabilities")
@Produces(MediaType.APPLICATION_JSON)
public class LiabilitiesResource {
    /**
     * Answers 200 with {@code {valid, reasons, user, publication, root, balances, totals}} whether or not the proof
     * is valid; 400 problem+json when the body is not JSON or {@code root} is not a 32-byte hex string. With
     * {@code Content-Type: application/octet-stream} the body is the proof's binary form ({@code ProofBinary}),
     * decoded strictly (400 {@code malformed-proof} with the decoder's reason) and verified as its JSON.
     */
    @POST
    @Path("/verify")
    @Consumes(MediaType.WILDCARD)
    public ObjectNode verify(byte[] body, @QueryParam("root") String root,
                             @jakarta.ws.rs.HeaderParam("Content-Type") String contentType) {
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
        if (contentType != null && contentType.toLowerCase(java.util.Locale.ROOT).startsWith(MediaType.APPLICATION_OCTET_STREAM)) {
            try {
                proof = ProofBinary.toJson(body);
            } catch (IllegalArgumentException e) {
                throw ApiException.badRequest("malformed-proof", "Malformed liabilities proof", "binary proof: " + e.getMessage());
            }
            return LiabilitiesCommand.toJson(ProofVerifier.verify(proof, expected));
        }
        try {
            proof = ProofJson.parse(body);
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest("malformed-json", "Malformed JSON", "request body: " + e.getMessage());
        }
        ProofVerifier.Result r = ProofVerifier.verify(proof, expected);
        return LiabilitiesCommand.toJson(r);
    }

    @Inject
    PorEngine engine;

    /**
     * Solvency of {@code asset} for the liabilities publication in the body ({@code publication.json}): reserves as
     * of the publication's {@code asOf} (one cut: every chain's last final point at or before it) against the
     * publication's total of {@code liability} (default: the asset id), both in the asset's raw units. Answers
     * {@code {asset, publication, root, leaves, asOf, status, reserves, liabilities, decimals, ratio, reasons}};
     * status SOLVENT, INSOLVENT, STALE (liabilities older than {@code maxAge}, default 1 day, or stale reserves) or
     * REFUSED. Unsigned: the signed report does not carry liabilities yet.
     */
    @POST
    @Path("/solvency")
    @Consumes(MediaType.WILDCARD)
    public ObjectNode solvency(byte[] body, @QueryParam("asset") String asset, @QueryParam("liability") String liability,
                               @QueryParam("maxAge") String maxAge) {
        if (asset == null || asset.isBlank()) {
            throw ApiException.badRequest("bad-parameter", "Bad query parameter", "query parameter: asset is required");
        }
        Duration age;
        try {
            age = maxAge == null ? Duration.ofDays(1) : AssayConfig.duration(maxAge);
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest("bad-parameter", "Bad query parameter", "query parameter: maxAge: " + e.getMessage());
        }
        if (body == null || body.length == 0) {
            throw ApiException.badRequest("malformed-publication", "Malformed liabilities publication",
                    "request body is empty; expected a liabilities publication.json");
        }
        JsonNode pub;
        try {
            pub = ProofJson.parse(body);
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest("malformed-json", "Malformed JSON", "request body: " + e.getMessage());
        }
        String name = liability == null ? asset : liability;
        BigInteger total;
        Instant asOf;
        try {
            List<String> assets = new ArrayList<>();
            pub.path("assets").forEach(a -> assets.add(a.asText()));
            int i = assets.indexOf(name);
            if (i < 0) {
                throw new IllegalArgumentException("the publication has no asset '" + name + "' (it has " + assets
                        + "); name it with ?liability=");
            }
            total = io.assay.liabilities.Amount128.parse(pub.path("totals").path(i).asText(""));
            asOf = Instant.parse(pub.path("asOf").asText(""));
            Hex32.decode(pub.path("root").asText(null), 32, "root");
        } catch (IllegalArgumentException | java.time.format.DateTimeParseException e) {
            throw ApiException.badRequest("malformed-publication", "Malformed liabilities publication",
                    "request body: " + e.getMessage());
        }
        Snapshot s = engine.snapshot(asset, asOf);
        boolean refused = s.status() == Snapshot.Status.REFUSED;
        // liabilities are in the asset's raw units; compare at the finer of that and the snapshot's scale, exactly
        int assetDecimals = engine.asset(asset).decimals();
        int scale = refused ? assetDecimals : Math.max(assetDecimals, s.reservesTotal().decimals());
        BigInteger reserves = refused ? null
                : s.reservesTotal().raw().multiply(BigInteger.TEN.pow(scale - s.reservesTotal().decimals()));
        Solvency.Result r = Solvency.of(reserves, s.reasons(), refused,
                total.multiply(BigInteger.TEN.pow(scale - assetDecimals)), asOf, engine.now(), age);
        ObjectNode n = com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode();
        n.put("asset", asset);
        n.put("publication", pub.path("id").asText());
        n.put("root", pub.path("root").asText());
        n.put("leaves", pub.path("leaves").asLong());
        n.put("asOf", asOf.toString());
        n.put("status", r.status().name());
        if (r.reserves() == null) {
            n.putNull("reserves");
        } else {
            n.put("reserves", r.reserves().toString());
        }
        n.put("liabilities", r.liabilities().toString());
        n.put("decimals", scale);
        if (r.ratio() == null) {
            n.putNull("ratio");
        } else {
            n.put("ratio", r.ratio());
        }
        var reasons = n.putArray("reasons");
        r.reasons().forEach(reasons::add);
        return n;
    }
}
