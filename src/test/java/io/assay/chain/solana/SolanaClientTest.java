package io.assay.chain.solana;

import io.assay.chain.rpc.JsonRpcClient;
import io.assay.chain.rpc.RpcException;
import io.assay.chain.solana.SolanaClient.AccountInfo;
import io.assay.chain.solana.SolanaClient.Commitment;
import io.assay.chain.solana.SolanaClient.SignatureInfo;
import io.assay.chain.solana.SolanaClient.TransactionBalances;
import io.assay.devnet.Devnet;
import io.assay.devnet.DevnetExtension;
import io.assay.devnet.SolanaNode;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.math.BigInteger;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The Solana JSON-RPC client against the litesvm shim (real SPL Token program): typed answers, exact amounts, errors. */
class SolanaClientTest {
    private static final BigInteger BIG = new BigInteger("12345678901234567"); // > 2^53
    @RegisterExtension
    static final DevnetExtension DEVNET = new DevnetExtension(Devnet.Node.SOLANA);
    private static SolanaNode node;
    private static SolanaClient client;
    private static String mint;
    private static String alice;
    private static String bob;
    private static long mintSlot;
    private static long burnSlot;
    private static String mintSignature;

    @BeforeAll
    static void start() {
        node = DEVNET.solana();
        client = new SolanaClient(new JsonRpcClient(node.url(), Duration.ofSeconds(20)));
        mint = node.createMint(6);
        alice = node.createTokenAccount(mint);
        bob = node.createTokenAccount(mint);
        var m = node.mintTo(mint, alice, BIG.toString());
        mintSlot = m.path("slot").asLong();
        mintSignature = m.path("signature").asText();
        node.transfer(alice, bob, "1000");
        burnSlot = node.burn(bob, "1").path("slot").asLong();
    }

    @Test
    void readsSupplyAndBalancesExactly() {
        var supply = client.tokenSupply(mint, Commitment.FINALIZED, -1);
        assertEquals(BIG.subtract(BigInteger.ONE), supply.value().amount());
        assertEquals(6, supply.value().decimals());
        assertTrue(supply.slot() >= burnSlot);
        assertEquals(BIG.subtract(BigInteger.valueOf(1000)),
                client.tokenAccountBalance(alice, Commitment.FINALIZED, burnSlot).value().amount());
        assertEquals(BigInteger.valueOf(999), client.tokenAccountBalance(bob, Commitment.FINALIZED, -1).value().amount());
    }

    @Test
    void parsesMintsAndTokenAccounts() {
        AccountInfo m = client.accountInfo(mint, Commitment.FINALIZED).value();
        assertEquals("mint", m.type());
        assertEquals(SolanaClient.TOKEN_PROGRAM, m.owner());
        assertEquals(6, m.decimals());
        assertEquals(BIG.subtract(BigInteger.ONE), m.amount());
        AccountInfo a = client.accountInfo(alice, Commitment.FINALIZED).value();
        assertEquals("account", a.type());
        assertEquals(mint, a.mint());
        assertEquals(6, a.decimals());
        // an address nobody created
        assertNull(client.accountInfo("4uhcVJyU9pJkvQyS88uRDiswHXSCkY3zQawwpjk2NsNY", Commitment.FINALIZED).value());
    }

    @Test
    void minContextSlotAheadOfTheNodeIsRetryable() {
        long tip = client.slot(Commitment.FINALIZED);
        RpcException e = assertThrows(RpcException.class, () -> client.tokenSupply(mint, Commitment.FINALIZED, tip + 1000));
        assertEquals(SolanaClient.MIN_CONTEXT_SLOT_NOT_REACHED, e.code());
        assertTrue(e.retryable());
    }

