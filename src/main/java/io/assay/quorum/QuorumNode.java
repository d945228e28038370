package io.assay.quorum;

import io.assay.attest.PorReport;
import io.assay.attest.ReportDomain;
import io.assay.attest.SignedReport;
import io.assay.attest.SigningKey;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * One node's part in a quorum: its own signed report of a round ({@link #own}) and the collection of every peer's
 * report into an {@link Quorum.Outcome} ({@link #collect}). Independent of Quarkus (the CLI, the API and tests share
 * it).
 *
 * @param rounds   the rounds of this node's engine
 * @param signer   signs this node's report (empty: this node only collects)
 * @param domain   the EIP-712 domain every node signs for
 * @param peers    peer specs ({@link Peers})
 * @param allowed  the allowed signers
 * @param k        signatures needed
 */
public record QuorumNode(QuorumRounds rounds, Function<PorReport, Optional<SignedReport>> signer, Optional<String> address,
                         ReportDomain domain, List<String> peers, Set<String> allowed, int k, PeerClient client) {

    public static QuorumNode of(QuorumRounds rounds, Optional<SigningKey> key, ReportDomain domain, List<String> peers,
                                Set<String> allowed, int k, PeerClient client) {
        return new QuorumNode(rounds, r -> key.map(x -> SignedReport.signForQuorum(r, domain, x)),
                key.map(SigningKey::address), domain, Peers.check(peers), Set.copyOf(allowed), k, client);
    }

    /** This node's signed report of round {@code n}; {@link QuorumException} when it cannot give one. */
    public SignedReport own(String asset, long n) {
        PorReport r = rounds.report(asset, n);
        return signer.apply(r).orElseThrow(() -> new QuorumException("unsigned-node",
                "this node runs without a signing key; it cannot sign a quorum report"));
    }

    /** The round to collect when none is named: the newest round at or before this node's cut. */
    public long latestRound(String asset) {
        return rounds.latest(asset).orElseThrow(() -> new QuorumException("not-final",
                asset + " has no cut yet (a chain is not indexed); no round can be reported"));
    }

    /**
     * Round {@code latest} (this node's latest), or the round before when no bundle formed because some peers have not
     * reached {@code latest} yet (their cut lags a little behind this node's): a lagging peer is no disagreement.
     */
    public Quorum.Outcome collectLatest(String asset, long latest) {
        Quorum.Outcome o = collect(asset, latest);
        if (!o.reached() && o.peersBehind() && latest > 1) {
            return collect(asset, latest - 1);
        }
        return o;
    }

    /** This node's report (if it signs) and every peer's, decided. */
    public Quorum.Outcome collect(String asset, long n) {
        List<Quorum.Answer> answers = new ArrayList<>();
        if (address.isPresent()) {
            String self = "self";
            try {
                answers.add(Quorum.Answer.of(self, new PeerReport(address.get(), own(asset, n))));
            } catch (QuorumException e) {
                answers.add(Quorum.Answer.failed(self, e.getMessage()));
            }
        }
        Peers.Resolved resolved = Peers.resolve(peers);
        resolved.problems().forEach(p -> answers.add(Quorum.Answer.failed(p.substring(0, p.indexOf(':')), p)));
        List<URI> urls = resolved.urls();
        answers.addAll(client.collect(urls, asset, n));
        return Quorum.decide(asset, n, domain, allowed, k, answers);
    }
}
