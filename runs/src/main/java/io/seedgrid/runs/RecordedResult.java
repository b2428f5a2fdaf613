package io.seedgrid.runs;

import io.seedgrid.seeds.backtest.Metrics;
import io.seedgrid.seeds.strategy.BlendedStrategy;
import java.util.Objects;
import java.util.Optional;

/**
 * One of a stored run's top strategies, read back: exactly the strategy that was ranked, and the metrics its run
 * recorded for it.
 *
 * @param rank        1-based rank in the run's results
 * @param strategy    the strategy, genes and weights as ranked
 * @param inSample    its recorded in-sample metrics (empty when none were recorded)
 * @param outOfSample its recorded out-of-sample metrics (empty when none were recorded)
 * @param fitness     the fitness the run ranked it by
 * @param accepted    whether it met the run's acceptance criteria
 */
public record RecordedResult(
        int rank,
        BlendedStrategy strategy,
        Optional<Metrics> inSample,
        Optional<Metrics> outOfSample,
        double fitness,
        boolean accepted) {

    public RecordedResult {
        if (rank < 1) {
            throw new IllegalArgumentException("rank must be >= 1 but was " + rank);
        }
        Objects.requireNonNull(strategy, "strategy");
        Objects.requireNonNull(inSample, "inSample");
        Objects.requireNonNull(outOfSample, "outOfSample");
    }
}
