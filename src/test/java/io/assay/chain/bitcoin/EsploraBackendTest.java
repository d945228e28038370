package io.assay.chain.bitcoin;

import com.fasterxml.jackson.databind.JsonNode;
import io.assay.chain.bitcoin.Regtest.Key;
import io.assay.chain.bitcoin.Regtest.Out;
import io.assay.chain.bitcoin.Regtest.Spend;
import io.assay.chain.bitcoin.Regtest.Utxo;
import io.assay.chain.rpc.JsonRpcClient;
import io.assay.config.ChainProfile;
import io.assay.config.Profiles;
import io.assay.devnet.BitcoinNode;
import io.assay.devnet.Poll;
import io.assay.store.Store;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The Esplora backend. There is no Esplora (electrs) server on this machine: {@link EsploraServer}, a small server in
 * the test tree, serves Esplora's documented HTTP API from a real litecoind regtest node. Its answers are first
 * checked against the shapes documented in Blockstream/esplora's API.md (transaction, UTXO and block formats, paging
 * of 25, newest first, 404 beyond the tip); then an indexer reading only that server (throttled with 429 +
 * Retry-After and served a truncated block on the way) equals the node's own UTXO set.
 */
class EsploraBackendTest {
    private static final long BTC = 100_000_000L;
    static final Key KA = Key.of(31);
    static final String A = Regtest.script("wpkh(" + KA.pub() + ")");
    static final String B = Regtest.script("pkh(" + Key.of(32).pub() + ")");

    @TempDir
    Path dir;

    private final HttpClient http = HttpClient.newHttpClient();

