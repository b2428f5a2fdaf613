package io.seedgrid.evolution.run;

import io.seedgrid.evolution.fitness.BatchReport;
import java.util.Objects;
import java.util.Optional;

/**
 * One generation's figures.
 *
 * @param generation     1-based
 * @param bestFitness    best fitness in the population
 * @param meanFitness    mean fitness of the population
 * @param evaluations    genomes backtested in this generation (new ones only; repeats come from the ledger)
 * @param durationMillis wall time of the generation
 * @param batch          where this generation's backtests ran and the overhead of getting them there (all of the
 *                       generation's evaluator calls together); empty for a local evaluator or when nothing new
 *                       was evaluated
 */
public record GenerationStats(
        int generation,
        double bestFitness,
        double meanFitness,
        int evaluations,
        long durationMillis,
        Optional<BatchReport> batch) {

    public GenerationStats {
        Objects.requireNonNull(batch, "batch");
    }

    /** A generation without batch figures. */
    public GenerationStats(
            int generation, double bestFitness, double meanFitness, int evaluations, long durationMillis) {
        this(generation, bestFitness, meanFitness, evaluations, durationMillis, Optional.empty());
    }
}
