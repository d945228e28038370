package io.assay.por;

import io.assay.config.ProfileLoader;
import io.assay.config.Profiles;
import io.assay.store.Store;
import io.assay.store.Stores;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Fixture: a real store and profiles for one demo asset: points are written as indexers write them (series per component, one
 * commit per chain and block).
 */
public abstract class PorFixture {
    protected static final long T0 = Instant.parse("2026-03-01T12:00:00Z").toEpochMilli();
    protected static final long BTC = 100_000_000L;

    @TempDir
    protected Path dir;
    protected Store store;
    protected Profiles profiles;
    protected MutableClock clock;
    protected final Map<String, Instant> synced = new HashMap<>();
    protected PorEngine engine;

    protected static final class MutableClock extends Clock {
        public Instant now;

        MutableClock(Instant now) {
            this.now = now;
        }

        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    static String profile(String minRatio, int reserveDecimals) {
        return """
                id: demo
                decimals: 8
                reserves:
                  - {id: custody, chain: bitcoin, script: "0014751e76e8199196d454941c45d1b3a323f1433bd6", decimals: %d}
                supply:
                  - {chain: ethereum, token: "0x5FbDB2315678afecb367f032d93F642f64180aa3", decimals: 8}
                  - {chain: polygon, token: "0x5FbDB2315678afecb367f032d93F642f64180aa3", decimals: 8}
                excluded:
                  - {id: escrow, chain: ethereum, holder: "0xe7f1725E7734CE288F8367e1Bb143E90bb3F0512"}
                policy: {deviationBps: 100, heartbeat: 1h, minRatio: "%s", stalenessTolerance: 10m}
                """.formatted(reserveDecimals, minRatio);
    }

    protected void setUp(String minRatio, int reserveDecimals) throws IOException {
        Path p = dir.resolve("profiles");
        Files.createDirectories(p.resolve("assets"));
        Files.writeString(p.resolve("ethereum.yaml"), "family: evm\nchainId: 1\nfinality: {confirmations: 2}\n");
        Files.writeString(p.resolve("polygon.yaml"), "family: evm\nchainId: 137\nfinality: {confirmations: 2}\n");
        Files.writeString(p.resolve("bitcoin.yaml"), "family: bitcoin\nnetwork: regtest\nfinality: {confirmations: 1}\n");
        Files.writeString(p.resolve("assets/demo.yaml"), profile(minRatio, reserveDecimals));
        profiles = new ProfileLoader().load(p);
        store = Stores.open(dir.resolve("store"));
        clock = new MutableClock(Instant.ofEpochMilli(T0));
        engine = new PorEngine(profiles, store, chain -> Optional.ofNullable(synced.get(chain)), clock);
    }

    @BeforeEach
    protected void defaults() throws IOException {
        setUp("1.0", 8);
    }

    @AfterEach
    protected void close() {
        if (store != null) {
            store.close();
        }
    }

    /** Writes one block of a chain: the given series values at (height, time), then commits. */
    protected void block(String chain, long height, long time, Map<String, Long> values) {
        values.forEach((key, v) -> store.append(store.series(io.assay.store.SeriesKey.parse(key)), height, time,
                BigInteger.valueOf(v)));
        store.append(store.series(SeriesNames.committedHeight(chain)), height, time, BigInteger.valueOf(height));
        store.commit(chain, height, new byte[]{(byte) height, 1, 2, 3}, time);
        synced.put(chain, Instant.ofEpochMilli(time));
    }

    /** The demo picture: reserves 10, supply 8 on ethereum (5 in the escrow) and 5 on polygon. */
    protected void standardPicture() {
        block("bitcoin", 100, T0 - 60_000, Map.of("demo/bitcoin/reserve/custody", 10 * BTC));
        block("ethereum", 1000, T0 - 50_000, Map.of("demo/ethereum/supply/_total", 8 * BTC,
                "demo/ethereum/excluded/escrow", 5 * BTC));
        block("polygon", 5000, T0 - 40_000, Map.of("demo/polygon/supply/_total", 5 * BTC));
    }

}
