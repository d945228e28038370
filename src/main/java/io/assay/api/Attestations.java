package io.assay.api;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.assay.attest.PorReports;
import io.assay.attest.ReportSigner;
import io.assay.attest.SignedReportJson;
import io.assay.config.Profiles;
import io.assay.por.Round;
import io.assay.por.Snapshot;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Signed EIP-712 attestations attached to rounds (always, when this node signs) and snapshots (on request).
 * A report is valid for the asset's staleness tolerance after its as-of time. Rounds never change, so each
 * is signed once and cached; signing is deterministic (RFC 6979) anyway.
 */
@ApplicationScoped
public class Attestations {
    @Inject
    ReportSigner signer;
    @Inject
    Profiles profiles;

    private static final org.jboss.logging.Logger LOG = org.jboss.logging.Logger.getLogger(Attestations.class);

    private final Map<String, ObjectNode> rounds = new ConcurrentHashMap<>();

    /** The signed report of a round, or null when this node does not sign. */
    public ObjectNode forRound(Round r) {
        if (!signer.signing()) {
            return null;
        }
        try {
            return rounds.computeIfAbsent(r.asset() + "/" + r.roundId(), k -> signer.sign(PorReports.of(r, validity(r.asset())))
                    .map(SignedReportJson::write).orElse(null));
        } catch (IllegalArgumentException e) {
            // a round recorded without a block hash for some chain (older logs; FeedRounds no longer opens such
            // rounds): served without a signature rather than failing the whole listing
            LOG.warnf("round %d of %s is served unsigned: %s", r.roundId(), r.asset(), e.getMessage());
            return null;
        }
    }

    /**
     * The signed report of a snapshot (round id 0).
     *
     * @throws ApiException 409 when the snapshot cannot be signed (stale or refused data, or a chain's block hash
     *                      unknown for a historical snapshot), 503 when this node does not sign
     */
    public ObjectNode forSnapshot(Snapshot s) {
        if (!signer.signing()) {
            throw new ApiException(Problem.of(503, "unsigned-node", "Node does not sign",
                    "this node runs without a signing key (assay.attest.allow-unsigned=true); ask without 'signed'"));
        }
        try {
            return signer.sign(PorReports.of(s, validity(s.asset()))).map(SignedReportJson::write).orElse(null);
        } catch (IllegalArgumentException e) {
            throw new ApiException(Problem.of(409, "not-signable", "Snapshot cannot be signed", e.getMessage()));
        }
    }

    private Duration validity(String asset) {
        return profiles.asset(asset).map(a -> a.policy().stalenessTolerance()).orElse(Duration.ofHours(1));
    }
}
