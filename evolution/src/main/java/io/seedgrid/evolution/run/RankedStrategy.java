package io.seedgrid.evolution.run;

import io.seedgrid.evolution.acceptance.Evidence;
import io.seedgrid.evolution.acceptance.Verdict;
import io.seedgrid.evolution.fitness.Fitness;
import io.seedgrid.seeds.strategy.BlendedStrategy;
import java.util.Objects;

/**
 * A reported strategy: its rank (1 = best in-sample fitness), genome, decoded strategy, fitness, the evidence on it
 * (every bar's net return, out-of-sample significance, stress tests, buy-and-hold, break-even cost) and the verdict
 * of every acceptance criterion.
 */
public record RankedStrategy(
        int rank, double[] genome, BlendedStrategy strategy, Fitness fitness, Evidence evidence, Verdict verdict) {
    public RankedStrategy {
        genome = genome.clone();
        Objects.requireNonNull(strategy, "strategy");
        Objects.requireNonNull(fitness, "fitness");
        Objects.requireNonNull(evidence, "evidence");
        Objects.requireNonNull(verdict, "verdict");
    }

    @Override
    public double[] genome() {
        return genome.clone();
    }

    /** Whether every acceptance criterion was met. */
    public boolean accepted() {
        return verdict.accepted();
    }

    /** The same strategy under another rank (e.g. a walk-forward fold's winner, ranked by fold). */
    public RankedStrategy withRank(int value) {
        return new RankedStrategy(value, genome, strategy, fitness, evidence, verdict);
    }
}
