package io.assay.chain.bitcoin;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;

/**
 * Bitcoin-specific meters of one chain (next to the generic {@link io.assay.chain.ChainMetrics}); Prometheus names
 * in brackets:
 * <ul>
 *   <li>{@code assay.bitcoin.blocks.fetched} [{@code assay_bitcoin_blocks_fetched_total}] by {@code via} = {@code rest}
 *       or {@code rpc}: where raw blocks came from (RPC means REST is off or failing)</li>
 *   <li>{@code assay.bitcoin.utxos} — tracked UTXOs in keyed state</li>
 *   <li>{@code assay.bitcoin.scripts.watched} — scripts watched (ranged descriptors grow with use)</li>
 *   <li>{@code assay.bitcoin.utxos.created}, {@code assay.bitcoin.utxos.spent} — tracked outputs seen since start</li>
 *   <li>{@code assay.bitcoin.reconciliations} by {@code result} = {@code completed} or {@code skipped}</li>
 * </ul>
 * Every meter is tagged {@code chain}. The transaction rate is the generic {@code assay.chain.events.per.second}
 * (an event is a transaction here).
 */
public final class BitcoinMetrics {
    private BitcoinMetrics() {
    }

    public static void bind(MeterRegistry registry, BitcoinIndexer ix) {
        Tags t = Tags.of("chain", ix.profile().name());
        io.assay.metrics.Meters.drop(registry, java.util.List.of("assay.bitcoin."), "chain", ix.profile().name());
        BitcoinChainReader reader = ix.reader();
        BitcoinWriter writer = ix.writer();
        Reconciler reconciler = ix.reconciler();
        FunctionCounter.builder("assay.bitcoin.blocks.fetched", reader, BitcoinChainReader::blocksViaRest)
                .tags(t.and("via", "rest")).register(registry);
        FunctionCounter.builder("assay.bitcoin.blocks.fetched", reader, BitcoinChainReader::blocksViaRpc)
                .tags(t.and("via", "rpc")).register(registry);
        Gauge.builder("assay.bitcoin.utxos", writer, BitcoinWriter::utxoCount).tags(t).register(registry);
        Gauge.builder("assay.bitcoin.scripts.watched", writer, w -> w.tracked().table().size()).tags(t)
                .register(registry);
        FunctionCounter.builder("assay.bitcoin.utxos.created", writer, BitcoinWriter::utxosCreated).tags(t)
                .register(registry);
        FunctionCounter.builder("assay.bitcoin.utxos.spent", writer, BitcoinWriter::utxosSpent).tags(t)
                .register(registry);
        FunctionCounter.builder("assay.bitcoin.reconciliations", reconciler, Reconciler::completed)
                .tags(t.and("result", "completed")).register(registry);
        FunctionCounter.builder("assay.bitcoin.reconciliations", reconciler, Reconciler::skipped)
                .tags(t.and("result", "skipped")).register(registry);
    }
}
