package io.assay.chain.bitcoin;

import io.assay.config.ChainProfile;
import io.assay.config.ProfileLoader;
import io.assay.config.Profiles;
import io.assay.devnet.DemoScenario;
import io.assay.devnet.Devnet;
import io.assay.devnet.DevnetDemo;
import io.assay.devnet.DevnetPaths;
import io.assay.devnet.Poll;
import io.assay.store.Store;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The demo as the app runs it: the devnet profiles ({@code chains/devnet/profiles}: regtest, confirmations 1) loaded
 * by the profile loader with the devnet's endpoints, the demo scenario played step by step, and after each step the
 * indexed reserve of {@code wbtc-demo} equals the demo's table and the node's {@code scantxoutset}.
 */
class DemoReservesIndexedTest {
    private static final long BTC = 100_000_000L;

    @Test
    void theDemoReservesFollowTheScenarioStepByStep(@TempDir Path dir) {
        long[] reserves = {10, 10, 10, 10, 9, 11, 11, 14};
        try (Devnet d = Devnet.start(EnumSet.of(Devnet.Node.ETHEREUM, Devnet.Node.POLYGON, Devnet.Node.AVALANCHE,
                Devnet.Node.BITCOIN, Devnet.Node.SOLANA))) { // the scenario bridges to Solana in step 4
            DevnetDemo demo = DevnetDemo.deploy(d);
            Profiles profiles = new ProfileLoader(name -> Optional.ofNullable(
                    d.configOverrides().get("assay.chains." + name + ".endpoints")).map(List::of))
                    .load(DevnetPaths.devnetDir().resolve("profiles"));
            ChainProfile chain = profiles.chain("bitcoin").orElseThrow();
            assertEquals(1, chain.finality().confirmations());
            Store store = Regtest.openStore(dir);
            try (BitcoinIndexer ix = BitcoinIndexer.create(chain, profiles, store, null)) {
                ix.start();
                DemoScenario s = new DemoScenario(d, demo);
                for (int step = 1; step <= 8; step++) {
                    s.step(step);
                    long fin = d.bitcoin().height() - 1;
                    int n = step;
                    Poll.until(Duration.ofSeconds(60), "indexer at #" + fin + " after step " + n,
                            () -> ix.status().indexedHeight() == fin);
                    long expected = reserves[step - 1] * BTC;
                    assertEquals(expected, Regtest.latest(store, io.assay.store.SeriesNames.reserve("wbtc-demo", "bitcoin",
                            "custody-1")), "custody-1 after step " + step);
                    assertEquals(expected, Regtest.latest(store, io.assay.store.SeriesNames.reserveTotal("wbtc-demo",
                            "bitcoin")), "reserve total after step " + step);
                    // the node's tip is one block past the indexed height; that block pays nothing to the reserve
                    assertEquals(expected, Regtest.scan(d.bitcoin(), DevnetDemo.RESERVE_SCRIPT), "node after step " + step);
                }
                assertEquals(0, ix.status().reconcileMismatches(), ix.status().alarms().toString());
            } finally {
                store.close();
            }
        }
    }
}
