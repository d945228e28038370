package io.assay.quorum;

import io.assay.attest.ReportDomain;
import io.assay.attest.SignedReportJson;
import io.assay.config.AssayConfig;

import java.io.PrintStream;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * {@code assay quorum --asset <id> --peer <url>... --signer 0x..<...> --k <n> [--round <n>] [--chain-id <n>]
 * [--verifying-contract 0x..] [--timeout 3s] [--max-bytes 65536] [--json]}: collects the peers' signed reports of one
 * round, without starting the service, and prints the bundle or the refusal. Without {@code --round}: the lowest
 * latest round the answering peers report (one every node has final). Exit status: 0 a bundle formed, 1 no quorum
 * (who disagreed and how is printed), 2 bad usage.
 */
public final class QuorumCommand {
    public static final int BUNDLE = 0;
    public static final int NO_QUORUM = 1;
    public static final int USAGE_ERROR = 2;

    static final String USAGE = """
            usage: assay quorum --asset <id> --peer <url> [--peer <url>...] --signer 0x.. [--signer 0x..] --k <n> [options]
              --peer <url>                a node: http://host:port, or dns://name:port for every address of a name
              --signer 0x..               an allowed signer (give each of the n)
              --k <n>                     signatures of distinct allowed signers a bundle needs
              --round <n>                 the round (default: the lowest latest round the peers report)
              --chain-id <n>              the EIP-712 chain id the nodes sign for (default 1)
              --verifying-contract 0x..   the EIP-712 verifying contract the nodes sign for (default none)
              --timeout <duration>        deadline per peer (default 3s)
              --max-bytes <n>             largest answer accepted from a peer (default 65536)
              --json                      print the bundle (or refusal) as JSON
            exit status: 0 a bundle formed, 1 no quorum, 2 bad usage""";

    private QuorumCommand() {
    }

    public static int run(String[] args, PrintStream out, PrintStream err) {
        String asset = null;
        List<String> peers = new ArrayList<>();
        Set<String> signers = new LinkedHashSet<>();
        Integer k = null;
        Long round = null;
        long chainId = 1;
        String contract = null;
        Duration timeout = Duration.ofSeconds(3);
        int maxBytes = 65536;
        boolean json = false;
        ReportDomain domain;
        try {
            for (int i = 0; i < args.length; i++) {
                String a = args[i];
                switch (a) {
                    case "--asset" -> asset = value(args, ++i, a);
                    case "--peer" -> peers.add(value(args, ++i, a));
                    case "--signer" -> signers.add(io.assay.config.Addresses.evm(value(args, ++i, a).toLowerCase(java.util.Locale.ROOT)));
                    case "--k" -> k = (int) number(value(args, ++i, a), a);
                    case "--round" -> round = number(value(args, ++i, a), a);
                    case "--chain-id" -> chainId = number(value(args, ++i, a), a);
                    case "--verifying-contract" -> contract = value(args, ++i, a);
                    case "--timeout" -> timeout = AssayConfig.duration(value(args, ++i, a));
                    case "--max-bytes" -> maxBytes = (int) Math.min(Integer.MAX_VALUE - 1, number(value(args, ++i, a), a));
                    case "--json" -> json = true;
                    case "-h", "--help" -> {
                        out.println(USAGE);
                        return BUNDLE;
                    }
                    default -> throw new IllegalArgumentException("unexpected argument '" + a + "'");
                }
            }
            if (asset == null) {
                throw new IllegalArgumentException("missing --asset");
            }
            if (peers.isEmpty()) {
                throw new IllegalArgumentException("missing --peer");
            }
            if (signers.isEmpty()) {
                throw new IllegalArgumentException("missing --signer (the n allowed signers)");
            }
            if (k == null || k < 1 || k > signers.size()) {
                throw new IllegalArgumentException("--k must be in [1, " + signers.size() + "] (the number of signers)");
            }
            if (round != null && round < 1) {
                throw new IllegalArgumentException("--round must be at least 1");
            }
            Peers.check(peers);
            domain = contract == null ? ReportDomain.of(chainId) : ReportDomain.of(chainId, contract);
        } catch (IllegalArgumentException e) {
            err.println("assay quorum: " + e.getMessage());
            err.println(USAGE);
            return USAGE_ERROR;
        }
        try (PeerClient client = new PeerClient(timeout, maxBytes)) {
            if (round == null) {
                round = latestCommonRound(client, peers, asset, err);
                if (round == null) {
                    err.println("assay quorum: no peer gave a report of " + asset + "; no round to collect");
                    return NO_QUORUM;
                }
            }
            QuorumNode node = new QuorumNode(null, r -> Optional.empty(), Optional.empty(), domain, peers,
                    Set.copyOf(signers), k, client);
            Quorum.Outcome o = node.collect(asset, round);
            if (json) {
                out.println(SignedReportJson.pretty(QuorumJson.write(o)));
            } else {
                out.println((o.reached() ? "bundle: " : "no quorum: ") + o.summary());
                if (o.reached()) {
                    out.println("digest: " + o.digest().hex());
                    out.println("signers: " + String.join(", ", o.signers()));
                    out.println("packed signatures: " + Quorum.packed(o.signatures()));
                }
                for (Quorum.Dissent d : o.dissent()) {
                    out.println("disagrees: " + d.signer() + " at " + d.peer() + ": " + String.join("; ", d.differences()));
                }
                for (Quorum.Rejected r : o.rejected()) {
                    out.println("no valid report: " + r.peer() + ": " + r.reason());
                }
            }
            return o.reached() ? BUNDLE : NO_QUORUM;
        }
    }

    /** The lowest round id among the peers' latest reports (every answering node has it final). */
    static Long latestCommonRound(PeerClient client, List<String> peers, String asset, PrintStream err) {
        Long min = null;
        for (URI u : Peers.resolve(peers).urls()) {
            Quorum.Answer a = client.fetch(u, asset, (Long) null);
            if (a.report().isEmpty()) {
                err.println("assay quorum: " + a.peer() + ": " + a.error());
                continue;
            }
            long r = a.report().get().report().message().roundId().longValueExact();
            min = min == null ? r : Math.min(min, r);
        }
        return min;
    }

    private static String value(String[] args, int i, String option) {
        if (i >= args.length) {
            throw new IllegalArgumentException(option + " needs a value");
        }
        return args[i];
    }

    private static long number(String v, String option) {
        try {
            return Long.parseLong(v);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(option + ": expected an integer, found '" + v + "'");
        }
    }
}
