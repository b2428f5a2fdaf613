package io.seedgrid.storage;

/**
 * One generation of a run: its fitness figures and, optionally, the population as JSON so a run can resume from
 * this checkpoint. Fitness may be any double, including -Infinity (no valid individual) and NaN.
 *
 * @param generation     0-based generation number; saving the same number again replaces it
 * @param bestFitness    the best fitness in the population
 * @param meanFitness    the mean fitness
 * @param evaluations    fitness evaluations spent in this generation (>= 0)
 * @param durationMillis wall time of this generation (>= 0)
 * @param populationJson the population, one JSON value, or null when this generation is not a checkpoint
 */
public record GenerationRecord(
        int generation,
        double bestFitness,
        double meanFitness,
        long evaluations,
        long durationMillis,
        String populationJson) {

    public GenerationRecord {
        if (generation < 0) {
            throw new IllegalArgumentException("generation must be >= 0 but was " + generation);
        }
        if (evaluations < 0) {
            throw new IllegalArgumentException("evaluations must be >= 0 but was " + evaluations);
        }
        if (durationMillis < 0) {
            throw new IllegalArgumentException("durationMillis must be >= 0 but was " + durationMillis);
        }
        Checks.jsonOrNull("populationJson", populationJson);
    }
}
