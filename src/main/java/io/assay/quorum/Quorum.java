package io.assay.quorum;

import io.assay.attest.ChainHeight;
import io.assay.attest.ReportDomain;
import io.assay.attest.ReportMessage;
import io.assay.attest.ReportTypedData;
import io.assay.attest.SignedReport;
import io.assay.config.Addresses;
import io.assay.crypto.Bytes32;
import io.assay.crypto.Signature;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Decides a quorum from the answers of the peers: verifies every signature (recomputed digest, low s, recovered
 * signer = claimed signer, signer allowed, no signer inside the data, the expected domain, asset and round), groups
 * the valid reports by digest and gives a {@link Outcome} with a bundle when one digest has the signatures of at
 * least {@code k} distinct allowed signers. Every peer whose report differs is named with how it differs (which
 * field; which chain's height or block hash). Pure: no network, no clock.
 */
public final class Quorum {
    /** How a peer's "round not final yet" answer starts ({@link PeerClient}). */
    static final String NOT_FINAL = "HTTP 409 not-final";

    private Quorum() {
    }

    /** What one peer answered: a report, or why it gave none. */
    public record Answer(String peer, Optional<PeerReport> report, String error) {
        public static Answer of(String peer, PeerReport r) {
            return new Answer(peer, Optional.of(r), null);
        }

        public static Answer failed(String peer, String error) {
            return new Answer(peer, Optional.empty(), error);
        }
    }

    /** A valid signature: the recovered signer and the 65 bytes. */
    public record Signed(String peer, String signer, Signature signature) {
    }

    /** A peer whose report has another digest than the bundle's (or the largest group's). */
    public record Dissent(String peer, String signer, Bytes32 digest, List<String> differences) {
    }

    /** A peer that gave no usable report: unreachable, bad answer, bad signature, signer not allowed. */
    public record Rejected(String peer, String reason) {
    }

    /**
     * The outcome. {@code message}/{@code digest}: the bundle's report when {@code reached}, else the largest group's
     * (or null when no peer gave a valid report). {@code signatures}: that group's, ascending by signer address.
     */
    public record Outcome(boolean reached, int k, String asset, long round, ReportDomain domain, ReportMessage message,
                          Bytes32 digest, List<Signed> signatures, List<Dissent> dissent, List<Rejected> rejected,
                          String summary) {
        public List<String> signers() {
            return signatures.stream().map(Signed::signer).toList();
        }

        /** True when some peer has not reached the round yet (its cut is before the round's moment). */
        public boolean peersBehind() {
            return rejected.stream().anyMatch(r -> r.reason() != null && r.reason().startsWith(NOT_FINAL));
        }
    }

    /**
     * @param allowed the allowed signer addresses (any case)
     * @param k       signatures needed (at least 1)
     */
    public static Outcome decide(String asset, long round, ReportDomain domain, Set<String> allowed, int k,
                                 List<Answer> answers) {
        if (k < 1) {
            throw new IllegalArgumentException("k must be at least 1, found " + k);
        }
        Set<String> allow = new TreeSet<>();
        allowed.forEach(a -> allow.add(Addresses.evm(a.toLowerCase(java.util.Locale.ROOT))));
        Bytes32 assetHash = ReportTypedData.assetIdHash(asset);
        List<Rejected> rejected = new ArrayList<>();
        Map<Bytes32, ReportMessage> messages = new LinkedHashMap<>();
        Map<Bytes32, TreeMap<String, Signed>> groups = new LinkedHashMap<>();
        Set<String> seen = new TreeSet<>();
        for (Answer a : answers) {
            if (a.report().isEmpty()) {
                rejected.add(new Rejected(a.peer(), a.error()));
                continue;
            }
            PeerReport pr = a.report().get();
            SignedReport r = pr.report();
            ReportMessage m = r.message();
            List<String> why = new ArrayList<>();
            if (!r.domain().equals(domain)) {
                why.add("signed for domain " + describe(r.domain()) + "; this quorum uses " + describe(domain));
            }
            if (!m.assetId().equals(assetHash) || !asset.equals(r.assetId())) {
                why.add("report is for asset '" + r.assetId() + "', not '" + asset + "'");
            }
            if (!m.roundId().equals(BigInteger.valueOf(round))) {
                why.add("report is for round " + m.roundId() + ", not " + round);
            }
            if (!m.signer().equals(ReportMessage.NO_SIGNER)) {
                why.add("signed data names signer " + m.signer() + "; a quorum report names none (the zero address)");
            }
            Bytes32 digest = ReportTypedData.digest(r.domain(), m);
            if (!digest.equals(r.digest())) {
                why.add("claimed digest " + r.digest().hex() + " is not the typed data's " + digest.hex());
            }
            why.addAll(r.signature().problems());
            Optional<String> recovered = r.signature().recover(digest);
            String claimed;
            try {
                claimed = Addresses.evm(pr.signer().toLowerCase(java.util.Locale.ROOT));
            } catch (IllegalArgumentException e) {
                claimed = pr.signer();
                why.add("signer: " + e.getMessage());
            }
            if (recovered.isEmpty()) {
                if (why.isEmpty()) {
                    why.add("signature does not recover to any key");
                }
            } else if (!recovered.get().equals(claimed)) {
                why.add("signature recovers to " + recovered.get() + ", not the claimed signer " + claimed);
            } else if (!allow.contains(recovered.get())) {
                why.add("signer " + recovered.get() + " is not an allowed signer");
            }
            if (!why.isEmpty()) {
                rejected.add(new Rejected(a.peer(), String.join("; ", why)));
                continue;
            }
            String signer = recovered.get();
            if (!seen.add(signer)) {
                continue; // the same node reached twice (e.g. itself through a headless service): counted once
            }
            messages.putIfAbsent(digest, m);
            groups.computeIfAbsent(digest, d -> new TreeMap<>(Comparator.comparing(Quorum::addressValue)))
                    .put(signer, new Signed(a.peer(), signer, r.signature()));
        }
        // the largest group (ties: the one seen first, and then neither can be a quorum unless k <= n/2)
        Bytes32 best = null;
        for (Map.Entry<Bytes32, TreeMap<String, Signed>> e : groups.entrySet()) {
            if (best == null || e.getValue().size() > groups.get(best).size()) {
                best = e.getKey();
            }
        }
        List<Dissent> dissent = new ArrayList<>();
        for (Map.Entry<Bytes32, TreeMap<String, Signed>> e : groups.entrySet()) {
            if (e.getKey().equals(best)) {
                continue;
            }
            List<String> diff = differences(messages.get(best), messages.get(e.getKey()));
            for (Signed s : e.getValue().values()) {
                dissent.add(new Dissent(s.peer(), s.signer(), e.getKey(), diff));
            }
        }
        List<Signed> sigs = best == null ? List.of() : List.copyOf(groups.get(best).values());
        long rivals = groups.values().stream().filter(g -> g.size() >= k).count();
        boolean reached = sigs.size() >= k && rivals == 1;
        String summary;
        if (reached) {
            summary = sigs.size() + " of the " + allow.size() + " allowed signers signed digest " + best.hex()
                    + " (k = " + k + ")" + (dissent.isEmpty() ? "" : "; " + dissent.size() + " signed another report: "
                    + dissent.stream().map(d -> d.signer() + " at " + d.peer() + " " + d.differences()).toList());
        } else if (rivals > 1) {
            summary = "two reports each have at least k = " + k + " signatures; k must be more than half the signers";
        } else {
            summary = "no quorum for round " + round + " of " + asset + ": need " + k + " matching signatures of allowed "
                    + "signers, the largest group has " + sigs.size() + (best == null ? "" : " (digest " + best.hex() + ")")
                    + (dissent.isEmpty() ? "" : "; disagreeing: " + dissent.stream()
                    .map(d -> d.signer() + " at " + d.peer() + " " + d.differences()).toList())
                    + (rejected.isEmpty() ? "" : "; without a valid report: " + rejected.stream()
                    .map(x -> x.peer() + " (" + x.reason() + ")").toList());
        }
        return new Outcome(reached, k, asset, round, domain, best == null ? null : messages.get(best), best, sigs,
                List.copyOf(dissent), List.copyOf(rejected), summary);
    }

    /** How {@code other} differs from {@code ref}, one sentence per field or chain. */
    public static List<String> differences(ReportMessage ref, ReportMessage other) {
        List<String> out = new ArrayList<>();
        field(out, "reserves", ref.reserves(), other.reserves());
        field(out, "circulating", ref.circulating(), other.circulating());
        field(out, "ratio", ref.ratio(), other.ratio());
        field(out, "decimals", ref.decimals(), other.decimals());
        field(out, "timestamp", ref.timestamp(), other.timestamp());
        field(out, "validUntil", ref.validUntil(), other.validUntil());
        field(out, "roundId", ref.roundId(), other.roundId());
        Map<String, ChainHeight> a = new TreeMap<>();
        ref.heights().forEach(h -> a.put(h.chain(), h));
        Map<String, ChainHeight> b = new TreeMap<>();
        other.heights().forEach(h -> b.put(h.chain(), h));
        Set<String> chains = new TreeSet<>(a.keySet());
        chains.addAll(b.keySet());
        for (String c : chains) {
            ChainHeight x = a.get(c);
            ChainHeight y = b.get(c);
            if (x == null || y == null) {
                out.add("chain " + c + ": " + (x == null ? "not in the majority's report" : "missing"));
            } else if (x.height() != y.height()) {
                out.add("chain " + c + ": block #" + y.height() + " " + y.blockHash().hex() + " instead of #" + x.height()
                        + " " + x.blockHash().hex());
            } else if (!x.blockHash().equals(y.blockHash())) {
                out.add("chain " + c + ": block #" + y.height() + " has hash " + y.blockHash().hex() + " instead of "
                        + x.blockHash().hex());
            }
        }
        if (out.isEmpty()) {
            out.add("same values, another digest (asset or domain)");
        }
        return out;
    }

    private static void field(List<String> out, String name, Object ref, Object other) {
        if (!ref.equals(other)) {
            out.add(name + " " + other + " instead of " + ref);
        }
    }

    private static String describe(ReportDomain d) {
        return d.name() + "/" + d.version() + " chainId " + d.chainId() + d.verifyingContract().map(c -> " " + c).orElse("");
    }

    /** An address as the unsigned 160-bit number the contract compares. */
    static BigInteger addressValue(String address) {
        return new BigInteger(address.substring(2), 16);
    }

    /** The bundle's signatures packed as the contract takes them: 65 bytes each, ascending by signer. */
    public static String packed(List<Signed> signatures) {
        StringBuilder sb = new StringBuilder("0x");
        for (Signed s : signatures) {
            sb.append(s.signature().hex().substring(2));
        }
        return sb.toString();
    }
}
