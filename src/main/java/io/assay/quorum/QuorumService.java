package io.assay.quorum;

import io.assay.alert.AlertService;
import io.assay.alert.AlertType;
import io.assay.alert.Condition;
import io.assay.attest.ReportSigner;
import io.assay.attest.SignedReport;
import io.assay.config.Addresses;
import io.assay.config.AssayConfig;
import io.assay.por.PorEngine;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The quorum on this node ({@code assay.quorum.*}, docs/quorum.md): its own signed report of a round, for peers, and
 * the bundle of every peer's report. Every {@code interval} it collects the latest round of every asset and reports a
 * {@code quorum-disagreement} alert for each asset whose reports differ or that has no quorum, so every node that runs
 * the check raises the alert.
 */
@ApplicationScoped
@io.quarkus.runtime.Startup // a bad peer or signer setting stops startup
public class QuorumService {
    private static final Logger LOG = Logger.getLogger(QuorumService.class);

    private final PorEngine engine;
    private final QuorumNode node;
    private final AlertService alerts;
    private final boolean configured;
    private final PeerClient client;

    QuorumService(AssayConfig config, PorEngine engine, ReportSigner signer, AlertService alerts) {
        AssayConfig.Quorum q = config.quorum();
        this.engine = engine;
        this.alerts = alerts;
        Set<String> allowed = new LinkedHashSet<>();
        for (String s : q.signers().orElse(List.of())) {
            try {
                allowed.add(Addresses.evm(s.trim().toLowerCase(java.util.Locale.ROOT)));
            } catch (IllegalArgumentException e) {
                throw new QuorumConfigException("assay.quorum.signers: " + e.getMessage());
            }
        }
        List<String> peers = q.peers().orElse(List.of()).stream().map(String::trim).filter(s -> !s.isEmpty()).toList();
        try {
            Peers.check(peers);
        } catch (IllegalArgumentException e) {
            throw new QuorumConfigException("assay.quorum.peers: " + e.getMessage());
        }
        if (q.k() < 1) {
            throw new QuorumConfigException("assay.quorum.k: must be at least 1, found " + q.k());
        }
        if (!allowed.isEmpty() && q.k() > allowed.size()) {
            throw new QuorumConfigException("assay.quorum.k: " + q.k() + " signatures can never be found among "
                    + allowed.size() + " allowed signers");
        }
        if (!allowed.isEmpty() && 2 * q.k() <= allowed.size()) {
            LOG.warnf("assay.quorum.k = %d of %d signers: two disagreeing reports could both reach k; use k > n/2",
                    q.k(), allowed.size());
        }
        this.configured = !allowed.isEmpty();
        this.client = new PeerClient(q.timeout(), q.maxBytes());
        this.node = new QuorumNode(new QuorumRounds(engine), signer::signForQuorum, signer.address(), signer.domain(),
                peers, Set.copyOf(allowed), q.k(), client);
        if (configured) {
            LOG.infof("quorum: %d of %d signers %s; peers %s", q.k(), allowed.size(), allowed, peers);
        }
    }

    /** True when signers are configured (a bundle can be collected). */
    public boolean configured() {
        return configured;
    }

    public QuorumNode node() {
        return node;
    }

    /** This node's signed report of round {@code n} of {@code asset} (the latest when empty). */
    public SignedReport own(String asset, Optional<Long> n) {
        engine.asset(asset);
        return node.own(asset, n.orElseGet(() -> node.latestRound(asset)));
    }

    /** The bundle (or refusal) of round {@code n} (the latest when empty); reports the alert condition. */
    public Quorum.Outcome collect(String asset, Optional<Long> n) {
        engine.asset(asset);
        if (!configured) {
            throw new QuorumException("no-quorum-configured", "this node has no quorum signers configured "
                    + "(assay.quorum.signers); see docs/quorum.md");
        }
        if (n.isPresent()) {
            return node.collect(asset, n.get());
        }
        Quorum.Outcome o = node.collectLatest(asset, node.latestRound(asset));
        alert(asset, o);
        return o;
    }

    private void alert(String asset, Quorum.Outcome o) {
        alerts.report("quorum/" + asset, condition(o).map(List::of).orElse(List.of()));
    }

    /**
     * The {@code quorum-disagreement} condition of an outcome: present when no bundle formed or a node signed another
     * report than the bundle's; its message is the outcome's summary (who disagreed and how).
     */
    public static Optional<Condition> condition(Quorum.Outcome o) {
        if (o.reached() && o.dissent().isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new Condition(AlertType.QUORUM_DISAGREEMENT, o.asset(), null, "asset " + o.asset() + ", round "
                + o.round() + ": " + o.summary()));
    }

    @Scheduled(every = "${assay.quorum.interval}", delayed = "${assay.alerts.startup-delay}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    void tick() {
        if (!configured) {
            return;
        }
        for (String asset : engine.profiles().assets().keySet()) {
            try {
                collect(asset, Optional.empty());
            } catch (QuorumException e) {
                LOG.debugf("quorum check of %s: %s", asset, e.getMessage());
            } catch (RuntimeException e) {
                LOG.errorf(e, "quorum check of %s failed", asset);
            }
        }
    }

    void stop(@Observes ShutdownEvent e) {
        client.close();
    }
}
