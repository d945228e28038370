package io.assay.api;

import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** This node's identity as the API shows it. The signer address is filled in by the attestation signer. */
@ApplicationScoped
public class NodeInfo {
    @ConfigProperty(name = "quarkus.application.version", defaultValue = "dev")
    String version;

    public String version() {
        return version;
    }

    /** The address that signs this node's reports, or null when nothing is signed. */
    public String signer() {
        return null;
    }
}
