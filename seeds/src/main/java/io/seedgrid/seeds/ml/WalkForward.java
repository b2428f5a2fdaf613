package io.seedgrid.seeds.ml;

import io.seedgrid.seeds.seed.SeedContext;
import io.seedgrid.seeds.seed.Signals;

/**
 * The walk-forward schedule both machine-learning seeds share, so neither can look ahead by accident.
 *
 * <p>The example of bar {@code s} is its feature row (bars {@code <= s}) labelled by the forward return
 * {@code close[s + horizon] / close[s] - 1}, known from bar {@code s + horizon} on. A model is fitted at bars
 * {@code warmup, warmup + retrainEvery, warmup + 2 retrainEvery, ...}; the fit at bar {@code T} uses exactly the
 * {@code trainWindow} newest examples whose label is known at {@code T}, i.e. {@code s} in
 * {@code [T - horizon - trainWindow + 1, T - horizon]}, and it predicts bars {@code T .. T + retrainEvery - 1} from
 * their own feature rows. The bar being predicted is never a training example ({@code s <= T - horizon < T}), and the
 * schedule is anchored at the warm-up, not at the end of the data, so cutting bars off never moves a fit.
 *
 * <p>The first fit needs {@code trainWindow} examples starting at the first complete feature row, hence
 * {@code warmup = MlFeatures.FIRST_BAR + horizon + trainWindow - 1}, and it predicts bar {@code warmup} itself.
 */
final class WalkForward {

    /** Fits a model on examples {@code first..last} (inclusive bar indices); null when the window says nothing. */
    @FunctionalInterface
    interface Fitter {
        Predictor fit(int first, int last);
    }

    /** A fitted model: the raw signal for bar {@code t} from bar {@code t}'s features. */
    @FunctionalInterface
    interface Predictor {
        double predict(int t);
    }

    private WalkForward() {}

    /** The index of the first prediction: {@code FIRST_BAR + horizon + trainWindow - 1}. */
    static int warmup(int horizon, int trainWindow) {
        return MlFeatures.FIRST_BAR + horizon + trainWindow - 1;
    }

    /**
     * The signal of the bars of {@code ctx}: 0 before the warm-up and where no model could be fitted, clipped to
     * [-1, 1].
     */
    static double[] run(SeedContext ctx, int horizon, int trainWindow, int retrainEvery, Fitter fitter) {
        int n = ctx.size();
        double[] signal = new double[n];
        int warmup = warmup(horizon, trainWindow);
        if (warmup >= n) {
            return signal;
        }
        long step = ctx.bars().timeframe().duration().toMillis();
        Predictor model = null;
        long next = Long.MIN_VALUE; // the first grid period, counted in bars, after the last fit's
        for (int t = warmup; t < n; t++) {
            // Refit where the bar's period index on the time grid enters a new block of retrainEvery periods; bar
            // times strictly increase, so comparing with the next block's start tells the same as dividing twice.
            long period = ctx.bars().endEpochMilli(t) / step;
            if (t == warmup || period >= next) {
                next = (Math.floorDiv(period, retrainEvery) + 1) * retrainEvery;
                int last = t - horizon;
                model = fitter.fit(last - trainWindow + 1, last);
            }
            signal[t] = model == null ? 0 : Signals.clip(model.predict(t));
        }
        return signal;
    }
}
