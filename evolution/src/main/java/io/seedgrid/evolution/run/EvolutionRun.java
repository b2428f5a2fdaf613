package io.seedgrid.evolution.run;

import io.jenetics.DoubleChromosome;
import io.jenetics.DoubleGene;
import io.jenetics.EliteSelector;
import io.jenetics.GaussianMutator;
import io.jenetics.Genotype;
import io.jenetics.Phenotype;
import io.jenetics.SinglePointCrossover;
import io.jenetics.TournamentSelector;
import io.jenetics.engine.Engine;
import io.jenetics.engine.EvolutionResult;
import io.jenetics.engine.EvolutionStart;
import io.jenetics.engine.Evaluator;
import io.jenetics.util.ISeq;
import io.jenetics.util.RandomRegistry;
import io.jenetics.util.Seq;
import io.seedgrid.evolution.codec.StrategyCodec;
import io.seedgrid.evolution.fitness.BatchReport;
import io.seedgrid.evolution.fitness.EvaluationSpec;
import io.seedgrid.evolution.fitness.Fitness;
import io.seedgrid.evolution.fitness.GenomeEvaluator;
import io.seedgrid.evolution.fitness.LocalEvaluator;
import io.seedgrid.evolution.honesty.Overfitting;
import io.seedgrid.evolution.honesty.SelectionBias;
import io.seedgrid.evolution.honesty.SelectionBiasAssessor;
import io.seedgrid.seeds.Seeds;
import io.seedgrid.seeds.backtest.CostModel;
import io.seedgrid.seeds.bars.Bars;
import io.seedgrid.seeds.gating.DataSufficiency;
import io.seedgrid.seeds.gating.GateDecision;
import io.seedgrid.seeds.seed.Seed;
import io.seedgrid.seeds.seed.SeedContext;
import io.seedgrid.seeds.strategy.BlendedStrategy;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.function.BiFunction;
import java.util.function.Consumer;

/**
 * One evolution of blended strategies on one symbol's bars.
 *
 * <p>Seeds asked for are gated first (data sufficiency on the bars given); those kept out are reported with the
 * reason, and a run with no eligible seed is refused. Jenetics runs single-threaded under a random source seeded
 * from {@link RunConfig#randomSeed()}; all parallelism is inside the {@link GenomeEvaluator}, which gets each
 * generation's new genomes in one batch. A ledger keeps every genome's fitness, so a repeat is never backtested
 * twice and the number of distinct trials is known.
 */
public final class EvolutionRun {
    private final Bars bars;
    private final RunConfig config;
    private final EvaluationSpec spec;
    private final List<GateDecision> gating;
    private final BiFunction<EvaluationSpec, SeedContext, GenomeEvaluator> evaluators;
    private final List<Checkpoint> resumeFrom;

    private EvolutionRun(Builder builder, List<GateDecision> gating, EvaluationSpec spec) {
        this.bars = builder.bars;
        this.config = builder.config;
        this.spec = spec;
        this.gating = gating;
        this.evaluators = builder.evaluators;
        this.resumeFrom = builder.resumeFrom;
    }

    public static Builder builder(Bars bars) {
        return new Builder(bars);
    }

    public RunConfig config() {
        return config;
    }

    public EvaluationSpec spec() {
        return spec;
    }

    public List<GateDecision> gating() {
        return gating;
    }

    /** Runs all generations, calling {@code listener} after each. */
    public RunResult run(Consumer<GenerationStats> listener) {
        return run(listener, checkpoint -> { });
    }

