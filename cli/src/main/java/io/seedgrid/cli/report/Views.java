package io.seedgrid.cli.report;

import io.seedgrid.evolution.acceptance.Criterion;
import io.seedgrid.evolution.acceptance.Evidence;
import io.seedgrid.evolution.honesty.SelectionBias;
import io.seedgrid.evolution.run.GenerationStats;
import io.seedgrid.evolution.run.RankedStrategy;
import io.seedgrid.evolution.run.RunResult;
import io.seedgrid.evolution.run.SlippageBasis;
import io.seedgrid.evolution.walkforward.Fold;
import io.seedgrid.evolution.walkforward.WalkForwardResult;
import io.seedgrid.seeds.backtest.BacktestResult;
import io.seedgrid.seeds.backtest.BacktestSettings;
import io.seedgrid.seeds.bars.BarGaps;
import io.seedgrid.seeds.bars.Bars;
import io.seedgrid.seeds.gene.Genes;
import io.seedgrid.seeds.market.MarketDiagnosis;
import io.seedgrid.seeds.market.SpreadEstimate;
import io.seedgrid.seeds.strategy.BlendedStrategy;
import io.seedgrid.seeds.strategy.SeedGenes;
import io.seedgrid.service.ApiJson;
import io.seedgrid.strategies.OutOfSampleEvidence;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/** Domain results as JSON-ready maps: the shape of every report and {@code --json} output. */
public final class Views {
    private Views() {}

    public static Map<String, Object> strategy(BlendedStrategy strategy) {
        List<Map<String, Object>> seeds = new ArrayList<>();
        for (SeedGenes c : strategy.components()) {
            Map<String, Object> seed = new LinkedHashMap<>();
            seed.put("seed", c.seed().name());
            seed.put("type", c.seed().type());
            seed.put("weight", c.weight());
            seed.put("genes", Genes.named(c.seed().genes(), c.genes()));
            seeds.add(seed);
        }
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("seeds", seeds);
        view.put("entry", strategy.entry());
        view.put("exit", strategy.exit());
        view.put("warmup_bars", strategy.warmup());
        view.put("text", strategy.toString());
        return view;
    }

