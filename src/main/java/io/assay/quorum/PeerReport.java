package io.assay.quorum;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.assay.attest.SignedReport;
import io.assay.attest.SignedReportJson;
import io.assay.attest.TypedDataException;

/**
 * One node's signed report of a quorum round, as peers exchange it ({@code GET /v1/assets/{id}/quorum/report}):
 * the JSON of any signed Assay report ({@link SignedReportJson}) whose typed data names no signer, with the
 * top-level {@code signer} naming the node that claims the signature. Nothing here is trusted: {@link Quorum}
 * recovers the signer from the signature over the recomputed digest.
 *
 * @param signer the signer the document claims (top-level {@code signer})
 */
public record PeerReport(String signer, SignedReport report) {
    /** The wire form of {@code report} signed by {@code signer}. */
    public static ObjectNode write(SignedReport report, String signer) {
        ObjectNode n = SignedReportJson.write(report);
        n.put("signer", signer);
        return n;
    }

    /**
     * Reads a peer's answer; {@link TypedDataException} (naming the field) when it is not a signed Assay report, its
     * view fields disagree with its typed data, or it has no top-level signer.
     */
    public static PeerReport read(JsonNode root) {
        if (root == null || !root.isObject()) {
            throw new TypedDataException("expected a JSON object {report, typedData, digest, signature, signer}");
        }
        JsonNode signer = root.get("signer");
        if (signer == null || !signer.isTextual()) {
            throw new TypedDataException("signer: missing; expected the signing node's 0x address");
        }
        ObjectNode copy = ((ObjectNode) root).deepCopy();
        copy.remove("signer"); // the typed data names no signer; the claimed one is checked against the signature
        SignedReportJson.Read read = SignedReportJson.read(copy);
        if (!read.viewProblems().isEmpty()) {
            throw new TypedDataException(String.join("; ", read.viewProblems()));
        }
        return new PeerReport(signer.asText(), read.report());
    }
}
