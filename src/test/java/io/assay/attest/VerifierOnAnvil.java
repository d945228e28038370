package io.assay.attest;

import io.assay.devnet.Devnet;
import io.assay.devnet.EvmNode;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.util.EnumSet;
import java.util.List;

/**
 * A real anvil node (chain id 1) with an {@code AssayVerifier} deployed for one signer, for a test class: started
 * before its first test (before the class's own {@code @BeforeAll} methods, which may use it) and closed after its
 * last, also when a test or the start failed. Register it after the signer's key:
 * {@code @RegisterExtension static final VerifierOnAnvil ANVIL = new VerifierOnAnvil(SIGNER, 3600);}.
 */
final class VerifierOnAnvil implements BeforeAllCallback, AfterAllCallback {
    private final SigningKey signer;
    private final long maxAge;
    private Devnet devnet;
    private OnChain chain;
    private String verifier;

    VerifierOnAnvil(SigningKey signer, long maxAge) {
        this.signer = signer;
        this.maxAge = maxAge;
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        devnet = Devnet.start(EnumSet.of(Devnet.Node.ETHEREUM));
        chain = new OnChain(devnet.evm(1));
        verifier = chain.deployVerifier(List.of(signer.address()), maxAge, false);
    }

    @Override
    public void afterAll(ExtensionContext context) {
        if (devnet != null) {
            devnet.close();
            devnet = null;
        }
    }

    /** The contract calls on the running node; only between the class's first and last test. */
    OnChain chain() {
        if (devnet == null) {
            throw new IllegalStateException("the anvil node is not running (used outside the test class?)");
        }
        return chain;
    }

    EvmNode node() {
        return chain().node();
    }

    /** The address of the verifier deployed for the signer. */
    String verifier() {
        chain();
        return verifier;
    }
}
