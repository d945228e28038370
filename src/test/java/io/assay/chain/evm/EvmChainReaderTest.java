package io.assay.chain.evm;

import io.assay.chain.BlockRef;
import io.assay.chain.EndpointPool;
import io.assay.chain.FaultProxy;
import io.assay.chain.RetryPolicy;
import io.assay.chain.rpc.JsonRpcClient;
import io.assay.config.ChainProfile;
import io.assay.config.Finality;
import io.assay.devnet.Devnet;
import io.assay.devnet.Erc20;
import io.assay.devnet.EvmNode;
import io.assay.store.Int128;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.math.BigInteger;
import java.net.URI;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The EVM read side against anvil (no store involved): Transfer logs decode into exact per-block deltas,
 * adaptive ranges cope with provider limits, native balance changes are located by bisection.
 */
class EvmChainReaderTest {
    private static final String OWNER = EvmNode.DEV_ACCOUNT;
    private static Devnet devnet;
    private static EvmNode node;
    private static Erc20 token;
    private static String alice;
    private static String bob;
    private static String vault;
    private static long head;
    private static long nativeChangeBlock;

    @BeforeAll
    static void start() {
        devnet = Devnet.start(EnumSet.of(Devnet.Node.POLYGON));
        node = devnet.evm(137);
        List<String> acc = node.accounts();
        alice = acc.get(1);
        bob = acc.get(2);
        vault = "0x00000000000000000000000000000000000fa017";
        token = Erc20.deploy(node, OWNER, "Test", "TST", 6);
        token.mint(OWNER, alice, BigInteger.valueOf(1_000_000));
        token.transfer(alice, bob, BigInteger.valueOf(250_000));
        token.burn(bob, BigInteger.valueOf(50_000));
        new ChainBuilder(node).mintMany(token, OWNER, 1, 20, 3, 200, BigInteger.valueOf(7));
        token.transfer(alice, vault, BigInteger.valueOf(123));
        node.mine(10);
        node.send(OWNER, vault, "0x", BigInteger.TEN.pow(18));
        nativeChangeBlock = node.blockNumber();
        node.mine(10);
        head = node.blockNumber();
    }

    @AfterAll
    static void stop() {
        devnet.close();
    }

    private static EvmChainReader reader(URI url, long maxRange) {
        ChainProfile chain = TestProfiles.chain("polygon", 137, Finality.ofConfirmations(0),
                TestProfiles.limits(maxRange, 50, 4, 64, 0), url);
        TestProfiles.Asset a = new TestProfiles.Asset("tst", 6).supply("polygon", token.address(), 6)
                .tokenReserve("alice", "polygon", alice, token.address(), 6)
                .nativeReserve("vault-gas", "polygon", vault)
                .excluded("vault", "polygon", vault);
        EvmTracking t = EvmTracking.of(TestProfiles.profiles(List.of(chain), List.of(a.build())), chain);
        EndpointPool pool = new EndpointPool("polygon", List.of(new JsonRpcClient(url, Duration.ofSeconds(20))),
                new RetryPolicy(Duration.ofMillis(5), Duration.ofMillis(50), 10, Duration.ofSeconds(20)), 0);
        EvmChainReader r = new EvmChainReader(chain, t, new EvmRpc(pool, 50));
        r.prepare();
        return r;
    }

