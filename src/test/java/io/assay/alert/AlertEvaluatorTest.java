package io.assay.alert;

import io.assay.chain.ChainRegistry;
import io.assay.chain.ChainStatus;
import io.assay.chain.ChainSync;
import io.assay.config.ProfileLoader;
import io.assay.config.Profiles;
import io.assay.por.PorEngine;
import io.assay.store.SeriesNames;
import io.assay.store.SeriesKey;
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
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every alert condition, observed from the same state the API reads: a real store and engine for the ratio and
 * freshness, the chains' live {@link ChainStatus} (set here as the indexers set it: a reorg, a reconciliation, a
 * halt) for reorgs, reconciliation mismatches and endpoint disagreement. The devnet end-to-end test covers the ratio
 * path against real chains; driving real anvil reorgs deeper than the threshold is left to the indexer tests.
 */
class AlertEvaluatorTest {
    @TempDir
    Path dir;
    Store store;
    PorEngine engine;
    ChainSync sync;
    ChainRegistry registry;
    Instant now;

    @BeforeEach
    void setUp() throws IOException {
        Path p = dir.resolve("profiles");
        Files.createDirectories(p.resolve("assets"));
        Files.writeString(p.resolve("ethereum.yaml"), "family: evm\nchainId: 1\nfinality: {confirmations: 2}\n");
        Files.writeString(p.resolve("bitcoin.yaml"), "family: bitcoin\nnetwork: regtest\nfinality: {confirmations: 1}\n");
        Files.writeString(p.resolve("assets/demo.yaml"), """
                id: demo
                decimals: 8
                reserves:
                  - {id: custody, chain: bitcoin, script: "0014751e76e8199196d454941c45d1b3a323f1433bd6"}
                  - id: vault
                    decimals: 8
                    http: {url: "http://127.0.0.1:9/r", amount: a, timestamp: t, unit: BTC, maxAge: 1h}
                supply:
                  - {chain: ethereum, token: "0x5FbDB2315678afecb367f032d93F642f64180aa3", decimals: 8}
                policy: {minRatio: "1.0", stalenessTolerance: 10m}
                """);
        Profiles profiles = new ProfileLoader().load(p);
        store = Stores.open(dir.resolve("store"));
        now = Instant.now();
        sync = new ChainSync();
        engine = new PorEngine(profiles, store, sync, Clock.fixed(now, ZoneOffset.UTC));
        registry = new ChainRegistry();
        block("bitcoin", 1, "demo/bitcoin/reserve/custody", 5);
        block("offchain.demo.vault", 1, "demo/offchain.demo.vault/reserve/vault", 4);
        block("ethereum", 1, "demo/ethereum/supply/_total", 8);
    }

    @AfterEach
    void close() {
        store.close();
    }

    private void block(String chain, long h, String key, long btc) {
        long t = now.toEpochMilli() - 1000;
        store.append(store.series(SeriesKey.parse(key)), h, t, BigInteger.valueOf(btc * 100_000_000L));
        store.append(store.series(SeriesNames.committedHeight(chain)), h, t, BigInteger.valueOf(h));
        store.commit(chain, h, new byte[32], t);
        sync.covered(chain, now);
    }

    private Set<String> observed(Instant at) {
        return new AlertEvaluator(engine, registry, 3, Duration.ofHours(1)).evaluate(at).conditions().stream()
                .map(Condition::key).collect(Collectors.toSet());
    }

    @Test
    void ratioBelowMinimumAndStaleOrSuspectSources() {
        assertEquals(Set.of(), observed(now), "9 BTC back 8: healthy");
        block("ethereum", 2, "demo/ethereum/supply/_total", 10);
        assertEquals(Set.of(Condition.key(AlertType.RATIO_BELOW_MIN, "demo", null)), observed(now));

        sync.suspect("offchain.demo.vault", "jump: amount moves by more than 1000 bps");
        assertEquals(Set.of(Condition.key(AlertType.RATIO_BELOW_MIN, "demo", null),
                Condition.key(AlertType.STALE, "demo", "offchain.demo.vault")), observed(now));
        List<Condition> c = new AlertEvaluator(engine, registry, 3, Duration.ofHours(1)).evaluate(now).conditions();
        assertTrue(c.stream().anyMatch(x -> x.message().contains("is suspect: jump")), c.toString());
        sync.trusted("offchain.demo.vault");

        // nothing more is reported (the indexers lost their endpoints): eleven minutes on, bitcoin is stale
        engine = new PorEngine(engine.profiles(), store, sync, Clock.fixed(now.plus(Duration.ofMinutes(11)), ZoneOffset.UTC));
        Set<String> later = observed(now.plus(Duration.ofMinutes(11)));
        assertTrue(later.contains(Condition.key(AlertType.STALE, "demo", "bitcoin")), later.toString());
    }

