package io.assay.quorum;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.assay.attest.ReportTypedData;
import io.assay.attest.SignedReportJson;

/**
 * The JSON of a quorum {@link Quorum.Outcome}:
 * <pre>{@code
 * { "asset", "round", "asOf", "k", "reached", "summary",
 *   "digest", "report": {view}, "typedData": {eth_signTypedData_v4 JSON, signer = 0x0},
 *   "signers": [ascending], "signatures": [{"signer", "signature", "peer"}], "packedSignatures": "0x…",
 *   "dissent": [{"peer", "signer", "digest", "differences": [...]}], "rejected": [{"peer", "reason"}] }
 * }</pre>
 * {@code packedSignatures} is what {@code QuorumVerifier.transmit(report, signatures)} takes.
 */
public final class QuorumJson {
    private static final JsonNodeFactory F = JsonNodeFactory.instance;

    private QuorumJson() {
    }

    public static ObjectNode write(Quorum.Outcome o) {
        ObjectNode n = F.objectNode();
        n.put("asset", o.asset());
        n.put("round", Long.toString(o.round()));
        n.put("k", o.k());
        n.put("reached", o.reached());
        n.put("summary", o.summary());
        if (o.message() != null) {
            n.put("asOf", java.time.Instant.ofEpochSecond(o.message().timestamp()).toString());
            n.put("digest", o.digest().hex());
            n.set("report", SignedReportJson.view(o.asset(), o.message()));
            n.set("typedData", ReportTypedData.toJson(o.domain(), o.message()));
        }
        ArrayNode signers = n.putArray("signers");
        ArrayNode sigs = n.putArray("signatures");
        for (Quorum.Signed s : o.signatures()) {
            signers.add(s.signer());
            sigs.addObject().put("signer", s.signer()).put("signature", s.signature().hex()).put("peer", s.peer());
        }
        n.put("packedSignatures", Quorum.packed(o.signatures()));
        ArrayNode dissent = n.putArray("dissent");
        for (Quorum.Dissent d : o.dissent()) {
            ObjectNode x = dissent.addObject().put("peer", d.peer()).put("signer", d.signer()).put("digest", d.digest().hex());
            ArrayNode diff = x.putArray("differences");
            d.differences().forEach(diff::add);
        }
        ArrayNode rejected = n.putArray("rejected");
        for (Quorum.Rejected r : o.rejected()) {
            rejected.addObject().put("peer", r.peer()).put("reason", r.reason());
        }
        return n;
    }
}
