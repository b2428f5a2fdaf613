package io.seedgrid.seeds.seed;

import java.util.Arrays;

/**
 * ta4j 0.22.2's indicators on {@code double[]}, operation for operation in ta4j's order (read from its byte code), so
 * the values are ta4j's with {@code DoubleNum} bit for bit (IndicatorMathTest compares every period seeds use) at a
 * small fraction of the cost: no {@code Num} object per value, no helper indicators built per bar. Values inside
 * the indicator's unstable period ({@code getCountOfUnstableBars()}) and non-finite values are NaN.
 *
 * <p>Running sums follow ta4j's RunningTotalIndicator as SeedContext drives it (every index once, in order, from the
 * first stable bar): the first window summed from zero left to right, then {@code (sum + new) - old} per bar.
 */
final class IndicatorMath {
    private IndicatorMath() {}

    /** EMAIndicator: NaN before bar {@code period}, the value there, then {@code (x - prev) * (2 / (p + 1)) + prev}. */
    static double[] ema(double[] values, int period) {
        int n = values.length;
        double[] ema = nan(n);
        if (period < n) {
            double multiplier = 2.0 / (period + 1);
            double previous = values[period];
            ema[period] = previous;
            for (int t = period + 1; t < n; t++) {
                previous = (values[t] - previous) * multiplier + previous;
                ema[t] = previous;
            }
        }
        return finite(ema);
    }

    /**
     * SMAIndicator over {@code values} from bar {@code first} on (its first call; the unstable bars before it are
     * NaN): the running total divided by {@code min(period, t + 1)}.
     */
    static double[] sma(double[] values, int period, int first) {
        int n = values.length;
        double[] sma = nan(n);
        double sum = 0;
        for (int t = first; t < n; t++) {
            if (t == first) {
                for (int i = Math.max(0, t - period + 1); i <= t; i++) {
                    sum += values[i];
                }
            } else {
                sum += values[t];
                if (t >= period) {
                    sum -= values[t - period];
                }
            }
            sma[t] = sum / Math.min(period, t + 1);
        }
        return finite(sma);
    }

    /**
     * StandardDeviationIndicator (population): the square root of the mean of {@code Math.pow(x - sma, 2)} over the
     * window, summed from zero left to right; NaN before bar {@code first} (the indicator's unstable bars).
     */
    static double[] standardDeviation(double[] values, int period, int first) {
        int n = values.length;
        double[] mean = sma(values, period, first);
        double[] sd = nan(n);
        for (int t = first; t < n; t++) {
            int start = Math.max(0, t - period + 1);
            double average = mean[t];
            double squares = 0;
            for (int i = start; i <= t; i++) {
                squares += Math.pow(values[i] - average, 2);
            }
            double variance = squares / (t - start + 1);
            sd[t] = variance < 0 ? Double.NaN : Math.sqrt(variance);
        }
        return finite(sd);
    }

    /** ClosePriceRatioIndicator without its unstable bar: {@code close[t] / close[t - 1]}, 1 at bar 0. */
    static double[] closeRatio(double[] close) {
        double[] ratio = new double[close.length];
        for (int t = 0; t < close.length; t++) {
            ratio[t] = divide(close[t], close[Math.max(0, t - 1)]);
        }
        return ratio;
    }

    /** StochasticOscillatorKIndicator: {@code (close - lowest low) / (highest high - lowest low) * 100}. */
    static double[] stochasticK(double[] high, double[] low, double[] close, int period) {
        double[] highest = highest(high, period);
        double[] lowest = lowest(low, period);
        double[] k = nan(close.length);
        for (int t = period - 1; t < close.length; t++) {
            k[t] = divide(close[t] - lowest[t], highest[t] - lowest[t]) * 100;
        }
        return finite(k);
    }

    /**
     * VWAPIndicator: {@code sum(typical * volume) / sum(volume)} over the window, both summed from zero left to right,
     * typical = {@code ((high + low) + close) / 3}; NaN where the window traded nothing.
     */
    static double[] vwap(double[] high, double[] low, double[] close, double[] volume, int period) {
        int n = close.length;
        double[] typical = new double[n];
        for (int t = 0; t < n; t++) {
            typical[t] = (high[t] + low[t] + close[t]) / 3;
        }
        double[] vwap = nan(n);
        for (int t = Math.max(0, period - 1); t < n; t++) {
            if (t == 0) {
                vwap[t] = typical[t];
                continue;
            }
            double priceVolume = 0;
            double traded = 0;
            for (int i = Math.max(0, t - period + 1); i <= t; i++) {
                priceVolume += typical[i] * volume[i];
                traded += volume[i];
            }
            vwap[t] = divide(priceVolume, traded);
        }
        return finite(vwap);
    }

    /** IchimokuLineIndicator: {@code (highest high + lowest low) / 2} over the window. */
    static double[] donchianMid(double[] high, double[] low, int period) {
        double[] highest = highest(high, period);
        double[] lowest = lowest(low, period);
        double[] mid = nan(high.length);
        for (int t = period - 1; t < high.length; t++) {
            mid[t] = (highest[t] + lowest[t]) / 2;
        }
        return finite(mid);
    }

    /** The largest of the last {@code period} values (fewer at the start); exact, so any order gives ta4j's. */
    static double[] highest(double[] values, int period) {
        return extreme(values, period, true);
    }

    static double[] lowest(double[] values, int period) {
        return extreme(values, period, false);
    }

    /** A sliding maximum (or minimum) with a monotone queue of indices: O(n) whatever the period. */
    private static double[] extreme(double[] values, int period, boolean max) {
        int n = values.length;
        double[] out = new double[n];
        int[] queue = new int[n];
        int head = 0;
        int tail = 0;
        for (int t = 0; t < n; t++) {
            double v = values[t];
            while (tail > head && (max ? values[queue[tail - 1]] <= v : values[queue[tail - 1]] >= v)) {
                tail--;
            }
            queue[tail++] = t;
            if (queue[head] <= t - period) {
                head++;
            }
            out[t] = values[queue[head]];
        }
        return out;
    }

    /** DoubleNum's division: NaN for a zero divisor. */
    private static double divide(double a, double b) {
        return b == 0 ? Double.NaN : a / b;
    }

    private static double[] nan(int n) {
        double[] values = new double[n];
        Arrays.fill(values, Double.NaN);
        return values;
    }

    private static double[] finite(double[] values) {
        for (int t = 0; t < values.length; t++) {
            if (!Double.isFinite(values[t])) {
                values[t] = Double.NaN;
            }
        }
        return values;
    }
}
