package io.assay.chain;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;

/**
 * Publishes a chain's status as Micrometer meters (Prometheus names in brackets):
 * <ul>
 *   <li>{@code assay.chain.head}, {@code assay.chain.final.head}, {@code assay.chain.indexed.height} — heights</li>
 *   <li>{@code assay.chain.lag.blocks} [{@code assay_chain_lag_blocks}] — final head minus indexed height</li>
 *   <li>{@code assay.chain.blocks.per.second}, {@code assay.chain.events.per.second} — recent rates</li>
 *   <li>{@code assay.chain.events} [{@code assay_chain_events_total}] — chain events applied</li>
 *   <li>{@code assay.chain.reorgs} [{@code assay_chain_reorgs_total}] — reorgs handled</li>
 *   <li>{@code assay.chain.halted} — 1 while the chain is halted</li>
 *   <li>{@code assay.chain.alarms} [{@code assay_chain_alarms_total}] — alarms raised</li>
 *   <li>{@code assay.reconcile.mismatch} [{@code assay_reconcile_mismatch}] — series that differed from the node
 *       at the last reconciliation (0 = all equal)</li>
 *   <li>{@code assay.rpc.requests} / {@code assay.rpc.errors} [{@code assay_rpc_errors_total}] per
 *       {@code chain, endpoint}; {@code assay.rpc.endpoint.up} — 1 unless excluded</li>
 * </ul>
 * Every meter is tagged {@code chain}. Endpoint tags carry only scheme, host and port.
 */
public final class ChainMetrics {
    private ChainMetrics() {
    }

    public static void bind(MeterRegistry registry, ChainStatus s) {
        Tags t = Tags.of("chain", s.chain());
        io.assay.metrics.Meters.drop(registry, java.util.List.of("assay.chain.", "assay.reconcile.", "assay.rpc."), "chain", s.chain());
        Gauge.builder("assay.chain.head", s, ChainStatus::head).tags(t).register(registry);
        Gauge.builder("assay.chain.final.head", s, ChainStatus::finalHead).tags(t).register(registry);
        Gauge.builder("assay.chain.indexed.height", s, ChainStatus::indexedHeight).tags(t).register(registry);
        Gauge.builder("assay.chain.lag.blocks", s, ChainStatus::lag).tags(t).register(registry);
        Gauge.builder("assay.chain.blocks.per.second", s, ChainStatus::blocksPerSecond).tags(t).register(registry);
        Gauge.builder("assay.chain.events.per.second", s, ChainStatus::eventsPerSecond).tags(t).register(registry);
        Gauge.builder("assay.chain.halted", s, x -> x.state() == ChainState.HALTED ? 1 : 0).tags(t).register(registry);
        Gauge.builder("assay.reconcile.mismatch", s, ChainStatus::reconcileMismatches).tags(t).register(registry);
        FunctionCounter.builder("assay.chain.events", s, ChainStatus::events).tags(t).register(registry);
        FunctionCounter.builder("assay.chain.reorgs", s, ChainStatus::reorgs).tags(t).register(registry);
        FunctionCounter.builder("assay.chain.alarms", s, ChainStatus::alarmsRaised).tags(t).register(registry);
        EndpointPool pool = s.pool();
        if (pool != null) {
            for (EndpointPool.Member m : pool.members()) {
                Tags et = t.and("endpoint", m.label());
                FunctionCounter.builder("assay.rpc.requests", m, EndpointPool.Member::requests).tags(et).register(registry);
                FunctionCounter.builder("assay.rpc.errors", m, EndpointPool.Member::errors).tags(et).register(registry);
                Gauge.builder("assay.rpc.endpoint.up", m, x -> x.excluded() ? 0 : 1).tags(et).register(registry);
            }
        }
    }
}
