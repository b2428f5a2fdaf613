package io.seedgrid.seeds.seed;

import org.ta4j.core.indicators.ATRIndicator;
import org.ta4j.core.indicators.RSIIndicator;
import org.ta4j.core.indicators.StochasticOscillatorKIndicator;
import org.ta4j.core.indicators.averages.EMAIndicator;
import org.ta4j.core.indicators.averages.SMAIndicator;
import org.ta4j.core.indicators.helpers.ClosePriceIndicator;
import org.ta4j.core.indicators.helpers.ClosePriceRatioIndicator;
import org.ta4j.core.indicators.ichimoku.IchimokuTenkanSenIndicator;
import org.ta4j.core.indicators.statistics.StandardDeviationIndicator;
import org.ta4j.core.indicators.volume.VWAPIndicator;

/**
 * The ta4j indicators seeds share, computed once per run and parameter value through {@link SeedContext}. Values
 * inside an indicator's unstable period are NaN. Keys live here only, so two seeds asking for the same indicator share
 * one array.
 */
public final class Indicators {
    private Indicators() {
    }

    public static double[] close(SeedContext ctx) {
        return ctx.indicator("close", ClosePriceIndicator::new);
    }

    public static double[] ema(SeedContext ctx, int period) {
        return ctx.indicator("ema:" + period, s -> new EMAIndicator(new ClosePriceIndicator(s), period));
    }

    public static double[] sma(SeedContext ctx, int period) {
        return ctx.indicator("sma:" + period, s -> new SMAIndicator(new ClosePriceIndicator(s), period));
    }

    /** Average true range: the volatility unit that makes seed scores comparable across symbols and timeframes. */
    public static double[] atr(SeedContext ctx, int period) {
        return ctx.indicator("atr:" + period, s -> new ATRIndicator(s, period));
    }

    public static double[] rsi(SeedContext ctx, int period) {
        return ctx.indicator("rsi:" + period, s -> new RSIIndicator(new ClosePriceIndicator(s), period));
    }

    /** Stochastic %K in [0, 100]. */
    public static double[] stochasticK(SeedContext ctx, int period) {
        return ctx.indicator("stochK:" + period, s -> new StochasticOscillatorKIndicator(s, period));
    }

    /** Standard deviation of closes over {@code period} bars. */
    public static double[] closeStdDev(SeedContext ctx, int period) {
        return ctx.indicator("closeStd:" + period,
                s -> new StandardDeviationIndicator(new ClosePriceIndicator(s), period));
    }

    /** Standard deviation of one-bar returns ({@code close[t] / close[t-1]}) over {@code period} bars. */
    public static double[] returnStdDev(SeedContext ctx, int period) {
        return ctx.indicator("retStd:" + period,
                s -> new StandardDeviationIndicator(new ClosePriceRatioIndicator(s), period));
    }

    public static double[] vwap(SeedContext ctx, int period) {
        return ctx.indicator("vwap:" + period, s -> new VWAPIndicator(s, period));
    }

    /** Mid-point of the highest high and lowest low over {@code period} bars: every Ichimoku line is one. */
    public static double[] donchianMid(SeedContext ctx, int period) {
        return ctx.indicator("donchianMid:" + period, s -> new IchimokuTenkanSenIndicator(s, period));
    }

    /** {@code values[t]} averaged over the last {@code period} values (NaN until {@code period} finite values). */
    public static double[] rollingMean(SeedContext ctx, String key, double[] values, int period) {
        return ctx.derived("mean:" + period + ":" + key, () -> {
            double[] mean = new double[values.length];
            double sum = 0;
            int finite = 0;
            for (int t = 0; t < values.length; t++) {
                double v = values[t];
                if (Double.isNaN(v)) {
                    sum = 0;
                    finite = 0;
                    mean[t] = Double.NaN;
                    continue;
                }
                sum += v;
                finite++;
                if (finite > period) {
                    sum -= values[t - period];
                    finite = period;
                }
                mean[t] = finite == period ? sum / period : Double.NaN;
            }
            return mean;
        });
    }
}