    /**
     * Runs the remaining generations (all of them, or those after the checkpoints it resumes from), calling
     * {@code listener} and then {@code checkpoints} after each one. A run resumed from the checkpoints of an earlier
     * run with the same settings ends with that run's uninterrupted result, bit for bit.
     */
    public RunResult run(Consumer<GenerationStats> listener, Consumer<Checkpoint> checkpoints) {
        long started = System.nanoTime();
        SeedContext context = SeedContext.of(bars);
        StrategyCodec codec = spec.codec();
        Map<GenomeKey, Fitness> ledger = new LinkedHashMap<>();
        List<GenerationStats> generations = new ArrayList<>();
        for (Checkpoint done : resumeFrom) {
            done.newTrials().forEach(t -> ledger.put(new GenomeKey(t.genome().clone()), t.fitness()));
            generations.add(done.stats());
        }
        Checkpoint last = resumeFrom.isEmpty() ? null : resumeFrom.get(resumeFrom.size() - 1);
        Random random = last == null ? new Random(config.randomSeed()) : Checkpoint.restoreRandom(last.randomState());
        int remaining = config.generations() - resumeFrom.size();
        ISeq<Phenotype<DoubleGene, Double>> finalPopulation;
        String described;
        try (GenomeEvaluator evaluator = evaluators.apply(spec, context)) {
            described = evaluator.describe();
            LedgerEvaluator batch = new LedgerEvaluator(evaluator, ledger);
            Engine<DoubleGene, Double> engine = new Engine.Builder<>(batch,
                    Genotype.of(DoubleChromosome.of(0, 1, codec.length())))
                    .populationSize(config.populationSize())
                    .survivorsSelector(config.eliteCount() > 0
                            ? new EliteSelector<DoubleGene, Double>(config.eliteCount(), new TournamentSelector<>(3))
                            : new TournamentSelector<DoubleGene, Double>(3))
                    .offspringSelector(new TournamentSelector<DoubleGene, Double>(3))
                    .alterers(new SinglePointCrossover<DoubleGene, Double>(config.crossoverRate()), new GaussianMutator<DoubleGene, Double>(config.mutationRate()))
                    .executor(Runnable::run) // determinism: one engine thread; parallelism lives in the evaluator
                    .maximizing()
                    .build();
            long[] mark = {System.nanoTime(), ledger.size()};
            if (remaining <= 0) {
                finalPopulation = population(last);
            } else {
                var stream = last == null ? engine.stream()
                        : engine.stream(() -> EvolutionStart.of(population(last), last.nextGeneration()));
                finalPopulation = RandomRegistry.with(random, r -> stream
                        .limit(remaining)
                        .peek(result -> {
                            long now = System.nanoTime();
                            int before = (int) mark[1];
                            GenerationStats stats = stats(result, ledger.size() - before, (now - mark[0]) / 1_000_000,
                                    batch.takeBatches());
                            mark[0] = now;
                            mark[1] = ledger.size();
                            generations.add(stats);
                            listener.accept(stats);
                            checkpoints.accept(checkpoint(stats, result, random, ledger, before));
                        })
                        .reduce((first, second) -> second)
                        .orElseThrow()
                        .population());
            }
        }
        List<RankedStrategy> top = top(ledger, codec);
        List<BlendedStrategy> population = finalPopulation.stream()
                .map(p -> codec.decode(GenomeKey.of(p.genotype()).genome())).toList();
        SelectionBias bias = SelectionBiasAssessor.assess(ledger.values(), top.get(0).strategy(), population, spec,
                context, Overfitting.DEFAULT_BLOCKS);
        int split = spec.backtest().splitIndex(bars.size());
        return new RunResult(bars.symbol(), bars.timeframe().label(), bars.size(), bars.endTime(0),
                bars.endTime(bars.size() - 1), bars.endTime(Math.min(split, bars.size() - 1)), config, spec, gating,
                generations, top, ledger.size(), (System.nanoTime() - started) / 1_000_000, described, bias, population);
    }

    private static Checkpoint checkpoint(GenerationStats stats, EvolutionResult<DoubleGene, Double> result,
            Random random, Map<GenomeKey, Fitness> ledger, int before) {
        List<Checkpoint.Member> members = result.population().stream()
                .map(p -> new Checkpoint.Member(GenomeKey.of(p.genotype()).genome(), p.fitness(), p.generation()))
                .toList();
        List<Checkpoint.Trial> trials = ledger.entrySet().stream().skip(before)
                .map(e -> new Checkpoint.Trial(e.getKey().genome(), e.getValue())).toList();
        GenerationStats plain = new GenerationStats(stats.generation(), stats.bestFitness(), stats.meanFitness(),
                stats.evaluations(), stats.durationMillis(), stats.batch());
        return new Checkpoint(plain, result.next().generation(), members, Checkpoint.saveRandom(random), trials);
    }

    /** The checkpoint's population as Jenetics phenotypes, fitness and birth generation included. */
    private static ISeq<Phenotype<DoubleGene, Double>> population(Checkpoint checkpoint) {
        return checkpoint.population().stream()
                .map(m -> {
                    var genes = java.util.Arrays.stream(m.genome()).mapToObj(v -> DoubleGene.of(v, 0, 1)).toList();
                    Genotype<DoubleGene> genotype = Genotype.of(DoubleChromosome.of(genes));
                    return Phenotype.<DoubleGene, Double>of(genotype, m.born(), m.fitness());
                })
                .collect(ISeq.toISeq());
    }

