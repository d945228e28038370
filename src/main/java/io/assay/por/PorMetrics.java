package io.assay.por;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import java.math.BigDecimal;

/**
 * Prometheus gauges per asset: {@code assay_ratio}, {@code assay_reserves}, {@code assay_circulating}
 * (in asset units), {@code assay_asset_status} (1 OK, 0 STALE, -1 REFUSED), {@code assay_cut_lag_seconds} (the wall
 * clock minus the asset's cut: how far in the past every "now" answer is, docs/consistent-cut.md); the counter
 * {@code assay_now_values_total{values=reused|computed}} (now-answers whose values were reused from the previous one, or
 * computed). Gauges are doubles by nature:
 * they are for dashboards and alerts; the API carries the exact values.
 */
@ApplicationScoped
public class PorMetrics {
    @Inject
    PorEngine engine;
    @Inject
    MeterRegistry registry;

    void register(@Observes StartupEvent e) {
        for (String asset : engine.profiles().assets().keySet()) {
            io.assay.metrics.Meters.drop(registry, java.util.List.of("assay_ratio", "assay_reserves", "assay_circulating",
                    "assay_asset_status", "assay_cut_lag_seconds", "assay.now.values"), "asset", asset);
            Gauge.builder("assay_ratio", () -> value(asset, "ratio")).tag("asset", asset)
                    .description("reserves / circulating").register(registry);
            Gauge.builder("assay_reserves", () -> value(asset, "reserves")).tag("asset", asset)
                    .description("reserves in asset units").register(registry);
            Gauge.builder("assay_circulating", () -> value(asset, "circulating")).tag("asset", asset)
                    .description("circulating supply in asset units").register(registry);
            Gauge.builder("assay_asset_status", () -> value(asset, "status")).tag("asset", asset)
                    .description("1 OK, 0 STALE, -1 REFUSED").register(registry);
            Gauge.builder("assay_cut_lag_seconds", () -> cutLag(asset)).tag("asset", asset)
                    .description("wall clock minus the asset's cut (the moment of every now-answer)").register(registry);
            io.micrometer.core.instrument.FunctionCounter.builder("assay.now.values", engine,
                            e2 -> e2.nowValues(asset).reused()).tags("asset", asset, "values", "reused")
                    .description("now-answers whose values were reused (same cut, no commit since the last)").register(registry);
            io.micrometer.core.instrument.FunctionCounter.builder("assay.now.values", engine,
                            e2 -> e2.nowValues(asset).computed()).tags("asset", asset, "values", "computed")
                    .description("now-answers whose values were computed from the store").register(registry);
        }
    }

    private double cutLag(String asset) {
        try {
            java.time.Instant at = engine.cut(asset).at();
            return at == null ? Double.NaN : java.time.Duration.between(at, engine.now()).toMillis() / 1000.0;
        } catch (RuntimeException e) {
            return Double.NaN;
        }
    }

    private double value(String asset, String what) {
        Snapshot s;
        try {
            s = engine.latest(asset);
        } catch (RuntimeException e) {
            return Double.NaN;
        }
        return switch (what) {
            case "status" -> switch (s.status()) {
                case OK -> 1;
                case STALE -> 0;
                case REFUSED -> -1;
            };
            case "ratio" -> s.ratio() == null || s.status() == Snapshot.Status.REFUSED ? Double.NaN : new BigDecimal(s.ratio()).doubleValue();
            case "reserves" -> s.status() == Snapshot.Status.REFUSED ? Double.NaN : new BigDecimal(s.reservesTotal().decimal()).doubleValue();
            default -> s.status() == Snapshot.Status.REFUSED ? Double.NaN : new BigDecimal(s.circulating().decimal()).doubleValue();
        };
    }
}
