package io.assay.liabilities;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;

/**
 * Reads balances, builds the tree and writes a publication directory:
 * <ul>
 * <li>{@code publication.json}: id, assets, root, totals, leaves, asOf (public);</li>
 * <li>{@code proofs.jsonl}: one inclusion proof per user, each with that user's secret (deliver each line to its
 * user only).</li>
 * </ul>
 * All or nothing: the input is read and checked completely first, files are written into a temporary sibling
 * directory, and only a complete directory is renamed to {@code out}; on any error {@code out} does not appear.
 */
public final class Publisher {
    private Publisher() {
    }

    public static Publication publish(Reader input, BalanceReader.Format format, List<String> assets, String source,
                                      byte[] master, String publicationId, Instant asOf, int parts, Path out)
            throws IOException, InputException {
        if (Files.exists(out)) {
            throw new FileAlreadyExistsException(out.toString(), null, "the output directory already exists");
        }
        Balances balances = BalanceReader.read(input, format, assets, source);
        SumTree tree = SumTree.build(balances, master, publicationId, asOf, parts);
        Path parent = out.toAbsolutePath().getParent();
        Files.createDirectories(parent);
        Path tmp = Files.createTempDirectory(parent, "." + out.getFileName() + ".partial-");
        boolean done = false;
        try {
            Files.writeString(tmp.resolve("publication.json"), ProofJson.pretty(ProofJson.publication(tree.publication())) + "\n");
            try (BufferedWriter w = Files.newBufferedWriter(tmp.resolve("proofs.jsonl"), StandardCharsets.UTF_8)) {
                for (int row = 0; row < tree.users(); row++) {
                    w.write(ProofJson.line(ProofJson.proof(tree.proof(row))));
                    w.write('\n');
                }
            }
            try {
                Files.move(tmp, out, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, out);
            }
            done = true;
            return tree.publication();
        } finally {
            if (!done) {
                deleteTree(tmp);
            }
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
