package io.assay;

import io.assay.attest.AttestConfigException;
import io.assay.attest.VerifyCommand;
import io.assay.config.ProfileException;
import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.annotations.QuarkusMain;

import java.util.Arrays;

/**
 * Entry point. {@code java -jar assay.jar} serves the API with the profiles in {@code chains/};
 * {@code java -jar assay.jar demo} starts the local devnet demo instead; {@code java -jar assay.jar verify
 * report.json} verifies a signed report offline and exits without starting the service.
 */
@QuarkusMain
public final class Main {
    private Main() {
    }

    public static void main(String... args) {
        System.setProperty("chronicle.analytics.disable", "true");
        if (args.length > 0 && args[0].equals("verify")) {
            // offline: no Quarkus, no configuration, no HTTP server. The jar ships JBoss LogManager as the JDK's
            // logger finder; name it as the manager before anything logs, or it complains on stderr.
            System.setProperty("java.util.logging.manager", "org.jboss.logmanager.LogManager");
            System.exit(VerifyCommand.run(Arrays.copyOfRange(args, 1, args.length), System.out, System.err));
        }
        if (args.length > 0 && args[0].equals("verify-store")) {
            System.setProperty("java.util.logging.manager", "org.jboss.logmanager.LogManager");
            System.exit(io.assay.store.VerifyStoreCommand.run(Arrays.copyOfRange(args, 1, args.length), System.out, System.err));
        }
        if (args.length > 0 && (args[0].equals("liabilities") || args[0].equals("verify-liability"))) {
            System.setProperty("java.util.logging.manager", "org.jboss.logmanager.LogManager");
            String[] rest = Arrays.copyOfRange(args, 1, args.length);
            if (args[0].equals("verify-liability")) {
                System.exit(io.assay.liabilities.LiabilitiesCommand.verify(rest, System.out, System.err, System.in));
            }
            if (rest.length == 0 || !rest[0].equals("build")) {
                System.err.println("usage: assay liabilities build ... (assay liabilities build --help)");
                System.exit(2);
            }
            System.exit(io.assay.liabilities.LiabilitiesCommand.build(Arrays.copyOfRange(rest, 1, rest.length),
                    System.out, System.err, System.getenv()));
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
            return;
        }
        Quarkus.run(null, (status, failure) -> {
            ProfileException pe = find(failure, ProfileException.class);
            if (pe != null) {
                System.err.println("assay: invalid profile: " + pe.getMessage());
                System.exit(2);
            }
            AttestConfigException ae = find(failure, AttestConfigException.class);
            if (ae != null) {
                System.err.println("assay: signing key: " + ae.getMessage());
                System.exit(2);
            }
            io.assay.alert.AlertConfigException alerts = find(failure, io.assay.alert.AlertConfigException.class);
            if (alerts != null) {
                System.err.println("assay: alerts: " + alerts.getMessage());
                System.exit(2);
            }
            System.exit(status);
        }, args);
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
