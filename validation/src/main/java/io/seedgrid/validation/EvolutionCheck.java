package io.seedgrid.validation;

import io.seedgrid.evolution.fitness.LocalEvaluator;
import io.seedgrid.evolution.run.EvolutionRun;
import io.seedgrid.evolution.run.GenerationStats;
import io.seedgrid.evolution.run.RankedStrategy;
import io.seedgrid.evolution.run.RunConfig;
import io.seedgrid.evolution.run.RunResult;
import io.seedgrid.seeds.Seeds;
import io.seedgrid.seeds.backtest.Metrics;
import io.seedgrid.seeds.bars.Bars;
import io.seedgrid.seeds.seed.Seed;
import io.seedgrid.storage.SymbolSummary;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;

/**
 * A short evolution cycle on the work series, exactly as {@code seedgrid evolve} runs one (gating, Jenetics, the
 * local batch evaluator): it must finish, every generation within the per-generation limit; its best fitness must
 * never get worse from one generation to the next; and the best strategy must have out-of-sample metrics (bars
 * measured, finite figures). Evolution resolves seeds through the registry, so it evolves the deployment's seeds that
 * the registry knows; others are listed as not evolvable.
 */
final class EvolutionCheck extends BaseCheck {
    EvolutionCheck(int weight, boolean critical) {
        super(
                "evolution",
                "Evolution: a short cycle on stored data completes in time, best fitness never worse, "
                        + "out-of-sample metrics",
                weight,
                critical);
    }

