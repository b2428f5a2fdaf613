package io.seedgrid.evolution.fitness;

import io.seedgrid.evolution.codec.StrategyCodec;
import io.seedgrid.seeds.Requires;
import io.seedgrid.seeds.Seeds;
import io.seedgrid.seeds.backtest.Backtest;
import io.seedgrid.seeds.backtest.BacktestSettings;
import io.seedgrid.seeds.seed.Seed;
import java.io.Serializable;
import java.util.List;
import java.util.Objects;
import java.util.function.UnaryOperator;

/**
 * Everything, besides the bars, that decides a genome's fitness: small and serializable so that any evaluator (a
 * local thread pool, a grid node) rebuilds the same fitness function from it.
 *
 * @param seedNames  the seeds of the blend, in genome order
 * @param settings   fill, costs, direction and split of every backtest
 * @param minTrades  in-sample trades below which fitness is penalised
 * @param parsimony  fitness taken off per weighted seed beyond the first: at equal Sharpe, fewer seeds win
 * @param knownBars  bars the run may judge seeds on (a seed whose genes need more is silent: weight 0);
 *                   {@link Integer#MAX_VALUE} for no limit
 */
public record EvaluationSpec(
        List<String> seedNames, BacktestSettings settings, int minTrades, double parsimony, int knownBars)
        implements Serializable {

    public static final int DEFAULT_MIN_TRADES = 5;
    public static final double DEFAULT_PARSIMONY = 0.01;

    public EvaluationSpec {
        seedNames = List.copyOf(seedNames);
        if (seedNames.isEmpty()) {
            throw new IllegalArgumentException("at least one seed is needed");
        }
        Objects.requireNonNull(settings, "settings");
        Requires.atLeast("minTrades", minTrades, 0);
        Requires.inHalfOpenRange("parsimony", parsimony, 0, 1);
        Requires.atLeast("knownBars", knownBars, 0);
    }

    /** A spec with the default parsimony and no limit on the bars seeds may need. */
    public EvaluationSpec(List<String> seedNames, BacktestSettings settings, int minTrades) {
        this(seedNames, settings, minTrades, DEFAULT_PARSIMONY, Integer.MAX_VALUE);
    }

    public StrategyCodec codec() {
        return codec(UnaryOperator.identity());
    }

    public Backtest backtest() {
        return settings.backtest();
    }

    public FitnessFunction fitnessFunction() {
        return fitnessFunction(UnaryOperator.identity());
    }

    /**
     * The fitness function with each seed replaced by {@code seeds.apply(seed)}: for evaluators that wrap seeds
     * (a grid node sharing trained signals across the cluster). The wrapper must keep the {@link Seed} contract and
     * return the seed's own signals, so the fitness stays the same bit for bit.
     */
    public FitnessFunction fitnessFunction(UnaryOperator<Seed> seeds) {
        return new FitnessFunction(codec(seeds), backtest(), minTrades, parsimony);
    }

    private StrategyCodec codec(UnaryOperator<Seed> seeds) {
        return new StrategyCodec(
                seedNames.stream().map(Seeds::byName).map(seeds).toList(), knownBars);
    }

    public EvaluationSpec withSettings(BacktestSettings value) {
        return new EvaluationSpec(seedNames, value, minTrades, parsimony, knownBars);
    }
}
