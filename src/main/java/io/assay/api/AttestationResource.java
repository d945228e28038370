package io.assay.api;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.assay.attest.Expectations;
import io.assay.attest.ReportDomain;
import io.assay.attest.ReportSigner;
import io.assay.attest.ReportTypedData;
import io.assay.attest.SignedReportJson;
import io.assay.attest.TypedDataException;
import io.assay.attest.VerificationResult;
import io.assay.attest.Verifier;
import io.assay.attest.VerifyCommand;
import io.assay.config.AssayConfig;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import java.time.Instant;

/**
 * {@code /v1/attestations}: who signs this node's reports and in which EIP-712 domain ({@code GET}), and
 * verification of a signed report ({@code POST /verify}) by the same code as {@code assay verify}.
 */
@Path("/v1/attestations")
@Produces(MediaType.APPLICATION_JSON)
public class AttestationResource {
    private final ReportSigner signer;

    AttestationResource(ReportSigner signer) {
        this.signer = signer;
    }

    /** {@code {signing, signer, domain, primaryType, encodedType, types}}. */
    @GET
    public ObjectNode info() {
        ObjectNode n = JsonNodeFactory.instance.objectNode();
        n.put("signing", signer.signing());
        if (signer.address().isPresent()) {
            n.put("signer", signer.address().get());
        } else {
            n.putNull("signer");
        }
        ReportDomain d = signer.domain();
        n.set("domain", ReportTypedData.domainJson(d));
        n.put("primaryType", ReportTypedData.PRIMARY_TYPE);
        n.put("encodedType", ReportTypedData.ENCODED_TYPE);
        ObjectNode types = n.putObject("types");
        ReportTypedData.types(d.verifyingContract().isPresent()).forEach((name, fields) -> {
            ArrayNode arr = types.putArray(name);
            fields.forEach(f -> arr.addObject().put("name", f.name()).put("type", f.type()));
        });
        return n;
    }

    /**
     * Verifies the signed report in the body (the JSON the API emits for rounds and snapshots). Answers 200 with
     * {@code {valid, signer, digest, reasons, signedByThisNode}} whether or not it is valid; 400 problem+json when
     * the body or a parameter cannot be read.
     */
    @POST
    @Path("/verify")
    @Consumes(MediaType.WILDCARD)
    public ObjectNode verify(byte[] body,
                             @QueryParam("signer") String expectedSigner,
                             @QueryParam("maxAge") String maxAge,
                             @QueryParam("chainId") String chainId,
                             @QueryParam("verifyingContract") String verifyingContract) {
        Expectations e = Expectations.none();
        try {
            if (expectedSigner != null) {
                e = e.withSigner(expectedSigner);
            }
            if (maxAge != null) {
                e = e.withMaxAge(AssayConfig.duration(maxAge));
            }
            if (chainId != null) {
                e = e.withChainId(Long.parseLong(chainId));
            }
            if (verifyingContract != null) {
                e = e.withVerifyingContract(verifyingContract);
            }
        } catch (IllegalArgumentException ex) {
            throw ApiException.badRequest("bad-parameter", "Bad query parameter", "query parameter: "
                    + (ex instanceof NumberFormatException ? "chainId: expected an integer, found '" + chainId + "'" : ex.getMessage()));
        }
        if (body == null || body.length == 0) {
            throw ApiException.badRequest("malformed-report", "Malformed signed report",
                    "request body is empty; expected a signed report as JSON");
        }
        SignedReportJson.Read read;
        try {
            read = SignedReportJson.read(body);
        } catch (TypedDataException ex) {
            if (ex.getCause() instanceof com.fasterxml.jackson.core.JsonProcessingException j) {
                // worded without Jackson's type names
                String detail = JsonProblems.of(j).detail().substring("request body: ".length());
                throw ApiException.badRequest("malformed-json", "Malformed JSON", "request body: not valid JSON: " + detail);
            }
            String slug = ex.getMessage().startsWith("not valid JSON") ? "malformed-json" : "malformed-report";
            throw ApiException.badRequest(slug, slug.equals("malformed-json") ? "Malformed JSON" : "Malformed signed report",
                    "request body: " + ex.getMessage());
        }
        VerificationResult r = Verifier.verify(read, e, Instant.now());
        ObjectNode n = VerifyCommand.toJson(r);
        n.put("signedByThisNode", r.signer().isPresent() && r.signer().equals(signer.address()));
        return n;
    }
}
