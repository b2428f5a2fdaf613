package io.seedgrid.strategies.live;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.seedgrid.alerts.AlertRule;
import io.seedgrid.alerts.Observation;
import io.seedgrid.seeds.bars.Timeframe;
import io.seedgrid.storage.ReportRecord;
import io.seedgrid.storage.RunRecord;
import io.seedgrid.storage.RunStatus;
import io.seedgrid.storage.Store;
import io.seedgrid.storage.StrategyEventRecord;
import io.seedgrid.storage.StrategyEventRecord.Kind;
import io.seedgrid.storage.StrategyStage;
import io.seedgrid.storage.SymbolSummary;
import io.seedgrid.strategies.DriftReport;
import io.seedgrid.strategies.RegisteredStrategy;
import io.seedgrid.strategies.StrategyRegistry;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

/**
 * The live loop's alert rules: drift, canary steps held, canary rollbacks, validation not ready, runs failed, grid nodes
 * lost during re-evolutions, and stale bars. Each reads its evidence where it is kept (the strategies' logs, the runs,
 * the validation reports, the bars), so it says the same in any process that looks.
 */
final class LoopAlerts {
    private static final ObjectMapper JSON = new ObjectMapper();
    static final double READY_SCORE = 90;

    private LoopAlerts() {}

    static List<AlertRule> rules(
            Store store,
            StrategyRegistry registry,
            Supplier<List<RegisteredStrategy>> strategies,
            LoopSettings settings,
            Optional<Reevolution> reevolution) {
        List<AlertRule> out = new ArrayList<>();
        out.add(AlertRule.of(
                "drift",
                "a CANARY or PRODUCTION strategy's live returns drift from its backtest's (KS test)",
                now -> drift(strategies.get(), settings)));
        out.add(AlertRule.of(
                "canary_gate",
                "a CANARY step is held: its live returns are significantly worse than the" + " backtest's",
                now -> canaryHeld(registry, strategies.get(), settings)));
        out.add(AlertRule.of(
                "canary_rollback",
                "a CANARY was rolled back automatically (drawdown past the limit, or drift);"
                        + " clears when the name's next canary starts",
                now -> rollbacks(registry, strategies.get(), settings)));
        out.add(AlertRule.of(
                "validation_not_ready",
                "the newest stored validation report says the deployment is not" + " production ready",
                now -> validation(store)));
        out.add(AlertRule.of(
                "run_failed",
                "the newest finished evolution run of a strategy name (or of a symbol) failed;"
                        + " clears when a later one completes",
                now -> runsFailed(store, reevolution)));
        out.add(AlertRule.of(
                "node_lost",
                "a grid node was lost during a re-evolution run (its jobs failed over); clears when"
                        + " the name's next run loses none",
                now -> nodesLost(reevolution)));
        out.add(AlertRule.of(
                "stale_bars",
                "no new bar of a symbol a live or shadow strategy trades for longer than expected",
                now -> stale(store, strategies.get(), settings, now)));
        return out;
    }

    static String strategyLink(String id) {
        return "/strategies/" + URLEncoder.encode(id, StandardCharsets.UTF_8);
    }

    private static List<Observation> drift(List<RegisteredStrategy> all, LoopSettings settings) {
        List<Observation> out = new ArrayList<>();
        for (RegisteredStrategy s : all) {
            if (!s.live() || !settings.covers(s.name())) {
                continue;
            }
            Optional<DriftReport> d = s.drift();
            double p = d.map(DriftReport::pValue).filter(Double::isFinite).orElse(1.0);
            double alpha = d.map(DriftReport::alpha).filter(Double::isFinite).orElse(0.05);
            out.add(new Observation(
                    s.id(),
                    s.drifting(),
                    p,
                    alpha,
                    d.map(r -> r.status() + ": " + r.message()).orElse("not checked yet"),
                    strategyLink(s.id())));
        }
        return out;
    }

    private static List<Observation> canaryHeld(
            StrategyRegistry registry, List<RegisteredStrategy> all, LoopSettings settings) {
        List<Observation> out = new ArrayList<>();
        for (RegisteredStrategy s : all) {
            if (s.stage() != StrategyStage.CANARY || !settings.covers(s.name())) {
                continue;
            }
            StrategyEventRecord held = null;
            for (StrategyEventRecord e : registry.history(s.id())) {
                if (e.kind() == Kind.STEPPED || (e.kind() == Kind.PROMOTED && e.stage() == StrategyStage.CANARY)) {
                    held = null; // a new step: its own hold, if any
                } else if (e.kind() == Kind.HELD) {
                    held = e;
                }
            }
            JsonNode failed = held == null ? null : firstFailed(held);
            out.add(new Observation(
                    s.id(),
                    held != null,
                    failed == null ? 1 : number(failed, "measured", 1),
                    failed == null ? 0.05 : number(failed, "threshold", 0.05),
                    held != null
                            ? held.message()
                            : String.format(Locale.ROOT, "CANARY at %.0f%%, step not held", s.share() * 100),
                    strategyLink(s.id())));
        }
        return out;
    }

