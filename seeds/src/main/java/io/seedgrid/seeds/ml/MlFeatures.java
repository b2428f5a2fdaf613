package io.seedgrid.seeds.ml;

import io.seedgrid.seeds.seed.SeedContext;
import java.util.Arrays;

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
    /** Columns of the lag-independent part: sigma_20, trend, range position, regime. */
    private static final int BASE_COLUMNS = 4;

    private MlFeatures() {}

    /** Features per row for {@code lags} lagged returns. */
    static int dimension(int lags) {
        return lags + 3;
    }

    /**
     * The feature matrix, column-major: feature {@code j} of bar {@code t} is {@code x[j * n + t]} with {@code n} the
     * number of bars and {@code j < dimension(lags)}, so a window of one feature is a contiguous run; rows before
     * {@link #FIRST_BAR} are NaN. Computed once per context and lag count, and shared by every genome with that count.
     */
    static double[] matrix(SeedContext ctx, int lags) {
        if (lags < 1 || lags > MAX_LAGS) {
            throw new IllegalArgumentException("lags must lie in [1, " + MAX_LAGS + "] but was " + lags);
        }
        return ctx.derived("ml:features:" + lags, () -> compute(ctx, lags));
    }

    private static double[] compute(SeedContext ctx, int lags) {
        double[] base = ctx.derived("ml:features:base", () -> base(ctx));
        double[] r = ctx.returns();
        int n = ctx.size();
        int head = Math.min(n, FIRST_BAR);
        double[] x = new double[n * dimension(lags)];
        for (int k = 0; k < lags; k++) {
            int column = k * n;
            Arrays.fill(x, column, column + head, Double.NaN);
            for (int t = FIRST_BAR; t < n; t++) {
                double sigma = base[t];
                x[column + t] = sigma > 0 ? clip(r[t - k] / sigma, Z_CLIP) : 0;
            }
        }
        // trend, range position and regime do not depend on the lag count: copied from the shared base
        System.arraycopy(base, n, x, lags * n, (BASE_COLUMNS - 1) * n);
        return x;
    }

    /**
     * What does not depend on the lag count, once per context, column-major like {@link #matrix}: {@code sigma_20},
     * trend, range position and regime ({@link #BASE_COLUMNS} columns; NaN before {@link #FIRST_BAR}).
     */
    private static double[] base(SeedContext ctx) {
        var bars = ctx.bars();
        double[] r = ctx.returns();
        int n = bars.size();
        double[] base = new double[n * BASE_COLUMNS];
        for (int j = 0; j < BASE_COLUMNS; j++) {
            Arrays.fill(base, j * n, j * n + Math.min(n, FIRST_BAR), Double.NaN);
        }
        for (int t = FIRST_BAR; t < n; t++) {
            double sigma = stdDev(r, t - VOL_WINDOW + 1, t);
            double shortSigma = stdDev(r, t - SHORT_VOL_WINDOW + 1, t);
            base[t] = sigma;
            double move = bars.close(t) / bars.close(t - VOL_WINDOW) - 1;
            base[n + t] = sigma > 0 ? clip(move / (sigma * Math.sqrt(VOL_WINDOW)), Z_CLIP) : 0;
            double highest = Double.NEGATIVE_INFINITY;
            double lowest = Double.POSITIVE_INFINITY;
            for (int s = t - VOL_WINDOW + 1; s <= t; s++) {
                highest = Math.max(highest, bars.high(s));
                lowest = Math.min(lowest, bars.low(s));
            }
            base[2 * n + t] = highest > lowest ? 2 * (bars.close(t) - lowest) / (highest - lowest) - 1 : 0;
            base[3 * n + t] = sigma > 0 && shortSigma > 0 ? clip(Math.log(shortSigma / sigma), REGIME_CLIP) : 0;
        }
        return base;
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