    @Override
    public CheckOutcome run(ValidationContext context) throws InterruptedException {
        if (context.store().isEmpty()) {
            return CheckOutcome.skipped(context.storageUnavailable());
        }
        Optional<SymbolSummary> work = context.workSeries();
        if (work.isEmpty()) {
            return CheckOutcome.failed(context.noWorkSeries(), "", Map.of());
        }
        ValidationSettings settings = context.settings();
        List<Seed> evolvable = new ArrayList<>();
        List<String> unknown = new ArrayList<>();
        for (Seed seed : context.seeds()) {
            if (registered(seed)) {
                evolvable.add(seed);
            } else {
                unknown.add(seed.name());
            }
        }
        if (evolvable.isEmpty()) {
            return CheckOutcome.failed(
                    "none of the deployment's seeds is in the registry evolution uses: " + unknown, "", Map.of());
        }
        Bars bars = context.bars(work.get());
        RunConfig config = RunConfig.DEFAULT
                .withPopulationSize(settings.evolutionPopulation())
                .withGenerations(settings.evolutionGenerations())
                .withRandomSeed(settings.randomSeed());
        EvolutionRun run;
        try {
            run = EvolutionRun.builder(bars)
                    .seeds(evolvable)
                    .config(config)
                    .evaluators((spec, seedContext) ->
                            new LocalEvaluator(spec.fitnessFunction(), seedContext, settings.threads()))
                    .build();
        } catch (IllegalArgumentException e) { // no eligible seed, too few bars
            return CheckOutcome.failed(
                    "the evolution cannot start on " + ValidationContext.label(work.get()) + ": " + e.getMessage(),
                    "",
                    Map.of());
        }
        long limitMillis = settings.generationLimit().toMillis();
        long deadline = limitMillis * settings.evolutionGenerations();
        CompletableFuture<RunResult> running = new CompletableFuture<>();
        Thread worker = new Thread(
                () -> {
                    try {
                        running.complete(run.run(stats -> {}));
                    } catch (Throwable e) {
                        running.completeExceptionally(e);
                    }
                },
                "seedgrid-validate-evolution");
        worker.setDaemon(true);
        worker.start();
        RunResult result;
        try {
            result = running.get(deadline, TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            worker.interrupt();
            return CheckOutcome.failed(
                    "the evolution of " + settings.evolutionGenerations() + " generations did not " + "finish within "
                            + seconds(deadline) + " (" + seconds(limitMillis) + " per generation)",
                    "",
                    Map.of());
        } catch (InterruptedException e) {
            worker.interrupt();
            throw e;
        } catch (ExecutionException e) {
            return CheckOutcome.failed("the evolution failed: " + describe(e.getCause()), "", Map.of());
        }

        List<String> problems = new ArrayList<>();
        List<GenerationStats> generations = result.generations();
        if (generations.size() != settings.evolutionGenerations()) {
            problems.add("ran " + generations.size() + " of " + settings.evolutionGenerations() + " generations");
        }
        for (int g = 0; g < generations.size(); g++) {
            GenerationStats stats = generations.get(g);
            if (stats.durationMillis() > limitMillis) {
                problems.add("generation " + stats.generation() + " took " + seconds(stats.durationMillis())
                        + ", limit " + seconds(limitMillis));
            }
            if (!Double.isFinite(stats.bestFitness())) {
                problems.add("generation " + stats.generation() + " has best fitness " + stats.bestFitness());
            }
            if (g > 0 && stats.bestFitness() < generations.get(g - 1).bestFitness()) {
                problems.add(String.format(
                        Locale.ROOT,
                        "best fitness got worse in generation %d: %.6g after %.6g",
                        stats.generation(),
                        stats.bestFitness(),
                        generations.get(g - 1).bestFitness()));
            }
        }
        Optional<RankedStrategy> best = result.best();
        Metrics oos = best.map(b -> b.fitness().outOfSample()).orElse(null);
        if (best.isEmpty()) {
            problems.add("no strategy was evaluated");
        } else if (oos.bars() <= 0 || !Double.isFinite(oos.sharpe()) || !Double.isFinite(oos.totalReturn())) {
            problems.add("the best strategy has no out-of-sample metrics: " + oos);
        }
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("series", ValidationContext.label(work.get()));
        details.put("population", settings.evolutionPopulation());
        details.put(
                "generations",
                generations.stream()
                        .map(s -> Map.<String, Object>of(
                                "generation",
                                s.generation(),
                                "best_fitness",
                                s.bestFitness(),
                                "mean_fitness",
                                s.meanFitness(),
                                "evaluations",
                                s.evaluations(),
                                "millis",
                                s.durationMillis()))
                        .toList());
        details.put("generation_limit_ms", limitMillis);
        details.put("evolved_seeds", result.spec().seedNames());
        details.put("not_evolvable", unknown);
        details.put(
                "gated_out",
                result.gating().stream()
                        .filter(g -> !g.eligible())
                        .map(g -> g.seed() + " " + g.recommendation())
                        .toList());
        details.put("duration_ms", result.durationMillis());
        best.ifPresent(b -> {
            details.put("best_strategy", b.strategy().toString());
            details.put("best_fitness", b.fitness().value());
            details.put(
                    "best_out_of_sample",
                    Map.of(
                            "bars",
                            b.fitness().outOfSample().bars(),
                            "sharpe",
                            b.fitness().outOfSample().sharpe(),
                            "total_return",
                            b.fitness().outOfSample().totalReturn(),
                            "trades",
                            b.fitness().outOfSample().trades()));
        });
        String evidence = String.format(
                Locale.ROOT,
                "%d x %d on %s, %d seeds: best %s, slowest generation %s " + "(limit %s)%s",
                settings.evolutionPopulation(),
                generations.size(),
                ValidationContext.label(work.get()),
                result.spec().seedNames().size(),
                generations.stream().map(s -> number(s.bestFitness())).collect(Collectors.joining(" -> ")),
                seconds(generations.stream()
                        .mapToLong(GenerationStats::durationMillis)
                        .max()
                        .orElse(0)),
                seconds(limitMillis),
                oos == null
                        ? ""
                        : String.format(
                                Locale.ROOT,
                                "; best out-of-sample: %d bars, Sharpe %.2f, return %.2f%%",
                                oos.bars(),
                                oos.sharpe(),
                                oos.totalReturn() * 100));
        return CheckOutcome.judge(problems, evidence, details);
    }

    private static boolean registered(Seed seed) {
        try {
            return Seeds.byName(seed.name()) == seed;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }
}