    private static List<Observation> rollbacks(
            StrategyRegistry registry, List<RegisteredStrategy> all, LoopSettings settings) {
        Map<String, List<RegisteredStrategy>> byName = new LinkedHashMap<>();
        for (RegisteredStrategy s : all) {
            if (settings.covers(s.name())) {
                byName.computeIfAbsent(s.name(), k -> new ArrayList<>()).add(s);
            }
        }
        List<Observation> out = new ArrayList<>();
        for (Map.Entry<String, List<RegisteredStrategy>> n : byName.entrySet()) {
            if (n.getValue().stream().noneMatch(s -> s.stage() == StrategyStage.ARCHIVED)) {
                continue; // nothing of the name was rolled back
            }
            StrategyEventRecord rollback = null;
            List<StrategyEventRecord> canaries = new ArrayList<>();
            for (RegisteredStrategy s : n.getValue()) {
                for (StrategyEventRecord e : registry.history(s.id())) {
                    if (e.kind() == Kind.PROMOTED && e.stage() == StrategyStage.CANARY) {
                        canaries.add(e);
                    }
                    if (e.kind() == Kind.ROLLED_BACK
                            && automatic(e)
                            && (rollback == null || e.at().isAfter(rollback.at()))) {
                        rollback = e;
                    }
                }
            }
            if (rollback == null) {
                continue;
            }
            StrategyEventRecord rolledBack = rollback;
            // cleared by the name's next canary: another version in CANARY from the rollback on
            boolean firing = canaries.stream()
                    .noneMatch(
                            c -> !c.strategyId().equals(rolledBack.strategyId()) && !c.at().isBefore(rolledBack.at()));
            JsonNode failed = firstFailed(rollback);
            out.add(new Observation(
                    n.getKey(),
                    firing,
                    failed == null ? 1 : number(failed, "measured", 1),
                    failed == null ? 0 : number(failed, "threshold", 0),
                    rollback.strategyId() + " " + rollback.message(),
                    strategyLink(rollback.strategyId())));
        }
        return out;
    }

    private static boolean automatic(StrategyEventRecord e) {
        return e.detailsJson() != null
                && tree(e.detailsJson()).path("automatic").asBoolean(false);
    }

    /** The gate an entry names as its cause, else the first of its details' gates that did not pass. */
    private static JsonNode firstFailed(StrategyEventRecord e) {
        if (e.detailsJson() == null) {
            return null;
        }
        JsonNode details = tree(e.detailsJson());
        String cause = details.path("cause").asText("");
        JsonNode first = null;
        for (JsonNode g : details.path("gates")) {
            if (!g.path("passed").asBoolean(true)) {
                if (g.path("gate").asText().equals(cause)) {
                    return g;
                }
                first = first == null ? g : first;
            }
        }
        return first;
    }

    private static double number(JsonNode n, String field, double fallback) {
        JsonNode v = n.path(field);
        return v.isNumber() && Double.isFinite(v.asDouble()) ? v.asDouble() : fallback;
    }

    private static List<Observation> validation(Store store) {
        List<ReportRecord> newest = store.reports().reports(1);
        if (newest.isEmpty()) {
            return List.of();
        }
        JsonNode r = tree(newest.get(0).json());
        if (!r.has("production_ready")) {
            return List.of();
        }
        boolean ready = r.path("production_ready").asBoolean();
        double score = number(r, "business_value_score", 0);
        return List.of(new Observation(
                "deployment",
                !ready,
                score,
                READY_SCORE,
                String.format(
                                Locale.ROOT,
                                "validation of %s: %s, score %.1f",
                                newest.get(0).at(),
                                ready ? "PRODUCTION READY" : "NOT READY",
                                score)
                        + (ready ? "" : ": " + r.path("not_ready_because").toString()),
                "/validation/reports"));
    }

