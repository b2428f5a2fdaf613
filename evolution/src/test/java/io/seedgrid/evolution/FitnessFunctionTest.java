package io.seedgrid.evolution;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.seedgrid.evolution.codec.StrategyCodec;
import io.seedgrid.evolution.fitness.EvaluationSpec;
import io.seedgrid.evolution.fitness.Fitness;
import io.seedgrid.evolution.fitness.FitnessFunction;
import io.seedgrid.seeds.backtest.BacktestResult;
import io.seedgrid.seeds.backtest.BacktestSettings;
import io.seedgrid.seeds.bars.Bars;
import io.seedgrid.seeds.bars.BundledData;
import io.seedgrid.seeds.seed.SeedContext;
import io.seedgrid.seeds.strategy.BlendedStrategy;
import java.util.List;
import org.junit.jupiter.api.Test;

class FitnessFunctionTest {
    private static final Bars AAPL = BundledData.load("AAPL");
    private final EvaluationSpec spec = new EvaluationSpec(List.of("EMACrossoverSeed"), BacktestSettings.DEFAULT, 5);
    private final FitnessFunction fitness = spec.fitnessFunction();
    private final StrategyCodec codec = spec.codec();

    @Test
    void fitnessIsInSampleSharpeWhenTradingEnough() {
        double[] genome = codec.encode(codec.decode(new double[] {0.02, 0.06, 0.0, 0.4}));
        BlendedStrategy strategy = codec.decode(genome);
        SeedContext ctx = SeedContext.of(AAPL);
        BacktestResult result = spec.backtest().run(strategy, ctx);
        Fitness f = fitness.evaluate(genome, ctx);
        assertTrue(result.inSample().trades() >= 5, "this fast crossover trades: " + result.inSample());
        assertEquals(result.inSample().sharpe(), f.value());
        assertEquals(result.outOfSample(), f.outOfSample());
    }

    @Test
    void neverTradingScoresMinusOne() {
        // Entry at the top of its range on a signal that never gets there: no trade at all.
        double[] genome = {0.05, 0.05, 1.0, 1.0};
        Fitness f = fitness.evaluate(genome, SeedContext.of(AAPL));
        assertEquals(0, f.inSample().trades());
        assertEquals(-1.0, f.value());
    }

    @Test
    void aWarmupThatEatsTheSampleScoresBelowMinusOne() {
        // slow = 200 on 252 bars: 176 in-sample bars, warm-up 200: nothing left in sample.
        double[] genome = {0.0, 1.0, 0.1, 0.5};
        Fitness f = fitness.evaluate(genome, SeedContext.of(AAPL));
        assertTrue(f.value() < -1 && f.value() >= -2, "got " + f.value());
    }
}
