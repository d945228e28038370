package io.assay.chain.evm;

import io.assay.config.ChainProfile;
import io.assay.config.Finality;
import io.assay.config.Profiles;
import io.assay.devnet.Devnet;
import io.assay.devnet.Erc20;
import io.assay.devnet.EvmNode;
import io.assay.store.Point;
import io.assay.store.SeriesKey;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.math.BigInteger;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A token with no Transfer yet, and a holder that never received one, still have a value: zero. Points are only
 * written when a value changes, so without a baseline those series had no point at all and every snapshot over
 * them was refused ("indexing starts later"), as the demo showed before its first mint.
 */
class EvmBaselineTest {
    @TempDir
    Path dir;

    @Test
    void seriesWithoutTransfersGetAZeroPointAtTheFirstCommitAndNoDuplicateLater() {
        try (Devnet devnet = Devnet.start(EnumSet.of(Devnet.Node.ETHEREUM))) {
            EvmNode node = devnet.evm(1);
            String alice = node.accounts().get(1);
            String escrow = node.accounts().get(2);
            Erc20 token = Erc20.deploy(node, EvmNode.DEV_ACCOUNT, "Quiet", "QT", 8);
            node.mine(3);
            ChainProfile chain = TestProfiles.chain("ethereum", 1, Finality.ofConfirmations(2),
                    TestProfiles.limits(10_000, 20, 3, 64, 3), node.url());
            TestProfiles.Asset asset = new TestProfiles.Asset("qt", 8).supply("ethereum", token.address(), 8)
                    .excluded("escrow", "ethereum", escrow);
            Profiles profiles = TestProfiles.profiles(List.of(chain), List.of(asset.build()));
            SeriesKey supply = new SeriesKey("qt", "ethereum", "supply", "_total");
            SeriesKey held = new SeriesKey("qt", "ethereum", "excluded", "escrow");
            SeriesKey excludedTotal = new SeriesKey("qt", "ethereum", "excluded", "_total");

            try (EvmHarness h = EvmHarness.start(dir, profiles, chain)) {
                long first = node.blockNumber() - 2;
                h.awaitIndexed(first, Duration.ofSeconds(60));
                for (SeriesKey k : List.of(supply, held, excludedTotal)) {
                    assertEquals(List.of("0"), values(h, k), k + " has one zero point");
                }

                token.mint(EvmNode.DEV_ACCOUNT, alice, BigInteger.valueOf(5_00000000L));
                node.mine(3);
                h.awaitIndexed(node.blockNumber() - 2, Duration.ofSeconds(60));
                assertEquals(List.of("0", "500000000"), values(h, supply), "the mint adds one point");
                assertEquals(List.of("0"), values(h, held), "an unchanged holder keeps its single point");
                assertEquals(List.of("0"), values(h, excludedTotal));
            }
        }
    }

    /** The values of every point of {@code key}, oldest first. */
    private static List<String> values(EvmHarness h, SeriesKey key) {
        java.util.OptionalInt sid = h.store.find(key);
        assertTrue(sid.isPresent(), key + " exists");
        int id = sid.getAsInt();
        List<String> out = new java.util.ArrayList<>();
        try (var c = h.store.range(id, Long.MIN_VALUE, Long.MAX_VALUE)) {
            while (c.next()) {
                Point p = c.point();
                out.add(p.valueAsBigInteger().toString());
            }
        }
        return out;
    }
}