    private String get(URI base, String path) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(base + path)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, r.statusCode(), path + ": " + r.body());
        return r.body();
    }

    @Test
    void theStandInServerAnswersInTheDocumentedShapes() throws Exception {
        try (BitcoinNode node = BitcoinNode.startStandalone(dir.resolve("node"));
             EsploraServer esplora = new EsploraServer(node)) {
            for (int i = 0; i < 30; i++) {
                node.payToScript(A, BTC / 100 * (i + 1));
                if (i % 10 == 9) {
                    node.generate(1);
                }
            }
            Utxo u = Regtest.utxos(node, A).get(0);
            Regtest.send(node, Regtest.signed(node, List.of(Spend.of(u)), List.of(new Out(B, u.sats() - 10_000)),
                    List.of(KA)));
            node.generate(1);
            URI api = esplora.url();
            JsonRpcClient rpc = node.rpc();

            // blocks
            assertEquals(node.height(), Long.parseLong(get(api, "/blocks/tip/height")));
            assertEquals(rpc.call("getbestblockhash").asText(), get(api, "/blocks/tip/hash"));
            String hash = get(api, "/block-height/" + node.height());
            assertEquals(rpc.call("getblockhash", node.height()).asText(), hash);
            assertEquals(404, http.send(HttpRequest.newBuilder(URI.create(api + "/block-height/" + (node.height() + 1)))
                    .build(), HttpResponse.BodyHandlers.ofString()).statusCode(), "beyond the tip");
            JsonNode block = JsonRpcClient.json().readTree(get(api, "/block/" + hash));
            for (String f : List.of("id", "height", "version", "timestamp", "bits", "nonce", "merkle_root", "tx_count",
                    "size", "weight", "previousblockhash")) {
                assertTrue(block.has(f), "block format field " + f + ": " + block);
            }
            assertEquals(hash, block.path("id").asText());
            assertEquals(160, get(api, "/block/" + hash + "/header").length(), "80-byte header in hex");
            byte[] raw = http.send(HttpRequest.newBuilder(URI.create(api + "/block/" + hash + "/raw")).build(),
                    HttpResponse.BodyHandlers.ofByteArray()).body();
            assertEquals(hash, new BlockReader().wrap(raw).hash().toString(), "raw block in binary");

            // script history: SHA-256 of the script, not reversed; 25 per page, newest first
            String sh = EsploraClient.scriptHash(Regtest.HEX.parseHex(A));
            assertEquals(EsploraServer.sha256Hex(A), sh);
            JsonNode first = JsonRpcClient.json().readTree(get(api, "/scripthash/" + sh + "/txs/chain"));
            assertEquals(25, first.size());
            JsonNode second = JsonRpcClient.json().readTree(get(api, "/scripthash/" + sh + "/txs/chain/"
                    + first.get(24).path("txid").asText()));
            assertEquals(31 - 25, second.size(), "30 payments and one spend in all");
            long previous = Long.MAX_VALUE;
            Set<String> txids = new HashSet<>();
            for (JsonNode page : List.of(first, second)) {
                for (JsonNode tx : page) {
                    for (String f : List.of("txid", "version", "locktime", "size", "weight", "vin", "vout", "status")) {
                        assertTrue(tx.has(f), "transaction format field " + f);
                    }
                    for (JsonNode in : tx.path("vin")) {
                        for (String f : List.of("txid", "vout", "is_coinbase", "prevout", "scriptsig", "sequence",
                                "witness")) {
                            assertTrue(in.has(f), "vin field " + f);
                        }
                        if (!in.path("is_coinbase").asBoolean()) {
                            for (String f : List.of("scriptpubkey", "scriptpubkey_type", "value")) {
                                assertTrue(in.path("prevout").has(f), "prevout field " + f);
                            }
                        }
                    }
                    for (JsonNode o : tx.path("vout")) {
                        for (String f : List.of("scriptpubkey", "scriptpubkey_type", "value")) {
                            assertTrue(o.has(f), "vout field " + f);
                        }
                        assertTrue(o.path("value").isIntegralNumber(), "amounts in satoshis");
                    }
                    JsonNode st = tx.path("status");
                    for (String f : List.of("confirmed", "block_height", "block_hash", "block_time")) {
                        assertTrue(st.has(f), "status field " + f);
                    }
                    assertTrue(st.path("block_height").asLong() <= previous, "newest first");
                    previous = st.path("block_height").asLong();
                    assertTrue(txids.add(tx.path("txid").asText()), "no transaction twice across pages");
                }
            }
            // UTXOs: txid, vout, value, status; the node's own set
            JsonNode utxos = JsonRpcClient.json().readTree(get(api, "/scripthash/" + sh + "/utxo"));
            long sum = 0;
            for (JsonNode x : utxos) {
                for (String f : List.of("txid", "vout", "value", "status")) {
                    assertTrue(x.has(f), "utxo field " + f);
                }
                sum += x.path("value").asLong();
            }
            assertEquals(29, utxos.size());
            assertEquals(Regtest.scan(node, A), sum);
        }
    }

    @Test
    void anIndexerReadingOnlyEsploraEqualsTheNodeThroughThrottlingAndATruncatedBlock() throws Exception {
        try (BitcoinNode node = BitcoinNode.startStandalone(dir.resolve("node"));
             EsploraServer esplora = new EsploraServer(node)) {
            node.payToScript(A, 2 * BTC);
            node.payToScript(B, BTC);
            node.generate(2);
            Utxo a = Regtest.utxos(node, A).get(0);
            Regtest.send(node, Regtest.signed(node, List.of(Spend.of(a)), List.of(new Out(B, BTC / 2),
                    new Out(A, a.sats() - BTC / 2 - 10_000)), List.of(KA)));
            node.generate(1);
            ChainProfile chain = Regtest.esplora(Regtest.chain(node.url(), 0, 12, 0), esplora.url());
            Profiles profiles = Regtest.profiles(chain, Regtest.asset("res", Regtest.script("a", A),
                    Regtest.script("b", B)));
            esplora.throttleNext(3);
            esplora.truncateNext(1);
            Store store = Regtest.openStore(dir.resolve("store"));
            try (BitcoinIndexer ix = BitcoinIndexer.create(chain, profiles, store, null)) {
                ix.start();
                long tip = node.height();
                Poll.until(Duration.ofSeconds(60), "indexer at #" + tip, () -> ix.status().indexedHeight() == tip);
                assertEquals(Regtest.scan(node, A), Regtest.reserve(store, "res", "a"));
                assertEquals(Regtest.scan(node, B), Regtest.reserve(store, "res", "b"));
                EsploraClient client = ix.esplora();
                assertNotNull(client);
                assertEquals(3, esplora.throttled());
                assertEquals(1, esplora.truncated(), "a block cut short was served, refused and read again");
                assertEquals(3, client.throttled(), "429s seen by the client");
                assertTrue(client.retried() >= 3, "throttled requests retried: " + client.retried());
                assertEquals(0, ix.reader().blocksViaRest() + ix.reader().blocksViaRpc(), "nothing read from Core");
                assertFalse(ix.status().view().toString().contains("HALTED"));
            } finally {
                store.close();
            }
        }
    }
}
