package io.seedgrid.evolution.fitness;

import io.seedgrid.evolution.codec.StrategyCodec;
import io.seedgrid.seeds.Seeds;
import io.seedgrid.seeds.backtest.Backtest;
import io.seedgrid.seeds.backtest.CostModel;
import java.io.Serializable;
import java.util.List;

/**
 * Everything, besides the bars, that decides a genome's fitness: small and serializable so that any evaluator (a
 * local thread pool, a grid node) rebuilds the same fitness function from it.
 *
 * @param seedNames           the seeds of the blend, in genome order
 * @param feeBps              fee per unit traded, bps
 * @param slippageBps         slippage per unit traded, bps
 * @param allowShort          whether the blend may go short
 * @param outOfSampleFraction share of bars held out at the end
 * @param minTrades           in-sample trades below which fitness is penalised
 * @param inSampleFrom        first bar in-sample metrics may count (earlier bars only warm up); 0 normally
 * @param split               first out-of-sample bar, or -1 to hold out {@code outOfSampleFraction} of the bars
 */
public record EvaluationSpec(List<String> seedNames, double feeBps, double slippageBps, boolean allowShort,
        double outOfSampleFraction, int minTrades, int inSampleFrom, int split) implements Serializable {

    public static final int DEFAULT_MIN_TRADES = 5;

    public EvaluationSpec {
        seedNames = List.copyOf(seedNames);
        if (seedNames.isEmpty()) {
            throw new IllegalArgumentException("at least one seed is needed");
        }
        if (minTrades < 0) {
            throw new IllegalArgumentException("minTrades must be >= 0 but was " + minTrades);
        }
        backtest(new CostModel(feeBps, slippageBps), allowShort, outOfSampleFraction, inSampleFrom, split); // checks
    }

    /** A spec that holds out the last {@code outOfSampleFraction} of the bars. */
    public EvaluationSpec(List<String> seedNames, double feeBps, double slippageBps, boolean allowShort,
            double outOfSampleFraction, int minTrades) {
        this(seedNames, feeBps, slippageBps, allowShort, outOfSampleFraction, minTrades, 0, -1);
    }

    public StrategyCodec codec() {
        return new StrategyCodec(seedNames.stream().map(Seeds::byName).toList());
    }

    public Backtest backtest() {
        return backtest(new CostModel(feeBps, slippageBps), allowShort, outOfSampleFraction, inSampleFrom, split);
    }

    public FitnessFunction fitnessFunction() {
        return new FitnessFunction(codec(), backtest(), minTrades);
    }

    private static Backtest backtest(CostModel costs, boolean allowShort, double outOfSampleFraction, int inSampleFrom,
            int split) {
        Backtest.Builder builder = Backtest.builder().costs(costs).allowShort(allowShort)
                .outOfSampleFraction(outOfSampleFraction);
        if (split >= 0) {
            builder.inSampleWindow(inSampleFrom, split);
        } else if (inSampleFrom != 0) {
            throw new IllegalArgumentException("inSampleFrom needs an explicit split");
        }
        return builder.build();
    }
}
