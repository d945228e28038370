package io.assay.chain.solana;

import com.fasterxml.jackson.databind.JsonNode;
import io.assay.config.ProfileLoader;
import io.assay.config.Profiles;
import io.assay.devnet.Poll;
import io.assay.devnet.SolanaNode;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * SPL tokens on the devnet shim for indexer tests, with the truth: the shim's own values (the parsed mint and
 * token accounts at the operation's slot) after every operation. The test is the only writer, so each
 * operation's slot is the tip when its values are read.
 *
 * <p>Asset {@code sol}: supply = {@link #mint} (9 decimals); excluded holder {@code escrow}; reserve source
 * {@code vault}, a token account of another mint with 6 decimals.
 */
final class Scene {
    static final int SUPPLY = 0;
    static final int ESCROW = 1;
    static final int RESERVE = 2;
    /** Above 2^53: a double would lose these. */
    static final BigInteger BIG = new BigInteger("9007199254740993");

    final SolanaNode node;
    final String mint;
    final String holder;
    final String escrow;
    final String reserveMint;
    final String reserve;
    final TreeMap<Long, BigInteger[]> truth = new TreeMap<>();

    Scene(SolanaNode node) {
        this.node = node;
        this.mint = node.createMint(9);
        this.holder = node.createTokenAccount(mint);
        this.escrow = node.createTokenAccount(mint);
        this.reserveMint = node.createMint(6);
        this.reserve = node.createTokenAccount(reserveMint);
        record(node.slot());
    }

    long mintTo(String account, BigInteger amount) {
        return op(node.mintTo(account.equals(reserve) ? reserveMint : mint, account, amount.toString()));
    }

    long transfer(String from, String to, BigInteger amount) {
        return op(node.transfer(from, to, amount.toString()));
    }

    long burn(String account, BigInteger amount) {
        return op(node.burn(account, amount.toString()));
    }

    long close(String account) {
        return op(node.closeAccount(account));
    }

    /** Moves the tip {@code n} slots ahead; the slots in between are skipped. */
    long skip(int n) {
        return op(node.rpc().call("devnet_advanceSlots", Map.of("n", n)));
    }

    /** A few operations of every kind, amounts above 2^53; returns the last slot. */
    long story() {
        mintTo(holder, BIG.multiply(BigInteger.valueOf(3)));
        transfer(holder, escrow, BIG);
        skip(7);
        mintTo(reserve, BIG.add(BigInteger.TEN));
        burn(holder, BIG.subtract(BigInteger.ONE));
        transfer(escrow, holder, BigInteger.valueOf(12345));
        skip(3);
        burn(reserve, BigInteger.valueOf(11));
        return transfer(holder, escrow, BigInteger.valueOf(2));
    }

    private long op(JsonNode r) {
        long slot = r.path("slot").asLong();
        record(slot);
        return slot;
    }

    /**
     * Reads the values at {@code slot} with {@code getMultipleAccounts} (jsonParsed), a method the indexer never
     * calls, so faults injected for the indexer's methods do not hit the test; a fault for every method ("*") is
     * retried here.
     */
    private void record(long slot) {
        JsonNode value = Poll.value(Duration.ofSeconds(20), "values at slot " + slot, () -> {
            JsonNode r = node.rpc().call("getMultipleAccounts", List.of(mint, escrow, reserve),
                    Map.of("encoding", "jsonParsed", "commitment", "finalized", "minContextSlot", slot));
            if (r.path("context").path("slot").asLong() != slot) {
                throw new IllegalStateException("the shim moved past slot " + slot + " while the test read its values");
            }
            return r.path("value");
        });
        BigInteger[] v = new BigInteger[3];
        v[SUPPLY] = new BigInteger(value.get(0).path("data").path("parsed").path("info").path("supply").asText());
        v[ESCROW] = amount(value.get(1));
        v[RESERVE] = amount(value.get(2));
        truth.put(slot, v);
    }

    private static BigInteger amount(JsonNode account) {
        if (account.isNull()) {
            return BigInteger.ZERO; // closed
        }
        return new BigInteger(account.path("data").path("parsed").path("info").path("tokenAmount").path("amount").asText());
    }

    /** The true value at {@code slot} (0 before the scene began). */
    BigInteger at(int which, long slot) {
        var e = truth.floorEntry(slot);
        return e == null ? BigInteger.ZERO : e.getValue()[which];
    }

    long lastSlot() {
        return truth.lastKey();
    }

    /**
     * Writes the chain profile and asset {@code sol} into {@code dir}: {@code supplyExtra} is added to the supply
     * entry, which declares {@code declaredDecimals}; {@code excluded} is the excluded holder's token account.
     */
    Profiles profiles(Path dir, URI endpoint, String supplyExtra, int declaredDecimals, String excluded) {
        return profiles(dir, endpoint, mint, supplyExtra, declaredDecimals, excluded);
    }

    /** As above with {@code supplyToken} as the asset's mint. */
    Profiles profiles(Path dir, URI endpoint, String supplyToken, String supplyExtra, int declaredDecimals,
                      String excluded) {
        try {
            Files.createDirectories(dir.resolve("assets"));
            Files.writeString(dir.resolve("solana.yaml"), """
                    name: solana
                    family: solana
                    network: localnet
                    finality: {commitment: finalized}
                    endpoints: ["%s"]
                    limits: {pollInterval: 50ms, timeout: 10s, batchSize: 20, parallelism: 2, reconcileEvery: 1000}
                    """.formatted(endpoint));
            Files.writeString(dir.resolve("assets/sol.yaml"), """
                    id: sol
                    decimals: 9
                    reserves:
                      - {id: vault, chain: solana, account: "%s", decimals: 6}
                    supply:
                      - {chain: solana, token: "%s", decimals: %d%s}
                    excluded:
                      - {id: escrow, chain: solana, holder: "%s", reason: bridge escrow}
                    policy: {stalenessTolerance: 1h}
                    """.formatted(reserve, supplyToken, declaredDecimals, supplyExtra, excluded));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new ProfileLoader().load(dir);
    }

    Profiles profiles(Path dir, URI endpoint) {
        return profiles(dir, endpoint, "", 9, escrow);
    }
}
