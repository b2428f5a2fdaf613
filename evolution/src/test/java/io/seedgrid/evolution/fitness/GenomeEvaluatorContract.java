package io.seedgrid.evolution.fitness;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.seedgrid.seeds.Seeds;
import io.seedgrid.seeds.backtest.BacktestSettings;
import io.seedgrid.seeds.bars.Bars;
import io.seedgrid.seeds.bars.BundledData;
import io.seedgrid.seeds.seed.Seed;
import io.seedgrid.seeds.seed.SeedContext;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The {@link GenomeEvaluator} contract, run against every implementation and topology (local threads, grid nodes):
 * a subclass says how to make one. The reference is {@link FitnessFunction#evaluate} called genome by genome in a
 * plain loop here, on real bars: the bundled AAPL days with all ten seeds (the ML seeds train walk-forward), and
 * BTCUSD minutes with three classic seeds, shorts, a warm-up start and a fixed split.
 */
public abstract class GenomeEvaluatorContract {
    private static final Bars AAPL = BundledData.load("AAPL");
    private static final Bars BTCUSD = BundledData.load("BTCUSD");

    /** An evaluator for {@code spec} on {@code context}, as {@code EvolutionRun.Builder.evaluators} makes one. */
    protected abstract GenomeEvaluator evaluator(EvaluationSpec spec, SeedContext context);

    /** Every seed on AAPL, long only, the last 30% held out. */
    protected static EvaluationSpec allSeeds() {
        return new EvaluationSpec(Seeds.all().stream().map(Seed::name).toList(), BacktestSettings.DEFAULT, 5);
    }

    /** Three classic seeds on BTCUSD, shorts allowed, in-sample from bar 500, out of sample from bar 7000. */
    protected static EvaluationSpec classicWindowed() {
        return new EvaluationSpec(
                List.of("EMACrossoverSeed", "RSIFilterSeed", "BollingerBandsSeed"),
                BacktestSettings.DEFAULT.withAllowShort(true).withInSampleWindow(500, 7000),
                5);
    }

    /** {@code count} genomes of uniform random genes in [0, 1), from {@code seed}. */
    public static List<double[]> genomes(EvaluationSpec spec, int count, long seed) {
        Random random = new Random(seed);
        int length = spec.codec().length();
        List<double[]> genomes = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            double[] g = new double[length];
            for (int j = 0; j < length; j++) {
                g[j] = random.nextDouble();
            }
            genomes.add(g);
        }
        return genomes;
    }

    /** The fitness function genome by genome: what every evaluator must return. */
    private static List<Fitness> reference(EvaluationSpec spec, SeedContext context, List<double[]> genomes) {
        FitnessFunction fitness = spec.fitnessFunction();
        List<Fitness> out = new ArrayList<>();
        for (double[] genome : genomes) {
            out.add(fitness.evaluate(genome, context));
        }
        return out;
    }

    @Test
    void everySeedOnDailyBarsGivesTheFitnessFunctionsValuesInGenomeOrder() {
        SeedContext context = SeedContext.of(AAPL);
        List<double[]> genomes = genomes(allSeeds(), 12, 21);
        List<Fitness> expected = reference(allSeeds(), context, genomes);
        try (GenomeEvaluator evaluator = evaluator(allSeeds(), context)) {
            assertEquals(expected, evaluator.evaluate(genomes));
        }
        assertTrue(expected.stream().map(Fitness::value).distinct().count() > 1, "the genomes differ in fitness");
    }

    @Test
    void windowedShortsOnMinuteBarsGiveTheFitnessFunctionsValuesInGenomeOrder() {
        SeedContext context = SeedContext.of(BTCUSD);
        List<double[]> genomes = genomes(classicWindowed(), 24, 22);
        List<Fitness> expected = reference(classicWindowed(), context, genomes);
        try (GenomeEvaluator evaluator = evaluator(classicWindowed(), context)) {
            assertEquals(expected, evaluator.evaluate(genomes));
        }
        assertTrue(expected.stream().map(Fitness::value).distinct().count() > 1, "the genomes differ in fitness");
    }

    /** A run calls once per generation: later batches (subsets, reordered, repeated genomes) agree with the first. */
    @Test
    void laterBatchesAgreeWithTheFirstWhateverTheirOrder() {
        SeedContext context = SeedContext.of(BTCUSD);
        List<double[]> genomes = genomes(classicWindowed(), 10, 23);
        try (GenomeEvaluator evaluator = evaluator(classicWindowed(), context)) {
            List<Fitness> first = evaluator.evaluate(genomes);
            List<double[]> again = List.of(genomes.get(7), genomes.get(2), genomes.get(7), genomes.get(0));
            assertEquals(List.of(first.get(7), first.get(2), first.get(7), first.get(0)), evaluator.evaluate(again));
            assertEquals(first.subList(3, 4), evaluator.evaluate(genomes.subList(3, 4)));
        }
    }

    /** One genome that cannot be decoded (one gene for a blend of three seeds) fails the whole batch, clearly. */
    @Test
    void aGenomeThatCannotBeEvaluatedFailsTheBatchWithAnEvaluationException() {
        List<double[]> genomes = new ArrayList<>(genomes(classicWindowed(), 4, 26));
        genomes.add(2, new double[] {0.5});
        try (GenomeEvaluator evaluator = evaluator(classicWindowed(), SeedContext.of(BTCUSD))) {
            EvaluationException e = assertThrows(EvaluationException.class, () -> evaluator.evaluate(genomes));
            assertFalse(e.getMessage().isBlank());
        }
    }

    @Test
    void anEmptyBatchIsEmpty() {
        try (GenomeEvaluator evaluator = evaluator(classicWindowed(), SeedContext.of(BTCUSD))) {
            assertEquals(List.of(), evaluator.evaluate(List.of()));
        }
    }

    /** It says what it is, and a batch report, where there is one, counts the batch just evaluated. */
    @Test
    void itDescribesItselfAndReportsOnlyTheLastBatch() {
        try (GenomeEvaluator evaluator = evaluator(classicWindowed(), SeedContext.of(BTCUSD))) {
            assertFalse(evaluator.describe().isBlank());
            assertTrue(evaluator.lastBatch().isEmpty(), "no report before the first batch");
            evaluator.evaluate(genomes(classicWindowed(), 6, 24));
            evaluator.lastBatch().ifPresent(b -> assertEquals(6, b.evaluations(), b.toString()));
            evaluator.evaluate(genomes(classicWindowed(), 3, 25));
            evaluator.lastBatch().ifPresent(b -> assertEquals(3, b.evaluations(), b.toString()));
        }
    }
}
