package io.assay.chain.bitcoin;

import io.assay.chain.ChainSync;
import io.assay.config.ChainProfile;
import io.assay.devnet.BitcoinNode;
import io.assay.devnet.Devnet;
import io.assay.devnet.DevnetExtension;
import io.assay.devnet.Poll;
import io.assay.store.SeriesNames;
import io.assay.store.Point;
import io.assay.store.Store;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Bitcoin block times you can cut on (docs/consistent-cut.md): litecoind regtest, its clock moved with
 * {@code setmocktime}, mines a block dated an hour ahead of real time and then blocks dated before it (out of order,
 * as Bitcoin's median-time rule allows). The indexed time of every block is the running maximum of the header times —
 * computed from the chain alone — and no block committed after a coverage report carries a time at or before it, so
 * an answer at a covered moment never changes.
 */
class BitcoinBlockTimeTest {
    @RegisterExtension
    static final DevnetExtension DEVNET = new DevnetExtension(Devnet.Node.BITCOIN);

    private static final String SCRIPT = Regtest.script("wpkh(" + Regtest.Key.of(31).pub() + ")");

    @Test
    void indexedTimesAreTheRunningMaximumAndCoverageIsNeverOvertaken(@TempDir Path dir) {
        BitcoinNode node = DEVNET.bitcoin();
        ChainProfile chain = Regtest.chain(node.url(), 0, 12, 0);
        ChainSync sync = new ChainSync();
        List<long[]> reports = new ArrayList<>();
        long start = node.height();
        try (Store store = Regtest.openStore(dir)) {
            BitcoinIndexer ix = BitcoinIndexer.create(chain, Regtest.profiles(chain,
                    Regtest.asset("res", Regtest.script("s", SCRIPT))), store, sync);
            try {
                ix.start();
                waitIndexed(ix, node.height(), sync, reports);
                long now = System.currentTimeMillis() / 1000;
                // an hour ahead, then the clock back to real time: the next blocks are dated before the first
                mineAt(node, now + 3600, sync, ix, reports);
                node.payToScript(SCRIPT, 10_000);
                mineAt(node, now + 1, sync, ix, reports);
                mineAt(node, now + 2, sync, ix, reports);
                node.rpc().call("setmocktime", 0);
                node.generate(1);
                waitIndexed(ix, node.height(), sync, reports);

                long tip = node.height();
                long max = Long.MIN_VALUE;
                int outOfOrder = 0;
                int committedHeight = store.find(SeriesNames.committedHeight(chain.name())).orElseThrow();
                Point p = new Point();
                for (long h = start + 1; h <= tip; h++) {
                    long header = node.rpc().call("getblockheader", node.rpc().call("getblockhash", h).asText())
                            .path("time").asLong() * 1000;
                    if (header < max) {
                        outOfOrder++;
                    }
                    max = Math.max(max, header);
                    assertTrue(store.valueAtHeight(committedHeight, h, p) && p.height == h, "block #" + h + " committed");
                    assertEquals(max, p.time, "indexed time of #" + h + " is the running maximum of header times");
                }
                assertTrue(outOfOrder >= 2, "the mocked clock dated " + outOfOrder + " blocks before an earlier one");
                // the block log carries the same times
                int lo = store.find(SeriesNames.blockHashLo(chain.name())).orElseThrow();
                assertTrue(store.valueAtHeight(lo, tip, p) && p.height == tip);
                assertEquals(max, p.time);
                // coverage only moves forward and every block committed after a report is dated after it
                for (int i = 1; i < reports.size(); i++) {
                    assertTrue(reports.get(i)[0] >= reports.get(i - 1)[0], "coverage went back at report " + i);
                }
                assertCoverageNeverOvertaken(store, committedHeight, tip, reports);
            } finally {
                node.rpc().call("setmocktime", 0);
                ix.close();
            }
        }
    }

    /** Mines one block with the node's clock at {@code seconds} and waits until it is indexed. */
    private static void mineAt(BitcoinNode node, long seconds, ChainSync sync, BitcoinIndexer ix, List<long[]> reports) {
        node.rpc().call("setmocktime", seconds);
        node.generate(1);
        waitIndexed(ix, node.height(), sync, reports);
    }

    /**
     * Waits until block {@code height} is indexed and a coverage report follows it, recording every report seen as
     * (coverage, indexed height read after it): every block above that height came later than the report.
     */
    private static void waitIndexed(BitcoinIndexer ix, long height, ChainSync sync, List<long[]> reports) {
        Poll.until(Duration.ofSeconds(60), "indexer at #" + height + " with a coverage report", () -> {
            Instant c = sync.coveredUntil(Regtest.CHAIN).orElse(null);
            long h = ix.status().indexedHeight(); // read after the coverage: every block above h came after it
            if (c != null) {
                reports.add(new long[]{c.toEpochMilli(), h});
            }
            return h == height && c != null;
        });
    }

    /** No block indexed after a report is dated at or before the coverage it reported. */
    private static void assertCoverageNeverOvertaken(Store store, int committedHeight, long tip, List<long[]> reports) {
        Point p = new Point();
        int checked = 0;
        for (long[] r : reports) {
            for (long h = r[1] + 1; h <= tip; h++) {
                assertTrue(store.valueAtHeight(committedHeight, h, p) && p.height == h);
                assertTrue(p.time > r[0], "block #" + h + " at " + Instant.ofEpochMilli(p.time)
                        + " is dated at or before coverage " + Instant.ofEpochMilli(r[0]) + " reported at #" + r[1]);
                checked++;
            }
        }
        assertTrue(checked >= 4, "blocks checked against earlier reports: " + checked);
    }
}
