package io.assay.chain.solana;

import io.assay.chain.Alarm;
import io.assay.chain.ChainIndexer;
import io.assay.chain.ChainState;
import io.assay.config.Profiles;
import io.assay.devnet.Devnet;
import io.assay.devnet.DevnetExtension;
import io.assay.devnet.Poll;
import io.assay.devnet.SolanaNode;
import io.assay.store.Store;
import io.assay.store.Stores;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.math.BigInteger;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;

import static io.assay.chain.solana.SolanaIndexerTest.assertMatchesTruth;
import static io.assay.chain.solana.SolanaIndexerTest.awaitIndexed;
import static io.assay.chain.solana.SolanaIndexerTest.indexer;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Faults of the endpoint (rate limits with Retry-After, HTTP 500, truncated answers, "node is behind", skipped
 * slots, a history that misses a transaction) and profiles that contradict the chain: each is retried or
 * reported, and no value recorded is ever wrong (every series point is compared with the truth after each fault).
 */
class SolanaFaultsTest {
    @RegisterExtension
    static final DevnetExtension DEVNET = new DevnetExtension(Devnet.Node.SOLANA);
    private static SolanaNode node;

    @TempDir
    Path tmp;

    @BeforeAll
    static void start() {
        node = DEVNET.solana();
    }

    private static void fault(String method, String kind, int count) {
        node.rpc().call("devnet_setFault", Map.of("method", method, "kind", kind, "count", count, "retryAfter", 1));
    }

    /** Faults still armed (0 once the indexer ran into all of them). */
    private static int armed() {
        return node.rpc().call("devnet_clearFaults").path("cleared").asInt();
    }

    @Test
    void faultsAreRetriedAndNeverRecordedAsValues() {
        Scene s = new Scene(node);
        Profiles p = s.profiles(tmp.resolve("profiles"), node.url());
        record Case(String method, String kind, int count, LongSupplier op) {
        }
        List<Case> cases = List.of(
                new Case("getSlot", "rateLimit", 2, () -> s.mintTo(s.holder, Scene.BIG.multiply(BigInteger.TWO))),
                new Case("getSignaturesForAddress", "http500", 3, () -> s.transfer(s.holder, s.escrow, Scene.BIG)),
                new Case("getTransaction", "malformed", 2, () -> s.burn(s.holder, BigInteger.valueOf(3))),
                new Case("getTokenSupply", "rpcError", 3, () -> s.mintTo(s.reserve, Scene.BIG)),
                new Case("getTokenAccountBalance", "malformed", 1, () -> s.transfer(s.escrow, s.holder, BigInteger.TEN)),
                new Case("getBlocks", "http500", 2, () -> s.skip(6)),
                new Case("getBlock", "rateLimit", 1, () -> s.burn(s.reserve, BigInteger.ONE)),
                new Case("*", "rpcError", 4, () -> s.mintTo(s.escrow, Scene.BIG.add(BigInteger.ONE))),
                new Case("*", "malformed", 3, () -> s.skip(2)));
        try (Store store = Stores.open(tmp.resolve("store"));
             ChainIndexer<SolanaSegment> ix = indexer(p, store, SolanaChainReader.Mode.AUTO, 1000)) {
            awaitIndexed(ix, s.lastSlot());
            var endpoint = ix.status().pool().members().get(0);
            for (Case c : cases) {
                long errorsBefore = endpoint.errors();
                fault(c.method(), c.kind(), c.count());
                long slot = c.op().getAsLong();
                awaitIndexed(ix, slot);
                assertEquals(0, armed(), c + ": the indexer ran into every injected fault");
                if (!c.method().equals("*")) { // a fault for every method may also meet the test's own reads
                    // several faults can fail one batch together, so at least one error, not count
                    assertTrue(endpoint.errors() > errorsBefore, c + ": the endpoint's errors are counted");
                }
                assertMatchesTruth(store, s, 0, slot);
            }
            assertEquals(0, ix.status().reconcileMismatches());
            assertTrue(ix.status().alarms().isEmpty(), ix.status().alarms().toString());
        }
    }

