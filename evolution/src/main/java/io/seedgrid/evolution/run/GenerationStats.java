package io.seedgrid.evolution.run;

/**
 * One generation's figures.
 *
 * @param generation     1-based
 * @param bestFitness    best fitness in the population
 * @param meanFitness    mean fitness of the population
 * @param evaluations    genomes backtested in this generation (new ones only; repeats come from the ledger)
 * @param durationMillis wall time of the generation
 */
public record GenerationStats(int generation, double bestFitness, double meanFitness, int evaluations,
        long durationMillis) {
}
