package io.seedgrid.seeds.backtest;

import io.seedgrid.seeds.Requires;
import io.seedgrid.seeds.bars.Bars;
import java.io.Serializable;
import java.util.Locale;
import java.util.Objects;

/**
 * Everything that decides how a strategy's signals become returns: when positions are filled, what trading costs,
 * whether it may go short, and which bars are in and out of sample. One shape everywhere (fitness, backtests, grid
 * jobs, registered strategies, replays), stored whole.
 *
 * @param fill                when a position decided at a close is taken
 * @param feeBps              fee per unit of position traded, bps
 * @param slippageBps         slippage per unit traded, bps (half the spread estimated from the data, by default)
 * @param allowShort          whether positions may be short
 * @param outOfSampleFraction share of bars held out at the end, in [0, 1); ignored when {@code split >= 0}
 * @param inSampleFrom        first bar in-sample metrics may count (earlier bars only warm up); 0 normally
 * @param split               first out-of-sample bar, or -1 to hold out {@code outOfSampleFraction} of the bars
 */
public record BacktestSettings(
        Fill fill,
        double feeBps,
        double slippageBps,
        boolean allowShort,
        double outOfSampleFraction,
        int inSampleFrom,
        int split)
        implements Serializable {

    public static final double DEFAULT_OUT_OF_SAMPLE_FRACTION = 0.3;

    /** Next-open fills, fee 10 bps and a fixed 5 bps slippage (runs estimate slippage from their bars instead), long only, 30% held out. */
    public static final BacktestSettings DEFAULT = new BacktestSettings(
            Fill.NEXT_OPEN,
            CostModel.DEFAULT_FEE_BPS,
            CostModel.DEFAULT_SLIPPAGE_BPS,
            false,
            DEFAULT_OUT_OF_SAMPLE_FRACTION,
            0,
            -1);

    public BacktestSettings {
        Objects.requireNonNull(fill, "fill");
        new CostModel(feeBps, slippageBps); // checks both
        Requires.inHalfOpenRange("out-of-sample fraction", outOfSampleFraction, 0, 1);
        if (split < -1) {
            throw new IllegalArgumentException(
                    "split must be a bar index >= 0, or -1 for the held-out fraction, but was " + split);
        }
        if (split >= 0 && (inSampleFrom < 0 || inSampleFrom > split)) {
            throw new IllegalArgumentException(
                    "in-sample window must satisfy 0 <= from <= split but was [" + inSampleFrom + ", " + split + ")");
        }
        if (split < 0 && inSampleFrom != 0) {
            throw new IllegalArgumentException("an in-sample start (" + inSampleFrom + ") needs an explicit split");
        }
    }

    public CostModel costs() {
        return new CostModel(feeBps, slippageBps);
    }

    /** The engine for these settings. */
    public Backtest backtest() {
        return new Backtest(this);
    }

    public BacktestSettings withFill(Fill value) {
        return new BacktestSettings(value, feeBps, slippageBps, allowShort, outOfSampleFraction, inSampleFrom, split);
    }

    public BacktestSettings withCosts(CostModel value) {
        return new BacktestSettings(
                fill, value.feeBps(), value.slippageBps(), allowShort, outOfSampleFraction, inSampleFrom, split);
    }

    /** The same settings with fee and slippage multiplied by {@code factor} (e.g. 2 for the double-cost check). */
    public BacktestSettings withCostsTimes(double factor) {
        return withCosts(new CostModel(feeBps * factor, slippageBps * factor));
    }

    public BacktestSettings withAllowShort(boolean value) {
        return new BacktestSettings(fill, feeBps, slippageBps, value, outOfSampleFraction, inSampleFrom, split);
    }

    /** The held-out share; an explicit in-sample window, when set, still decides the split. */
    public BacktestSettings withOutOfSampleFraction(double value) {
        return new BacktestSettings(fill, feeBps, slippageBps, allowShort, value, inSampleFrom, split);
    }

    /**
     * An explicit in-sample window {@code [from, split)}: bars before {@code from} only warm indicators up, bars from
     * {@code split} on are out of sample. Replaces the held-out fraction. Walk-forward folds use it.
     */
    public BacktestSettings withInSampleWindow(int from, int splitAt) {
        return new BacktestSettings(fill, feeBps, slippageBps, allowShort, outOfSampleFraction, from, splitAt);
    }

    /** First out-of-sample bar of {@code n}: the explicit split if one was set, else by the held-out fraction. */
    public int splitIndex(int n) {
        if (split >= 0) {
            if (split > n) {
                throw new IllegalArgumentException("the split at bar " + split + " lies beyond the " + n + " bars");
            }
            return split;
        }
        return n - (int) Math.round(n * outOfSampleFraction);
    }

    /**
     * The bars before the split (at least 2 when there are): what a run may learn from, its costs included; the
     * held-out bars take no part.
     */
    public Bars inSampleBars(Bars bars) {
        return bars.head(Math.max(Math.min(2, bars.size()), splitIndex(bars.size())));
    }

    /** First bar a strategy with {@code warmup} is measured from. */
    public int measuredFrom(int warmup) {
        return Math.max(Math.max(1, inSampleFrom), warmup + 1);
    }

    /** Fill, costs and direction in words, e.g. {@code next-open fills, fee 10.0 + slippage 20.1 bps per unit, long only}. */
    public String describe() {
        return String.format(
                Locale.ROOT,
                "%s fills%s, fee %.1f + slippage %.1f bps per unit traded, %s",
                fill.label(),
                fill.optimistic() ? " (OPTIMISTIC)" : "",
                feeBps,
                slippageBps,
                allowShort ? "long/short" : "long only");
    }
}
