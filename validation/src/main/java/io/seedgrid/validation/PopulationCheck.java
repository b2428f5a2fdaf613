package io.seedgrid.validation;

import io.jenetics.DoubleChromosome;
import io.jenetics.DoubleGene;
import io.jenetics.Genotype;
import io.jenetics.util.RandomRegistry;
import io.seedgrid.evolution.codec.StrategyCodec;
import io.seedgrid.evolution.fitness.EvaluationSpec;
import io.seedgrid.evolution.fitness.Fitness;
import io.seedgrid.evolution.fitness.FitnessFunction;
import io.seedgrid.seeds.backtest.BacktestSettings;
import io.seedgrid.seeds.backtest.Metrics;
import io.seedgrid.seeds.bars.Bars;
import io.seedgrid.seeds.gating.DataSufficiency;
import io.seedgrid.seeds.gene.GeneSpec;
import io.seedgrid.seeds.seed.Seed;
import io.seedgrid.seeds.seed.SeedContext;
import io.seedgrid.seeds.strategy.BlendedStrategy;
import io.seedgrid.seeds.strategy.SeedGenes;
import io.seedgrid.storage.SymbolSummary;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;

/**
 * Creates a population the way an evolution starts one (Jenetics genotypes of unit values, seeded) over every seed
 * eligible on the work series, and within the time limit checks each genome: it decodes to genes inside their
 * ranges (whole numbers for integer genes), weights and thresholds inside theirs, and to a strategy that backtests
 * without error to a finite fitness with finite in- and out-of-sample metrics. Any genome that does not is a
 * critical failure; the check passes with none.
 */