    /** A reported strategy; {@code judged} is how many its run judged out of sample (the Bonferroni count). */
    public static Map<String, Object> ranked(RankedStrategy ranked, int judged) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("rank", ranked.rank());
        view.put("accepted", ranked.accepted());
        view.put("verdict", ranked.verdict().summary());
        view.put(
                "criteria",
                ranked.verdict().criteria().stream().map(Views::criterion).toList());
        view.put("fitness", ranked.fitness().value());
        view.put("strategy", strategy(ranked.strategy()));
        view.put("in_sample", ranked.fitness().inSample());
        view.put("out_of_sample", ranked.fitness().outOfSample());
        view.put("evidence", evidence(ranked.evidence(), judged));
        return view;
    }

    public static Map<String, Object> criterion(Criterion c) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("criterion", c.name());
        view.put("passed", c.passed());
        view.put("value", finite(c.value()));
        view.put("threshold", finite(c.threshold()));
        view.put("detail", c.detail());
        return view;
    }

    /** Out-of-sample significance, the stress tests, buy-and-hold beside the strategy, the break-even cost. */
    public static Map<String, Object> evidence(Evidence e, int judged) {
        return ApiJson.evidence(OutOfSampleEvidence.of(e, judged));
    }

    /** Fill, its meaning, and costs with where the slippage came from. */
    public static Map<String, Object> settings(BacktestSettings s, SlippageBasis slippage) {
        Map<String, Object> view = ApiJson.settings(s);
        view.put("slippage_source", slippage.describe());
        view.put("in_sample_from", s.inSampleFrom());
        view.put("split", s.split());
        return view;
    }

    /** Plain words for a run that accepted nothing: the best out-of-sample figures and what failed. */
    public static String noEdge(RunResult result) {
        if (result.top().isEmpty()) {
            return "no strategy was evaluated";
        }
        RankedStrategy bestOos = result.top().stream()
                .max(Comparator.comparingDouble(
                        r -> r.evidence().result().outOfSample().sharpe()))
                .orElseThrow();
        var e = bestOos.evidence();
        return String.format(
                Locale.ROOT,
                "best out-of-sample Sharpe %s after costs (#%d; buy-and-hold %s);"
                        + " out-of-sample PSR %s. #%d failed: %s. An honest 'no edge found' is a result.",
                number(e.result().outOfSample().sharpe(), 2),
                bestOos.rank(),
                number(e.buyAndHold().outOfSample().sharpe(), 2),
                number(e.outOfSamplePsr(), 2),
                bestOos.rank(),
                bestOos.verdict().failed().stream().map(Criterion::detail).collect(Collectors.joining("; ")));
    }

    /** A figure for people: fixed decimals, "n/a" for NaN, "inf" for infinities. */
    public static String number(double v, int decimals) {
        return Double.isFinite(v)
                ? String.format(Locale.ROOT, "%." + decimals + "f", v)
                : Double.isNaN(v) ? "n/a" : v > 0 ? "inf" : "-inf";
    }

    public static String percent(double share) {
        return Double.isFinite(share) ? String.format(Locale.ROOT, "%.1f%%", share * 100) : "n/a";
    }

    /** A break-even cost in words: bps, or why there is none. */
    public static String breakEven(double bps) {
        if (Double.isNaN(bps)) {
            return "none (the out-of-sample return is not positive even without costs)";
        }
        if (Double.isInfinite(bps)) {
            return "infinite (no out-of-sample trade)";
        }
        return String.format(Locale.ROOT, "%.1f bps", bps);
    }

    /** A walk-forward run: every fold's windows, winner and figures, and the stitched out-of-sample headline. */
    public static Map<String, Object> walkForward(String runId, Instant created, Bars bars, WalkForwardResult result) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("run_id", runId);
        view.put("created", created);
        view.put("mode", "walk-forward");
        view.put("anchored", result.anchored());
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("symbol", bars.symbol());
        data.put("timeframe", bars.timeframe().label());
        data.put("bars", bars.size());
        data.put("first_bar", bars.endTime(0));
        data.put("last_bar", bars.endTime(bars.size() - 1));
        view.put("data", data);
        Fold first = result.folds().get(0);
        view.put("config", first.run().config());
        view.put("fitness_settings", first.run().spec());
        view.put("stitched_out_of_sample", result.stitched());
        List<Map<String, Object>> folds = new ArrayList<>();
        for (Fold f : result.folds()) {
            Map<String, Object> fold = new LinkedHashMap<>();
            fold.put("fold", f.index() + 1);
            fold.put("in_sample_bars", List.of(f.inSampleFrom(), f.inSampleTo()));
            fold.put("out_of_sample_bars", List.of(f.inSampleTo(), f.outOfSampleTo()));
            fold.put("in_sample_start", f.inSampleStart());
            fold.put("out_of_sample_start", f.outOfSampleStart());
            fold.put("out_of_sample_end", f.outOfSampleEnd());
            fold.put("best", ranked(f.best(), f.run().top().size()));
            fold.put("selection_bias", selectionBias(f.run().selectionBias()));
            fold.put("gating", f.run().gating());
            fold.put("distinct_genomes", f.run().distinctGenomes());
            folds.add(fold);
        }
        view.put("folds", folds);
        view.put("duration_ms", result.durationMillis());
        return view;
    }

    /** Selection-bias figures; undefined ones (NaN) become null. */
    public static Map<String, Object> selectionBias(SelectionBias b) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("trials", b.trials());
        view.put("deflated_sharpe", finite(b.deflatedSharpe()));
        view.put("probabilistic_sharpe", finite(b.probabilisticSharpe()));
        view.put("pbo", finite(b.pbo()));
        view.put("pbo_strategies", b.pboStrategies());
        view.put("pbo_blocks", b.pboBlocks());
        view.put("expected_max_sharpe_annual", finite(b.expectedMaxSharpe()));
        view.put("best_sharpe_per_bar", finite(b.bestSharpe()));
        view.put("trial_sharpe_variance_per_bar", finite(b.trialSharpeVariance()));
        view.put("best_returns", b.bestReturns());
        view.put("skewness", finite(b.skewness()));
        view.put("kurtosis", finite(b.kurtosis()));
        view.put("minimum_backtest_years", finite(b.minimumBacktestYears()));
        view.put("in_sample_years", finite(b.inSampleYears()));
        view.put(
                "clustered",
                b.clustered()
                        .map(c -> {
                            Map<String, Object> cv = new LinkedHashMap<>();
                            cv.put("deflated_sharpe", finite(c.betweenOnlyDeflatedSharpe()));
                            cv.put("strict_deflated_sharpe", finite(c.deflatedSharpe()));
                            cv.put("clusters", c.clusters());
                            cv.put("sharpe_variance_per_bar", finite(c.sharpeVariance()));
                            cv.put("best_cluster_members", c.clusterMembers());
                            cv.put("within_cluster_variance_per_bar", finite(c.withinVariance()));
                            cv.put("expected_max_sharpe_per_bar", finite(c.expectedMaxBetween()));
                            cv.put("strict_expected_max_sharpe_per_bar", finite(c.expectedMaxSharpe()));
                            cv.put("expected_max_sharpe_annual", finite(b.clusteredExpectedMaxSharpe()));
                            cv.put("bars_per_observation", finite(c.barsPerObservation()));
                            return cv;
                        })
                        .orElse(null));
        view.put("warnings", b.warnings());
        return view;
    }

    /**
     * A market diagnosis; undefined figures (NaN) become null. With {@code bars} (may be null), their first and last
     * bar too.
     */
    public static Map<String, Object> diagnosis(MarketDiagnosis d, Bars bars) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("symbol", d.symbol());
        view.put("timeframe", d.timeframe());
        view.put("bars", d.bars());
        if (bars != null) {
            view.put("first_bar", bars.size() == 0 ? null : bars.endTime(0));
            view.put("last_bar", bars.size() == 0 ? null : bars.endTime(bars.size() - 1));
        }
        view.put("lag1_autocorrelation", finite(d.lag1Autocorrelation()));
        view.put("zero_return_share", finite(d.zeroReturnShare()));
        view.put("median_abs_move_bps", finite(d.medianAbsMoveBps()));
        List<Map<String, Object>> estimates = new ArrayList<>();
        for (SpreadEstimate e : d.spreads().all()) {
            Map<String, Object> estimate = new LinkedHashMap<>();
            estimate.put("estimator", e.estimator());
            estimate.put("defined", e.defined());
            estimate.put("spread_bps", finite(e.spreadBps()));
            estimate.put("observations", e.observations());
            estimate.put("note", e.note());
            estimates.add(estimate);
        }
        view.put("spread_estimates", estimates);
        view.put("chosen_spread_bps", d.spreads().chosenBps());
        view.put("choice", d.spreads().choice());
        view.put("slippage_bps", d.spreads().slippageBps());
        view.put("bounce_dominated", d.bounceDominated());
        view.put("warnings", d.warnings());
        return view;
    }

    static Double finite(double value) {
        return Double.isFinite(value) ? value : null;
    }

    public static Map<String, Object> backtest(BlendedStrategy strategy, BacktestResult result, Instant splitTime) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("strategy", strategy(strategy));
        view.put("out_of_sample_from", splitTime);
        view.put("in_sample", result.inSample());
        view.put("out_of_sample", result.outOfSample());
        return view;
    }

    /** The run summary: config, seed, gating, per-generation best/mean, top strategies with genes and metrics. */
    public static Map<String, Object> run(String runId, Instant created, RunResult result) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("run_id", runId);
        view.put("created", created);
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("symbol", result.symbol());
        data.put("timeframe", result.timeframe());
        data.put("bars", result.bars());
        data.put("first_bar", result.firstBar());
        data.put("last_bar", result.lastBar());
        data.put("out_of_sample_from", result.splitBar());
        view.put("data", data);
        view.put("config", result.config());
        view.put("random_seed", result.config().randomSeed());
        view.put("fitness_settings", result.spec());
        view.put("execution", settings(result.spec().settings(), result.slippage()));
        view.put("market", diagnosis(result.market(), null));
        view.put("acceptance", result.acceptance());
        view.put(
                "accepted",
                result.top().stream().filter(RankedStrategy::accepted).count());
        view.put(
                "verdict",
                result.bestAccepted()
                        .map(r -> "accepted: #" + r.rank())
                        .orElseGet(() -> "no strategy accepted: " + noEdge(result)));
        view.put("evaluator", result.evaluator());
        view.put("gating", result.gating());
        List<Map<String, Object>> generations = new ArrayList<>();
        for (GenerationStats g : result.generations()) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("generation", g.generation());
            row.put("best_fitness", g.bestFitness());
            row.put("mean_fitness", g.meanFitness());
            row.put("evaluations", g.evaluations());
            row.put("duration_ms", g.durationMillis());
            g.batch().ifPresent(b -> {
                row.put("evaluations_per_node", b.evaluationsPerNode());
                row.put("grid_wall_ms", b.wallMillis());
                row.put("grid_compute_ms", b.computeMillis());
                row.put("grid_overhead_ms", b.overheadMillis());
            });
            generations.add(row);
        }
        view.put("generations", generations);
        view.put(
                "top",
                result.top().stream().map(r -> ranked(r, result.top().size())).toList());
        view.put("selection_bias", selectionBias(result.selectionBias()));
        view.put("distinct_genomes", result.distinctGenomes());
        view.put("duration_ms", result.durationMillis());
        return view;
    }

    /** The large gaps of a series (see {@link BarGaps}): how many, by which rule, and the longest with their dates. */
    public static Map<String, Object> gaps(BarGaps gaps) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("count", gaps.count());
        view.put("longer_than_ms", gaps.threshold().toMillis());
        view.put("total_ms", gaps.total().toMillis());
        List<Map<String, Object>> longest = new ArrayList<>();
        for (BarGaps.Gap g : gaps.longest()) {
            Map<String, Object> gap = new LinkedHashMap<>();
            gap.put("after", g.after());
            gap.put("before", g.before());
            gap.put("length_ms", g.length().toMillis());
            gap.put("bar", g.index());
            longest.add(gap);
        }
        view.put("longest", longest);
        view.put("summary", gaps.summary());
        return view;
    }
}
