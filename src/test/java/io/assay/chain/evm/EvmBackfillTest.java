package io.assay.chain.evm;

import io.assay.config.ChainProfile;
import io.assay.config.Finality;
import io.assay.config.Profiles;
import io.assay.devnet.Devnet;
import io.assay.devnet.Erc20;
import io.assay.devnet.EvmNode;
import io.assay.store.SeriesKey;
import org.jboss.logging.Logger;
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
 * A backfill of more than 100,000 Transfer events with parallel, adaptive fetching: supply and holder
 * balances equal the node's at every block that holds events. (Speed is measured in bench/, not here.)
 */
class EvmBackfillTest {
    private static final Logger LOG = Logger.getLogger(EvmBackfillTest.class);
    private static final String OWNER = EvmNode.DEV_ACCOUNT;

    @TempDir
    Path dir;

    @Test
    void aHundredThousandTransfersBackfillToTheNodesValuesAtEveryBlock() {
        try (Devnet devnet = Devnet.start(EnumSet.of(Devnet.Node.ETHEREUM))) {
            EvmNode node = devnet.evm(1);
            List<String> acc = node.accounts();
            String holder = acc.get(4);
            Erc20 token = Erc20.deploy(node, OWNER, "Many", "MNY", 8);
            ChainBuilder b = new ChainBuilder(node);
            List<Long> blocks = b.mintMany(token, OWNER, 1, 60, 4, 420, BigInteger.valueOf(11), 40);
            token.mint(OWNER, holder, BigInteger.valueOf(1_000));
            token.transfer(holder, acc.get(5), BigInteger.valueOf(300));
            token.burn(holder, BigInteger.valueOf(200));
            long head = node.blockNumber();
            assertEquals(BigInteger.valueOf(60L * 4 * 420 * 11 + 800), token.totalSupply("latest"));

            ChainProfile chain = TestProfiles.chain("ethereum", 1, Finality.ofConfirmations(0),
                    TestProfiles.limits(10_000, 50, 4, 16, 25), node.url());
            Profiles profiles = TestProfiles.profiles(List.of(chain), List.of(new TestProfiles.Asset("mny", 8)
                    .supply("ethereum", token.address(), 8)
                    .tokenReserve("holder", "ethereum", holder, token.address(), 8).build()));
            long t0 = System.nanoTime();
            try (EvmHarness h = EvmHarness.start(dir, profiles, chain)) {
                h.awaitIndexed(head, Duration.ofSeconds(180));
                double s = (System.nanoTime() - t0) / 1e9;
                LOG.infof("backfilled %d events in %d blocks in %.1f s", h.status().events(), head, s);
                assertTrue(h.status().events() >= 100_000, "events " + h.status().events());
                SeriesKey supply = new SeriesKey("mny", "ethereum", "supply", "_total");
                SeriesKey reserve = new SeriesKey("mny", "ethereum", "reserve", "holder");
                for (long blk : blocks) {
                    assertEquals(NodeValues.supply(token, blk), h.valueAtHeight(supply, blk), "supply at #" + blk);
                    assertEquals(NodeValues.supply(token, blk - 1), h.valueAtHeight(supply, blk - 1),
                            "supply at #" + (blk - 1));
                }
                for (long blk = head - 3; blk <= head; blk++) {
                    assertEquals(NodeValues.supply(token, blk), h.valueAtHeight(supply, blk));
                    assertEquals(NodeValues.balance(token, holder, blk), h.valueAtHeight(reserve, blk));
                }
                assertEquals(0, h.status().reconcileMismatches());
                assertTrue(h.status().view().lastReconciledHeight() > 0);
            }
        }
    }
}
