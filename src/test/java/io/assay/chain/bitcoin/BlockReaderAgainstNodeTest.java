package io.assay.chain.bitcoin;

import com.fasterxml.jackson.databind.JsonNode;
import io.assay.chain.rpc.JsonRpcClient;
import io.assay.devnet.BitcoinNode;
import io.assay.devnet.Devnet;
import io.assay.devnet.DevnetExtension;
import org.bitcoinj.core.Block;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@link BlockReader} on blocks full of segwit spends from a real node (litecoind regtest, Bitcoin block
 * format with MWEB off), fetched from the REST endpoint the indexer will use, compared field by field with
 * the node's own {@code getblock <hash> 2}.
 */
class BlockReaderAgainstNodeTest {
    private static final HexFormat HEX = HexFormat.of();
    @RegisterExtension
    static final DevnetExtension DEVNET = new DevnetExtension(Devnet.Node.BITCOIN);
    private static BitcoinNode node;

    @BeforeAll
    static void start() {
        node = DEVNET.bitcoin();
    }

    @Test
    void blocksOfLegacyNestedAndNativeSegwitSpendsReadLikeTheNodeSaysTheyAre() throws Exception {
        JsonRpcClient wallet = node.wallet();
        List<String> addresses = new ArrayList<>();
        for (String type : List.of("legacy", "p2sh-segwit", "bech32")) {
            for (int i = 0; i < 3; i++) {
                addresses.add(wallet.call("getnewaddress", "", type).asText());
            }
        }
        // block A: the wallet pays every address type, spending its (native segwit) coinbase outputs
        for (int round = 0; round < 3; round++) {
            Map<String, Object> pay = new LinkedHashMap<>();
            for (String a : addresses) {
                pay.put(a, "0.0" + (round + 1) + "00" + addresses.indexOf(a));
            }
            wallet.call("sendmany", "", pay);
        }
        String blockA = node.generate(1).get(0);
        // block B: spend those outputs one by one, plus one transaction mixing all three input types
        JsonNode unspent = wallet.call("listunspent", 1, 9999, addresses);
        assertEquals(27, unspent.size());
        List<JsonNode> mixed = new ArrayList<>();
        boolean[] typeTaken = new boolean[3];
        for (JsonNode u : unspent) {
            int type = addresses.indexOf(u.path("address").asText()) / 3; // 0 legacy, 1 p2sh-segwit, 2 bech32
            if (!typeTaken[type]) {
                typeTaken[type] = true;
                mixed.add(u);
                continue;
            }
            spend(wallet, List.of(u));
        }
        spend(wallet, mixed); // one legacy, one nested and one native segwit input: witness stacks of 0, 2, 2 items
        String blockB = node.generate(1).get(0);

        int segwitSpends = 0;
        int legacySpends = 0;
        for (String hash : List.of(blockA, blockB)) {
            byte[] raw = rest(hash);
            BlockReader r = new BlockReader().wrap(raw);
            JsonNode expected = node.rpc().call("getblock", hash, 2);
            assertEquals(hash, r.hash().toString());
            assertEquals(expected.path("previousblockhash").asText(), r.prevHash().toString());
            assertEquals(expected.path("merkleroot").asText(), r.merkleRoot().toString());
            assertEquals(expected.path("time").asLong(), r.time());
            assertEquals(expected.path("tx").size(), r.txCount());
            assertTrue(r.verifyWitnessCommitment(), "segwit block carries a matching witness commitment");
            for (JsonNode tx : expected.path("tx")) {
                assertTrue(r.nextTx());
                assertEquals(tx.path("txid").asText(), r.txid().toString());
                assertEquals(tx.path("hash").asText(), r.wtxid().toString());
                boolean witness = false;
                for (JsonNode in : tx.path("vin")) {
                    assertTrue(r.nextInput());
                    witness |= in.has("txinwitness");
                    if (in.has("coinbase")) {
                        assertTrue(r.isCoinbaseInput());
                    } else {
                        assertEquals(in.path("txid").asText(), reversed(r.buffer(), r.prevTxidOffset()));
                        assertEquals(in.path("vout").asLong(), r.prevIndex());
                    }
                }
                assertFalse(r.nextInput());
                assertEquals(witness, r.hasWitness());
                segwitSpends += witness && r.txIndex() > 0 ? 1 : 0;
                legacySpends += !witness && r.txIndex() > 0 ? 1 : 0;
                for (JsonNode out : tx.path("vout")) {
                    assertTrue(r.nextOutput());
                    assertEquals(out.path("n").asInt(), r.outputIndex());
                    assertEquals(out.path("value").decimalValue().movePointRight(8).longValueExact(), r.value());
                    assertEquals(out.path("scriptPubKey").path("hex").asText(), HEX.formatHex(r.script()));
                }
                assertFalse(r.nextOutput());
            }
            assertFalse(r.nextTx());
            // and bitcoinj reads the same bytes the same way
            Block b = Block.read(ByteBuffer.wrap(raw));
            assertEquals(r.hash(), b.getHash());
            assertEquals(r.txCount(), b.getTransactions().size());
        }
        // block A: 3 wallet payments; block B: 8 nested + 8 native single spends and the mixed one
        assertEquals(3 + 16 + 1, segwitSpends);
        assertEquals(8, legacySpends);
    }

    private static void spend(JsonRpcClient wallet, List<JsonNode> utxos) {
        List<Map<String, Object>> inputs = new ArrayList<>();
        long total = 0;
        for (JsonNode u : utxos) {
            inputs.add(Map.of("txid", u.path("txid").asText(), "vout", u.path("vout").asInt()));
            total += u.path("amount").decimalValue().movePointRight(8).longValueExact();
        }
        String to = wallet.call("getnewaddress", "", "bech32").asText();
        String value = java.math.BigDecimal.valueOf(total - 10_000L * utxos.size(), 8).toPlainString();
        String unsigned = wallet.call("createrawtransaction", inputs, Map.of(to, value)).asText();
        JsonNode signed = wallet.call("signrawtransactionwithwallet", unsigned);
        assertTrue(signed.path("complete").asBoolean(), signed.toString());
        wallet.call("sendrawtransaction", signed.path("hex").asText());
    }

    private static byte[] rest(String hash) throws IOException, InterruptedException {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
        HttpResponse<byte[]> res = http.send(HttpRequest.newBuilder(
                URI.create(node.restUrl() + "/block/" + hash + ".bin")).timeout(Duration.ofSeconds(30)).build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertEquals(200, res.statusCode());
        return res.body();
    }

    private static String reversed(byte[] buf, int off) {
        byte[] b = Arrays.copyOfRange(buf, off, off + 32);
        for (int i = 0; i < 16; i++) {
            byte t = b[i];
            b[i] = b[31 - i];
            b[31 - i] = t;
        }
        return HEX.formatHex(b);
    }
}
