package io.assay.api;

import io.assay.por.Round;
import io.assay.por.Snapshot;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Signed attestations attached to rounds and snapshots (issue 7 wires the EIP-712 signer in here).
 * Returns null where nothing is signed.
 */
@ApplicationScoped
public class Attestations {
    public Object forRound(Round r) {
        return null;
    }

    public Object forSnapshot(Snapshot s) {
        return null;
    }
}
