package io.seedgrid.evolution.fitness;

import io.seedgrid.evolution.codec.StrategyCodec;
import io.seedgrid.seeds.backtest.Backtest;
import io.seedgrid.seeds.backtest.BacktestResult;
import io.seedgrid.seeds.seed.SeedContext;
import io.seedgrid.seeds.strategy.BlendedStrategy;

/**
 * Genome to fitness: decode, backtest, score. The score is the in-sample Sharpe ratio minus a penalty of up to 1
 * for fewer than {@code minTrades} in-sample trades ({@code (minTrades - trades) / minTrades}), so a strategy that
 * never trades scores -1 and cannot win by doing nothing. A strategy whose warm-up leaves it less than half of the
 * in-sample bars scores in [-2, -1), rising with its coverage: a Sharpe ratio measured on a handful of bars is luck,
 * not fitness.
 */
public final class FitnessFunction {
    private final StrategyCodec codec;
    private final Backtest backtest;
    private final int minTrades;

    public FitnessFunction(StrategyCodec codec, Backtest backtest, int minTrades) {
        this.codec = codec;
        this.backtest = backtest;
        this.minTrades = minTrades;
    }

    public StrategyCodec codec() {
        return codec;
    }

    public Backtest backtest() {
        return backtest;
    }

    public Fitness evaluate(double[] genome, SeedContext ctx) {
        BlendedStrategy strategy = codec.decode(genome);
        BacktestResult result = backtest.run(strategy, ctx);
        int needed = Math.max(1, (result.splitIndex() - backtest.inSampleFrom()) / 2);
        if (result.inSample().bars() < needed) {
            return new Fitness(-2 + (double) result.inSample().bars() / needed, result.inSample(), result.outOfSample());
        }
        int trades = result.inSample().trades();
        double penalty = minTrades > 0 && trades < minTrades ? (double) (minTrades - trades) / minTrades : 0;
        return new Fitness(result.inSample().sharpe() - penalty, result.inSample(), result.outOfSample());
    }
}