final class PopulationCheck extends BaseCheck {
    PopulationCheck(int weight, boolean critical) {
        super(
                "population",
                "Genetic population: creating and backtesting a population within the limit, 0 critical " + "failures",
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
        Bars bars = context.bars(work.get());
        List<Seed> eligible = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        for (Seed seed : context.seeds()) {
            try {
                if (DataSufficiency.assess(seed, bars.size()).eligible()) {
                    eligible.add(seed);
                }
            } catch (RuntimeException e) {
                problems.add(seed.name() + " cannot be gated: " + describe(e));
            }
        }
        if (eligible.isEmpty()) {
            problems.add(0, "no seed is eligible on " + ValidationContext.label(work.get()));
            return CheckOutcome.judge(problems, "", Map.of());
        }
        int size = settings.populationSize();
        Instant started = context.clock().instant();
        StrategyCodec codec = new StrategyCodec(eligible);
        FitnessFunction fitness = new FitnessFunction(
                codec,
                BacktestSettings.DEFAULT.backtest(),
                EvaluationSpec.DEFAULT_MIN_TRADES,
                EvaluationSpec.DEFAULT_PARSIMONY);
        Genotype<DoubleGene> factory = Genotype.of(DoubleChromosome.of(0, 1, codec.length()));
        List<double[]> genomes = RandomRegistry.with(
                new Random(settings.randomSeed()),
                random -> IntStream.range(0, size)
                        .mapToObj(i -> genome(factory.newInstance()))
                        .toList());
        SeedContext seedContext = SeedContext.of(bars);
        String[] failures = new String[size];
        double[] values = new double[size];
        ExecutorService pool = Executors.newFixedThreadPool(Math.min(settings.threads(), size), r -> {
            Thread thread = new Thread(r, "seedgrid-validate-population");
            thread.setDaemon(true);
            return thread;
        });
        try {
            List<Callable<Void>> tasks = new ArrayList<>();
            for (int i = 0; i < size; i++) {
                int index = i;
                tasks.add(() -> {
                    try {
                        values[index] = check(codec, fitness, genomes.get(index), seedContext);
                    } catch (RuntimeException | LinkageError | AssertionError e) {
                        failures[index] = e instanceof InvalidGenome ? e.getMessage() : "backtest threw " + describe(e);
                    }
                    return null;
                });
            }
            for (Future<Void> f : pool.invokeAll(tasks)) {
                f.get();
            }
        } catch (ExecutionException e) {
            throw new IllegalStateException("population check task failed: " + describe(e.getCause()), e.getCause());
        } finally {
            pool.shutdownNow();
        }
        long millis = Duration.between(started, context.clock().instant()).toMillis();

        List<String> critical = new ArrayList<>();
        for (int i = 0; i < size; i++) {
            if (failures[i] != null) {
                critical.add("genome " + i + ": " + failures[i]);
            }
        }
        if (!critical.isEmpty()) {
            problems.add(critical.size() + " of " + size + " genomes are critical failures, first: " + critical.get(0));
        }
        if (millis >= settings.populationLimit().toMillis()) {
            problems.add("creating the population took " + seconds(millis) + ", limit "
                    + seconds(settings.populationLimit().toMillis()));
        }
        double[] ok = IntStream.range(0, size)
                .filter(i -> failures[i] == null)
                .mapToDouble(i -> values[i])
                .sorted()
                .toArray();
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("series", ValidationContext.label(work.get()));
        details.put("seeds", eligible.stream().map(Seed::name).toList());
        details.put("genomes", size);
        details.put("genome_length", codec.length());
        details.put("critical_failures", critical.size());
        details.put("failures", critical.subList(0, Math.min(10, critical.size())));
        details.put("millis", millis);
        details.put("limit_ms", settings.populationLimit().toMillis());
        details.put("threads", Math.min(settings.threads(), size));
        if (ok.length > 0) {
            details.put("best_fitness", ok[ok.length - 1]);
            details.put("median_fitness", ok[ok.length / 2]);
        }
        String evidence = size + " genomes over " + eligible.size() + " seeds on " + ValidationContext.label(work.get())
                + ": " + critical.size() + " critical failures, " + seconds(millis) + " (limit "
                + seconds(settings.populationLimit().toMillis()) + ")"
                + (ok.length > 0
                        ? ", fitness median " + number(ok[ok.length / 2]) + " best " + number(ok[ok.length - 1])
                        : "");
        return CheckOutcome.judge(problems, evidence, details);
    }

    private static double[] genome(Genotype<DoubleGene> genotype) {
        var chromosome = genotype.chromosome();
        double[] values = new double[chromosome.length()];
        for (int i = 0; i < values.length; i++) {
            values[i] = chromosome.get(i).doubleValue();
        }
        return values;
    }

    /** Decodes and backtests one genome; throws {@link InvalidGenome} (or whatever the backtest threw) if it fails. */
    private static double check(StrategyCodec codec, FitnessFunction fitness, double[] genome, SeedContext context) {
        BlendedStrategy strategy = codec.decode(genome);
        for (SeedGenes component : strategy.components()) {
            List<GeneSpec> specs = component.seed().genes();
            double[] genes = component.genes();
            for (int g = 0; g < specs.size(); g++) {
                inRange(specs.get(g), genes[g], component.seed().name());
            }
            inRange(StrategyCodec.WEIGHT, component.weight(), component.seed().name());
        }
        inRange(StrategyCodec.ENTRY, strategy.entry(), "strategy");
        inRange(StrategyCodec.EXIT, strategy.exit(), "strategy");
        Fitness f = fitness.evaluate(genome, context);
        if (!Double.isFinite(f.value()) || !finite(f.inSample()) || !finite(f.outOfSample())) {
            throw new InvalidGenome("backtest gave a non-finite result: fitness " + f.value() + ", in-sample "
                    + f.inSample() + ", out-of-sample " + f.outOfSample() + " for genome " + Arrays.toString(genome));
        }
        return f.value();
    }

    private static void inRange(GeneSpec spec, double value, String owner) {
        try {
            spec.require(value);
        } catch (IllegalArgumentException e) {
            throw new InvalidGenome("decodes out of range: " + owner + " " + e.getMessage());
        }
    }

    private static boolean finite(Metrics m) {
        return Double.isFinite(m.sharpe())
                && Double.isFinite(m.sortino())
                && Double.isFinite(m.totalReturn())
                && Double.isFinite(m.maxDrawdown());
    }

    /** A genome that decodes outside the ranges, or backtests to non-finite figures. */
    private static final class InvalidGenome extends RuntimeException {
        InvalidGenome(String message) {
            super(message);
        }
    }
}