    /** Sums every segment's changes over [0, head] slot by slot, as the writer would. */
    private static BigInteger[] replay(EvmChainReader r, long span, boolean dense) {
        int slots = r.tracking().slots().size();
        Int128[] v = new Int128[slots];
        for (int i = 0; i < slots; i++) {
            v[i] = new Int128();
        }
        String parent = null;
        for (long from = 0; from <= head; from += span) {
            EvmSegment s = r.fetch(from, Math.min(head, from + span - 1), dense);
            if (parent != null) {
                assertEquals(parent, s.parentHash(), "segment " + s + " links to the previous one");
            }
            List<BlockRef> commits = s.commits();
            parent = commits.get(commits.size() - 1).hash();
            for (BlockChange c : s.changes) {
                for (int i = 0; i < slots; i++) {
                    if (c.touched[i]) {
                        v[i].add(new Int128(c.deltaHi[i], c.deltaLo[i]));
                    }
                    if (c.absSet != null && c.absSet[i]) {
                        v[i].set(c.absHi[i], c.absLo[i]);
                    }
                }
            }
        }
        BigInteger[] out = new BigInteger[slots];
        for (int i = 0; i < slots; i++) {
            out[i] = v[i].toBigInteger();
        }
        return out;
    }

    private static void assertNodeValues(EvmChainReader r, BigInteger[] values) {
        String tag = "0x" + Long.toHexString(head);
        for (EvmTracking.Slot s : r.tracking().slots()) {
            BigInteger want = switch (s.kind()) {
                case SUPPLY -> token.totalSupply(tag);
                case TOKEN_BALANCE -> token.balanceOf(s.holder(), tag);
                case NATIVE_BALANCE -> new BigInteger(node.rpc().call("eth_getBalance", s.holder(), tag).asText().substring(2), 16);
                case FEED_ANSWER, FEED_UPDATED -> throw new AssertionError("no feed in this test: " + s);
            };
            assertEquals(want, values[s.index()], s.toString());
        }
    }

    @Test
    void transferLogsAddUpToTheNodesSupplyAndBalancesInSparseAndDenseSegments() {
        EvmChainReader r = reader(node.url(), 10_000);
        BigInteger[] sparse = replay(r, 7, false);
        assertNodeValues(r, sparse);
        assertEquals(BigInteger.valueOf(1_000_000 - 50_000 + 20 * 3 * 200 * 7), sparse[0]);
        assertNodeValues(r, replay(r, 9, true));
    }

    @Test
    void aProvidersSuggestedRangeIsTakenAndEveryLogStillArrives() {
        try (FaultProxy proxy = FaultProxy.start(node.url())) {
            proxy.maxLogBlocks(4, true);
            EvmChainReader r = reader(proxy.url(), 1000);
            assertNodeValues(r, replay(r, 40, false));
            assertTrue(proxy.refusedRanges() > 0, "the provider refused ranges");
            assertTrue(r.range().span() <= 4, "span shrank to the suggestion: " + r.range().span());
        }
    }

    @Test
    void aBareRangeLimitAndATooManyResultsRefusalBothShrinkTheRange() {
        try (FaultProxy proxy = FaultProxy.start(node.url())) {
            proxy.maxLogBlocks(6, false);
            EvmChainReader r = reader(proxy.url(), 1000);
            assertNodeValues(r, replay(r, 50, false));
            assertTrue(r.range().span() <= 6, "span " + r.range().span());
        }
        try (FaultProxy proxy = FaultProxy.start(node.url())) {
            proxy.maxLogResults(700);
            EvmChainReader r = reader(proxy.url(), 1000);
            assertNodeValues(r, replay(r, 50, false));
            assertTrue(proxy.refusedRanges() > 0);
        }
    }

    @Test
    void aNativeBalanceChangeIsPlacedOnItsExactBlockByBisection() {
        EvmChainReader r = reader(node.url(), 10_000);
        EvmSegment s = r.fetch(0, head, false);
        int slot = r.tracking().slots().stream().filter(x -> x.kind() == EvmTracking.Kind.NATIVE_BALANCE)
                .findFirst().orElseThrow().index();
        List<Long> at = s.changes.stream().filter(c -> c.absSet != null && c.absSet[slot]
                && (c.absHi[slot] != 0 || c.absLo[slot] != 0)).map(c -> c.height).toList();
        assertEquals(nativeChangeBlock, at.get(0), "first non-zero native value at the block of the transfer");
    }
}
