package io.seedgrid.seeds.ml;

import io.seedgrid.seeds.seed.SeedContext;

/**
 * The features both machine-learning seeds learn from: for bar {@code t} they read bars {@code 0..t} only, so a
 * feature row never peeks at the future. With {@code r[t] = close[t] / close[t-1] - 1} and {@code sigma_w(t)} the
 * sample standard deviation of {@code r[t-w+1..t]}:
 * <ol>
 *   <li>{@code r[t-k] / sigma_20(t)} for {@code k = 0..lags-1}: the recent returns in units of current volatility, so
 *       daily stocks and minute crypto look alike to the learner;</li>
 *   <li>trend: {@code (close[t] / close[t-20] - 1) / (sigma_20(t) * sqrt(20))}, a 20-bar z-score of the move;</li>
 *   <li>range position: {@code 2 (close[t] - lowest low) / (highest high - lowest low) - 1} over the last 20 bars, a
 *       stochastic-%K in [-1, 1] that plays the role RSI plays for a chartist;</li>
 *   <li>volatility regime: {@code ln(sigma_5(t) / sigma_20(t))}, positive when the market has just woken up.</li>
 * </ol>
 * Z-scores are clipped to [-6, 6] and the regime to [-3, 3] so a single crash bar cannot dominate a fit; a zero
 * volatility (a flat stretch of minute bars) makes the scaled features 0 rather than infinite.
 */
final class MlFeatures {
    /** Bars of returns behind the volatility unit, the trend and the range features. */
    static final int VOL_WINDOW = 20;
    static final int SHORT_VOL_WINDOW = 5;
    /** The first bar with a complete feature row: {@code sigma_20} needs returns {@code r[1..20]}. */
    static final int FIRST_BAR = VOL_WINDOW;
    static final int MAX_LAGS = 10;
    private static final double Z_CLIP = 6;
    private static final double REGIME_CLIP = 3;

    private MlFeatures() {
    }

    /** Features per row for {@code lags} lagged returns. */
    static int dimension(int lags) {
        return lags + 3;
    }

    /** Tribuo feature names {@code prefix00, prefix01, ...}: fixed width so their sorted order is their index order. */
    static String[] names(String prefix, int count) {
        String[] names = new String[count];
        for (int j = 0; j < count; j++) {
            names[j] = prefix + (j < 10 ? "0" : "") + j;
        }
        return names;
    }

    /**
     * The feature matrix, row-major: row {@code t} occupies {@code [t * d, (t + 1) * d)} with
     * {@code d = dimension(lags)}; rows before {@link #FIRST_BAR} are NaN. Computed once per context and lag count.
     */
    static double[] matrix(SeedContext ctx, int lags) {
        if (lags < 1 || lags > MAX_LAGS) {
            throw new IllegalArgumentException("lags must lie in [1, " + MAX_LAGS + "] but was " + lags);
        }
        return ctx.derived("ml:features:" + lags, () -> compute(ctx, lags));
    }

    private static double[] compute(SeedContext ctx, int lags) {
        var bars = ctx.bars();
        double[] r = ctx.returns();
        int n = bars.size();
        int d = dimension(lags);
        double[] x = new double[n * d];
        java.util.Arrays.fill(x, 0, Math.min(n, FIRST_BAR) * d, Double.NaN);
        for (int t = FIRST_BAR; t < n; t++) {
            int row = t * d;
            double sigma = stdDev(r, t - VOL_WINDOW + 1, t);
            double shortSigma = stdDev(r, t - SHORT_VOL_WINDOW + 1, t);
            for (int k = 0; k < lags; k++) {
                x[row + k] = sigma > 0 ? clip(r[t - k] / sigma, Z_CLIP) : 0;
            }
            double move = bars.close(t) / bars.close(t - VOL_WINDOW) - 1;
            x[row + lags] = sigma > 0 ? clip(move / (sigma * Math.sqrt(VOL_WINDOW)), Z_CLIP) : 0;
            double highest = Double.NEGATIVE_INFINITY;
            double lowest = Double.POSITIVE_INFINITY;
            for (int s = t - VOL_WINDOW + 1; s <= t; s++) {
                highest = Math.max(highest, bars.high(s));
                lowest = Math.min(lowest, bars.low(s));
            }
            x[row + lags + 1] = highest > lowest ? 2 * (bars.close(t) - lowest) / (highest - lowest) - 1 : 0;
            x[row + lags + 2] = sigma > 0 && shortSigma > 0 ? clip(Math.log(shortSigma / sigma), REGIME_CLIP) : 0;
        }
        return x;
    }

    /** Sample standard deviation of {@code values[from..to]} (inclusive), two-pass. */
    private static double stdDev(double[] values, int from, int to) {
        int count = to - from + 1;
        double sum = 0;
        for (int i = from; i <= to; i++) {
            sum += values[i];
        }
        double mean = sum / count;
        double squares = 0;
        for (int i = from; i <= to; i++) {
            double dev = values[i] - mean;
            squares += dev * dev;
        }
        return Math.sqrt(squares / (count - 1));
    }

    private static double clip(double value, double bound) {
        return Math.max(-bound, Math.min(bound, value));
    }
}
