package io.assay;

import io.assay.config.AssayConfig;
import io.assay.devnet.Devnet;
import io.assay.devnet.DevnetDemo;
import io.quarkus.runtime.ShutdownEvent;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import org.jboss.logging.Logger;

import java.util.Optional;

/**
 * In demo mode ({@code assay.demo.enabled=true}) starts the local devnet and deploys the demo contracts
 * before profiles load, and hands the devnet's endpoints to them. Outside demo mode it does nothing.
 *
 * <p>Like a real chain, each anvil node and the regtest node then make a block every second ({@link #BLOCK_INTERVAL};
 * they only mine on demand): a chain with confirmations is known final only through its last final block, so without
 * new blocks the asset's cut, and with it every "now" answer, would stop at the last step (docs/consistent-cut.md).
 */
@Singleton
public class DemoDevnet {
    private static final Logger LOG = Logger.getLogger(DemoDevnet.class);

    private final boolean enabled;
    private final Devnet devnet;
    private final DevnetDemo demo;
    /** How often each anvil node mines a block in demo mode. */
    static final java.time.Duration BLOCK_INTERVAL = java.time.Duration.ofSeconds(1);
    private final java.util.concurrent.ScheduledExecutorService blocks;

    DemoDevnet(AssayConfig config) {
        this.enabled = config.demo().enabled();
        if (enabled) {
            LOG.info("demo mode: starting the local devnet (anvil x3, litecoind regtest, Solana shim)");
            this.devnet = Devnet.start();
            this.demo = DevnetDemo.deploy(devnet);
            this.blocks = java.util.concurrent.Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "devnet-blocks");
                t.setDaemon(true);
                return t;
            });
            long ms = BLOCK_INTERVAL.toMillis();
            blocks.scheduleAtFixedRate(this::mineOne, ms, ms, java.util.concurrent.TimeUnit.MILLISECONDS);
        } else {
            this.devnet = null;
            this.demo = null;
            this.blocks = null;
        }
    }

    public boolean enabled() {
        return enabled;
    }

    public Optional<Devnet> devnet() {
        return Optional.ofNullable(devnet);
    }

    public Optional<DevnetDemo> demo() {
        return Optional.ofNullable(demo);
    }

    /** The devnet URL for a devnet chain profile, when in demo mode. */
    public Optional<String> endpoint(String chain) {
        if (devnet == null) {
            return Optional.empty();
        }
        return Optional.ofNullable(devnet.configOverrides().get("assay.chains." + chain + ".endpoints"));
    }

    private void mineOne() {
        for (long id : new long[]{1, 137, 43114}) {
            try {
                devnet.evm(id).mine(1);
            } catch (RuntimeException e) {
                LOG.debugf("devnet: could not mine a block on chain %d: %s", id, e.getMessage());
            }
        }
        try {
            devnet.bitcoin().generate(1);
        } catch (RuntimeException e) {
            LOG.debugf("devnet: could not mine a regtest block: %s", e.getMessage());
        }
    }

    void stop(@Observes ShutdownEvent e) {
        if (blocks != null) {
            blocks.shutdownNow();
            try {
                blocks.awaitTermination(5, java.util.concurrent.TimeUnit.SECONDS);
            } catch (InterruptedException ie) {
                Thread.currentThread().interrupt();
            }
        }
        if (devnet != null) {
            devnet.close();
        }
    }
}