    /**
     * Per subject (the strategy name a run re-evolved, else its symbol and timeframe), whether the newest finished
     * run failed; a re-evolution of this process speaks for its name, also when it failed before its run was recorded.
     */
    private static List<Observation> runsFailed(Store store, Optional<Reevolution> reevolution) {
        List<Observation> out = new ArrayList<>();
        Set<String> told = new LinkedHashSet<>();
        reevolution.ifPresent(r -> {
            for (Reevolution.Outcome o : r.lastOutcomes()) {
                boolean failed = o.status() == Reevolution.Status.FAILED;
                told.add(o.name());
                out.add(new Observation(
                        o.name(),
                        failed,
                        failed ? 1 : 0,
                        1,
                        o.message(),
                        o.runId()
                                .map(id -> "/runs/" + URLEncoder.encode(id, StandardCharsets.UTF_8))
                                .orElse("/runs")));
            }
        });
        for (Observation o : storedRuns(store)) {
            if (!told.contains(o.subject())) {
                out.add(o);
            }
        }
        return out;
    }

    private static List<Observation> storedRuns(Store store) {
        Map<String, List<RunRecord>> bySubject = new LinkedHashMap<>();
        List<RunRecord> recent = new ArrayList<>(store.runs().listRuns(100));
        recent.sort(Comparator.comparing(RunRecord::createdAt).reversed().thenComparing(RunRecord::runId));
        for (RunRecord r : recent) {
            if (r.status() == RunStatus.COMPLETED || r.status() == RunStatus.FAILED) {
                String subject = RunSettings.reevolved(r)
                        .orElse(r.symbol() + "/" + r.timeframe().label());
                bySubject.computeIfAbsent(subject, k -> new ArrayList<>()).add(r);
            }
        }
        List<Observation> out = new ArrayList<>();
        bySubject.forEach((subject, runs) -> {
            int failed = 0;
            while (failed < runs.size() && runs.get(failed).status() == RunStatus.FAILED) {
                failed++;
            }
            RunRecord newest = runs.get(0);
            out.add(new Observation(
                    subject,
                    failed > 0,
                    failed,
                    1,
                    "run " + newest.runId() + " " + newest.status()
                            + (newest.message() == null ? "" : ": " + newest.message()),
                    "/runs/" + URLEncoder.encode(newest.runId(), StandardCharsets.UTF_8)));
        });
        return out;
    }

    private static List<Observation> nodesLost(Optional<Reevolution> reevolution) {
        List<Observation> out = new ArrayList<>();
        reevolution.ifPresent(r -> {
            for (Reevolution.Outcome o : r.lastOutcomes()) {
                out.add(new Observation(
                        o.name(),
                        o.failovers() > 0,
                        o.failovers(),
                        0,
                        o.failovers() > 0
                                ? o.failovers() + " job(s) of run " + o.runId().orElse("?")
                                        + " failed over: a grid node was" + " lost during the run"
                                : "the last run lost no node",
                        o.runId()
                                .map(id -> "/runs/" + URLEncoder.encode(id, StandardCharsets.UTF_8))
                                .orElse("/runs")));
            }
        });
        return out;
    }

    private static List<Observation> stale(
            Store store, List<RegisteredStrategy> all, LoopSettings settings, Instant now) {
        Set<String> traded = new LinkedHashSet<>();
        for (RegisteredStrategy s : all) {
            if (s.tracked() && settings.covers(s.name())) {
                traded.add(
                        s.evolvedOn().symbol() + "/" + s.evolvedOn().timeframe().label());
            }
        }
        List<Observation> out = new ArrayList<>();
        for (SymbolSummary summary : store.bars().listSymbols()) {
            String subject = summary.symbol() + "/" + summary.timeframe().label();
            if (!traded.contains(subject)) {
                continue;
            }
            Duration expected = expected(summary.timeframe(), settings);
            double silent = Math.max(0, Duration.between(summary.last(), now).toMillis() / 1000.0);
            boolean stale = silent > expected.toSeconds();
            out.add(new Observation(
                    subject,
                    stale,
                    silent,
                    expected.toSeconds(),
                    String.format(
                            Locale.ROOT,
                            "last bar of %s ended %s, %.0f s before %s (%s after %.0f s)",
                            subject,
                            summary.last(),
                            silent,
                            now,
                            stale ? "stale" : "fresh",
                            (double) expected.toSeconds()),
                    "/health/detailed"));
        }
        return out;
    }

    /** How long a timeframe's bars may stay away: staleAfterBars bar lengths, at least the shortest stale silence. */
    static Duration expected(Timeframe timeframe, LoopSettings settings) {
        Duration bars = Duration.ofMillis(Math.round(timeframe.duration().toMillis() * settings.staleAfterBars()));
        return bars.compareTo(settings.minStale()) < 0 ? settings.minStale() : bars;
    }

    private static JsonNode tree(String json) {
        try {
            return JSON.readTree(json);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("stored JSON cannot be read: " + e.getOriginalMessage(), e);
        }
    }
}
