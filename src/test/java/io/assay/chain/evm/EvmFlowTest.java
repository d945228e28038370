package io.assay.chain.evm;

import io.assay.config.ChainProfile;
import io.assay.config.Finality;
import io.assay.config.Profiles;
import io.assay.devnet.Devnet;
import io.assay.devnet.Erc20;
import io.assay.devnet.Escrow;
import io.assay.devnet.EvmNode;
import io.assay.store.SeriesKey;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.math.BigInteger;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Mint, transfer, burn and bridge-lock/release flows on each of the three EVM chains (one implementation,
 * three profiles). Part of the history exists before the indexer starts (backfill), part is made while it
 * follows the head. Afterwards every series equals the node's own answer ({@code eth_call totalSupply/balanceOf},
 * {@code eth_getBalance}) at every height.
 */
class EvmFlowTest {
    private static final String OWNER = EvmNode.DEV_ACCOUNT;
    private static final String VAULT = "0x0000000000000000000000000000000000000a17";
    private static Devnet devnet;

    @TempDir
    Path dir;

    @BeforeAll
    static void start() {
        devnet = Devnet.start(Devnet.Node.evm());
    }

    @AfterAll
    static void stop() {
        devnet.close();
    }

    private static BigInteger n(long v) {
        return BigInteger.valueOf(v);
    }

    @ParameterizedTest(name = "chain id {0}")
    @ValueSource(longs = {1, 137, 43114})
    void flowsOnEveryChainMatchTheNodeAtEveryHeight(long chainId) {
        EvmNode node = devnet.evm(chainId);
        String name = Devnet.chainName(chainId);
        List<String> acc = node.accounts();
        String alice = acc.get(1);
        String bob = acc.get(2);
        String custody = acc.get(3);
        Erc20 token = Erc20.deploy(node, OWNER, "Flow", "FLW", 8);
        Escrow escrow = Escrow.deploy(node, OWNER, token);

        // history before the indexer starts
        token.mint(OWNER, alice, n(1_000_00000000L));
        token.mint(OWNER, custody, n(500_00000000L));
        token.transfer(alice, bob, n(300_00000000L));
        token.burn(bob, n(100_00000000L));
        node.send(OWNER, VAULT, "0x", BigInteger.TEN.pow(18));

        ChainProfile chain = TestProfiles.chain(name, chainId, Finality.ofConfirmations(2),
                TestProfiles.limits(10_000, 20, 3, 64, 3), node.url());
        TestProfiles.Asset asset = new TestProfiles.Asset("flw", 8).supply(name, token.address(), 8)
                .tokenReserve("custody", name, custody, token.address(), 8)
                .nativeReserve("gas-vault", name, VAULT)
                .excluded("bridge-escrow", name, escrow.address());
        Profiles profiles = TestProfiles.profiles(List.of(chain), List.of(asset.build()));

        try (EvmHarness h = EvmHarness.start(dir, profiles, chain)) {
            h.awaitIndexed(node.blockNumber() - 2, Duration.ofSeconds(60));
            // history while it follows
            escrow.lock(alice, n(200_00000000L), 137, alice);
            escrow.release(OWNER, bob, n(50_00000000L), 0);
            token.transfer(custody, alice, n(100_00000000L));
            node.send(OWNER, VAULT, "0x", BigInteger.TEN.pow(18).multiply(n(2)));
            token.mintMany(OWNER, 7, 300, n(3));
            token.burn(alice, n(1));
            node.mine(2);
            long fin = node.blockNumber() - 2;
            h.awaitIndexed(fin, Duration.ofSeconds(60));

            SeriesKey supply = new SeriesKey("flw", name, "supply", "_total");
            SeriesKey custodyKey = new SeriesKey("flw", name, "reserve", "custody");
            SeriesKey vaultKey = new SeriesKey("flw", name, "reserve", "gas-vault");
            SeriesKey reserveTotal = new SeriesKey("flw", name, "reserve", "_total");
            SeriesKey escrowKey = new SeriesKey("flw", name, "excluded", "bridge-escrow");
            SeriesKey excludedTotal = new SeriesKey("flw", name, "excluded", "_total");
            for (long b = 0; b <= fin; b++) {
                BigInteger s = NodeValues.supply(token, b);
                BigInteger c = NodeValues.balance(token, custody, b);
                BigInteger v = NodeValues.nativeBalance(node, VAULT, b);
                BigInteger e = NodeValues.balance(token, escrow.address(), b);
                assertEquals(s, h.valueAtHeight(supply, b), "supply at #" + b);
                assertEquals(c, h.valueAtHeight(custodyKey, b), "custody at #" + b);
                assertEquals(v, h.valueAtHeight(vaultKey, b), "native vault at #" + b);
                assertEquals(c.multiply(BigInteger.TEN.pow(10)).add(v), h.valueAtHeight(reserveTotal, b),
                        "reserve total (18 decimals) at #" + b);
                assertEquals(e, h.valueAtHeight(escrowKey, b), "escrow at #" + b);
                assertEquals(e, h.valueAtHeight(excludedTotal, b), "excluded total at #" + b);
            }
            assertEquals(n(1_000_00000000L + 500_00000000L - 100_00000000L + 300 * 3 - 1), token.totalSupply("latest"));
            assertEquals(n(150_00000000L), token.balanceOf(escrow.address(), "latest"));
            assertTrue(h.status().lastError() == null || !h.status().lastError().contains("reconcil"));
            assertEquals(0, h.status().reconcileMismatches(), "reconciliations found no difference");
            assertTrue(h.status().view().lastReconciledHeight() > 0, "reconciliation ran");
            assertEquals(fin, h.valueAtHeight(io.assay.store.SeriesNames.committedHeight(name), fin).longValueExact(),
                    "committed-height series follows the checkpoint");
        }
    }
}