    private static GenerationStats stats(EvolutionResult<DoubleGene, Double> result, int evaluations, long millis,
            Optional<BatchReport> batch) {
        double sum = 0;
        for (Phenotype<DoubleGene, Double> p : result.population()) {
            sum += p.fitness();
        }
        return new GenerationStats((int) result.generation(), result.bestFitness(),
                sum / result.population().size(), evaluations, millis, batch);
    }

    /** The best distinct strategies in the ledger, best first; ties keep the order they were found in. */
    private List<RankedStrategy> top(Map<GenomeKey, Fitness> ledger, StrategyCodec codec) {
        var entries = new ArrayList<>(ledger.entrySet());
        entries.sort(Comparator.comparingDouble((Map.Entry<GenomeKey, Fitness> e) -> e.getValue().value()).reversed());
        List<RankedStrategy> top = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (var entry : entries) {
            BlendedStrategy strategy = codec.decode(entry.getKey().genome());
            if (!seen.add(strategy.toString())) {
                continue; // different genomes, same strategy once decoded
            }
            Fitness fitness = entry.getValue();
            top.add(new RankedStrategy(top.size() + 1, entry.getKey().genome(), strategy, fitness,
                    fitness.value() >= config.minFitness()));
            if (top.size() == config.topCount()) {
                break;
            }
        }
        return top;
    }

    /** Jenetics' evaluator: looks genomes up in the ledger and sends the new ones to the batch evaluator at once. */
    private static final class LedgerEvaluator implements Evaluator<DoubleGene, Double> {
        private final GenomeEvaluator evaluator;
        private final Map<GenomeKey, Fitness> ledger;
        private Optional<BatchReport> batches = Optional.empty();

        LedgerEvaluator(GenomeEvaluator evaluator, Map<GenomeKey, Fitness> ledger) {
            this.evaluator = evaluator;
            this.ledger = ledger;
        }

        @Override
        public ISeq<Phenotype<DoubleGene, Double>> eval(Seq<Phenotype<DoubleGene, Double>> population) {
            var fresh = new LinkedHashMap<GenomeKey, Integer>();
            for (Phenotype<DoubleGene, Double> p : population) {
                if (p.nonEvaluated()) {
                    GenomeKey key = GenomeKey.of(p.genotype());
                    if (!ledger.containsKey(key)) {
                        fresh.putIfAbsent(key, fresh.size());
                    }
                }
            }
            if (!fresh.isEmpty()) {
                List<double[]> genomes = fresh.keySet().stream().map(GenomeKey::genome).toList();
                List<Fitness> results = evaluator.evaluate(genomes);
                evaluator.lastBatch().ifPresent(b -> batches = Optional.of(batches.map(b::plus).orElse(b)));
                if (results.size() != genomes.size()) {
                    throw new IllegalStateException("evaluator returned " + results.size() + " results for "
                            + genomes.size() + " genomes");
                }
                int i = 0;
                for (GenomeKey key : fresh.keySet()) {
                    ledger.put(key, Objects.requireNonNull(results.get(i++), "missing fitness"));
                }
            }
            return population.map(p -> p.isEvaluated() ? p : p.withFitness(ledger.get(GenomeKey.of(p.genotype())).value()))
                    .asISeq();
        }

        /** The batch figures gathered since the last call (one generation's evaluator calls), then forgets them. */
        Optional<BatchReport> takeBatches() {
            Optional<BatchReport> taken = batches;
            batches = Optional.empty();
            return taken;
        }
    }

    /** A genome as a map key: equal when every value is equal bit for bit. */
    private record GenomeKey(double[] values) {
        static GenomeKey of(Genotype<DoubleGene> genotype) {
            var chromosome = genotype.chromosome();
            double[] values = new double[chromosome.length()];
            for (int i = 0; i < values.length; i++) {
                values[i] = chromosome.get(i).doubleValue();
            }
            return new GenomeKey(values);
        }

        double[] genome() {
            return values.clone();
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof GenomeKey key && Arrays.equals(values, key.values);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(values);
        }
    }

