package io.seedgrid.evolution.fitness;

import java.util.List;
import java.util.Optional;
import java.util.function.IntConsumer;

/**
 * Evaluates a batch of genomes: the seam between evolution and wherever backtests run (threads here, grid nodes
 * elsewhere).
 *
 * @apiNote Contract: one call gets a whole generation's new genomes (one round trip per generation); the result
 * holds one fitness per genome, in the same order; fitness is a pure function of genome and data, so every
 * implementation returns the same values bit for bit. Failures throw {@link EvaluationException}; nothing is
 * returned partly.
 */
public interface GenomeEvaluator extends AutoCloseable {

    List<Fitness> evaluate(List<double[]> genomes);

    /**
     * {@link #evaluate(List)}, telling {@code evaluated} how many genomes are done as they finish (from any thread);
     * evaluators that cannot tell report the whole batch at its end.
     */
    default List<Fitness> evaluate(List<double[]> genomes, IntConsumer evaluated) {
        List<Fitness> results = evaluate(genomes);
        evaluated.accept(genomes.size());
        return results;
    }

    /** Words for progress output, e.g. {@code local, 2 threads}. */
    String describe();

    /**
     * Where the last {@link #evaluate} call ran and its overhead, for evaluators that spread work (grid nodes);
     * empty for those that do not, and before the first call.
     */
    default Optional<BatchReport> lastBatch() {
        return Optional.empty();
    }

    @Override
    default void close() {}
}
