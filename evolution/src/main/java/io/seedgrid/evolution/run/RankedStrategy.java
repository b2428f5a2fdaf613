package io.seedgrid.evolution.run;

import io.seedgrid.evolution.fitness.Fitness;
import io.seedgrid.seeds.strategy.BlendedStrategy;

/**
 * A reported strategy: its rank (1 = best), genome, decoded strategy, fitness with in-sample and out-of-sample
 * metrics, and whether its fitness reached the run's minimum.
 */
public record RankedStrategy(int rank, double[] genome, BlendedStrategy strategy, Fitness fitness, boolean accepted) {
    public RankedStrategy {
        genome = genome.clone();
    }

    @Override
    public double[] genome() {
        return genome.clone();
    }
}
