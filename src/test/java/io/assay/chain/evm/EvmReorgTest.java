package io.assay.chain.evm;

import com.fasterxml.jackson.databind.JsonNode;
import io.assay.chain.BlockRef;
import io.assay.config.ChainProfile;
import io.assay.config.Finality;
import io.assay.config.Profiles;
import io.assay.devnet.Devnet;
import io.assay.devnet.Erc20;
import io.assay.devnet.EvmNode;
import io.assay.devnet.Poll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.web3j.abi.FunctionEncoder;
import org.web3j.abi.datatypes.Address;
import org.web3j.abi.datatypes.Function;
import org.web3j.abi.datatypes.generated.Uint256;

import java.math.BigInteger;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Real reorgs with {@code anvil_reorg} at depths 1, 5 and 30 while the indexer follows with finality set to 0
 * confirmations, so every reorg replaces blocks it has already committed. Afterwards every series equals a
 * fresh index of the final chain, point by point.
 */
class EvmReorgTest {
    private static final String OWNER = EvmNode.DEV_ACCOUNT;

    @TempDir
    Path dir;

    private static String call(String fn, org.web3j.abi.datatypes.Type<?>... args) {
        return FunctionEncoder.encode(new Function(fn, List.of(args), List.of()));
    }

    @ParameterizedTest(name = "depth {0}")
    @ValueSource(ints = {1, 5, 30})
    void aReorgIsRolledBackAndEverySeriesEqualsAFreshIndex(int depth) {
        try (Devnet devnet = Devnet.start(EnumSet.of(Devnet.Node.POLYGON))) {
            EvmNode node = devnet.evm(137);
            List<String> acc = node.accounts();
            String alice = acc.get(1);
            String custody = acc.get(3);
            Erc20 token = Erc20.deploy(node, OWNER, "Reorg", "RRG", 6);
            token.mint(OWNER, alice, BigInteger.valueOf(1_000_000));
            // 40 blocks with supply and holder changes in most of them
            for (int i = 0; i < 40; i++) {
                switch (i % 4) {
                    case 0 -> token.mint(OWNER, custody, BigInteger.valueOf(1000 + i));
                    case 1 -> token.transfer(alice, custody, BigInteger.valueOf(10 + i));
                    case 2 -> token.burn(alice, BigInteger.valueOf(5 + i));
                    default -> node.mine(1);
                }
            }
            ChainProfile chain = TestProfiles.chain("polygon", 137, Finality.ofConfirmations(0),
                    TestProfiles.limits(10_000, 10, 3, 64, 0), node.url());
            TestProfiles.Asset asset = new TestProfiles.Asset("rrg", 6).supply("polygon", token.address(), 6)
                    .tokenReserve("custody", "polygon", custody, token.address(), 6)
                    .excluded("alice", "polygon", alice);
            Profiles profiles = TestProfiles.profiles(List.of(chain), List.of(asset.build()));

            try (EvmHarness live = EvmHarness.start(dir.resolve("live"), profiles, chain)) {
                long head = node.blockNumber();
                live.awaitIndexed(head, Duration.ofSeconds(60));
                BlockRef before = EvmRpc.block(node.rpc(), head);

                // the replacement blocks carry other transfers: different supply and balances
                List<Object> txs = new ArrayList<>();
                long nonce = Long.decode(node.rpc().call("eth_getTransactionCount", OWNER, "0x" + Long.toHexString(head - depth)).asText());
                for (int k = 0; k < depth; k++) {
                    Map<String, Object> tx = new LinkedHashMap<>();
                    tx.put("from", OWNER);
                    tx.put("to", token.address());
                    tx.put("data", k % 2 == 0
                            ? call("mint", new Address(alice), new Uint256(777 + k))
                            : call("mint", new Address(custody), new Uint256(5 + k)));
                    tx.put("gas", "0x30000");
                    tx.put("nonce", "0x" + Long.toHexString(nonce + k));
                    txs.add(List.of(tx, k));
                }
                JsonNode r = node.rpc().call("anvil_reorg", depth, txs);
                assertTrue(r == null || r.isNull(), "anvil_reorg answered " + r);
                assertEquals(head, node.blockNumber(), "same height, other blocks");
                BlockRef after = EvmRpc.block(node.rpc(), head);
                assertTrue(!after.hash().equals(before.hash()), "the head block was replaced");

                Poll.until(Duration.ofSeconds(60), "reorg handled (" + live.status() + ")",
                        () -> live.status().reorgs() >= 1 && live.status().indexedHeight() >= head);
                assertEquals(depth, live.status().lastReorgDepth(), "rolled back exactly to the common ancestor");
                node.mine(3);
                live.awaitIndexed(head + 3, Duration.ofSeconds(60));
                assertEquals(0, live.status().reconcileMismatches());

                try (EvmHarness fresh = EvmHarness.start(dir.resolve("fresh"), profiles, chain)) {
                    fresh.awaitIndexed(head + 3, Duration.ofSeconds(60));
                    EvmHarness.assertSameSeries(fresh, live);
                }
                String tag = "0x" + Long.toHexString(head + 3);
                assertEquals(token.totalSupply(tag), live.valueAtHeight(
                        new io.assay.store.SeriesKey("rrg", "polygon", "supply", "_total"), head + 3));
            }
        }
    }
}
