package io.seedgrid.grid;

import io.seedgrid.evolution.fitness.BatchReport;
import io.seedgrid.evolution.fitness.Fitness;
import io.seedgrid.evolution.fitness.GenomeEvaluator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/** A grid evaluator as a test watches it: each batch goes through {@code batch}, which evaluates it on the grid. */
final class WatchedEvaluator implements GenomeEvaluator {
    /** What a test does around one batch: it must call {@code grid.evaluate(genomes)} and return its results. */
    interface Batch {
        List<Fitness> evaluate(GridEvaluator grid, List<double[]> genomes);
    }

    private final GridEvaluator grid;
    private final Batch batch;

    WatchedEvaluator(GridEvaluator grid, Batch batch) {
        this.grid = Objects.requireNonNull(grid, "grid");
        this.batch = Objects.requireNonNull(batch, "batch");
    }

    @Override
    public List<Fitness> evaluate(List<double[]> genomes) {
        return batch.evaluate(grid, genomes);
    }

    @Override
    public Optional<BatchReport> lastBatch() {
        return grid.lastBatch();
    }

    @Override
    public String describe() {
        return grid.describe();
    }

    @Override
    public void close() {
        grid.close();
    }
}