    @Test
    void aTransactionMissingFromTheEndpointsHistoryStopsTheChainUntilItReappears() throws Exception {
        Scene s = new Scene(node);
        try (HistoryHidingProxy proxy = new HistoryHidingProxy(node.url())) {
            Profiles p = s.profiles(tmp.resolve("profiles"), proxy.url());
            try (Store store = Stores.open(tmp.resolve("store"));
                 ChainIndexer<SolanaSegment> ix = indexer(p, store, SolanaChainReader.Mode.AUTO, 1000)) {
                long before = s.mintTo(s.holder, Scene.BIG);
                awaitIndexed(ix, before);
                // the next transaction lands in the next slot: the endpoint will not list it
                proxy.hideSlot(s.lastSlot() + 1);
                long hidden = s.transfer(s.holder, s.escrow, BigInteger.valueOf(1000));
                assertEquals(before + 1, hidden);
                Alarm alarm = Poll.value(Duration.ofSeconds(30), "a reconciliation alarm", () -> ix.status().alarms()
                        .stream().filter(a -> a.kind().equals("reconcile-mismatch")).findFirst().orElse(null));
                assertTrue(alarm.message().contains("history gives 0, node says 1000"), alarm.message());
                // the alarm is raised before the loop records its error: wait for both
                String error = Poll.value(Duration.ofSeconds(30), "the chain's last error", () -> ix.status().lastError());
                assertTrue(error.contains("nothing written"), error);
                assertTrue(ix.status().indexedHeight() < hidden, "the chain stays before the gap");
                assertTrue(ix.status().reconcileMismatches() > 0);
                assertMatchesTruth(store, s, 0, ix.status().indexedHeight());
                // later transactions do not get past it either
                long after = s.transfer(s.escrow, s.holder, BigInteger.valueOf(10));
                Poll.until(Duration.ofSeconds(30), "the indexer sees the next transaction's slot",
                        () -> ix.status().finalHead() >= after);
                Poll.until(Duration.ofSeconds(30), "a retry after it", () -> ix.status().state() == ChainState.RETRYING);
                assertTrue(ix.status().indexedHeight() < hidden);
                assertMatchesTruth(store, s, 0, ix.status().indexedHeight());
                proxy.reveal();
                awaitIndexed(ix, after);
                assertMatchesTruth(store, s, 0, after);
                assertEquals(0, ix.status().reconcileMismatches());
                assertEquals(ChainState.FOLLOWING, Poll.value(Duration.ofSeconds(10), "following",
                        () -> ix.status().state() == ChainState.FOLLOWING ? ChainState.FOLLOWING : null));
            }
        }
    }

    private static String awaitHalt(ChainIndexer<SolanaSegment> ix) {
        Poll.until(Duration.ofSeconds(30), "halt", () -> ix.status().state() == ChainState.HALTED);
        return ix.status().haltReason();
    }

    @Test
    void decimalsThatDifferFromTheMintHaltTheChain() {
        Scene s = new Scene(node);
        Profiles p = s.profiles(tmp.resolve("profiles"), node.url(), "", 8, s.escrow);
        try (Store store = Stores.open(tmp.resolve("store"));
             ChainIndexer<SolanaSegment> ix = indexer(p, store, SolanaChainReader.Mode.AUTO, 1000)) {
            String reason = awaitHalt(ix);
            assertTrue(reason.contains("sol.yaml: supply[solana].decimals = 8, but mint " + s.mint + " on solana has 9"
                    + " decimals"), reason);
            assertTrue(store.checkpoint("solana").isEmpty(), "nothing indexed");
        }
    }

    @Test
    void anExcludedAccountOfAnotherMintHaltsTheChain() {
        Scene s = new Scene(node);
        Profiles p = s.profiles(tmp.resolve("profiles"), node.url(), "", 9, s.reserve);
        try (Store store = Stores.open(tmp.resolve("store"));
             ChainIndexer<SolanaSegment> ix = indexer(p, store, SolanaChainReader.Mode.AUTO, 1000)) {
            String reason = awaitHalt(ix);
            assertTrue(reason.contains("token account " + s.reserve + " holds mint " + s.reserveMint
                    + ", not the asset's mint " + s.mint), reason);
        }
    }

    @Test
    void aSupplyTokenThatIsNotAMintHaltsTheChain() {
        Scene s = new Scene(node);
        Profiles bad = s.profiles(tmp.resolve("profiles"), node.url(), s.holder, "", 9, s.escrow);
        try (Store store = Stores.open(tmp.resolve("store"));
             ChainIndexer<SolanaSegment> ix = indexer(bad, store, SolanaChainReader.Mode.AUTO, 1000)) {
            String reason = awaitHalt(ix);
            assertTrue(reason.contains(s.holder + " is an SPL account, not a mint"), reason);
        }
    }

    @Test
    void anEndpointOfAnotherClusterIsExcluded() throws Exception {
        Scene s = new Scene(node);
        Path dir = tmp.resolve("profiles");
        s.profiles(dir, node.url());
        Path chain = dir.resolve("solana.yaml");
        java.nio.file.Files.writeString(chain, java.nio.file.Files.readString(chain)
                .replace("network: localnet", "network: mainnet-beta"));
        Profiles p = new io.assay.config.ProfileLoader().load(dir);
        try (Store store = Stores.open(tmp.resolve("store"));
             ChainIndexer<SolanaSegment> ix = indexer(p, store, SolanaChainReader.Mode.AUTO, 1000)) {
            String reason = awaitHalt(ix);
            assertTrue(reason.contains("reports genesis hash") && reason.contains("expected "
                    + SolanaChainReader.GENESIS.get("mainnet-beta")), reason);
            assertTrue(ix.status().pool().members().get(0).excluded());
            assertTrue(store.checkpoint("solana").isEmpty());
        }
    }
}
