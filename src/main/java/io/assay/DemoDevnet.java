package io.assay;

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
 */
@Singleton
public class DemoDevnet {
    private static final Logger LOG = Logger.getLogger(DemoDevnet.class);

    private final boolean enabled;
    private final Devnet devnet;
    private final DevnetDemo demo;

    DemoDevnet(AssayConfig config) {
        this.enabled = config.demo().enabled();
        if (enabled) {
            LOG.info("demo mode: starting the local devnet (anvil x3, litecoind regtest, Solana shim)");
            this.devnet = Devnet.start();
            this.demo = DevnetDemo.deploy(devnet);
        } else {
            this.devnet = null;
            this.demo = null;
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
        if (devnet != null) {
            devnet.close();
        }
    }
}
