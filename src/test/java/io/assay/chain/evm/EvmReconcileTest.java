package io.assay.chain.evm;

import io.assay.chain.Alarm;
import io.assay.config.ChainProfile;
import io.assay.config.Finality;
import io.assay.config.Profiles;
import io.assay.devnet.Devnet;
import io.assay.devnet.Erc20;
import io.assay.devnet.EvmNode;
import io.assay.devnet.Poll;
import io.assay.store.SeriesKey;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.math.BigInteger;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Reconciliation against {@code eth_call}, and the decimals check at start. */
class EvmReconcileTest {
    private static final String OWNER = EvmNode.DEV_ACCOUNT;

    @TempDir
    Path dir;

    @Test
    void aSupplyChangedWithoutATransferLogRaisesAnAlarmAndIsNotCopiedIntoTheSeries() {
        try (Devnet devnet = Devnet.start(EnumSet.of(Devnet.Node.AVALANCHE))) {
            EvmNode node = devnet.evm(43114);
            Erc20 token = Erc20.deploy(node, OWNER, "Rebase", "RBS", 6);
            token.mint(OWNER, node.accounts().get(1), BigInteger.valueOf(5_000));
            ChainProfile chain = TestProfiles.chain("avalanche", 43114, Finality.ofConfirmations(0),
                    TestProfiles.limits(1000, 10, 2, 64, 4), node.url());
            Profiles profiles = TestProfiles.profiles(List.of(chain),
                    List.of(new TestProfiles.Asset("rbs", 6).supply("avalanche", token.address(), 6).build()));
            try (EvmHarness h = EvmHarness.start(dir, profiles, chain)) {
                SimpleMeterRegistry meters = new SimpleMeterRegistry();
                io.assay.chain.ChainMetrics.bind(meters, h.status());
                node.mine(6);
                h.awaitIndexed(node.blockNumber(), Duration.ofSeconds(30));
                assertEquals(0, h.status().reconcileMismatches());
                // totalSupply is storage slot 2 of DemoToken: change it behind the indexer's back (no Transfer log)
                node.rpc().call("anvil_setStorageAt", token.address(), "0x2",
                        String.format("0x%064x", 5_000 + 42));
                long changedAt = node.blockNumber() + 1;
                node.mine(8);
                Poll.until(Duration.ofSeconds(30), "a reconciliation after the change",
                        () -> h.status().view().lastReconciledHeight() >= changedAt && h.status().reconcileMismatches() > 0);
                Alarm alarm = h.status().alarms().stream().filter(a -> a.kind().equals("reconcile-mismatch"))
                        .findFirst().orElseThrow();
                assertTrue(alarm.message().contains("indexed 5000, node (eth_call) says 5042"), alarm.message());
                assertEquals(1.0, meters.get("assay.reconcile.mismatch").tag("chain", "avalanche").gauge().value());
                SeriesKey supply = new SeriesKey("rbs", "avalanche", "supply", "_total");
                assertEquals(BigInteger.valueOf(5_000), h.valueAtHeight(supply, node.blockNumber()),
                        "the indexed value stays what the logs say");
            }
        }
    }

    @Test
    void decimalsThatDifferFromTheProfileHaltTheChainNamingTheField() {
        try (Devnet devnet = Devnet.start(EnumSet.of(Devnet.Node.ETHEREUM))) {
            EvmNode node = devnet.evm(1);
            Erc20 token = Erc20.deploy(node, OWNER, "Six", "SIX", 6);
            ChainProfile chain = TestProfiles.chain("ethereum", 1, Finality.ofConfirmations(0),
                    TestProfiles.limits(1000, 10, 2, 64, 0), node.url());
            Profiles profiles = TestProfiles.profiles(List.of(chain),
                    List.of(new TestProfiles.Asset("six", 18).supply("ethereum", token.address(), 18).build()));
            try (EvmHarness h = EvmHarness.start(dir, profiles, chain)) {
                h.awaitHalted(Duration.ofSeconds(30));
                assertEquals("test:six.yaml: supply[ethereum].decimals = 18, but token " + token.address().toLowerCase()
                        + " on ethereum reports decimals() = 6; fix the profile (amounts would be misread)",
                        h.status().haltReason());
                assertTrue(h.store.checkpoint("ethereum").isEmpty());
            }
        }
    }
}
