package io.assay;

import io.assay.alert.AlertConfigException;
import io.assay.attest.AttestConfigException;
import io.assay.attest.VerifyCommand;
import io.assay.config.ProfileException;
import io.assay.liabilities.LiabilitiesCommand;
import io.assay.quorum.QuorumCommand;
import io.assay.quorum.QuorumConfigException;
import io.assay.store.VerifyStoreCommand;
import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.annotations.QuarkusMain;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Entry point. {@code java -jar assay.jar} serves the API with the profiles in {@code chains/};
 * {@code java -jar assay.jar demo} starts the local devnet demo instead; {@code java -jar assay.jar verify
 * report.json} verifies a signed report offline and exits without starting the service.
 */
@QuarkusMain
public final class Main {
    /**
     * Startup failures that are the operator's to fix, in the order they are looked for along the failure's causes:
     * the CLI prints {@code assay: <what>: <message>} and exits with status 2 instead of a stack trace.
     */
    static final List<Map.Entry<Class<? extends RuntimeException>, String>> STARTUP_FAILURES = List.of(
            Map.entry(ProfileException.class, "invalid profile"),
            Map.entry(AttestConfigException.class, "signing key"),
            Map.entry(AlertConfigException.class, "alerts"),
            Map.entry(QuorumConfigException.class, "quorum"));

    /** Commands that run without the service (and exit). */
    static final Set<String> OFFLINE = Set.of("verify", "verify-store", "verify-liability", "liabilities", "quorum");

    private Main() {
    }

    public static void main(String... args) {
        System.setProperty("chronicle.analytics.disable", "true");
        String command = args.length > 0 ? args[0] : "";
        if (OFFLINE.contains(command)) {
            // offline: no Quarkus, no configuration, no HTTP server. The jar ships JBoss LogManager as the JDK's
            // logger finder; name it as the manager before anything logs, or it complains on stderr.
            System.setProperty("java.util.logging.manager", "org.jboss.logmanager.LogManager");
            System.exit(offline(command, Arrays.copyOfRange(args, 1, args.length)));
        }
        if (args.length > 0 && args[0].equals("demo")) {
            System.setProperty("assay.demo.enabled", "true");
            args = Arrays.copyOfRange(args, 1, args.length);
        } else if (args.length > 0 && (args[0].equals("--help") || args[0].equals("-h"))) {
            System.out.println("usage: assay [demo]                  serve; 'demo' starts the local devnet demo");
            System.out.println("       assay verify <report.json>    verify a signed report offline (--help for options)");
            System.out.println("       assay verify-store <dir>      check a stopped store's files and points (e.g. data/store)");
            System.out.println("       assay liabilities build ...   publish a liabilities tree and per-user proofs (--help)");
            System.out.println("       assay verify-liability <proof.json>  verify a user's inclusion proof offline");
            System.out.println("       assay quorum --asset <id> --peer <url>... --signer 0x..... --k <n>  collect a k-of-n bundle (--help)");
            return;
        }
        Quarkus.run(null, (status, failure) -> {
            for (Map.Entry<Class<? extends RuntimeException>, String> e : STARTUP_FAILURES) {
                Throwable known = find(failure, e.getKey());
                if (known != null) {
                    System.err.println("assay: " + e.getValue() + ": " + known.getMessage());
                    System.exit(2);
                }
            }
            System.exit(status);
        }, args);
    }

    /** Runs one of the {@link #OFFLINE} commands and returns its exit status. */
    private static int offline(String command, String[] rest) {
        return switch (command) {
            case "verify" -> VerifyCommand.run(rest, System.out, System.err);
            case "verify-store" -> VerifyStoreCommand.run(rest, System.out, System.err);
            case "verify-liability" -> LiabilitiesCommand.verify(rest, System.out, System.err, System.in);
            case "quorum" -> QuorumCommand.run(rest, System.out, System.err);
            default -> {
                if (rest.length == 0 || !rest[0].equals("build")) {
                    System.err.println("usage: assay liabilities build ... (assay liabilities build --help)");
                    yield 2;
                }
                yield LiabilitiesCommand.build(Arrays.copyOfRange(rest, 1, rest.length), System.out, System.err,
                        System.getenv());
            }
        };
    }

    static <T extends Throwable> T find(Throwable t, Class<T> type) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (type.isInstance(c)) {
                return type.cast(c);
            }
        }
        return null;
    }
}
