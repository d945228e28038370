package io.assay.devnet;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.math.BigInteger;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Every devnet node answers as the chain it stands for and produces blocks on demand. */
class DevnetTest {
    private static Devnet devnet;

    @BeforeAll
    static void start() {
        devnet = Devnet.start();
    }

    @AfterAll
    static void stop() {
        if (devnet != null) {
            devnet.close();
        }
    }

    @Test
    void anvilNodesAnswerWithTheirChainIds() {
        for (long id : new long[]{1, 137, 43114}) {
            EvmNode n = devnet.evm(id);
            assertEquals("0x" + Long.toHexString(id), n.rpc().call("eth_chainId").asText());
            assertEquals(Long.toString(id), n.rpc().call("net_version").asText());
            assertTrue(n.url().getHost().equals("127.0.0.1"));
        }
    }

    @Test
    void anvilMinesBlocksOnDemand() {
        EvmNode n = devnet.evm(137);
        long before = n.blockNumber();
        n.mine(5);
        assertEquals(before + 5, n.blockNumber());
    }

    @Test
    void litecoindIsRegtestWithoutMwebAndMinesOnDemand() {
        BitcoinNode b = devnet.bitcoin();
        JsonNode info = b.rpc().call("getblockchaininfo");
        assertEquals("regtest", info.path("chain").asText());
        long before = b.height();
        List<String> hashes = b.generate(3);
        assertEquals(3, hashes.size());
        assertEquals(before + 3, b.height());
        assertEquals(hashes.get(2), b.rpc().call("getbestblockhash").asText());
        // MWEB must not be active: plain blocks, parseable by Bitcoin tools
        JsonNode mweb = info.path("softforks").path("mweb");
        assertFalse("active".equals(mweb.path("bip9").path("status").asText()), "MWEB active: " + mweb);
        // the coinbase of the first 101 blocks matured: the devnet wallet can spend
        assertTrue(b.wallet().call("getbalance").decimalValue().signum() > 0);
    }

    @Test
    void litecoindServesBlocksOverRest() throws Exception {
        BitcoinNode b = devnet.bitcoin();
        String hash = b.rpc().call("getbestblockhash").asText();
        var http = java.net.http.HttpClient.newHttpClient();
        var resp = http.send(java.net.http.HttpRequest.newBuilder(
                        java.net.URI.create(b.restUrl() + "/block/" + hash + ".bin")).build(),
                java.net.http.HttpResponse.BodyHandlers.ofByteArray());
        assertEquals(200, resp.statusCode());
        // 80-byte header: double SHA-256 of it, reversed, is the block hash
        byte[] header = java.util.Arrays.copyOf(resp.body(), 80);
        byte[] h = org.bitcoinj.base.Sha256Hash.hashTwice(header);
        byte[] reversed = new byte[32];
        for (int i = 0; i < 32; i++) {
            reversed[i] = h[31 - i];
        }
        assertEquals(hash, java.util.HexFormat.of().formatHex(reversed));
    }

    @Test
    void solanaShimServesSplTokenSupply() {
        SolanaNode s = devnet.solana();
        long slot0 = s.slot();
        String mint = s.createMint(6);
        String account = s.createTokenAccount(mint);
        s.mintTo(mint, account, "123456789012345678");
        JsonNode supply = s.rpc().call("getTokenSupply", mint, Map.of("commitment", "finalized")).path("value");
        assertEquals("123456789012345678", supply.path("amount").asText());
        assertEquals(6, supply.path("decimals").asInt());
        assertEquals("123456789012345678",
                s.rpc().call("getTokenAccountBalance", account).path("value").path("amount").asText());
        assertTrue(s.slot() > slot0, "slot advances with transactions");
    }

    @Test
    void demoContractsDeployAndMint() {
        // a separate pair of fresh anvil nodes would be needed for the fixed demo addresses; here deploy anew
        EvmNode n = devnet.evm(43114);
        Erc20 token = Erc20.deploy(n, EvmNode.DEV_ACCOUNT, "Wrapped BTC", "WBTC", 8);
        assertEquals(8, token.decimals());
        String alice = n.accounts().get(1);
        BigInteger amount = new BigInteger("170141183460469231731687303715884105727"); // 2^127 - 1
        token.mint(EvmNode.DEV_ACCOUNT, alice, amount);
        assertEquals(amount, token.totalSupply("latest"));
        assertEquals(amount, token.balanceOf(alice, "latest"));
        Escrow escrow = Escrow.deploy(n, EvmNode.DEV_ACCOUNT, token);
        escrow.lock(alice, BigInteger.TEN, 137, alice);
        assertEquals(BigInteger.TEN, token.balanceOf(escrow.address(), "latest"));
        token.burn(alice, BigInteger.ONE);
        assertEquals(amount.subtract(BigInteger.ONE), token.totalSupply("latest"));
        JsonNode receipt = token.mintMany(EvmNode.DEV_ACCOUNT, 7, 500, BigInteger.TWO);
        assertEquals(500, receipt.path("logs").size(), "one Transfer event per mint");
    }
}
