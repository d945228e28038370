package io.assay.chain.solana;

import io.assay.chain.ChainIndexer;
import io.assay.chain.ChainState;
import io.assay.chain.evm.EvmIndexers;
import io.assay.chain.evm.EvmSegment;
import io.assay.config.ProfileLoader;
import io.assay.config.Profiles;
import io.assay.devnet.Devnet;
import io.assay.devnet.Erc20;
import io.assay.devnet.EvmNode;
import io.assay.devnet.Poll;
import io.assay.devnet.SolanaNode;
import io.assay.por.Component;
import io.assay.por.PorEngine;
import io.assay.por.Snapshot;
import io.assay.store.Store;
import io.assay.store.Stores;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * End to end across chains: an asset minted on Ethereum (anvil) and bridged to Solana (the shim), indexed by
 * both indexers into one store; the proof-of-reserve engine's circulating supply includes Solana's supply minus
 * Solana's excluded escrow exactly, in raw units above 2^53.
 */
class SolanaCirculationTest {
    private static final BigInteger BIG = Scene.BIG;

    @TempDir
    Path tmp;

    @Test
    void circulatingSupplyIncludesSolanaExactly() throws IOException {
        try (Devnet d = Devnet.start(EnumSet.of(Devnet.Node.ETHEREUM, Devnet.Node.SOLANA))) {
            EvmNode eth = d.evm(1);
            SolanaNode sol = d.solana();
            String alice = eth.accounts().get(1);
            String ethEscrow = eth.accounts().get(3);
            Erc20 token = Erc20.deploy(eth, EvmNode.DEV_ACCOUNT, "Cross BTC", "XBTC", 8);
            String mint = sol.createMint(8);
            String holder = sol.createTokenAccount(mint);
            String solEscrow = sol.createTokenAccount(mint);
            String custodyMint = sol.createMint(8);
            String custody = sol.createTokenAccount(custodyMint);
            Profiles profiles = profiles(eth, sol, token.address(), ethEscrow, mint, solEscrow, custody);

            try (Store store = Stores.open(tmp.resolve("store"));
                 ChainIndexer<EvmSegment> ex = EvmIndexers.create(profiles, profiles.chain("ethereum").orElseThrow(),
                         store, 64, SolanaIndexerTest.RETRY);
                 ChainIndexer<SolanaSegment> sx = SolanaIndexers.create(profiles, profiles.chain("solana").orElseThrow(),
                         store, 64, SolanaIndexerTest.RETRY)) {
                ex.start();
                sx.start();
                // reserves, issuance on Ethereum, a bridge leg to Solana (locked in the Ethereum escrow), a redemption
                sol.mintTo(custodyMint, custody, BIG.multiply(BigInteger.valueOf(4)).toString());
                token.mint(EvmNode.DEV_ACCOUNT, alice, BIG.multiply(BigInteger.valueOf(3)));
                token.transfer(alice, ethEscrow, BIG);
                sol.mintTo(mint, holder, BIG.toString());
                sol.transfer(holder, solEscrow, BigInteger.valueOf(123_456_789).toString());
                sol.burn(holder, BigInteger.valueOf(1_000).toString());
                token.burn(alice, BigInteger.valueOf(5));
                long slot = sol.slot();
                long block = eth.blockNumber();
                await(sx, slot);
                await(ex, block);

                // each chain is known final through the last moment its indexer found it quiet at its head
                PorEngine engine = new PorEngine(profiles, store,
                        c -> (c.equals("solana") ? sx : ex).status().syncedAt(), Clock.systemUTC());
                // the shim's block times run ahead of the wall clock in a burst (max(now, previous + 1 s)): the answer
                // "now" (at the cut) shows every change once the clock has passed the newest indexed block
                long newest = Math.max(store.checkpoint("solana").orElseThrow().time(),
                        store.checkpoint("ethereum").orElseThrow().time());
                Poll.until(Duration.ofSeconds(30), "the cut past the newest block", () -> {
                    Instant at = engine.cut("xbtc").at();
                    return at != null && at.toEpochMilli() >= newest;
                });
                Snapshot snap = engine.latest("xbtc");
                assertEquals(Snapshot.Status.OK, snap.status(), snap.reasons().toString());

                BigInteger ethSupply = token.totalSupply("latest");
                BigInteger ethLocked = token.balanceOf(ethEscrow, "latest");
                BigInteger solSupply = new BigInteger(sol.rpc().call("getTokenSupply", mint).path("value").path("amount").asText());
                BigInteger solLocked = new BigInteger(sol.rpc().call("getTokenAccountBalance", solEscrow)
                        .path("value").path("amount").asText());
                assertEquals(BIG.subtract(BigInteger.valueOf(1_000)), solSupply);
                assertEquals(solSupply, component(snap, "supply", "solana").amount().raw());
                assertEquals(ethSupply, component(snap, "supply", "ethereum").amount().raw());
                assertEquals(solLocked, component(snap, "excluded", "solana").amount().raw());
                assertEquals(ethLocked, component(snap, "excluded", "ethereum").amount().raw());
                BigInteger circulating = ethSupply.subtract(ethLocked).add(solSupply).subtract(solLocked);
                assertEquals(new BigInteger("27021597640765185"), circulating, "(3 BIG - 5) - BIG + (BIG - 1000) - 123456789");
                assertEquals(circulating, snap.circulating().raw());
                assertEquals(8, snap.circulating().decimals());
                assertEquals(BIG.multiply(BigInteger.valueOf(4)), snap.reservesTotal().raw());
                assertEquals(new java.math.BigDecimal(BIG.multiply(BigInteger.valueOf(4)))
                        .divide(new java.math.BigDecimal(circulating), PorEngine.RATIO_DIGITS, java.math.RoundingMode.DOWN)
                        .toPlainString(), snap.ratio());
                // the same answer asked by heights
                Snapshot byHeight = engine.snapshotAtHeights("xbtc", Map.of("ethereum", block, "solana", slot));
                assertEquals(circulating, byHeight.circulating().raw());
            }
        }
    }

