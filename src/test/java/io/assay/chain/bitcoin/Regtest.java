package io.assay.chain.bitcoin;

import com.fasterxml.jackson.databind.JsonNode;
import io.assay.config.AssetPolicy;
import io.assay.config.AssetProfile;
import io.assay.config.ChainFamily;
import io.assay.config.ChainLimits;
import io.assay.config.ChainProfile;
import io.assay.config.Endpoint;
import io.assay.config.Finality;
import io.assay.config.Profiles;
import io.assay.config.ReserveSource;
import io.assay.config.SourceKind;
import io.assay.descriptor.Descriptor;
import io.assay.devnet.BitcoinNode;
import io.assay.devnet.DevnetException;
import io.assay.store.Point;
import io.assay.store.SeriesNames;
import io.assay.store.Store;
import io.assay.store.StoreOptions;
import io.assay.store.Stores;
import org.bitcoinj.base.Base58;
import org.bitcoinj.base.BitcoinNetwork;
import org.bitcoinj.crypto.ECKey;

import java.io.ByteArrayOutputStream;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;

/**
 * Test support for the Bitcoin indexer on litecoind regtest: profiles built in code (the records the YAML loader
 * produces), deterministic keys and their scripts, raw transactions signed by the node with
 * {@code signrawtransactionwithkey}, and the node's own answers ({@code scantxoutset}) to compare with.
 */
final class Regtest {
    static final HexFormat HEX = HexFormat.of();
    static final String CHAIN = "bitcoin";

    private Regtest() {
    }

    static ChainProfile chain(URI endpoint, long confirmations, int maxReorgDepth, long reconcileEvery) {
        return chain(CHAIN, List.of(endpoint), null, confirmations, maxReorgDepth, reconcileEvery, 0, 16);
    }

    static ChainProfile chain(String name, List<URI> endpoints, String rest, long confirmations, int maxReorgDepth,
                              long reconcileEvery, long startHeight, int batch) {
        List<Endpoint> eps = new ArrayList<>();
        for (URI u : endpoints) {
            eps.add(new Endpoint(u));
        }
        ChainLimits limits = new ChainLimits(1, batch, 4, 0, Duration.ofSeconds(30), maxReorgDepth,
                Duration.ofMillis(50), reconcileEvery);
        return new ChainProfile(name, "test:" + name, ChainFamily.BITCOIN, 0, "regtest",
                Finality.ofConfirmations(confirmations), eps, rest, Duration.ofSeconds(1), startHeight, limits);
    }

    /** {@code chain} read from an Esplora API at {@code api} instead of its Core endpoints. */
    static ChainProfile esplora(ChainProfile chain, URI api) {
        return new ChainProfile(chain.name(), chain.file(), chain.family(), chain.chainId(), chain.network(),
                chain.finality(), List.of(new Endpoint(api, Endpoint.ESPLORA)), null, chain.blockTime(),
                chain.startHeight(), chain.limits(), ChainProfile.FULL);
    }

    static ReserveSource script(String id, String hex) {
        return new ReserveSource(id, CHAIN, SourceKind.SCRIPT, hex, null, 8, 20);
    }

    static ReserveSource descriptor(String id, String text, int gapLimit) {
        return new ReserveSource(id, CHAIN, SourceKind.DESCRIPTOR, text, null, 8, gapLimit);
    }

    static AssetProfile asset(String id, ReserveSource... reserves) {
        return new AssetProfile(id, "test:" + id, id, id.toUpperCase(), 8, List.of(reserves), List.of(), List.of(),
                new AssetPolicy(100, Duration.ofMinutes(1), BigDecimal.ONE, Duration.ofMinutes(1)));
    }

    static Profiles profiles(ChainProfile chain, AssetProfile... assets) {
        Map<String, AssetProfile> a = new java.util.TreeMap<>();
        for (AssetProfile x : assets) {
            a.put(x.id(), x);
        }
        return new Profiles(Map.of(chain.name(), chain), a);
    }

    static Store openStore(Path dir) {
        return Stores.open(dir, StoreOptions.defaults().withMaxReorgDepth(64).withSync(StoreOptions.Sync.NONE));
    }

    // ---- keys and scripts ----

    /** A deterministic test key: private key = SHA-256("assay-regtest-" + n). */
    record Key(ECKey ec) {
        static Key of(int n) {
            try {
                byte[] d = MessageDigest.getInstance("SHA-256").digest(("assay-regtest-" + n)
                        .getBytes(StandardCharsets.UTF_8));
                return new Key(ECKey.fromPrivate(new BigInteger(1, d), true));
            } catch (java.security.NoSuchAlgorithmException e) {
                throw new IllegalStateException(e);
            }
        }

