package io.assay.store;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * {@code assay verify-store <data-dir>/store}: opens a store that no running service holds, checks every file
 * and committed point ({@link Store#verify()}), prints the report and exits 0 (sound), 1 (problems found) or
 * 2 (cannot open: the message names the file and the problem). Opening recovers an unclean shutdown exactly
 * as the service would (uncommitted writes above each checkpoint are discarded); nothing else is written.
 */
public final class VerifyStoreCommand {
    private VerifyStoreCommand() {
    }

    public static int run(String[] args, PrintStream out, PrintStream err) {
        if (args.length != 1 || args[0].startsWith("-")) {
            err.println("usage: assay verify-store <store directory>   (e.g. data/store)");
            return 2;
        }
        Path dir = Path.of(args[0]);
        if (!Files.isDirectory(dir)) {
            err.println("assay: " + dir + ": no such store directory");
            return 2;
        }
        long t0 = System.nanoTime();
        try (Store store = Stores.open(dir, StoreOptions.defaults())) {
            VerifyReport r = store.verify();
            long ms = (System.nanoTime() - t0) / 1_000_000;
            for (String chain : store.chains()) {
                out.println("chain " + chain + ": " + store.checkpoint(chain)
                        .map(c -> "committed at height " + c.height() + " (" + c.hashHex() + ")")
                        .orElse("no checkpoint"));
            }
            out.println((r.ok() ? "OK" : "PROBLEMS") + ": " + r.series() + " series, " + r.points() + " points checked in "
                    + ms + " ms");
            r.problems().forEach(p -> out.println("  " + p));
            return r.ok() ? 0 : 1;
        } catch (StoreException e) {
            err.println("assay: " + e.getMessage());
            return 2;
        }
    }
}
