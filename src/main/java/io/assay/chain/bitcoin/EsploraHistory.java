package io.assay.chain.bitcoin;

import io.assay.chain.rpc.RpcException;
import org.jboss.logging.Logger;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Which blocks touch the tracked scripts, from an Esplora API's per-script histories ({@code backfill: history}):
 * each script's confirmed transactions ({@code /scripthash/:hash/txs/chain}, every page) name the blocks that pay it
 * or spend from it, and only those blocks need to be read. Any other block neither pays a tracked script nor spends
 * a tracked output (a tracked output pays a tracked script, and its spend is in that script's history).
 *
 * <h2>Generations: the histories belong to one chain</h2>
 * Histories are read as of a <em>generation</em>: block {@code (H, X)}, {@code maxReorgDepth} below the server's tip
 * when the generation began (or the block the reader needs, if higher). Every
 * history read in it is complete for the chain ending at block {@code X} at height {@code H}, as long as block
 * {@code H} is still {@code X} once the history has been read: {@link #touched} checks that after reading (and each
 * block a history names must be the block the segment has at that height), so no block can be skipped on the word
 * of a history of another chain. A reorg below {@code H} (or the chain outgrowing {@code H}) starts a new generation,
 * which reads every history again. The reader uses histories only for blocks deeper than {@code maxReorgDepth} below
 * the tip (it reads every block near the tip), so a generation normally lasts a whole backfill.
 *
 * <p>Cost: one request per 25 transactions per script (at least one per script), once per generation; scripts are
 * read {@code parallelism} at a time (the client bounds requests in flight), with progress logged every 10 s.
 *
 * <p>Thread-safe: segments are fetched in parallel; a script's history is read once per generation.
 */
final class EsploraHistory {
    private static final Logger LOG = Logger.getLogger(EsploraHistory.class);

    private final String chain;
    private final EsploraClient client;
    private final ExecutorService readers;
    private final int belowTip;
    private final AtomicLong scriptsRead = new AtomicLong();
    private final AtomicLong generations = new AtomicLong();
    private volatile Generation current;
    private volatile long lastProgress;
    private final Object progressLock = new Object();

    /**
     * @param belowTip how far below the server's tip a generation ends ({@code maxReorgDepth}: the reader uses
     *                 histories only below it, so reorgs near the tip do not start a new generation)
     */
    EsploraHistory(String chain, EsploraClient client, int parallelism, int belowTip) {
        this.chain = chain;
        this.client = client;
        this.belowTip = Math.max(0, belowTip);
        this.lastProgress = System.currentTimeMillis();
        this.readers = Executors.newFixedThreadPool(Math.max(1, parallelism), r -> {
            Thread t = new Thread(r, chain + "-esplora-history");
            t.setDaemon(true);
            return t;
        });
    }

    /** Script histories read since start (each one or more requests). */
    long scriptsRead() {
        return scriptsRead.get();
    }

    /** Generations begun since start (1 for a backfill on a chain that did not reorg below the tip it began at). */
    long generations() {
        return generations.get();
    }

    /** The histories of one chain: those read while block {@code height} was {@code hash}. */
    static final class Generation {
        final long height;
        final String hash;
        final ConcurrentHashMap<ByteBuffer, CompletableFuture<EsploraClient.Touched>> scripts =
                new ConcurrentHashMap<>();

        Generation(long height, String hash) {
            this.height = height;
            this.hash = hash;
        }
    }

    /** A generation whose histories reach at least block {@code to}. */
    Generation generation(long to) {
        Generation g = current;
        if (g != null && g.height >= to) {
            return g;
        }
        synchronized (this) {
            g = current;
            if (g != null && g.height >= to) {
                return g;
            }
            long tip = client.tipHeight();
            if (tip < to) {
                throw new RpcException(chain + ": the Esplora server's tip #" + tip + " is below #" + to
                        + " (chain moving)", 0, 0, true, 0, null);
            }
            long height = Math.max(to, tip - belowTip);
            String hash = client.hashAt(height);
            if (hash == null) {
                throw new RpcException(chain + ": block " + height + " vanished (chain moving)", 0, 0, true, 0, null);
            }
            g = new Generation(height, hash);
            generations.incrementAndGet();
            if (current != null) {
                LOG.infof("%s: script histories read again as of #%d (were as of #%d)", chain, height, current.height);
            }
            current = g;
            return g;
        }
    }

    /**
     * Which of blocks {@code from..} (whose hashes are {@code hashes}, consecutive) hold a transaction of one of
     * {@code scripts}: bit {@code i} set for block {@code from + i}.
     *
     * @throws RpcException (retryable) if the histories are not of the chain of {@code hashes}: the generation is
     *                      dropped and the next call reads them again
     */
    BitSet touched(Generation g, List<byte[]> scripts, long from, List<String> hashes) {
        long to = from + hashes.size() - 1;
        List<CompletableFuture<EsploraClient.Touched>> fs = read(g, scripts);
        BitSet out = new BitSet(hashes.size());
        for (CompletableFuture<EsploraClient.Touched> f : fs) {
            EsploraClient.Touched t = join(g, f);
            int i = lowerBound(t.heights(), from);
            for (; i < t.heights().length && t.heights()[i] <= to; i++) {
                int at = (int) (t.heights()[i] - from);
                if (!t.hashes()[i].equals(hashes.get(at))) {
                    drop(g);
                    throw new RpcException(chain + ": a script history names block " + t.hashes()[i] + " at #"
                            + t.heights()[i] + ", the chain has " + hashes.get(at) + " (chain moving)", 0, 0, true, 0,
                            null);
                }
                out.set(at);
            }
        }
        requireCurrent(g, from, hashes);
        return out;
    }

    /** Whether one block holds a transaction of one of {@code scripts} (histories read as needed). */
    boolean touches(Generation g, List<byte[]> scripts, long height, String hash) {
        return touched(g, scripts, height, List.of(hash)).get(0);
    }

    /** Block {@code g.height} is still {@code g.hash}: every history of {@code g} is of the chain read now. */
    private void requireCurrent(Generation g, long from, List<String> hashes) {
        long to = from + hashes.size() - 1;
        String now = g.height <= to && g.height >= from ? hashes.get((int) (g.height - from)) : client.hashAt(g.height);
        if (!g.hash.equals(now)) {
            drop(g);
            throw new RpcException(chain + ": block " + g.height + " is no longer " + g.hash + " (reorg): script"
                    + " histories are read again", 0, 0, true, 0, null);
        }
    }

    private synchronized void drop(Generation g) {
        if (current == g) {
            current = null;
        }
    }

    private List<CompletableFuture<EsploraClient.Touched>> read(Generation g, List<byte[]> scripts) {
        List<CompletableFuture<EsploraClient.Touched>> out = new ArrayList<>(scripts.size());
        int started = 0;
        for (byte[] s : scripts) {
            ByteBuffer key = ByteBuffer.wrap(s);
            CompletableFuture<EsploraClient.Touched> f = g.scripts.get(key);
            if (f == null) {
                CompletableFuture<EsploraClient.Touched> mine = new CompletableFuture<>();
                f = g.scripts.putIfAbsent(key, mine);
                if (f == null) {
                    f = mine;
                    started++;
                    readers.execute(() -> {
                        try {
                            mine.complete(client.touched(s));
                            scriptsRead.incrementAndGet();
                            progress(g);
                        } catch (Throwable e) {
                            mine.completeExceptionally(e);
                        }
                    });
                }
            }
            out.add(f);
        }
        if (started > 0) {
            LOG.debugf("%s: reading the histories of %d scripts (as of #%d)", chain, started, g.height);
        }
        return out;
    }

    private EsploraClient.Touched join(Generation g, CompletableFuture<EsploraClient.Touched> f) {
        while (true) {
            try {
                return f.get(10, java.util.concurrent.TimeUnit.SECONDS);
            } catch (java.util.concurrent.TimeoutException e) {
                progress(g);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw RpcException.transport(chain + ": interrupted", e);
            } catch (ExecutionException e) {
                // a failed read is forgotten, so that the retry reads that history again
                g.scripts.values().removeIf(x -> x == f);
                if (e.getCause() instanceof RpcException r) {
                    throw r;
                }
                throw new IllegalStateException(e.getCause());
            }
        }
    }

    private void progress(Generation g) {
        long now = System.currentTimeMillis();
        if (now - lastProgress >= 10_000) {
            synchronized (progressLock) {
                if (now - lastProgress < 10_000) {
                    return;
                }
                lastProgress = now;
            }
            long done = g.scripts.values().stream().filter(f -> f.isDone() && !f.isCompletedExceptionally()).count();
            LOG.infof("%s: reading script histories: %d of %d scripts read (%d requests, %d throttled)", chain, done,
                    g.scripts.size(), client.requests(), client.throttled());
        }
    }

    private static int lowerBound(long[] a, long v) {
        int lo = 0;
        int hi = a.length;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (a[mid] < v) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    void close() {
        readers.shutdownNow();
    }
}
