package io.assay.por;

import io.assay.store.SeriesNames;

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
    /** What each chain's indexer reports: until when it is known final (coverage). */
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

    /** Writes one block of a chain as its indexer does: the given series values at (height, time), the block in the
     * block log, then the commit. */
    protected void block(String chain, long height, long time, Map<String, Long> values) {
        values.forEach((key, v) -> store.append(store.series(io.assay.store.SeriesKey.parse(key)), height, time,
                BigInteger.valueOf(v)));
        store.append(store.series(SeriesNames.committedHeight(chain)), height, time, BigInteger.valueOf(height));
        java.nio.ByteBuffer h = java.nio.ByteBuffer.wrap(hash(height));
        store.append(store.series(SeriesNames.blockHashHi(chain)), height, time, h.getLong(), h.getLong());
        store.append(store.series(SeriesNames.blockHashLo(chain)), height, time, h.getLong(), h.getLong());
        store.commit(chain, height, hash(height), time);
        // its indexer reports the chain known final through now (quiet since the block), or through the block if later
        synced.put(chain, Instant.ofEpochMilli(Math.max(time, clock.now.toEpochMilli())));
    }

    /** A 32-byte block hash for a height: {@code <height byte> 01 02 03} then zeros. */
    protected static byte[] hash(long height) {
        byte[] h = new byte[32];
        h[0] = (byte) height;
        h[1] = 1;
        h[2] = 2;
        h[3] = 3;
        return h;
    }

    protected static String hashHex(long height) {
        return java.util.HexFormat.of().formatHex(hash(height));
    }

    /** Every chain's indexer reports it is current: known final through the clock's now. */
    protected void current() {
        for (String chain : List.of("bitcoin", "ethereum", "polygon")) {
            synced.put(chain, clock.now);
        }
    }

    /** Where each chain's indexing starts: the block before the start height, logged and committed, no values. */
    protected static final long START = T0 - 1_800_000;

    protected void starts() {
        for (String chain : List.of("bitcoin", "ethereum", "polygon")) {
            block(chain, 0, START, Map.of());
        }
    }

    /** The demo picture: reserves 10, supply 8 on ethereum (5 in the escrow) and 5 on polygon. */
    protected void standardPicture() {
        starts();
        block("bitcoin", 100, T0 - 60_000, Map.of("demo/bitcoin/reserve/custody", 10 * BTC));
        block("ethereum", 1000, T0 - 50_000, Map.of("demo/ethereum/supply/_total", 8 * BTC,
                "demo/ethereum/excluded/escrow", 5 * BTC));
        block("polygon", 5000, T0 - 40_000, Map.of("demo/polygon/supply/_total", 5 * BTC));
    }

}