    private static Component component(Snapshot s, String kind, String chain) {
        var list = switch (kind) {
            case "supply" -> s.supply();
            case "excluded" -> s.excluded();
            default -> s.reserves();
        };
        return list.stream().filter(c -> c.chain().equals(chain)).findFirst().orElseThrow();
    }

    private static void await(ChainIndexer<?> ix, long height) {
        Poll.until(Duration.ofSeconds(60), ix.status() + " at " + height, () -> {
            if (ix.status().state() == ChainState.HALTED) {
                throw new AssertionError(ix.status().haltReason());
            }
            return ix.status().indexedHeight() >= height && ix.status().syncedAt().isPresent();
        });
    }

    private Profiles profiles(EvmNode eth, SolanaNode sol, String token, String ethEscrow, String mint, String solEscrow,
                              String custody) throws IOException {
        Path dir = tmp.resolve("profiles");
        Files.createDirectories(dir.resolve("assets"));
        Files.writeString(dir.resolve("ethereum.yaml"), """
                name: ethereum
                family: evm
                chainId: 1
                finality: {confirmations: 0}
                endpoints: ["%s"]
                limits: {pollInterval: 50ms, reconcileEvery: 10}
                """.formatted(eth.url()));
        Files.writeString(dir.resolve("solana.yaml"), """
                name: solana
                family: solana
                network: localnet
                finality: {commitment: finalized}
                endpoints: ["%s"]
                limits: {pollInterval: 50ms}
                """.formatted(sol.url()));
        Files.writeString(dir.resolve("assets/xbtc.yaml"), """
                id: xbtc
                decimals: 8
                reserves:
                  - {id: custody, chain: solana, account: "%s", decimals: 8}
                supply:
                  - {chain: ethereum, token: "%s", decimals: 8}
                  - {chain: solana, token: "%s", decimals: 8}
                excluded:
                  - {id: eth-escrow, chain: ethereum, holder: "%s", reason: locks the Solana leg}
                  - {id: sol-escrow, chain: solana, holder: "%s", reason: bridge back pending}
                policy: {stalenessTolerance: 1h}
                """.formatted(custody, token, mint, ethEscrow, solEscrow));
        return new ProfileLoader().load(dir);
    }
}
