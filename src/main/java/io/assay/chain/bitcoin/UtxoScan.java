package io.assay.chain.bitcoin;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.assay.chain.rpc.JsonRpcClient;
import io.assay.chain.rpc.RpcException;

import java.io.IOException;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * Bitcoin Core's {@code scantxoutset start [raw(<script>), ...]}: the node's own UTXO set filtered by scripts, at its
 * current tip. Amounts are read from the JSON text exactly (never through a double) and converted to satoshis.
 *
 * @param height    the node's tip when it scanned
 * @param bestblock that block's hash
 * @param coins     every unspent output paying one of the scripts
 * @param totalSats sum of {@code coins}
 */
record UtxoScan(long height, String bestblock, List<Coin> coins, long totalSats) {

    /**
     * One unspent output as the node reports it.
     *
     * @param height height of the block that created it
     */
    record Coin(String txid, long vout, String script, long sats, long height) {
    }

    /** Core answers this (RPC_INVALID_PARAMETER) while another scan runs. */
    static boolean inProgress(RpcException e) {
        return e.code() == -8 && e.getMessage() != null && e.getMessage().contains("in progress");
    }

    static UtxoScan run(JsonRpcClient client, Collection<String> scriptsHex) {
        List<String> objects = new ArrayList<>(scriptsHex.size());
        for (String s : scriptsHex) {
            objects.add("raw(" + s + ")");
        }
        UtxoScan r = client.stream("scantxoutset", UtxoScan::read, "start", objects);
        if (r == null) {
            throw RpcException.malformed(client.label() + ": scantxoutset answered null", null);
        }
        return r;
    }

    private static UtxoScan read(JsonParser p) throws IOException {
        expect(p, p.currentToken(), JsonToken.START_OBJECT, "result");
        long height = -1;
        String best = null;
        Boolean success = null;
        long total = -1;
        List<Coin> coins = null;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String f = p.currentName();
            JsonToken t = p.nextToken();
            switch (f) {
                case "success" -> success = t == JsonToken.VALUE_TRUE;
                case "height" -> height = t == JsonToken.VALUE_NUMBER_INT ? p.getLongValue() : -1;
                case "bestblock" -> best = t == JsonToken.VALUE_STRING ? p.getText() : null;
                case "total_amount" -> total = sats(p, t, "total_amount");
                case "unspents" -> coins = coins(p, t);
                default -> p.skipChildren();
            }
        }
        if (!Boolean.TRUE.equals(success)) {
            throw RpcException.malformed("scantxoutset did not succeed (aborted?)", null);
        }
        if (height < 0 || best == null || coins == null || total < 0) {
            throw RpcException.malformed("scantxoutset answer lacks height, bestblock, unspents or total_amount"
                    + " (a node older than Core 0.20?)", null);
        }
        long sum = 0;
        for (Coin c : coins) {
            sum += c.sats();
        }
        if (sum != total) {
            throw RpcException.malformed("scantxoutset total_amount " + total + " sats is not the sum of its unspents ("
                    + sum + ")", null);
        }
        return new UtxoScan(height, best, List.copyOf(coins), total);
    }

    private static List<Coin> coins(JsonParser p, JsonToken t) throws IOException {
        expect(p, t, JsonToken.START_ARRAY, "unspents");
        List<Coin> out = new ArrayList<>();
        while (p.nextToken() == JsonToken.START_OBJECT) {
            String txid = null;
            String script = null;
            long vout = -1;
            long sats = -1;
            long height = -1;
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String f = p.currentName();
                JsonToken v = p.nextToken();
                switch (f) {
                    case "txid" -> txid = p.getText();
                    case "vout" -> vout = v == JsonToken.VALUE_NUMBER_INT ? p.getLongValue() : -1;
                    case "scriptPubKey" -> script = p.getText();
                    case "amount" -> sats = sats(p, v, "amount");
                    case "height" -> height = v == JsonToken.VALUE_NUMBER_INT ? p.getLongValue() : -1;
                    default -> p.skipChildren();
                }
            }
            if (txid == null || script == null || vout < 0 || sats < 0 || height < 0) {
                throw RpcException.malformed("scantxoutset unspent lacks txid, vout, scriptPubKey, amount or height", null);
            }
            out.add(new Coin(txid, vout, script.toLowerCase(java.util.Locale.ROOT), sats, height));
        }
        expect(p, p.currentToken(), JsonToken.END_ARRAY, "end of unspents");
        return out;
    }

    private static long sats(JsonParser p, JsonToken t, String what) throws IOException {
        if (t != JsonToken.VALUE_NUMBER_FLOAT && t != JsonToken.VALUE_NUMBER_INT) {
            throw RpcException.malformed("scantxoutset " + what + " is not a number", null);
        }
        BigDecimal btc = p.getDecimalValue();
        try {
            return btc.movePointRight(8).longValueExact();
        } catch (ArithmeticException e) {
            throw RpcException.malformed("scantxoutset " + what + " " + btc + " is not a whole number of satoshis", e);
        }
    }

    private static void expect(JsonParser p, JsonToken have, JsonToken want, String what) {
        if (have != want) {
            throw RpcException.malformed("scantxoutset: expected " + want + " for " + what + ", found " + have, null);
        }
    }
}
