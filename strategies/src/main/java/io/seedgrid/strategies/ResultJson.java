package io.seedgrid.strategies;

import io.seedgrid.seeds.backtest.BacktestSettings;
import io.seedgrid.seeds.backtest.Metrics;
import io.seedgrid.seeds.strategy.BlendedStrategy;

/**
 * The JSON a run's results are stored as, for whoever records runs (the service): a strategy as
 * {@code seeds: [{seed, type, weight, genes}], entry, exit, backtest, warmup_bars, text} and metrics as their
 * snake_case fields, the shapes {@link StrategyRegistry#saveFromRun} reads.
 */
public final class ResultJson {
    private ResultJson() {
    }

    public static String strategy(BlendedStrategy strategy, BacktestSettings settings) {
        return Codec.write(Codec.definition(StrategyDefinition.of(strategy, settings)));
    }

    public static String metrics(Metrics metrics) {
        return Codec.write(Codec.metrics(metrics));
    }
}