    @Test
    void insolventAndStaleLiabilities() throws IOException {
        io.assay.por.LiabilityPublications pubs = new io.assay.por.LiabilityPublications(dir.resolve("liabilities"));
        java.util.function.Function<Instant, Set<String>> observe = at -> new AlertEvaluator(engine, registry, 3,
                Duration.ofHours(1), pubs, Duration.ofHours(2)).evaluate(at).conditions().stream()
                .map(Condition::key).collect(Collectors.toSet());
        assertEquals(Set.of(), observe.apply(now), "no publication: no solvency alert");
        Files.createDirectories(dir.resolve("liabilities/demo"));
        // 9 BTC of reserves (5 on bitcoin, 4 attested off-chain) against 9.5 BTC owed: insolvent
        Files.writeString(dir.resolve("liabilities/demo/p1.json"), publication("p1", "950000000", now.minusSeconds(60)));
        assertEquals(Set.of(Condition.key(AlertType.INSOLVENT, "demo", null)), observe.apply(now));
        List<Condition> c = new AlertEvaluator(engine, registry, 3, Duration.ofHours(1), pubs, Duration.ofHours(2))
                .evaluate(now).conditions();
        assertEquals("asset demo: reserves 900000000 are below the liabilities 950000000 of publication p1 (raw units "
                + "at 8 decimals; solvency ratio 0.947368421052631578)", c.get(0).message());
        // a newer publication of 8.5 BTC: solvent; three hours later it is older than the allowed two hours
        Files.writeString(dir.resolve("liabilities/demo/p2.json"), publication("p2", "850000000", now.minusSeconds(30)));
        assertEquals(Set.of(), observe.apply(now));
        Instant later = now.plus(Duration.ofHours(3));
        engine = new PorEngine(engine.profiles(), store, sync, Clock.fixed(later, ZoneOffset.UTC));
        sync.covered("bitcoin", later);
        sync.covered("ethereum", later);
        sync.covered("offchain.demo.vault", later);
        assertTrue(observe.apply(later).contains(Condition.key(AlertType.LIABILITIES_STALE, "demo", null)),
                observe.apply(later).toString());
        assertEquals("liabilities-stale", AlertType.LIABILITIES_STALE.wire());
        assertEquals(AlertType.INSOLVENT, AlertType.ofWire("insolvent"));
    }

    private static String publication(String id, String total, Instant asOf) {
        return "{\"id\":\"" + id + "\",\"assets\":[\"demo\"],\"root\":\"0x" + "ab".repeat(32) + "\",\"totals\":[\""
                + total + "\"],\"leaves\":4,\"asOf\":\"" + asOf + "\"}";
    }

    @Test
    void aRefusedSnapshotHoldsTheRatioAlert() {
        AlertEvaluator.Observation o = new AlertEvaluator(engine, registry, 3, Duration.ofHours(1)).evaluate(now);
        assertEquals(Set.of(), o.held());
        // a missing component refuses the snapshot: the ratio cannot be judged
        store.truncateAfter("bitcoin", 0);
        o = new AlertEvaluator(engine, registry, 3, Duration.ofHours(1)).evaluate(now);
        assertEquals(Set.of(Condition.key(AlertType.RATIO_BELOW_MIN, "demo", null)), o.held());
    }

    @Test
    void deepReorgsReconciliationMismatchesAndDisagreeingEndpoints() {
        ChainStatus eth = new ChainStatus("ethereum", "evm", 1, "confirmations 2");
        ChainStatus btc = new ChainStatus("bitcoin", "bitcoin", 0, "confirmations 1");
        registry.register(eth);
        registry.register(btc);
        eth.reorg(2, 100, 98);
        assertEquals(Set.of(), observed(Instant.now()), "depth 2 is within the threshold of 3");
        eth.reorg(5, 100, 95);
        assertEquals(Set.of(Condition.key(AlertType.REORG, null, "ethereum")), observed(Instant.now()));
        assertEquals(Set.of(), observed(Instant.now().plus(Duration.ofHours(2))), "resolved after reorg-hold");

        btc.reconciled(120, 2);
        assertTrue(observed(Instant.now()).contains(Condition.key(AlertType.RECONCILE_MISMATCH, null, "bitcoin")));
        btc.reconciled(130, 0);
        assertTrue(!observed(Instant.now()).contains(Condition.key(AlertType.RECONCILE_MISMATCH, null, "bitcoin")));

        btc.halt("stopped by operator");
        assertTrue(!observed(Instant.now()).contains(Condition.key(AlertType.ENDPOINT_DISAGREEMENT, null, "bitcoin")));
        eth.halt("endpoints disagree on final block #100: {a=0x01, b=0x02}");
        assertTrue(observed(Instant.now()).contains(Condition.key(AlertType.ENDPOINT_DISAGREEMENT, null, "ethereum")));
        Optional<Condition> d = new AlertEvaluator(engine, registry, 3, Duration.ofHours(1)).evaluate(Instant.now())
                .conditions().stream().filter(x -> x.type() == AlertType.ENDPOINT_DISAGREEMENT).findFirst();
        assertTrue(d.orElseThrow().message().contains("disagree on final block #100"));
    }
}
