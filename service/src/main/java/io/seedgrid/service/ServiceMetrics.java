package io.seedgrid.service;

import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.CounterWithCallback;
import io.prometheus.metrics.core.metrics.Gauge;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.Unit;
import io.seedgrid.alerts.Alerts;
import io.seedgrid.storage.StrategyStage;
import io.seedgrid.strategies.RegisteredStrategy;
import io.seedgrid.strategies.StrategyRegistry;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/** The service's Prometheus metrics, in a registry of its own (several services may run in one JVM in tests). */
final class ServiceMetrics {
    private final PrometheusRegistry registry = new PrometheusRegistry();
    private final PrometheusTextFormatWriter writer = PrometheusTextFormatWriter.create();

    final Counter evaluations = Counter.builder()
            .name("seedgrid_evaluations_total")
            .help("Fitness evaluations (one backtest of one genome) by runs this service launched")
            .register(registry);
    final Histogram evaluationSeconds = Histogram.builder()
            .name("seedgrid_evaluation_duration_seconds")
            .help("Time to evaluate one genome: decode, signals, backtest")
            .unit(Unit.SECONDS)
            .classicOnly()
            .classicUpperBounds(
                    0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5)
            .register(registry);
    final Counter generations = Counter.builder()
            .name("seedgrid_generations_total")
            .help("Generations completed by runs this service launched")
            .register(registry);
    final Counter runs = Counter.builder()
            .name("seedgrid_runs_total")
            .help("Evolution runs by outcome: completed, failed, interrupted, rejected (queue full)")
            .labelNames("outcome")
            .register(registry);
    final Gauge runsActive = Gauge.builder()
            .name("seedgrid_runs_active")
            .help("Evolution runs computing now")
            .register(registry);
    final Gauge runsQueued = Gauge.builder()
            .name("seedgrid_runs_queued")
            .help("Evolution runs waiting for a slot")
            .register(registry);
    final Counter signalsServed = Counter.builder()
            .name("seedgrid_signals_served_total")
            .help("Signal points returned by GET /strategies/{id}/signals")
            .register(registry);
    final Counter signalsComputed = Counter.builder()
            .name("seedgrid_signals_computed_total")
            .help("Signal points computed and stored for bars not signalled before")
            .register(registry);
    final Counter errors = Counter.builder()
            .name("seedgrid_errors_total")
            .help("Errors: 5xx answers (source http) and failed runs (source run)")
            .labelNames("source")
            .register(registry);
    final Counter requests = Counter.builder()
            .name("seedgrid_http_requests_total")
            .help("HTTP requests by method, route and status")
            .labelNames("method", "route", "status")
            .register(registry);
    final Counter lifecycleTicks = Counter.builder()
            .name("seedgrid_lifecycle_ticks_total")
            .help("Ticks of the live loop this service ran (signals, gates, re-evolutions, alerts)")
            .labelNames("outcome")
            .register(registry);
    final Histogram requestSeconds = Histogram.builder()
            .name("seedgrid_http_request_duration_seconds")
            .help("HTTP request latency by route")
            .unit(Unit.SECONDS)
            .classicOnly()
            .classicUpperBounds(0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10)
            .labelNames("method", "route")
            .register(registry);

    ServiceMetrics(Supplier<List<RegisteredStrategy>> strategies) {
        GaugeWithCallback.builder()
                .name("seedgrid_strategies")
                .help("Registered strategy versions by stage (read from storage at scrape time)")
                .labelNames("stage")
                .callback(cb -> {
                    Map<StrategyStage, Integer> counts = new EnumMap<>(StrategyStage.class);
                    for (StrategyStage s : StrategyStage.values()) {
                        counts.put(s, 0);
                    }
                    for (RegisteredStrategy s : strategies.get()) {
                        counts.merge(s.stage(), 1, Integer::sum);
                    }
                    counts.forEach((stage, n) -> cb.call(n, stage.name()));
                })
                .register(registry);
        GaugeWithCallback.builder()
                .name("seedgrid_strategy_share")
                .help("Share of its name's capital each CANARY and PRODUCTION version carries (trade share x position)")
                .labelNames("strategy", "name", "stage")
                .callback(cb -> strategies.get().stream()
                        .filter(RegisteredStrategy::live)
                        .forEach(s ->
                                cb.call(s.share(), s.id(), s.name(), s.stage().name())))
                .register(registry);
        GaugeWithCallback.builder()
                .name("seedgrid_strategies_drifting")
                .help("CANARY and PRODUCTION strategies whose last drift check found them drifting")
                .callback(cb -> cb.call(strategies.get().stream()
                        .filter(s -> s.live() && s.drifting())
                        .count()))
                .register(registry);
        errors.labelValues("http");
        errors.labelValues("run");
        lifecycleTicks.labelValues("ok");
        lifecycleTicks.labelValues("failed");
        for (String outcome : new String[] {"completed", "failed", "interrupted", "rejected"}) {
            runs.labelValues(outcome);
        }
    }

    /** The alerts of {@code alerts} at scrape time: each firing alert, firing subjects per rule, firings so far. */
    void alerts(Alerts alerts) {
        GaugeWithCallback.builder()
                .name("seedgrid_alert_firing")
                .help("Alerts firing now, one series per rule and subject (1 while it fires)")
                .labelNames("rule", "subject")
                .callback(cb -> alerts.active().forEach(a -> cb.call(1, a.rule(), a.subject())))
                .register(registry);
        GaugeWithCallback.builder()
                .name("seedgrid_alert_subjects_firing")
                .help("Subjects each alert rule fires for now (0 when it fires for none)")
                .labelNames("rule")
                .callback(cb -> {
                    Map<String, Integer> counts = new LinkedHashMap<>();
                    alerts.rules().forEach(r -> counts.put(r.name(), 0));
                    alerts.active().forEach(a -> counts.merge(a.rule(), 1, Integer::sum));
                    counts.forEach((rule, n) -> cb.call(n, rule));
                })
                .register(registry);
        CounterWithCallback.builder()
                .name("seedgrid_alerts_fired_total")
                .help("Times each alert rule began firing (for any subject) since the service started")
                .labelNames("rule")
                .callback(cb -> alerts.firedCounts().forEach((rule, n) -> cb.call(n, rule)))
                .register(registry);
    }

    /** Metrics whose strategy gauges read {@code registry} once per scrape (both gauges share one listing). */
    static ServiceMetrics of(StrategyRegistry registry) {
        return new ServiceMetrics(new Supplier<>() {
            private long at;
            private List<RegisteredStrategy> last;

            @Override
            public synchronized List<RegisteredStrategy> get() {
                long now = System.nanoTime();
                if (last == null || now - at > 500_000_000L) {
                    last = registry.list();
                    at = now;
                }
                return last;
            }
        });
    }

    /** The exposition in the Prometheus text format (version 0.0.4). */
    String scrape() {
        ByteArrayOutputStream out = new ByteArrayOutputStream(8192);
        try {
            writer.write(out, registry.scrape());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    String contentType() {
        return writer.getContentType();
    }
}
