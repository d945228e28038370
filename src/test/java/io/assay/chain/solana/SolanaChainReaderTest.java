package io.assay.chain.solana;

import io.assay.chain.BlockRef;
import io.assay.chain.EndpointPool;
import io.assay.chain.rpc.JsonRpcClient;
import io.assay.chain.solana.SolanaClient.Commitment;
import io.assay.config.Profiles;
import io.assay.devnet.Devnet;
import io.assay.devnet.DevnetExtension;
import io.assay.devnet.SolanaNode;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.math.BigInteger;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The Solana read side against the shim (no store): segments of any length, ending on produced or skipped slots,
 * link to each other through their anchors, and their changes replay to the truth at every slot.
 */
class SolanaChainReaderTest {
    @RegisterExtension
    static final DevnetExtension DEVNET = new DevnetExtension(Devnet.Node.SOLANA);
    private static SolanaNode node;
    private static Scene scene;
    private static long first;
    private static long last;

    @TempDir
    static Path tmp;

    @BeforeAll
    static void start() {
        node = DEVNET.solana();
        scene = new Scene(node);
        first = scene.truth.firstKey();
        last = scene.story();
    }

    private static SolanaChainReader reader(Profiles p, int pageLimit) {
        var chain = p.chain("solana").orElseThrow();
        EndpointPool pool = new EndpointPool("solana", List.of(new JsonRpcClient(node.url(), Duration.ofSeconds(10))),
                SolanaIndexerTest.RETRY, 0);
        SolanaChainReader r = new SolanaChainReader(chain, SolanaTracking.of(p, chain),
                SolanaRpc.pooled(pool, 20, Commitment.FINALIZED), SolanaChainReader.Mode.HISTORY, () -> -1, pageLimit);
        r.prepare();
        r.tip();
        return r;
    }

    @Test
    void segmentsOfAnyLengthLinkAcrossSkippedSlotsAndReplayToTheTruth() {
        Profiles p = scene.profiles(tmp.resolve("p1"), node.url());
        for (int span : new int[]{1, 2, 5, 13}) {
            SolanaChainReader r = reader(p, 3);
            // the reader's value index of each truth column
            List<String> addresses = r.tracking().values().stream().map(SolanaTracking.Value::address).toList();
            int[] col = {addresses.indexOf(scene.mint), addresses.indexOf(scene.escrow), addresses.indexOf(scene.reserve)};
            BigInteger[] v = {BigInteger.ZERO, BigInteger.ZERO, BigInteger.ZERO};
            String parent = r.block(first - 1).hash();
            for (long from = first; from <= last; from += span) {
                long to = Math.min(last, from + span - 1);
                SolanaSegment seg = r.fetch(from, to, false);
                assertEquals(parent, seg.parentHash(), "segment " + seg + " links to the previous one (span " + span + ")");
                BlockRef c = seg.commits().get(0);
                assertEquals(to, c.height());
                parent = c.hash();
                for (SlotChange ch : seg.changes) {
                    for (int i = 0; i < 3; i++) {
                        v[i] = ch.apply(col[i], v[i]);
                    }
                }
                for (int i = 0; i < 3; i++) {
                    assertEquals(scene.at(i, to), v[i], "value " + i + " at slot " + to + " (span " + span + ")");
                }
            }
        }
    }

    @Test
    void aSkippedSlotAnchorsToTheLastBlockBeforeIt() {
        Profiles p = scene.profiles(tmp.resolve("p2"), node.url());
        SolanaChainReader r = reader(p, 1000);
        long before = node.slot();
        long landed = node.rpc().call("devnet_advanceSlots", java.util.Map.of("n", 4)).path("slot").asLong();
        r.tip();
        BlockRef skipped = r.block(before + 2);
        BlockRef block = r.block(before);
        assertEquals(before + 2, skipped.height());
        assertEquals(block.hash(), skipped.hash(), "a skipped slot carries the hash of the block before it");
        assertEquals(block.time(), skipped.time());
        BlockRef next = r.block(landed);
        assertEquals(block.hash(), next.parentHash(), "the next block's parent is that block");
        assertNull(r.block(landed + 1000), "a slot after the tip is unknown");
        // the cross-check path asks one endpoint directly and agrees
        assertEquals(skipped, r.block(new JsonRpcClient(node.url(), Duration.ofSeconds(10)), before + 2));
        assertTrue(r.signaturesListed() >= 0);
    }
}