    /**
     * Settings of a run. Required: the bars. Defaults: every registered seed (gated on the bars), {@link RunConfig#DEFAULT},
     * {@link CostModel#DEFAULT}, long only, 30% held out, at least {@value EvaluationSpec#DEFAULT_MIN_TRADES} trades,
     * a {@link LocalEvaluator} on all cores.
     */
    public static final class Builder {
        private final Bars bars;
        private List<Seed> seeds = Seeds.all();
        private RunConfig config = RunConfig.DEFAULT;
        private CostModel costs = CostModel.DEFAULT;
        private boolean allowShort;
        private double outOfSampleFraction = 0.3;
        private int minTrades = EvaluationSpec.DEFAULT_MIN_TRADES;
        private int inSampleFrom;
        private int split = -1;
        private int gatingBars = -1;
        private List<Checkpoint> resumeFrom = List.of();
        private BiFunction<EvaluationSpec, SeedContext, GenomeEvaluator> evaluators =
                (spec, context) -> LocalEvaluator.onAllCores(spec.fitnessFunction(), context);

        private Builder(Bars bars) {
            this.bars = Objects.requireNonNull(bars, "bars");
            if (bars.size() < 2) {
                throw new IllegalArgumentException("an evolution needs at least 2 bars but " + bars.symbol() + " has " + bars.size());
            }
        }

        public Builder seeds(List<Seed> seeds) {
            if (seeds.isEmpty()) {
                throw new IllegalArgumentException("at least one seed is needed");
            }
            this.seeds = List.copyOf(seeds);
            return this;
        }

        public Builder config(RunConfig config) {
            this.config = Objects.requireNonNull(config, "config");
            return this;
        }

        public Builder costs(CostModel costs) {
            this.costs = Objects.requireNonNull(costs, "costs");
            return this;
        }

        public Builder allowShort(boolean allowShort) {
            this.allowShort = allowShort;
            return this;
        }

        public Builder outOfSampleFraction(double fraction) {
            this.outOfSampleFraction = fraction;
            return this;
        }

        public Builder minTrades(int minTrades) {
            this.minTrades = minTrades;
            return this;
        }

        /**
         * Evolve on the in-sample window {@code [from, split)} only; earlier bars warm indicators up, later bars are
         * out of sample. Gating then judges the {@code split} bars known before the out-of-sample window.
         */
        public Builder inSampleWindow(int from, int split) {
            if (from < 0 || split <= from || split > bars.size()) {
                throw new IllegalArgumentException("in-sample window must satisfy 0 <= from < split <= " + bars.size()
                        + " but was [" + from + ", " + split + ")");
            }
            this.inSampleFrom = from;
            this.split = split;
            this.gatingBars = split;
            return this;
        }

        /**
         * Resume after these checkpoints of an earlier run with the same settings (every generation it completed, in
         * order); only the remaining generations run.
         */
        public Builder resumeFrom(List<Checkpoint> checkpoints) {
            for (int i = 0; i < checkpoints.size(); i++) {
                if (checkpoints.get(i).stats().generation() != i + 1) {
                    throw new IllegalArgumentException("checkpoint " + (i + 1) + " is for generation "
                            + checkpoints.get(i).stats().generation() + ": checkpoints must be complete and in order");
                }
            }
            this.resumeFrom = List.copyOf(checkpoints);
            return this;
        }

        /** Where fitness runs: given the spec and the run's bars, a batch evaluator (closed at the end of the run). */
        public Builder evaluators(BiFunction<EvaluationSpec, SeedContext, GenomeEvaluator> evaluators) {
            this.evaluators = Objects.requireNonNull(evaluators, "evaluators");
            return this;
        }

        /**
         * Gates the seeds and builds the run.
         *
         * @throws NoEligibleSeedException if data sufficiency keeps every seed out
         */
        public EvolutionRun build() {
            int known = gatingBars >= 0 ? gatingBars : bars.size();
            List<GateDecision> gating = seeds.stream().map(seed -> DataSufficiency.assess(seed, known)).toList();
            List<String> eligible = gating.stream().filter(GateDecision::eligible).map(GateDecision::seed).toList();
            if (eligible.isEmpty()) {
                throw new NoEligibleSeedException(bars, gating);
            }
            var spec = new EvaluationSpec(eligible, costs.feeBps(), costs.slippageBps(), allowShort, outOfSampleFraction,
                    minTrades, inSampleFrom, split);
            return new EvolutionRun(this, gating, spec);
        }
    }
}
