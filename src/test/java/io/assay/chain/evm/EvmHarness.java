package io.assay.chain.evm;

import io.assay.chain.ChainIndexer;
import io.assay.chain.ChainState;
import io.assay.chain.ChainStatus;
import io.assay.chain.RetryPolicy;
import io.assay.config.ChainProfile;
import io.assay.config.Profiles;
import io.assay.devnet.Poll;
import io.assay.store.Point;
import io.assay.store.SeriesCursor;
import io.assay.store.SeriesKey;
import io.assay.store.Store;
import io.assay.store.StoreOptions;
import io.assay.store.Stores;

import java.math.BigInteger;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

/** One EVM chain indexed into a real store in a test folder. */
final class EvmHarness implements AutoCloseable {
    static final RetryPolicy FAST = new RetryPolicy(Duration.ofMillis(5), Duration.ofMillis(200), 30, Duration.ofSeconds(30));

    final Store store;
    final ChainProfile chain;
    final ChainIndexer<EvmSegment> indexer;
    private final boolean ownsStore;

    private EvmHarness(Store store, boolean ownsStore, Profiles profiles, ChainProfile chain) {
        this.store = store;
        this.ownsStore = ownsStore;
        this.chain = chain;
        this.indexer = EvmIndexers.create(profiles, chain, store, store.maxReorgDepth(chain.name()), FAST);
    }

    static Store openStore(Path dir) {
        return Stores.open(dir, StoreOptions.defaults().withSync(StoreOptions.Sync.NONE));
    }

    /** Opens a store in {@code dir} and starts indexing {@code chain}. */
    static EvmHarness start(Path dir, Profiles profiles, ChainProfile chain) {
        EvmHarness h = new EvmHarness(openStore(dir), true, profiles, chain);
        h.indexer.start();
        return h;
    }

    /** Starts indexing {@code chain} into an already open store. */
    static EvmHarness start(Store store, Profiles profiles, ChainProfile chain) {
        EvmHarness h = new EvmHarness(store, false, profiles, chain);
        h.indexer.start();
        return h;
    }

    /** Starts indexing {@code chain} into an already open store, reporting its coverage and halts to {@code sync}. */
    static EvmHarness start(Store store, Profiles profiles, ChainProfile chain, io.assay.chain.ChainSync sync) {
        EvmHarness h = new EvmHarness(store, false, profiles, chain);
        h.indexer.reportSyncTo(sync).start();
        return h;
    }

    ChainStatus status() {
        return indexer.status();
    }

    /** Waits until the indexer has committed {@code height} (fails at once if it halted). */
    void awaitIndexed(long height, Duration timeout) {
        Poll.until(timeout, chain.name() + " indexed to #" + height + " (" + status() + ")", () -> {
            if (status().state() == ChainState.HALTED) {
                fail(chain.name() + " halted: " + status().haltReason());
            }
            return status().indexedHeight() >= height;
        });
    }

    void awaitHalted(Duration timeout) {
        Poll.until(timeout, chain.name() + " halted (" + status() + ")", () -> status().state() == ChainState.HALTED);
    }

    /** The committed value of {@code key} at {@code height} (0 if the series has no point at or below it). */
    BigInteger valueAtHeight(SeriesKey key, long height) {
        OptionalInt id = store.find(key);
        Point p = new Point();
        if (id.isEmpty() || !store.valueAtHeight(id.getAsInt(), height, p)) {
            return BigInteger.ZERO;
        }
        return p.valueAsBigInteger();
    }

    /** Every point of every asset series of this chain, by series key. */
    Map<String, List<String>> dump() {
        Map<String, List<String>> out = new TreeMap<>();
        for (SeriesKey k : store.list("")) {
            if (!k.chain().equals(chain.name()) || k.asset().startsWith("_")) {
                continue;
            }
            List<String> points = new ArrayList<>();
            try (SeriesCursor c = store.range(store.find(k).orElseThrow(), Long.MIN_VALUE, Long.MAX_VALUE)) {
                while (c.next()) {
                    points.add(c.point().toString());
                }
            }
            out.put(k.toString(), points);
        }
        return out;
    }

    static void assertSameSeries(EvmHarness expected, EvmHarness actual) {
        Map<String, List<String>> e = expected.dump();
        Map<String, List<String>> a = actual.dump();
        assertEquals(e.keySet(), a.keySet(), "series");
        for (String k : e.keySet()) {
            assertEquals(e.get(k), a.get(k), "points of " + k);
        }
    }

    @Override
    public void close() {
        indexer.close();
        if (ownsStore) {
            store.close();
        }
    }
}
