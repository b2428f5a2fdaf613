package io.seedgrid.seeds.seed;

import io.seedgrid.seeds.bars.Bars;
import java.util.Arrays;
import java.util.function.IntToDoubleFunction;

/**
 * The indicators seeds share, computed once per run and parameter value through {@link SeedContext}: ta4j 0.22.2's
 * values, computed on plain arrays by {@link IndicatorMath} (bit for bit the same, without a ta4j object per value),
 * except ATR and RSI, which are Wilder's own (see {@link #wilder}). Values inside an indicator's unstable period are
 * NaN. Keys live here only, so two seeds asking for the same indicator share one array.
 */
public final class Indicators {
    private Indicators() {}

    public static double[] close(SeedContext ctx) {
        return column(ctx, "close", ctx.bars()::close);
    }

    static double[] high(SeedContext ctx) {
        return column(ctx, "high", ctx.bars()::high);
    }

    static double[] low(SeedContext ctx) {
        return column(ctx, "low", ctx.bars()::low);
    }

    static double[] volume(SeedContext ctx) {
        return column(ctx, "volume", ctx.bars()::volume);
    }

    private static double[] column(SeedContext ctx, String key, IntToDoubleFunction value) {
        return ctx.derived(key, () -> {
            double[] values = new double[ctx.size()];
            Arrays.setAll(values, value);
            return values;
        });
    }

    /** ta4j's EMAIndicator of the close: NaN before bar {@code period}, started there from that bar's close. */
    public static double[] ema(SeedContext ctx, int period) {
        double[] close = close(ctx);
        return ctx.derived("ema:" + period, () -> IndicatorMath.ema(close, period));
    }

    /** ta4j's SMAIndicator of the close: NaN before bar {@code period - 1}. */
    public static double[] sma(SeedContext ctx, int period) {
        double[] close = close(ctx);
        return ctx.derived("sma:" + period, () -> IndicatorMath.sma(close, period, period - 1));
    }

    /**
     * Average true range: the volatility unit that makes seed scores comparable across symbols and timeframes.
     * Wilder's average (see {@link #wilder}) of the true range {@code max(high - low, |high - prevClose|,
     * |low - prevClose|)}; NaN before bar {@code period}. Zero only while every bar so far repeats the first close.
     */
    public static double[] atr(SeedContext ctx, int period) {
        double[] range = trueRange(ctx);
        return ctx.derived("atr:" + period, () -> wilder(range, period));
    }

    /** The true range of every bar from bar 1 on (0 at bar 0), shared by every ATR period. */
    private static double[] trueRange(SeedContext ctx) {
        Bars bars = ctx.bars();
        return ctx.derived("trueRange", () -> {
            double[] range = new double[bars.size()];
            for (int t = 1; t < range.length; t++) {
                double previous = bars.close(t - 1);
                range[t] = Math.max(
                        bars.high(t) - bars.low(t),
                        Math.max(Math.abs(bars.high(t) - previous), Math.abs(bars.low(t) - previous)));
            }
            return range;
        });
    }

    /**
     * Wilder's RSI in [0, 100], NaN before bar {@code period}: {@code 100 * gain / (gain + loss)} with gain and loss
     * {@link #wilder} averages of the close-to-close rises and falls. A stretch without any change has no opinion: 50.
     */
    public static double[] rsi(SeedContext ctx, int period) {
        double[] close = close(ctx);
        double[] up = ctx.derived("closeRises", () -> changes(close, true));
        double[] down = ctx.derived("closeFalls", () -> changes(close, false));
        return ctx.derived("rsi:" + period, () -> {
            double[] gain = wilder(up, period);
            double[] loss = wilder(down, period);
            double[] rsi = new double[close.length];
            for (int t = 0; t < rsi.length; t++) {
                double total = gain[t] + loss[t];
                rsi[t] = total > 0 ? 100 * gain[t] / total : Double.isNaN(total) ? Double.NaN : 50;
            }
            return rsi;
        });
    }

    /** Close-to-close rises (or falls), 0 at bar 0 and where the close moved the other way. */
    private static double[] changes(double[] close, boolean rises) {
        double[] change = new double[close.length];
        for (int t = 1; t < close.length; t++) {
            change[t] = rises ? Math.max(close[t] - close[t - 1], 0) : Math.max(close[t - 1] - close[t], 0);
        }
        return change;
    }

