package io.seedgrid.cli.report;

import io.seedgrid.evolution.honesty.SelectionBias;
import io.seedgrid.evolution.run.GenerationStats;
import io.seedgrid.evolution.run.RankedStrategy;
import io.seedgrid.evolution.run.RunConfig;
import io.seedgrid.evolution.run.RunResult;
import io.seedgrid.evolution.walkforward.Fold;
import io.seedgrid.evolution.walkforward.WalkForwardResult;
import io.seedgrid.seeds.backtest.BacktestSettings;
import io.seedgrid.seeds.backtest.Metrics;
import io.seedgrid.seeds.bars.Bars;
import io.seedgrid.seeds.seed.SeedContext;
import io.seedgrid.service.Charts;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A self-contained HTML page for a run, drawn by the dashboard's own charts ({@link Charts}: uPlot and
 * {@code charts.js}, inlined, so it opens offline and a run looks as it does in {@code seedgrid serve}): fitness by
 * generation, evaluations per node, the top strategies with every acceptance criterion, and for the best its equity
 * against buy-and-hold with dates and the out-of-sample split, drawdown, trades on the price, the trade list and a heat
 * map of two genes; selection bias and data sufficiency below. The run's figures travel in the page as JSON.
 */
public final class HtmlReport {
    private HtmlReport() {}

    /** The run's page. */
    public static String render(String runId, RunResult result, Bars bars) {
        return Charts.page("seedgrid run " + runId, view(runId, result, bars), "Written by seedgrid evolve.");
    }

    /** The walk-forward page: the stitched out-of-sample equity against buy-and-hold, and each fold's figures. */
    public static String renderWalkForward(String runId, Bars bars, WalkForwardResult result) {
        return Charts.page(
                "seedgrid walk-forward run " + runId,
                walkForwardView(runId, bars, result),
                "Written by seedgrid evolve.");
    }

