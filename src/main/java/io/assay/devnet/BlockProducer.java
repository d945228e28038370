package io.assay.devnet;

import org.jboss.logging.Logger;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Makes the devnet's nodes produce a block every interval, as real chains do (anvil and regtest only mine on demand).
 * A chain with confirmations is known final only through its last final block, so without new blocks an asset's cut,
 * and with it every "now" answer, would stop at the last transaction (docs/consistent-cut.md). Used by demo mode and
 * by benchmarks that run the service against the devnet; tests that count blocks do not start it.
 */
public final class BlockProducer implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(BlockProducer.class);

    private final List<EvmNode> evm;
    private final Optional<BitcoinNode> bitcoin;
    private final ScheduledExecutorService timer;
    private boolean paused;

    private BlockProducer(Devnet devnet, Duration interval) {
        this.evm = devnet.evmNodes();
        this.bitcoin = devnet.bitcoinIfStarted();
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "devnet-blocks");
            t.setDaemon(true);
            return t;
        });
        long ms = interval.toMillis();
        timer.scheduleAtFixedRate(this::mineOne, ms, ms, TimeUnit.MILLISECONDS);
    }

    /** Starts producing a block on every anvil node and the regtest node of {@code devnet} every {@code interval}. */
    public static BlockProducer start(Devnet devnet, Duration interval) {
        return new BlockProducer(devnet, interval);
    }

    private synchronized void mineOne() {
        if (paused) {
            return;
        }
        for (EvmNode n : evm) {
            try {
                n.mine(1);
            } catch (RuntimeException e) {
                LOG.debugf("devnet: no block on chain %d: %s", n.chainId(), e.getMessage());
            }
        }
        bitcoin.ifPresent(b -> {
            try {
                b.generate(1);
            } catch (RuntimeException e) {
                LOG.debugf("devnet: no regtest block: %s", e.getMessage());
            }
        });
    }

    /** No block is made after this returns, until {@link #resume()} (a test rewriting a chain). */
    public synchronized void pause() {
        paused = true;
    }

    public synchronized void resume() {
        paused = false;
    }

    /** Stops producing blocks and waits for a block in progress. */
    @Override
    public void close() {
        timer.shutdownNow();
        try {
            timer.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
