package io.seedgrid.evolution.run;

import io.seedgrid.seeds.Requires;

/**
 * The genetic algorithm's settings. Defaults follow the deployment guide: population 50, 10 generations, mutation
 * 0.1, crossover 0.8, elite 20%, minimum fitness (in-sample Sharpe) 0.5; random seed 42; top 5 reported.
 *
 * @param populationSize strategies per generation
 * @param generations    generations to run
 * @param mutationRate   probability that a gene mutates (Gaussian, within its range)
 * @param crossoverRate  probability that a pair of parents recombines (single point)
 * @param eliteFraction  share of the population kept unchanged as the best survivors
 * @param minFitness     fitness a strategy needs to be accepted
 * @param randomSeed     seeds every random choice: the same seed gives the same run, bit for bit
 * @param topCount       strategies reported at the end
 */
public record RunConfig(
        int populationSize,
        int generations,
        double mutationRate,
        double crossoverRate,
        double eliteFraction,
        double minFitness,
        long randomSeed,
        int topCount) {

    public static final RunConfig DEFAULT = new RunConfig(50, 10, 0.1, 0.8, 0.2, 0.5, 42, 5);

    public RunConfig {
        Requires.atLeast("population size", populationSize, 2);
        Requires.atLeast("generations", generations, 1);
        Requires.atLeast("top count", topCount, 1);
        Requires.probability("mutation rate", mutationRate);
        Requires.probability("crossover rate", crossoverRate);
        Requires.probability("elite fraction", eliteFraction);
        Requires.finite("minimum fitness", minFitness);
    }

    /** Elite strategies carried over unchanged each generation. */
    public int eliteCount() {
        return (int) Math.round(populationSize * eliteFraction);
    }

    public RunConfig withPopulationSize(int value) {
        return new RunConfig(
                value, generations, mutationRate, crossoverRate, eliteFraction, minFitness, randomSeed, topCount);
    }

    public RunConfig withGenerations(int value) {
        return new RunConfig(
                populationSize, value, mutationRate, crossoverRate, eliteFraction, minFitness, randomSeed, topCount);
    }

    public RunConfig withMutationRate(double value) {
        return new RunConfig(
                populationSize, generations, value, crossoverRate, eliteFraction, minFitness, randomSeed, topCount);
    }

    public RunConfig withCrossoverRate(double value) {
        return new RunConfig(
                populationSize, generations, mutationRate, value, eliteFraction, minFitness, randomSeed, topCount);
    }

    public RunConfig withEliteFraction(double value) {
        return new RunConfig(
                populationSize, generations, mutationRate, crossoverRate, value, minFitness, randomSeed, topCount);
    }

    public RunConfig withMinFitness(double value) {
        return new RunConfig(
                populationSize, generations, mutationRate, crossoverRate, eliteFraction, value, randomSeed, topCount);
    }

    public RunConfig withRandomSeed(long value) {
        return new RunConfig(
                populationSize, generations, mutationRate, crossoverRate, eliteFraction, minFitness, value, topCount);
    }

    public RunConfig withTopCount(int value) {
        return new RunConfig(
                populationSize, generations, mutationRate, crossoverRate, eliteFraction, minFitness, randomSeed, value);
    }
}
