package io.assay.attest;

import io.assay.config.AssayConfig;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.Startup;
import jakarta.inject.Singleton;
import org.jboss.logging.Logger;

import java.security.SecureRandom;
import java.util.Optional;

/**
 * The node's signer: signs every feed round and, on request, snapshots. Created at startup, so a missing or
 * unusable key stops the service before it publishes anything (see {@link SigningKeys} for where the key comes
 * from). Exposes the signer address (for {@code /v1} and the {@code assay_signer_info} gauge) and never the key.
 *
 * <p>For the engine: build a {@link PorReport} and call {@link #sign(PorReport)}; put
 * {@link SignedReportJson#write(SignedReport)} in the API answer.
 */
@Startup
@Singleton
public class ReportSigner {
    private static final Logger LOG = Logger.getLogger(ReportSigner.class);

    private final Optional<SigningKey> key;
    private final ReportDomain domain;

    ReportSigner(AssayConfig config, MeterRegistry registry) {
        AssayConfig.Attest a = config.attest();
        try {
            this.domain = a.verifyingContract().isPresent()
                    ? ReportDomain.of(a.chainId(), a.verifyingContract().get())
                    : ReportDomain.of(a.chainId());
        } catch (IllegalArgumentException e) {
            throw new AttestConfigException("assay.attest: " + e.getMessage());
        }
        SigningKeys.Resolved r = SigningKeys.resolve(a.keyFile(), System::getenv,
                a.ephemeralKey() || config.demo().enabled(), a.allowUnsigned(), new SecureRandom());
        r.warnings().forEach(LOG::warn);
        this.key = r.key();
        key.ifPresent(k -> LOG.infof("attestations: signer %s (key from %s); EIP-712 domain %s/%s chainId %d%s",
                k.address(), r.source(), domain.name(), domain.version(), domain.chainId(),
                domain.verifyingContract().map(c -> " verifyingContract " + c).orElse("")));
        Gauge.builder("assay.signer.info", () -> 1.0)
                .description("Constant 1; the signer label is the address that signs this node's reports (none: unsigned)")
                .tag("signer", address().orElse("none"))
                .tag("chain_id", Long.toString(domain.chainId()))
                .register(registry);
    }

    /** True when this node signs its reports. */
    public boolean signing() {
        return key.isPresent();
    }

    /** The signer's EIP-55 address; empty when running unsigned. */
    public Optional<String> address() {
        return key.map(SigningKey::address);
    }

    /** The configured EIP-712 domain reports are signed for. */
    public ReportDomain domain() {
        return domain;
    }

    /** Signs {@code report} for the configured domain; empty when running unsigned. */
    public Optional<SignedReport> sign(PorReport report) {
        return sign(report, domain);
    }

    /** Signs {@code report} as a quorum report (no signer inside the signed data); empty when running unsigned. */
    public Optional<SignedReport> signForQuorum(PorReport report) {
        return key.map(k -> SignedReport.signForQuorum(report, domain, k));
    }

    /** Signs {@code report} for another domain (e.g. a snapshot requested for a given chain or contract). */
    public Optional<SignedReport> sign(PorReport report, ReportDomain domain) {
        return key.map(k -> SignedReport.sign(report, domain, k));
    }
}
