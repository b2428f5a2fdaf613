package io.seedgrid.evolution.honesty;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Simulated trial return series with a known structure, per bar, volatility 1% per bar. A "copy" of a base series
 * adds independent noise of 10-50% of its volatility (correlation 0.9-0.995 with it), as a GA's small mutations
 * shift a few entries and exits.
 */
final class PlantedTrials {
    static final double VOLATILITY = 0.01;

    private final Random random;
    private final int bars;
    private final List<double[]> trials = new ArrayList<>();

    PlantedTrials(long seed, int bars) {
        this.random = new Random(seed);
        this.bars = bars;
    }

    /** Independent Gaussian returns with this per-bar Sharpe ratio. */
    double[] base(double sharpe) {
        double[] r = new double[bars];
        for (int t = 0; t < bars; t++) {
            r[t] = VOLATILITY * (sharpe + random.nextGaussian());
        }
        return r;
    }

    double[] copy(double[] base, double noise) {
        double[] r = new double[bars];
        for (int t = 0; t < bars; t++) {
            r[t] = base[t] + noise * VOLATILITY * random.nextGaussian();
        }
        return r;
    }

    /** A copy with 10-50% noise. */
    double[] nearCopy(double[] base) {
        return copy(base, 0.1 + 0.4 * random.nextDouble());
    }

    static double[] inverse(double[] r) {
        double[] out = new double[r.length];
        for (int t = 0; t < r.length; t++) {
            out[t] = -r[t];
        }
        return out;
    }

    /** The base traded on a random share of the bars only, flat on the others. */
    double[] partial(double[] base, double share) {
        double[] r = new double[bars];
        for (int t = 0; t < bars; t++) {
            r[t] = random.nextDouble() < share ? base[t] : 0;
        }
        return r;
    }

    PlantedTrials add(double[] trial) {
        trials.add(trial);
        return this;
    }

    int size() {
        return trials.size();
    }

    double[] get(int i) {
        return trials.get(i);
    }

    double[][] toArray() {
        return trials.toArray(new double[0][]);
    }

    /**
     * A GA-like set of 263 trials around one idea with per-bar Sharpe {@code edge} (0 for none): 70 near-copies of
     * it, 15 exact repeats of those, 20 that trade it on 70% of the bars only, 30 inverted near-copies, 15 families
     * of 5 near-copies of unrelated zero-Sharpe ideas and 53 lone zero-Sharpe trials.
     */
    static PlantedTrials gaLike(long seed, int bars, double edge) {
        PlantedTrials p = new PlantedTrials(seed, bars);
        double[] idea = p.base(edge);
        for (int i = 0; i < 70; i++) {
            p.add(p.nearCopy(idea));
        }
        for (int i = 0; i < 15; i++) {
            p.add(p.get(p.random.nextInt(70)).clone());
        }
        for (int i = 0; i < 20; i++) {
            p.add(p.partial(idea, 0.7));
        }
        for (int i = 0; i < 30; i++) {
            p.add(inverse(p.nearCopy(idea)));
        }
        for (int f = 0; f < 15; f++) {
            double[] other = p.base(0);
            for (int i = 0; i < 5; i++) {
                p.add(p.nearCopy(other));
            }
        }
        for (int i = 0; i < 53; i++) {
            p.add(p.base(0));
        }
        return p;
    }

    /** Sums of consecutive blocks of {@code length} values (the last block may be shorter). */
    static double[][] blockSums(double[][] returns, int length) {
        double[][] out = new double[returns.length][];
        for (int i = 0; i < returns.length; i++) {
            int blocks = (returns[i].length + length - 1) / length;
            out[i] = new double[blocks];
            for (int t = 0; t < returns[i].length; t++) {
                out[i][t / length] += returns[i][t];
            }
        }
        return out;
    }

    /** Index of the trial with the highest per-bar Sharpe ratio. */
    static int best(double[][] returns) {
        int best = 0;
        for (int i = 1; i < returns.length; i++) {
            if (moments(returns[i]).sharpe() > moments(returns[best]).sharpe()) {
                best = i;
            }
        }
        return best;
    }

    static SharpeStatistics.Moments moments(double[] r) {
        return SharpeStatistics.Moments.of(r, 0, r.length);
    }

    /** The paper's DSR: N = all trials, V = the variance of their Sharpe ratios, as SelectionBiasAssessor does. */
    static double naiveDeflatedSharpe(double[][] returns) {
        double[] sharpe = new double[returns.length];
        for (int i = 0; i < returns.length; i++) {
            sharpe[i] = moments(returns[i]).sharpe();
        }
        double std = SharpeStatistics.Moments.of(sharpe, 0, sharpe.length).std();
        var best = moments(returns[best(returns)]);
        return SharpeStatistics.deflatedSharpe(
                best.sharpe(), best.count(), best.skewness(), best.kurtosis(), std * std, returns.length);
    }

    static double naiveVariance(double[][] returns) {
        double[] sharpe = new double[returns.length];
        for (int i = 0; i < returns.length; i++) {
            sharpe[i] = moments(returns[i]).sharpe();
        }
        double std = SharpeStatistics.Moments.of(sharpe, 0, sharpe.length).std();
        return std * std;
    }
}
