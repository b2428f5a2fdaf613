package io.seedgrid.cli;

import io.seedgrid.evolution.fitness.EvaluationSpec;
import io.seedgrid.seeds.backtest.Backtest;
import io.seedgrid.seeds.backtest.CostModel;
import picocli.CommandLine.Option;

/** Costs, direction and the held-out share: the settings every backtest shares. */
final class BacktestOptions {
    @Option(names = "--fee-bps", paramLabel = "BPS", defaultValue = "10",
            description = "Fee per unit of position traded, in basis points. Default: ${DEFAULT-VALUE}.")
    double feeBps;

    @Option(names = "--slippage-bps", paramLabel = "BPS", defaultValue = "5",
            description = "Slippage per unit of position traded, in basis points. Default: ${DEFAULT-VALUE}.")
    double slippageBps;

    @Option(names = "--allow-short", description = "Let strategies go short (default: long only).")
    boolean allowShort;

    @Option(names = "--oos-fraction", paramLabel = "F", defaultValue = "0.3",
            description = "Share of the bars, at the end, held out of sample. Default: ${DEFAULT-VALUE}.")
    double outOfSampleFraction;

    @Option(names = "--min-trades", paramLabel = "N", defaultValue = "" + EvaluationSpec.DEFAULT_MIN_TRADES,
            description = "In-sample trades below which fitness is penalised. Default: ${DEFAULT-VALUE}.")
    int minTrades;

    CostModel costs() {
        return new CostModel(feeBps, slippageBps);
    }

    Backtest backtest() {
        return Backtest.builder().costs(costs()).allowShort(allowShort).outOfSampleFraction(outOfSampleFraction).build();
    }
}
