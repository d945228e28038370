package io.assay.devnet;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.util.EnumSet;
import java.util.Set;

/**
 * One {@link Devnet} for a test class: started before its first test (before the class's own {@code @BeforeAll}
 * methods, which may use it) and closed after its last, also when a test or the start failed. Register it as
 * {@code @RegisterExtension static final DevnetExtension DEVNET = new DevnetExtension(Devnet.Node.BITCOIN);}.
 */
public final class DevnetExtension implements BeforeAllCallback, AfterAllCallback {
    private final Set<Devnet.Node> nodes;
    private Devnet devnet;

    public DevnetExtension(Devnet.Node first, Devnet.Node... rest) {
        this.nodes = EnumSet.of(first, rest);
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        devnet = Devnet.start(nodes);
    }

    @Override
    public void afterAll(ExtensionContext context) {
        if (devnet != null) {
            devnet.close();
            devnet = null;
        }
    }

    /** The running devnet; only between the class's first and last test (or in its {@code @BeforeAll}). */
    public Devnet devnet() {
        if (devnet == null) {
            throw new IllegalStateException("the devnet of " + nodes + " is not running (used outside the test class?)");
        }
        return devnet;
    }

    public BitcoinNode bitcoin() {
        return devnet().bitcoin();
    }

    public SolanaNode solana() {
        return devnet().solana();
    }
}