        String pub() {
            return HEX.formatHex(ec.getPubKey());
        }

        String xonly() {
            return pub().substring(2);
        }

        /** WIF for test networks (version 0xef, compressed), which litecoind regtest accepts. */
        String wif() {
            byte[] p = new byte[33];
            System.arraycopy(ec.getPrivKeyBytes(), 0, p, 0, 32);
            p[32] = 1;
            return Base58.encodeChecked(0xef, p);
        }
    }

    /** The single script of a non-ranged descriptor. */
    static String script(String descriptor) {
        return HEX.formatHex(Descriptor.parse(descriptor, BitcoinNetwork.REGTEST).scriptAt(0));
    }

    static String script(Descriptor ranged, int child) {
        return HEX.formatHex(ranged.scriptAt(child));
    }

    // ---- node ----

    /** The node's confirmed balance of {@code scripts} (sats): its own UTXO scan. */
    static long scan(BitcoinNode node, Collection<String> scripts) {
        List<String> objects = new ArrayList<>();
        for (String s : scripts) {
            objects.add("raw(" + s + ")");
        }
        JsonNode r = scanTxOutSet(node, objects);
        return r.path("total_amount").decimalValue().movePointRight(8).longValueExact();
    }

    /**
     * {@code scantxoutset start}, waiting while another scan runs: the node allows one at a time and the indexer's
     * reconciliation may be scanning when the test asks.
     */
    static JsonNode scanTxOutSet(BitcoinNode node, List<String> objects) {
        return io.assay.devnet.Poll.value(java.time.Duration.ofSeconds(60), "scantxoutset (another scan in progress)", () -> {
            try {
                return node.rpc().call("scantxoutset", "start", objects);
            } catch (io.assay.chain.rpc.RpcException e) {
                if (UtxoScan.inProgress(e)) {
                    return null;
                }
                throw e;
            }
        });
    }

    static long scan(BitcoinNode node, String script) {
        return scan(node, List.of(script));
    }

    /** An unspent output paying {@code script}, from the node's scan. */
    record Utxo(String txid, int vout, long sats, String script) {
    }

    static List<Utxo> utxos(BitcoinNode node, String script) {
        JsonNode r = scanTxOutSet(node, List.of("raw(" + script + ")"));
        List<Utxo> out = new ArrayList<>();
        for (JsonNode u : r.path("unspents")) {
            out.add(new Utxo(u.path("txid").asText(), u.path("vout").asInt(),
                    u.path("amount").decimalValue().movePointRight(8).longValueExact(), script));
        }
        return out;
    }

    /** An output of a transaction to build: a raw script and satoshis. */
    record Out(String script, long sats) {
    }

    /** Extra signing data for an input ({@code redeemScript} of P2SH, {@code witnessScript} of P2WSH). */
    record Spend(Utxo utxo, String redeemScript, String witnessScript) {
        static Spend of(Utxo u) {
            return new Spend(u, null, null);
        }
    }

    /** Builds, signs (with {@code keys}) and returns the hex of a transaction spending {@code in}. */
    static String signed(BitcoinNode node, List<Spend> in, List<Out> out, List<Key> keys) {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        le(b, 2, 4);
        varint(b, in.size());
        for (Spend s : in) {
            byte[] txid = HEX.parseHex(s.utxo().txid());
            for (int i = 31; i >= 0; i--) {
                b.write(txid[i]);
            }
            le(b, s.utxo().vout(), 4);
            varint(b, 0);
            le(b, 0xffffffffL, 4);
        }
        varint(b, out.size());
        for (Out o : out) {
            le(b, o.sats(), 8);
            byte[] script = HEX.parseHex(o.script());
            varint(b, script.length);
            b.writeBytes(script);
        }
        le(b, 0, 4);
        List<String> wifs = keys.stream().map(Key::wif).toList();
        List<Map<String, Object>> prev = new ArrayList<>();
        for (Spend s : in) {
            Map<String, Object> p = new LinkedHashMap<>();
            p.put("txid", s.utxo().txid());
            p.put("vout", s.utxo().vout());
            p.put("scriptPubKey", s.utxo().script());
            p.put("amount", BigDecimal.valueOf(s.utxo().sats(), 8));
            if (s.redeemScript() != null) {
                p.put("redeemScript", s.redeemScript());
            }
            if (s.witnessScript() != null) {
                p.put("witnessScript", s.witnessScript());
            }
            prev.add(p);
        }
        JsonNode r = node.rpc().call("signrawtransactionwithkey", HEX.formatHex(b.toByteArray()), wifs, prev);
        if (!r.path("complete").asBoolean()) {
            throw new DevnetException("could not sign: " + r.path("errors"));
        }
        return r.path("hex").asText();
    }

