package io.seedgrid.evolution.run;

/**
 * Hears a run's progress inside each generation: how many new genomes a batch brings and how many have been
 * backtested so far, so a long first generation (model training) shows movement. Called from evaluation threads.
 */
public interface EvaluationProgress {
    EvaluationProgress NONE = new EvaluationProgress() {};

    /** A batch of {@code genomes} new genomes of generation {@code generation} (1-based) starts. */
    default void batchStarted(int generation, int genomes) {}

    /** {@code count} more genomes of the current batch were backtested. */
    default void evaluated(int count) {}
}
