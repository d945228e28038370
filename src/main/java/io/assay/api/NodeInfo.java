package io.assay.api;

import io.assay.attest.ReportSigner;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** This node's identity as the API shows it: version and the address that signs its reports. */
@ApplicationScoped
public class NodeInfo {
    @ConfigProperty(name = "quarkus.application.version", defaultValue = "dev")
    String version;
    @Inject
    ReportSigner signer;

    public String version() {
        return version;
    }

    /** The address that signs this node's reports, or null when nothing is signed. */
    public String signer() {
        return signer.address().orElse(null);
    }
}
