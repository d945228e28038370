package io.assay.devnet;

import io.assay.config.AssayConfig;
import io.quarkus.runtime.ShutdownEvent;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import org.jboss.logging.Logger;

import java.util.Optional;

/**
 * In demo mode ({@code assay.demo.enabled=true}, set by the {@code demo} profile: {@code ./assay demo}) starts the
 * local devnet and deploys the demo contracts before profiles load ({@link DemoWorkspace} hands the devnet's
 * endpoints to them), and stops the devnet on shutdown. Outside demo mode it does nothing.
 *
 * <p>Like a real chain, each anvil node and the regtest node then make a block every second ({@link #BLOCK_INTERVAL},
 * {@link BlockProducer}; they only mine on demand): a chain with confirmations is known final only through its last final block, so without
 * new blocks the asset's cut, and with it every "now" answer, would stop at the last step (docs/consistent-cut.md).
 */
@Singleton
public class DemoDevnet {
    private static final Logger LOG = Logger.getLogger(DemoDevnet.class);

    private final boolean enabled;
    private final Devnet devnet;
    private final DevnetDemo demo;
    /** How often each anvil node and the regtest node make a block in demo mode. */
    static final java.time.Duration BLOCK_INTERVAL = java.time.Duration.ofSeconds(1);
    private final BlockProducer blocks;

    DemoDevnet(AssayConfig config) {
        this.enabled = config.demo().enabled();
        if (enabled) {
            LOG.info("demo mode: starting the local devnet (anvil x3, litecoind regtest, Solana shim)");
            this.devnet = Devnet.start();
            this.demo = DevnetDemo.deploy(devnet);
            this.blocks = BlockProducer.start(devnet, BLOCK_INTERVAL);
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

    void stop(@Observes ShutdownEvent e) {
        if (blocks != null) {
            blocks.close();
        }
        if (devnet != null) {
            devnet.close();
        }
    }
}
