package io.seedgrid.evolution.walkforward;

import io.seedgrid.seeds.backtest.Metrics;
import java.util.List;

/**
 * A walk-forward evolution: its folds and the headline, the stitched out-of-sample result of trading each fold's
 * winner on the window after it.
 *
 * @param anchored        whether in-sample windows grew from the first bar (else they rolled)
 * @param folds           in time order; out-of-sample windows are consecutive and never overlap in-sample ones
 * @param stitched        metrics of the stitched out-of-sample returns (win rate: trade-weighted mean of the folds')
 * @param stitchedReturns per-bar net returns of the out-of-sample windows, in order
 * @param stitchedTimes   end time (epoch ms) of each of those bars
 * @param durationMillis  wall time
 */
public record WalkForwardResult(
        boolean anchored,
        List<Fold> folds,
        Metrics stitched,
        double[] stitchedReturns,
        long[] stitchedTimes,
        long durationMillis) {

    public WalkForwardResult {
        folds = List.copyOf(folds);
        stitchedReturns = stitchedReturns.clone();
        stitchedTimes = stitchedTimes.clone();
    }

    @Override
    public double[] stitchedReturns() {
        return stitchedReturns.clone();
    }

    @Override
    public long[] stitchedTimes() {
        return stitchedTimes.clone();
    }
}