    @Test
    void skippedSlotsHaveNoBlockAndNoTime() {
        long before = client.slot(Commitment.FINALIZED);
        long landed = node.rpc().call("devnet_advanceSlots", Map.of("n", 5)).path("slot").asLong();
        assertEquals(before + 5, landed);
        assertNull(client.blockTime(before + 2));
        assertNull(client.block(before + 2, Commitment.FINALIZED));
        SolanaClient.BlockHeader h = client.block(landed, Commitment.FINALIZED);
        assertNotNull(h);
        assertEquals(before, h.parentSlot());
        assertEquals(client.block(before, Commitment.FINALIZED).blockhash(), h.previousBlockhash());
        assertEquals(List.of(before, landed), client.blocks(before, landed, Commitment.FINALIZED));
        RpcException ahead = assertThrows(RpcException.class, () -> client.blockTime(landed + 100));
        assertEquals(SolanaClient.BLOCK_NOT_AVAILABLE, ahead.code());
        assertTrue(ahead.retryable(), "a block not available yet is retried");
    }

    @Test
    void pagesSignaturesNewestFirstAndReadsTokenBalances() {
        List<SignatureInfo> all = new ArrayList<>();
        String before = null;
        while (true) {
            List<SignatureInfo> page = client.signatures(alice, before, null, 2, Commitment.FINALIZED, -1);
            all.addAll(page);
            if (page.size() < 2) {
                break;
            }
            before = page.get(page.size() - 1).signature();
        }
        // created, minted to, transferred from
        assertEquals(3, all.size());
        assertTrue(all.get(0).slot() > all.get(1).slot() && all.get(1).slot() > all.get(2).slot());
        assertEquals(mintSignature, all.get(1).signature());
        assertFalse(all.get(1).failed());
        List<SignatureInfo> untilMint = client.signatures(alice, null, mintSignature, 1000, Commitment.FINALIZED, -1);
        assertEquals(1, untilMint.size(), "until stops before the given signature");

        TransactionBalances t = client.transaction(mintSignature, Commitment.FINALIZED);
        assertEquals(mintSlot, t.slot());
        assertNotNull(t.blockTime());
        assertEquals(BigInteger.ZERO, ChangeBuilder.balance(t.pre(), alice, mint));
        assertEquals(BIG, ChangeBuilder.balance(t.post(), alice, mint));
        assertEquals(BIG, ChangeBuilder.supplyDelta(t, mint), "a mint adds to supply");
        TransactionBalances transfer = client.transaction(all.get(0).signature(), Commitment.FINALIZED);
        assertEquals(BigInteger.ZERO, ChangeBuilder.supplyDelta(transfer, mint), "a transfer nets zero");
        assertNull(client.transaction("1111111111111111111111111111111111111111111111111111111111111111",
                Commitment.FINALIZED), "an unknown signature is null");
    }

    @Test
    void faultsAreRetryableErrors() {
        for (String kind : List.of("rateLimit", "http500", "malformed", "rpcError")) {
            node.rpc().call("devnet_setFault", Map.of("method", "getTokenSupply", "kind", kind, "count", 1, "retryAfter", 2));
            RpcException e = assertThrows(RpcException.class, () -> client.tokenSupply(mint, Commitment.FINALIZED, -1),
                    kind);
            assertTrue(e.retryable(), kind + " is retryable: " + e.getMessage());
            if (kind.equals("rateLimit")) {
                assertEquals(429, e.httpStatus());
                assertEquals(2000, e.retryAfterMillis());
            }
            assertEquals(BIG.subtract(BigInteger.ONE), client.tokenSupply(mint, Commitment.FINALIZED, -1).value().amount());
        }
    }

    @Test
    void malformedShapesAreRejectedNamingTheEndpoint() {
        var bad = JsonRpcClient.json().createObjectNode();
        bad.putObject("context").put("slot", 5);
        bad.putObject("value").put("amount", "12.5").put("decimals", 6);
        RpcException e = assertThrows(RpcException.class, () -> SolanaClient.parseTokenAmount(bad, "getTokenSupply"));
        assertTrue(e.retryable());
        assertTrue(e.getMessage().contains("not a u64 decimal"), e.getMessage());
        bad.putObject("value").put("amount", "18446744073709551616").put("decimals", 6);
        assertTrue(assertThrows(RpcException.class, () -> SolanaClient.parseTokenAmount(bad, "getTokenSupply"))
                .getMessage().contains("exceeds u64"));
    }
}