    /** The run in the shape the dashboard's run page draws (GET /runs/{id}/report). */
    static Map<String, Object> view(String runId, RunResult result, Bars bars) {
        Map<String, Object> v = header(
                runId,
                result.symbol(),
                result.timeframe(),
                result.config(),
                result.spec().settings(),
                result.spec().seedNames(),
                result.durationMillis(),
                "evolution");
        List<Map<String, Object>> gens = generations(result.generations());
        v.put("generations", gens);
        v.put("generations_total", result.config().generations());
        v.put("generations_done", gens.size());
        v.put("nodes", Charts.nodes(gens));
        v.put("evaluator", result.evaluator() + "; " + result.distinctGenomes() + " distinct genomes backtested");
        v.put(
                "data",
                Map.of(
                        "first_bar",
                        result.firstBar(),
                        "last_bar",
                        result.lastBar(),
                        "count",
                        result.bars(),
                        "out_of_sample_from",
                        result.splitBar()));
        List<Map<String, Object>> top = new ArrayList<>();
        for (RankedStrategy r : result.top()) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("rank", r.rank());
            row.put("accepted", r.accepted());
            row.put("fitness", Views.finite(r.fitness().value()));
            row.put("strategy", r.strategy().toString());
            row.put("in_sample", r.fitness().inSample());
            row.put("out_of_sample", r.fitness().outOfSample());
            row.put(
                    "buy_and_hold_out_of_sample_sharpe",
                    Views.finite(r.evidence().buyAndHold().outOfSample().sharpe()));
            row.put("break_even_cost_bps", Views.breakEven(r.evidence().breakEvenCostBps()));
            row.put(
                    "criteria",
                    r.verdict().criteria().stream().map(Views::criterion).toList());
            row.put("criteria_source", "as the run judged them");
            top.add(row);
        }
        v.put("top", top);
        Metrics isBest =
                result.top().isEmpty() ? null : result.top().get(0).fitness().inSample();
        Metrics oosBest =
                result.top().isEmpty() ? null : result.top().get(0).fitness().outOfSample();
        v.put("best_in_sample_sharpe", isBest == null ? null : Views.finite(isBest.sharpe()));
        v.put("best_out_of_sample_sharpe", oosBest == null ? null : Views.finite(oosBest.sharpe()));
        v.put("results", result.top().size());
        v.put("accepted", result.top().stream().filter(RankedStrategy::accepted).count());
        v.put("deflated_sharpe", Views.finite(result.selectionBias().deflatedSharpe()));
        v.put(
                "verdict",
                result.bestAccepted()
                        .map(r -> "Accepted: #" + r.rank() + ".")
                        .orElseGet(() -> "No strategy accepted: " + Views.noEdge(result)));
        List<String> notes = new ArrayList<>(result.market().warnings());
        notes.addAll(result.selectionBias().warnings());
        v.put("notes", notes);
        result.best()
                .ifPresentOrElse(
                        best -> {
                            Map<String, Object> chart = Charts.strategy(bars, best.strategy(), best.evidence());
                            chart.put("strategy", best.strategy().toString());
                            v.put("best", chart);
                            v.put(
                                    "heat_map",
                                    Charts.heatMap(
                                                    bars,
                                                    best.strategy(),
                                                    result.spec().settings())
                                            .orElse(null));
                        },
                        () -> v.put("best_note", "no strategy was evaluated"));
        v.put("tables", List.of(selectionBias(result), gating(result)));
        return v;
    }

    static Map<String, Object> walkForwardView(String runId, Bars bars, WalkForwardResult result) {
        Fold first = result.folds().get(0);
        Map<String, Object> v = header(
                runId,
                bars.symbol(),
                bars.timeframe().label(),
                first.run().config(),
                first.run().spec().settings(),
                first.run().spec().seedNames(),
                result.durationMillis(),
                "walk-forward");
        List<GenerationStats> all = new ArrayList<>();
        int offset = 0;
        for (Fold f : result.folds()) { // generations numbered on from fold to fold, as the progress bar counts them
            for (GenerationStats g : f.run().generations()) {
                all.add(new GenerationStats(
                        offset + g.generation(),
                        g.bestFitness(),
                        g.meanFitness(),
                        g.evaluations(),
                        g.durationMillis(),
                        g.batch()));
            }
            offset += f.run().generations().size();
        }
        List<Map<String, Object>> gens = generations(all);
        v.put("generations", gens);
        v.put("generations_total", gens.size());
        v.put("generations_done", gens.size());
        v.put("nodes", Charts.nodes(gens));
        v.put("evaluator", first.run().evaluator());
        List<Map<String, Object>> folds = new ArrayList<>();
        for (Fold f : result.folds()) {
            SelectionBias bias = f.run().selectionBias();
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("fold", f.index() + 1);
            row.put("in_sample_start", f.inSampleStart());
            row.put("out_of_sample_start", f.outOfSampleStart());
            row.put("out_of_sample_end", f.outOfSampleEnd());
            row.put("in_sample_sharpe", Views.finite(f.inSample().sharpe()));
            row.put("out_of_sample_sharpe", Views.finite(f.outOfSample().sharpe()));
            row.put("out_of_sample_return", Views.finite(f.outOfSample().totalReturn()));
            row.put("out_of_sample_trades", f.outOfSample().trades());
            row.put("deflated_sharpe", Views.finite(bias.deflatedSharpe()));
            row.put("accepted", f.best().accepted());
            row.put("strategy", f.best().strategy().toString());
            folds.add(row);
        }
        v.put("folds", folds);
        v.put("results", folds.size());
        v.put(
                "accepted",
                result.folds().stream().filter(f -> f.best().accepted()).count());
        v.put("best_in_sample_sharpe", Views.finite(first.inSample().sharpe()));
        v.put("best_out_of_sample_sharpe", Views.finite(result.stitched().sharpe()));
        v.put("deflated_sharpe", null);
        v.put(
                "verdict",
                "Stitched out of sample: Sharpe "
                        + Views.number(result.stitched().sharpe(), 3) + ", return "
                        + Views.percent(result.stitched().totalReturn()) + ", max drawdown "
                        + Views.percent(result.stitched().maxDrawdown()) + ", "
                        + result.stitched().trades() + " trades over "
                        + result.stitched().bars() + " bars.");
        v.put("stitched", stitched(bars, first.run().spec().settings(), result));
        v.put("best_note", "each fold's winner was judged on its own window: see the folds and the stitched equity");
        return v;
    }

    /** The stitched out-of-sample equity beside buying and holding over the same bars, for the equity chart. */
    private static Map<String, Object> stitched(Bars bars, BacktestSettings settings, WalkForwardResult result) {
        long[] times = result.stitchedTimes();
        double[] returns = result.stitchedReturns();
        double[] market = new double[bars.size()];
        settings.backtest().buyAndHold(SeedContext.of(bars), 0, market);
        Map<Long, Integer> index = new HashMap<>();
        for (int i = 0; i < bars.size(); i++) {
            index.put(bars.endEpochMilli(i), i);
        }
        double[] time = new double[times.length];
        double[] equity = new double[times.length];
        double[] hold = new double[times.length];
        double[] held = new double[times.length];
        double e = 1;
        double h = 1;
        for (int t = 0; t < times.length; t++) {
            time[t] = times[t] / 1000.0;
            e *= 1 + returns[t];
            Integer i = index.get(times[t]);
            held[t] = i == null ? 0 : market[i];
            h *= 1 + held[t];
            equity[t] = e;
            hold[t] = h;
        }
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("symbol", bars.symbol());
        v.put("timeframe", bars.timeframe().label());
        v.put("time", time);
        v.put("equity", equity);
        v.put("buy_and_hold", hold);
        v.put("split_index", null);
        v.put("split_time", times.length == 0 ? null : Instant.ofEpochMilli(times[0]));
        v.put(
                "metrics",
                Map.of(
                        "out_of_sample",
                        result.stitched(),
                        "buy_and_hold_out_of_sample",
                        Metrics.ofReturns(held, 0, 1, 1, bars.barsPerYear())));
        return v;
    }

    private static Map<String, Object> header(
            String runId,
            String symbol,
            String timeframe,
            RunConfig config,
            BacktestSettings settings,
            List<String> seeds,
            long durationMillis,
            String mode) {
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("run_id", runId);
        v.put("status", "COMPLETED");
        v.put("symbol", symbol);
        v.put("timeframe", timeframe);
        v.put("seed", config.randomSeed());
        v.put("mode", mode);
        v.put("source", "cli");
        v.put("seeds", seeds);
        v.put("duration_ms", durationMillis);
        v.put("progress", 1.0);
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("population", config.populationSize());
        s.put("generations", config.generations());
        s.put("mutation", config.mutationRate());
        s.put("crossover", config.crossoverRate());
        s.put("elite", config.eliteFraction());
        s.put("fill", settings.fill().label());
        s.put("fee_bps", settings.feeBps());
        s.put("slippage_bps", settings.slippageBps());
        s.put("allow_short", settings.allowShort());
        s.put("out_of_sample_fraction", settings.outOfSampleFraction());
        v.put("settings", s);
        return v;
    }

    private static List<Map<String, Object>> generations(List<GenerationStats> stats) {
        List<Map<String, Object>> rows = new ArrayList<>();
        for (GenerationStats g : stats) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("generation", g.generation());
            row.put("best_fitness", Views.finite(g.bestFitness()));
            row.put("mean_fitness", Views.finite(g.meanFitness()));
            row.put("evaluations", g.evaluations());
            row.put("duration_ms", g.durationMillis());
            row.put(
                    "evaluations_per_node",
                    g.batch().map(b -> b.evaluationsPerNode()).orElse(null));
            rows.add(row);
        }
        return rows;
    }

    private static Map<String, Object> selectionBias(RunResult result) {
        SelectionBias b = result.selectionBias();
        List<List<String>> rows = new ArrayList<>();
        rows.add(List.of("Distinct strategies tried", String.valueOf(result.distinctGenomes())));
        rows.add(List.of(
                "Expected best in-sample Sharpe of that many skill-less strategies (annualised)",
                Views.number(b.expectedMaxSharpe(), 3)));
        rows.add(List.of(
                "Deflated Sharpe ratio (DSR), trials counted as independent", Views.number(b.deflatedSharpe(), 3)));
        rows.add(List.of(
                "Deflated Sharpe ratio, trials counted by clusters ("
                        + b.clustered().map(c -> c.clusters() + " clusters").orElse("not computed") + ")",
                Views.number(b.clusteredDeflatedSharpe(), 3)));
        rows.add(List.of(
                "Clustered, also counting the winner's luck inside its cluster (strict)",
                Views.number(b.strictDeflatedSharpe(), 3)));
        rows.add(List.of("Probabilistic Sharpe ratio vs 0 (PSR)", Views.number(b.probabilisticSharpe(), 3)));
        rows.add(List.of(
                "Probability of backtest overfitting (PBO, CSCV S=" + b.pboBlocks() + ", " + b.pboStrategies()
                        + " strategies)",
                Views.number(b.pbo(), 3)));
        rows.add(
                List.of("Minimum backtest length for these trials (years)", Views.number(b.minimumBacktestYears(), 2)));
        rows.add(List.of("In-sample data (years)", Views.number(b.inSampleYears(), 2)));
        Map<String, Object> t = new LinkedHashMap<>();
        t.put("title", "Selection bias");
        t.put("caption", "What the search itself did to the best figures");
        t.put("columns", List.of("figure", "value"));
        t.put("rows", rows);
        return t;
    }

    private static Map<String, Object> gating(RunResult result) {
        List<List<String>> rows = new ArrayList<>();
        result.gating()
                .forEach(g -> rows.add(
                        List.of(g.seed(), g.recommendation().toString(), g.reason() == null ? "" : g.reason())));
        Map<String, Object> t = new LinkedHashMap<>();
        t.put("title", "Data sufficiency");
        t.put("caption", "Which seeds had enough bars to take part");
        t.put("columns", List.of("seed", "verdict", "reason"));
        t.put("left", true);
        t.put("rows", rows);
        return t;
    }
}