    static String send(BitcoinNode node, String hex) {
        return node.rpc().call("sendrawtransaction", hex).asText();
    }

    /** Mines one block with exactly {@code txs} (txids in the mempool or raw hex), in this order. */
    static String generateBlock(BitcoinNode node, List<String> txs) {
        return node.rpc().call("generateblock", node.miningAddress(), txs).path("hash").asText();
    }

    /** The node's Litecoin-format address for a raw script (for generatetoaddress). */
    static String address(BitcoinNode node, String script) {
        String desc = "raw(" + script + ")";
        String checksum = node.rpc().call("getdescriptorinfo", desc).path("checksum").asText();
        return node.rpc().call("deriveaddresses", desc + "#" + checksum).get(0).asText();
    }

    /**
     * Balance of each script at every height {@code 0..tip}, replayed from the node's blocks parsed with bitcoinj's
     * {@code Block.read} (the reference parser): outputs paying a script are added, inputs spending them removed.
     */
    static Map<String, long[]> replay(BitcoinNode node, java.util.Set<String> scripts, long tip) throws Exception {
        java.net.http.HttpClient http = java.net.http.HttpClient.newHttpClient();
        Map<String, long[]> out = new java.util.HashMap<>();
        Map<String, Long> current = new java.util.HashMap<>();
        Map<String, Object[]> utxos = new java.util.HashMap<>();
        for (String s : scripts) {
            out.put(s, new long[(int) tip + 1]);
            current.put(s, 0L);
        }
        for (long h = 0; h <= tip; h++) {
            String hash = node.rpc().call("getblockhash", h).asText();
            byte[] raw = http.send(java.net.http.HttpRequest.newBuilder(URI.create(node.restUrl() + "/block/" + hash
                    + ".bin")).build(), java.net.http.HttpResponse.BodyHandlers.ofByteArray()).body();
            org.bitcoinj.core.Block b = org.bitcoinj.core.Block.read(java.nio.ByteBuffer.wrap(raw));
            if (!b.getHashAsString().equals(hash)) {
                throw new AssertionError("block " + h + " is " + b.getHashAsString() + ", not " + hash);
            }
            for (org.bitcoinj.core.Transaction tx : h == 0 ? List.<org.bitcoinj.core.Transaction>of() : b.getTransactions()) {
                for (org.bitcoinj.core.TransactionInput in : tx.getInputs()) {
                    if (in.isCoinBase()) {
                        continue;
                    }
                    Object[] spent = utxos.remove(in.getOutpoint().hash() + ":" + in.getOutpoint().index());
                    if (spent != null) {
                        current.merge((String) spent[0], -(Long) spent[1], Long::sum);
                    }
                }
                for (org.bitcoinj.core.TransactionOutput o : tx.getOutputs()) {
                    String script = HEX.formatHex(o.getScriptBytes());
                    if (scripts.contains(script)) {
                        utxos.put(tx.getTxId() + ":" + o.getIndex(), new Object[]{script, o.getValue().value});
                        current.merge(script, o.getValue().value, Long::sum);
                    }
                }
            }
            for (String s : scripts) {
                out.get(s)[(int) h] = current.get(s);
            }
        }
        return out;
    }

    /** Value of a series at {@code height} (the last point at or below it), or null before its first point. */
    static Long atHeight(Store store, io.assay.store.SeriesKey key, long height) {
        OptionalInt id = store.find(key);
        Point p = new Point();
        if (id.isEmpty() || !store.valueAtHeight(id.getAsInt(), height, p)) {
            return null;
        }
        return p.value.lo();
    }

    // ---- store ----

    /** Latest value of a series, or null when it has no point. */
    static Long latest(Store store, io.assay.store.SeriesKey key) {
        OptionalInt id = store.find(key);
        Point p = new Point();
        if (id.isEmpty() || !store.latest(id.getAsInt(), p)) {
            return null;
        }
        return p.value.lo();
    }

    static Long reserve(Store store, String asset, String source) {
        return latest(store, SeriesNames.reserve(asset, CHAIN, source));
    }

    static Long total(Store store, String asset) {
        return latest(store, SeriesNames.reserveTotal(asset, CHAIN));
    }

    private static void le(ByteArrayOutputStream b, long v, int n) {
        for (int i = 0; i < n; i++) {
            b.write((int) (v >>> (8 * i)));
        }
    }

    private static void varint(ByteArrayOutputStream b, long v) {
        if (v < 0xfd) {
            b.write((int) v);
        } else {
            b.write(0xfd);
            le(b, v, 2);
        }
    }
}
