package io.assay.devnet;

import org.jboss.logging.Logger;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * The local devnet: three anvil nodes (chain ids 1, 137, 43114), litecoind in regtest and the litesvm
 * Solana shim, each on a free 127.0.0.1 port. Used by tests and by the demo run; production never starts it.
 *
 * <p>Everything it starts is stopped by {@link #close()}, by a JVM shutdown hook (Ctrl-C, SIGTERM), and,
 * if the JVM is killed outright, by each node's guard noticing that the JVM's pipe closed.
 */
public final class Devnet implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(Devnet.class);

    /** Nodes the devnet can run. */
    public enum Node {
        ETHEREUM(1), POLYGON(137), AVALANCHE(43114), BITCOIN(0), SOLANA(0),
        /** L2s (anvil with their chain ids): not part of the demo devnet ({@link #all()}), started by tests that ask. */
        BASE(8453), ARBITRUM(42161), OPTIMISM(10);

        final long chainId;

        Node(long chainId) {
            this.chainId = chainId;
        }

        public static Set<Node> evm() {
            return EnumSet.of(ETHEREUM, POLYGON, AVALANCHE);
        }

        /** The demo devnet: Ethereum, Polygon, Avalanche, Bitcoin and Solana. */
        public static Set<Node> all() {
            return EnumSet.of(ETHEREUM, POLYGON, AVALANCHE, BITCOIN, SOLANA);
        }
    }

    private final Path workDir;
    private final Map<Long, EvmNode> evm = new LinkedHashMap<>();
    private BitcoinNode bitcoin;
    private SolanaNode solana;
    private final List<AutoCloseable> started = Collections.synchronizedList(new ArrayList<>());
    private final Thread hook;
    private volatile boolean closed;

    private Devnet(Path workDir) {
        this.workDir = workDir;
        this.hook = new Thread(this::closeQuietly, "devnet-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
    }

    public static Devnet start() {
        return start(Node.all());
    }

    /** Starts the given nodes in parallel; if any fails, the others are stopped and the failure is thrown. */
    public static Devnet start(Set<Node> nodes) {
        Path work;
        try {
            Path base = DevnetPaths.devnetDir().resolve("build/run");
            Files.createDirectories(base);
            work = Files.createTempDirectory(base, "devnet-");
        } catch (IOException e) {
            throw new DevnetException("cannot create a devnet work folder: " + e.getMessage(), e);
        }
        Devnet d = new Devnet(work);
        long t0 = System.nanoTime();
        try {
            List<CompletableFuture<?>> futures = new ArrayList<>();
            for (Node n : nodes) {
                futures.add(CompletableFuture.runAsync(() -> d.startNode(n)));
            }
            if (nodes.stream().anyMatch(n -> n.chainId != 0)) {
                futures.add(CompletableFuture.runAsync(Contracts::compiled));
            }
            CompletableFuture.allOf(futures.toArray(CompletableFuture[]::new)).join();
        } catch (CompletionException e) {
            d.close();
            Throwable c = e.getCause();
            throw c instanceof DevnetException de ? de : new DevnetException("devnet failed to start: " + c, c);
        }
        LOG.infof("devnet up in %d ms (%s) work folder %s", (System.nanoTime() - t0) / 1_000_000, nodes, work);
        return d;
    }

    private void startNode(Node n) {
        switch (n) {
            case BITCOIN -> {
                BitcoinNode b = BitcoinNode.start(workDir);
                started.add(b);
                synchronized (this) {
                    bitcoin = b;
                }
            }
            case SOLANA -> {
                SolanaNode s = SolanaNode.start(workDir);
                started.add(s);
                synchronized (this) {
                    solana = s;
                }
            }
            default -> {
                EvmNode e = EvmNode.start(n.chainId, workDir);
                started.add(e);
                synchronized (this) {
                    evm.put(n.chainId, e);
                }
            }
        }
    }

    public synchronized EvmNode evm(long chainId) {
        EvmNode n = evm.get(chainId);
        if (n == null) {
            throw new DevnetException("no anvil node for chain id " + chainId + " in this devnet");
        }
        return n;
    }

    /** The anvil nodes this devnet started, in start order. */
    public synchronized List<EvmNode> evmNodes() {
        return List.copyOf(evm.values());
    }

    /** The regtest node, if this devnet started one. */
    public synchronized java.util.Optional<BitcoinNode> bitcoinIfStarted() {
        return java.util.Optional.ofNullable(bitcoin);
    }

    public synchronized BitcoinNode bitcoin() {
        if (bitcoin == null) {
            throw new DevnetException("litecoind was not started in this devnet");
        }
        return bitcoin;
    }

    public synchronized SolanaNode solana() {
        if (solana == null) {
            throw new DevnetException("the Solana shim was not started in this devnet");
        }
        return solana;
    }

    /** Where node logs and data live for this run. */
    public Path workDir() {
        return workDir;
    }

    /**
     * Endpoint overrides for the devnet chain profiles ({@code chains/devnet/profiles}): config key
     * {@code assay.chains.<name>.endpoints} to URL, plus the Bitcoin REST base.
     */
    public synchronized Map<String, String> configOverrides() {
        Map<String, String> out = new LinkedHashMap<>();
        evm.forEach((id, n) -> out.put("assay.chains." + chainName(id) + ".endpoints", n.url().toString()));
        if (bitcoin != null) {
            out.put("assay.chains.bitcoin.endpoints", bitcoin.url().toString());
        }
        if (solana != null) {
            out.put("assay.chains.solana.endpoints", solana.url().toString());
        }
        return out;
    }

    public static String chainName(long chainId) {
        return switch ((int) chainId) {
            case 1 -> "ethereum";
            case 137 -> "polygon";
            case 43114 -> "avalanche";
            case 8453 -> "base";
            case 42161 -> "arbitrum";
            case 10 -> "optimism";
            default -> "evm-" + chainId;
        };
    }

    @Override
    public void close() {
        closeQuietly();
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException ignored) {
            // already shutting down
        }
    }

    private void closeQuietly() {
        if (closed) {
            return;
        }
        closed = true;
        List<AutoCloseable> all;
        synchronized (started) {
            all = new ArrayList<>(started);
        }
        all.parallelStream().forEach(c -> {
            try {
                c.close();
            } catch (Exception e) {
                LOG.warnf("stopping devnet node: %s", e.getMessage());
            }
        });
        if (!Boolean.getBoolean("devnet.keep")) {
            deleteTree(workDir);
        }
    }

    /** Deletes a folder and everything below it, best effort (a test's or the demo's temporary folders). */
    public static void deleteTree(Path p) {
        try (var s = Files.walk(p)) {
            s.sorted(java.util.Comparator.reverseOrder()).forEach(f -> {
                try {
                    Files.deleteIfExists(f);
                } catch (IOException ignored) {
                    // best effort
                }
            });
        } catch (IOException ignored) {
            // best effort
        }
    }
}
