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
import io.jenetics.engine.Evaluator;
import io.jenetics.engine.EvolutionResult;
import io.jenetics.engine.EvolutionStart;
import io.jenetics.util.ISeq;
import io.jenetics.util.RandomRegistry;
import io.jenetics.util.Seq;
import io.seedgrid.evolution.acceptance.AcceptanceCriteria;
import io.seedgrid.evolution.acceptance.Evidence;
import io.seedgrid.evolution.codec.StrategyCodec;
import io.seedgrid.evolution.fitness.BatchReport;
import io.seedgrid.evolution.fitness.EvaluationSpec;
import io.seedgrid.evolution.fitness.Fitness;
import io.seedgrid.evolution.fitness.GenomeEvaluator;
import io.seedgrid.evolution.fitness.LocalEvaluator;
import io.seedgrid.evolution.honesty.Overfitting;
import io.seedgrid.evolution.honesty.SelectionBias;
import io.seedgrid.evolution.honesty.SelectionBiasAssessor;
import io.seedgrid.seeds.Requires;
import io.seedgrid.seeds.Seeds;
import io.seedgrid.seeds.backtest.Backtest;
import io.seedgrid.seeds.backtest.BacktestSettings;
import io.seedgrid.seeds.backtest.CostModel;
import io.seedgrid.seeds.backtest.Fill;
import io.seedgrid.seeds.bars.Bars;
import io.seedgrid.seeds.gating.DataSufficiency;
import io.seedgrid.seeds.gating.GateDecision;
import io.seedgrid.seeds.market.MarketDiagnosis;
import io.seedgrid.seeds.market.SpreadEstimates;
import io.seedgrid.seeds.seed.Seed;
import io.seedgrid.seeds.seed.SeedContext;
import io.seedgrid.seeds.strategy.BlendedStrategy;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.function.BiFunction;
import java.util.function.Consumer;
import java.util.function.IntSupplier;

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
    private final AcceptanceCriteria acceptance;
    private final MarketDiagnosis market;
    private final SlippageBasis slippage;

    private EvolutionRun(
            Builder builder,
            List<GateDecision> gating,
            EvaluationSpec spec,
            MarketDiagnosis market,
            SlippageBasis slippage) {
        this.market = market;
        this.slippage = slippage;
        this.bars = builder.bars;
        this.config = builder.config;
        this.acceptance = builder.acceptance.toBuilder()
                .minFitness(builder.config.minFitness())
                .build();
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

    /** What the in-sample bars say about their microstructure: autocorrelation, spread estimates, warnings. */
    public MarketDiagnosis market() {
        return market;
    }

    /** Where the slippage came from: given, or half the spread estimated from the in-sample bars. */
    public SlippageBasis slippage() {
        return slippage;
    }

    /** The criteria the reported strategies are judged by (the fitness threshold is {@link RunConfig#minFitness()}). */
    public AcceptanceCriteria acceptance() {
        return acceptance;
    }

    /** Runs all generations, calling {@code listener} after each. */
    public RunResult run(Consumer<GenerationStats> listener) {
        return run(listener, checkpoint -> {});
    }

    /**
     * Runs the remaining generations (all of them, or those after the checkpoints it resumes from), calling
     * {@code listener} and then {@code checkpoints} after each one. A run resumed from the checkpoints of an earlier
     * run with the same settings ends with that run's uninterrupted result, bit for bit.
     */
    public RunResult run(Consumer<GenerationStats> listener, Consumer<Checkpoint> checkpoints) {
        return run(listener, checkpoints, EvaluationProgress.NONE);
    }

    /** {@link #run(Consumer, Consumer)}, with {@code progress} hearing each generation's backtests as they finish. */
    public RunResult run(
            Consumer<GenerationStats> listener, Consumer<Checkpoint> checkpoints, EvaluationProgress progress) {
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
            LedgerEvaluator batch = new LedgerEvaluator(evaluator, ledger, progress, generations::size);
            Engine<DoubleGene, Double> engine = new Engine.Builder<>(
                            batch, Genotype.of(DoubleChromosome.of(0, 1, codec.length())))
                    .populationSize(config.populationSize())
                    .survivorsSelector(
                            config.eliteCount() > 0
                                    ? new EliteSelector<DoubleGene, Double>(
                                            config.eliteCount(), new TournamentSelector<>(3))
                                    : new TournamentSelector<DoubleGene, Double>(3))
                    .offspringSelector(new TournamentSelector<DoubleGene, Double>(3))
                    .alterers(
                            new SinglePointCrossover<DoubleGene, Double>(config.crossoverRate()),
                            new GaussianMutator<DoubleGene, Double>(config.mutationRate()))
                    .executor(Runnable::run) // determinism: one engine thread; parallelism lives in the evaluator
                    .maximizing()
                    .build();
            long[] mark = {System.nanoTime(), ledger.size()};
            if (remaining <= 0) {
                finalPopulation = population(last);
            } else {
                var stream = last == null
                        ? engine.stream()
                        : engine.stream(() -> EvolutionStart.of(population(last), last.nextGeneration()));
                finalPopulation = RandomRegistry.with(
                        random,
                        r -> stream.limit(remaining)
                                .peek(result -> {
                                    long now = System.nanoTime();
                                    int before = (int) mark[1];
                                    GenerationStats stats = stats(
                                            result,
                                            ledger.size() - before,
                                            (now - mark[0]) / 1_000_000,
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
        List<BlendedStrategy> population = new ArrayList<>(new LinkedHashSet<>(finalPopulation.stream()
                .map(p -> codec.decode(GenomeKey.of(p.genotype()).genome()))
                .toList()));
        List<Candidate> candidates = distinctInBehaviour(ledger, codec, context);
        List<Evidence> evidence = candidates.stream()
                .map(c -> Evidence.of(c.strategy(), spec.settings(), context, acceptance.costFactor()))
                .toList();
        List<GenomeKey> keys = new ArrayList<>(ledger.keySet());
        int bestTrial = keys.indexOf(new GenomeKey(candidates.get(0).genome()));
        Backtest backtest = spec.backtest();
        double[][] populationReturns =
                population.stream().map(s -> backtest.netReturns(s, context)).toArray(double[][]::new);
        SelectionBias bias = SelectionBiasAssessor.assess(
                new ArrayList<>(ledger.values()),
                bestTrial,
                evidence.get(0),
                population,
                populationReturns,
                spec,
                context,
                Overfitting.DEFAULT_BLOCKS);
        List<RankedStrategy> top = new ArrayList<>();
        for (int i = 0; i < candidates.size(); i++) {
            Candidate c = candidates.get(i);
            Evidence e = evidence.get(i);
            double dsr = SelectionBiasAssessor.deflated(bias, e);
            top.add(new RankedStrategy(
                    i + 1,
                    c.genome(),
                    c.strategy(),
                    c.fitness(),
                    e,
                    acceptance.judge(e, c.fitness().value(), candidates.size(), dsr)));
        }
        int split = spec.backtest().splitIndex(bars.size());
        return new RunResult(
                bars.symbol(),
                bars.timeframe().label(),
                bars.size(),
                bars.endTime(0),
                bars.endTime(bars.size() - 1),
                bars.endTime(Math.min(split, bars.size() - 1)),
                config,
                spec,
                gating,
                generations,
                top,
                ledger.size(),
                (System.nanoTime() - started) / 1_000_000,
                described,
                bias,
                population,
                populationReturns,
                acceptance,
                market,
                slippage);
    }

    private static Checkpoint checkpoint(
            GenerationStats stats,
            EvolutionResult<DoubleGene, Double> result,
            Random random,
            Map<GenomeKey, Fitness> ledger,
            int before) {
        List<Checkpoint.Member> members = result.population().stream()
                .map(p -> new Checkpoint.Member(GenomeKey.of(p.genotype()).genome(), p.fitness(), p.generation()))
                .toList();
        List<Checkpoint.Trial> trials = ledger.entrySet().stream()
                .skip(before)
                .map(e -> new Checkpoint.Trial(e.getKey().genome(), e.getValue()))
                .toList();
        GenerationStats plain = new GenerationStats(
                stats.generation(),
                stats.bestFitness(),
                stats.meanFitness(),
                stats.evaluations(),
                stats.durationMillis(),
                stats.batch());
        return new Checkpoint(plain, result.next().generation(), members, Checkpoint.saveRandom(random), trials);
    }

    /** The checkpoint's population as Jenetics phenotypes, fitness and birth generation included. */
    private static ISeq<Phenotype<DoubleGene, Double>> population(Checkpoint checkpoint) {
        return checkpoint.population().stream()
                .map(m -> {
                    var genes = Arrays.stream(m.genome())
                            .mapToObj(v -> DoubleGene.of(v, 0, 1))
                            .toList();
                    Genotype<DoubleGene> genotype = Genotype.of(DoubleChromosome.of(genes));
                    return Phenotype.<DoubleGene, Double>of(genotype, m.born(), m.fitness());
                })
                .collect(ISeq.toISeq());
    }

    private static GenerationStats stats(
            EvolutionResult<DoubleGene, Double> result, int evaluations, long millis, Optional<BatchReport> batch) {
        double sum = 0;
        for (Phenotype<DoubleGene, Double> p : result.population()) {
            sum += p.fitness();
        }
        return new GenerationStats(
                (int) result.generation(),
                result.bestFitness(),
                sum / result.population().size(),
                evaluations,
                millis,
                batch);
    }

    /** A ledger entry on its way into the report. */
    private record Candidate(double[] genome, BlendedStrategy strategy, Fitness fitness) {}

    /**
     * The best strategies in the ledger that differ in behaviour, best first (ties keep the order they were found
     * in): a strategy whose decided positions equal those of one already listed is a copy, however its genes read.
     * Looks at no more than {@value #CANDIDATES_PER_SLOT} entries per reported slot.
     */
    private List<Candidate> distinctInBehaviour(Map<GenomeKey, Fitness> ledger, StrategyCodec codec, SeedContext ctx) {
        var entries = new ArrayList<>(ledger.entrySet());
        entries.sort(Comparator.comparingDouble(
                        (Map.Entry<GenomeKey, Fitness> e) -> e.getValue().value())
                .reversed());
        List<Candidate> top = new ArrayList<>();
        Set<BlendedStrategy> seenStrategies = new HashSet<>();
        Set<Behaviour> seenBehaviour = new HashSet<>();
        int looked = 0;
        for (var entry : entries) {
            if (top.size() == config.topCount() || looked++ >= CANDIDATES_PER_SLOT * config.topCount()) {
                break;
            }
            BlendedStrategy strategy = codec.decode(entry.getKey().genome());
            if (!seenStrategies.add(strategy)) {
                continue; // different genomes, same strategy once decoded
            }
            int[] positions =
                    strategy.positionRule(spec.settings().allowShort()).decide(strategy.signals(ctx));
            if (seenBehaviour.add(new Behaviour(positions))) {
                top.add(new Candidate(entry.getKey().genome(), strategy, entry.getValue()));
            }
        }
        return top;
    }

    private static final int CANDIDATES_PER_SLOT = 20;

    /** Decided positions as a set element: equal when every bar's position is. */
    private record Behaviour(int[] positions) {
        @Override
        public boolean equals(Object other) {
            return other instanceof Behaviour b && Arrays.equals(positions, b.positions);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(positions);
        }
    }

    /** Jenetics' evaluator: looks genomes up in the ledger and sends the new ones to the batch evaluator at once. */
    private static final class LedgerEvaluator implements Evaluator<DoubleGene, Double> {
        private final GenomeEvaluator evaluator;
        private final Map<GenomeKey, Fitness> ledger;
        private final EvaluationProgress progress;
        private final IntSupplier generationsDone;
        private Optional<BatchReport> batches = Optional.empty();

        LedgerEvaluator(
                GenomeEvaluator evaluator,
                Map<GenomeKey, Fitness> ledger,
                EvaluationProgress progress,
                IntSupplier generationsDone) {
            this.evaluator = evaluator;
            this.ledger = ledger;
            this.progress = progress;
            this.generationsDone = generationsDone;
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
                List<double[]> genomes =
                        fresh.keySet().stream().map(GenomeKey::genome).toList();
                progress.batchStarted(generationsDone.getAsInt() + 1, genomes.size());
                List<Fitness> results = evaluator.evaluate(genomes, progress::evaluated);
                evaluator
                        .lastBatch()
                        .ifPresent(
                                b -> batches = Optional.of(batches.map(b::plus).orElse(b)));
                if (results.size() != genomes.size()) {
                    throw new IllegalStateException(
                            "evaluator returned " + results.size() + " results for " + genomes.size() + " genomes");
                }
                int i = 0;
                for (GenomeKey key : fresh.keySet()) {
                    ledger.put(key, Objects.requireNonNull(results.get(i++), "missing fitness"));
                }
            }
            return population
                    .map(p -> p.isEvaluated()
                            ? p
                            : p.withFitness(
                                    ledger.get(GenomeKey.of(p.genotype())).value()))
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
     * {@link BacktestSettings#DEFAULT} (next-open fills, fee 10 bps) with the slippage estimated from the in-sample
     * bars, at least {@value EvaluationSpec#DEFAULT_MIN_TRADES} trades,
     * parsimony {@value EvaluationSpec#DEFAULT_PARSIMONY}, {@link AcceptanceCriteria#DEFAULT}, a {@link LocalEvaluator}
     * on all cores.
     */
    public static final class Builder {
        private final Bars bars;
        private List<Seed> seeds = Seeds.all();
        private RunConfig config = RunConfig.DEFAULT;
        private BacktestSettings settings = BacktestSettings.DEFAULT;
        private int minTrades = EvaluationSpec.DEFAULT_MIN_TRADES;
        private double parsimony = EvaluationSpec.DEFAULT_PARSIMONY;
        private AcceptanceCriteria acceptance = AcceptanceCriteria.DEFAULT;
        private boolean estimateSlippage = true;
        private Bars spreadSource;
        private List<Checkpoint> resumeFrom = List.of();
        private BiFunction<EvaluationSpec, SeedContext, GenomeEvaluator> evaluators =
                (spec, context) -> LocalEvaluator.onAllCores(spec.fitnessFunction(), context);

        private Builder(Bars bars) {
            this.bars = Objects.requireNonNull(bars, "bars");
            if (bars.size() < 2) {
                throw new IllegalArgumentException(
                        "an evolution needs at least 2 bars but " + bars.symbol() + " has " + bars.size());
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

        /** Fill, costs, direction and split, whole (e.g. a resumed run's recorded settings): slippage as given. */
        public Builder settings(BacktestSettings value) {
            this.settings = Objects.requireNonNull(value, "settings");
            this.estimateSlippage = false;
            return this;
        }

        public Builder fill(Fill fill) {
            this.settings = settings.withFill(Objects.requireNonNull(fill, "fill"));
            return this;
        }

        /** Fee and a fixed slippage. */
        public Builder costs(CostModel costs) {
            this.settings = settings.withCosts(Objects.requireNonNull(costs, "costs"));
            this.estimateSlippage = false;
            return this;
        }

        /** The fee per unit traded, bps; the slippage stays as it is (estimated, or given). */
        public Builder feeBps(double fee) {
            this.settings = settings.withCosts(new CostModel(fee, settings.slippageBps()));
            return this;
        }

        /** A fixed slippage per unit traded, bps, instead of the estimate from the data. */
        public Builder slippageBps(double slippage) {
            this.settings = settings.withCosts(new CostModel(settings.feeBps(), slippage));
            this.estimateSlippage = false;
            return this;
        }

        /**
         * Slippage from the data (the default): half the effective spread estimated from the in-sample bars
         * ({@link SpreadEstimates}: the median of Roll, Corwin-Schultz and Abdi-Ranaldo where defined).
         */
        public Builder slippageFromData() {
            this.estimateSlippage = true;
            return this;
        }

        public Builder allowShort(boolean allowShort) {
            this.settings = settings.withAllowShort(allowShort);
            return this;
        }

        public Builder outOfSampleFraction(double fraction) {
            this.settings = settings.withOutOfSampleFraction(fraction);
            return this;
        }

        public Builder minTrades(int value) {
            this.minTrades = Requires.atLeast("minTrades", value, 0);
            return this;
        }

        /** Fitness taken off per weighted seed beyond the first (0 switches the preference for fewer seeds off). */
        public Builder parsimony(double value) {
            this.parsimony = Requires.inHalfOpenRange("parsimony", value, 0, 1);
            return this;
        }

        /**
         * Estimate the spread from these finer bars of the same market (the run's bars resampled from them) instead:
         * the spread belongs to the market, not to the bar length, and range-based estimators read more volatility
         * as spread the coarser the bars. Only their bars up to the run's split count.
         */
        public Builder spreadFrom(Bars finer) {
            this.spreadSource = Objects.requireNonNull(finer, "finer");
            return this;
        }

        /** What the reported strategies must show to be accepted; the fitness threshold comes from the config. */
        public Builder acceptance(AcceptanceCriteria value) {
            this.acceptance = Objects.requireNonNull(value, "acceptance");
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
            this.settings = settings.withInSampleWindow(from, split);
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
            int known = settings.split() >= 0 ? settings.split() : bars.size();
            List<GateDecision> gating = seeds.stream()
                    .map(seed -> DataSufficiency.assess(seed, known))
                    .toList();
            List<String> eligible = gating.stream()
                    .filter(GateDecision::eligible)
                    .map(GateDecision::seed)
                    .toList();
            if (eligible.isEmpty()) {
                throw new NoEligibleSeedException(bars, gating);
            }
            // a split beyond the bars is refused here, not mid-run; costs come from the bars evolution may see
            Bars inSample = settings.inSampleBars(bars);
            MarketDiagnosis market = MarketDiagnosis.of(inSample);
            SlippageBasis slippage = spreadSource == null
                    ? new SlippageBasis(estimateSlippage, market.spreads(), "the run's in-sample bars")
                    : new SlippageBasis(
                            estimateSlippage,
                            SpreadEstimates.of(upTo(spreadSource, inSample)),
                            "the " + spreadSource.timeframe() + " in-sample bars it was resampled from");
            BacktestSettings judged = estimateSlippage
                    ? settings.withCosts(
                            new CostModel(settings.feeBps(), slippage.spreads().slippageBps()))
                    : settings;
            var spec = new EvaluationSpec(eligible, judged, minTrades, parsimony, known);
            return new EvolutionRun(this, gating, spec, market, slippage);
        }

        /** The bars of {@code finer} that end no later than the last of {@code coarse}. */
        private static Bars upTo(Bars finer, Bars coarse) {
            long last = coarse.endEpochMilli(coarse.size() - 1);
            int n = 0;
            while (n < finer.size() && finer.endEpochMilli(n) <= last) {
                n++;
            }
            return finer.head(Math.max(Math.min(2, finer.size()), n));
        }
    }
}