    /**
     * Wilder's moving average of {@code values[1..]} (bar 0 has no previous bar to measure a change or range from):
     * NaN before bar {@code period}, the plain mean of bars 1 to {@code period} at bar {@code period}, then
     * {@code avg += (value - avg) / period}.
     *
     * <p>Not ta4j's {@code MMAIndicator}, which RSI and ATR use in 0.22.2: it starts from the single value at bar
     * {@code period}. Its first RSI is then always 0 or 100 and stays extreme for several periods (on 20-bar histories
     * the RSI filter read sideways markets as oversold or overbought from start to end), and its first ATR is one
     * bar's range: 0.25 to 2.5 times the mean on AAPL, and 0 after a minute without trades on BTCUSD, where every
     * ATR-scaled seed then divided by zero (EMACrossover gave NaN on 891 of the 9,584 20-bar histories).
     */
    static double[] wilder(double[] values, int period) {
        double[] average = new double[values.length];
        Arrays.fill(average, Double.NaN);
        double sum = 0;
        for (int t = 1; t < values.length; t++) {
            if (t < period) {
                sum += values[t];
            } else if (t == period) {
                average[t] = (sum + values[t]) / period;
            } else {
                average[t] = average[t - 1] + (values[t] - average[t - 1]) / period;
            }
        }
        return average;
    }

    /** Stochastic %K in [0, 100] (ta4j's StochasticOscillatorKIndicator): NaN over a window without range. */
    public static double[] stochasticK(SeedContext ctx, int period) {
        double[] high = high(ctx);
        double[] low = low(ctx);
        double[] close = close(ctx);
        return ctx.derived("stochK:" + period, () -> IndicatorMath.stochasticK(high, low, close, period));
    }

    /**
     * A deviation below this fraction of the values' own size is a window of equal values: ta4j's running sums drift
     * by a few ulps (about 1e-15 relative on the bundled BTCUSD), which would otherwise turn a flat stretch into a
     * full-strength signal. Real price moves are orders of magnitude larger (a 0.01 tick at 1,000 is 1e-5).
     */
    private static final double FLAT = 1e-10;

    /** Population standard deviation of closes over {@code period} bars; exactly 0 over equal closes. */
    public static double[] closeStdDev(SeedContext ctx, int period) {
        double[] close = close(ctx);
        double[] mean = sma(ctx, period);
        return ctx.derived(
                "closeStd:" + period,
                () -> flatToZero(IndicatorMath.standardDeviation(close, period, period - 1), mean));
    }

    /**
     * Population standard deviation of one-bar returns ({@code close[t] / close[t-1]}) over {@code period} bars;
     * exactly 0 over a stretch of equal closes.
     */
    public static double[] returnStdDev(SeedContext ctx, int period) {
        double[] close = close(ctx);
        // ta4j's ratio indicator has one unstable bar, so its deviation starts a bar later than the close's
        return ctx.derived(
                "retStd:" + period,
                () -> flatToZero(
                        IndicatorMath.standardDeviation(IndicatorMath.closeRatio(close), period, period), null));
    }

    /** {@code sd}, changed in place: values under {@link #FLAT} times {@code scale} (1 when null: ratios) set to 0. */
    private static double[] flatToZero(double[] sd, double[] scale) {
        double[] values = sd;
        for (int t = 0; t < values.length; t++) {
            if (values[t] <= FLAT * (scale == null ? 1 : Math.abs(scale[t]))) { // false for NaN: stays NaN
                values[t] = 0;
            }
        }
        return values;
    }

    /** ta4j's VWAPIndicator: volume-weighted typical price over {@code period} bars, NaN where none traded. */
    public static double[] vwap(SeedContext ctx, int period) {
        double[] high = high(ctx);
        double[] low = low(ctx);
        double[] close = close(ctx);
        double[] volume = volume(ctx);
        return ctx.derived("vwap:" + period, () -> IndicatorMath.vwap(high, low, close, volume, period));
    }

    /** Mid-point of the highest high and lowest low over {@code period} bars: every Ichimoku line is one. */
    public static double[] donchianMid(SeedContext ctx, int period) {
        double[] high = high(ctx);
        double[] low = low(ctx);
        return ctx.derived("donchianMid:" + period, () -> IndicatorMath.donchianMid(high, low, period));
    }

    /** {@code values[t]} averaged over the last {@code period} values (NaN until {@code period} finite values). */
    public static double[] rollingMean(SeedContext ctx, String key, double[] values, int period) {
        return ctx.derived("mean:" + period + ":" + key, () -> rollingMean(values, period, new double[values.length]));
    }

    /**
     * {@link #rollingMean(SeedContext, String, double[], int)} written into {@code into} and not cached: for a short
     * window that a seed needs once per genome, cheaper to compute than to keep for every pair of periods;
     * {@code into} must not be {@code values}.
     *
     * @return {@code into}
     */
    public static double[] rollingMean(double[] values, int period, double[] into) {
        double sum = 0;
        int finite = 0;
        for (int t = 0; t < values.length; t++) {
            double v = values[t];
            if (Double.isNaN(v)) {
                sum = 0;
                finite = 0;
                into[t] = Double.NaN;
                continue;
            }
            sum += v;
            finite++;
            if (finite > period) {
                sum -= values[t - period];
                finite = period;
            }
            into[t] = finite == period ? sum / period : Double.NaN;
        }
        return into;
    }
}
