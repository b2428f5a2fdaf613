package io.seedgrid.seeds.backtest;

import io.seedgrid.seeds.seed.SeedContext;
import io.seedgrid.seeds.strategy.BlendedStrategy;
import java.util.Objects;

/**
 * Backtests a signal over bars: positions from thresholds, close-to-close returns, costs, in-sample and
 * out-of-sample metrics in one pass over primitive arrays.
 *
 * <p>Timing, so nothing looks ahead: the position decided at the close of bar t (from the signal at t, which uses
 * bars up to t) earns the return from close t to close t+1; a change of position at the close of t pays its costs
 * in bar t. The last {@code outOfSampleFraction} of bars is held out: in-sample metrics use bars after the warm-up
 * and before the split only; signals and positions run on continuously across the split, as they would in trading.
 */
public final class Backtest {
    public static final double DEFAULT_OUT_OF_SAMPLE_FRACTION = 0.3;

    private final CostModel costs;
    private final boolean allowShort;
    private final double outOfSampleFraction;
    private final int inSampleFrom;
    private final int split;

    private Backtest(Builder builder) {
        this.costs = builder.costs;
        this.allowShort = builder.allowShort;
        this.outOfSampleFraction = builder.outOfSampleFraction;
        this.inSampleFrom = builder.inSampleFrom;
        this.split = builder.split;
    }

    public static Builder builder() {
        return new Builder();
    }

    public Builder toBuilder() {
        Builder builder = new Builder().costs(costs).allowShort(allowShort).outOfSampleFraction(outOfSampleFraction);
        builder.inSampleFrom = inSampleFrom;
        builder.split = split;
        return builder;
    }

    public CostModel costs() {
        return costs;
    }

    public boolean allowShort() {
        return allowShort;
    }

    public double outOfSampleFraction() {
        return outOfSampleFraction;
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

    /** First bar the in-sample metrics may count (they also wait for the strategy's warm-up). */
    public int inSampleFrom() {
        return inSampleFrom;
    }

    /** First bar a strategy with {@code warmup} is measured from. */
    public int measuredFrom(int warmup) {
        return Math.max(Math.max(1, inSampleFrom), warmup + 1);
    }

    /** Backtests {@code strategy} on the bars of {@code ctx}. */
    public BacktestResult run(BlendedStrategy strategy, SeedContext ctx) {
        return run(strategy.signals(ctx), strategy.entry(), strategy.exit(), strategy.warmup(), ctx, null);
    }

    /** Net return of every bar (0 during warm-up) for an equity curve: {@code equity[t] = prod(1 + r[0..t])}. */
    public double[] netReturns(BlendedStrategy strategy, SeedContext ctx) {
        double[] out = new double[ctx.size()];
        run(strategy.signals(ctx), strategy.entry(), strategy.exit(), strategy.warmup(), ctx, out);
        return out;
    }

    /**
     * The hot path: backtests a ready signal.
     *
     * @param signal per-bar signal in [-1, 1], one per bar of {@code ctx}
     * @param entry  threshold to open a position, in (0, 1]
     * @param exit   threshold to close it, at most {@code entry}
     * @param warmup bars before the signal means anything; metrics start after it
     * @param out    if not null, receives each bar's net return
     */
    public BacktestResult run(double[] signal, double entry, double exit, int warmup, SeedContext ctx, double[] out) {
        double[] ret = ctx.returns();
        int n = ret.length;
        if (signal.length != n) {
            throw new IllegalArgumentException("signal has " + signal.length + " values for " + n + " bars");
        }
        double exitLevel = Math.min(exit, entry);
        int split = splitIndex(n);
        var rules = new Rules(entry, exitLevel, allowShort, costs.perUnitTurnover(), signal, ret, out);
        // Three stretches share one position and one open trade: warm-up (not measured), in-sample, held out.
        int measuredFrom = measuredFrom(warmup);
        var warming = new Stretch();
        var inSample = new Stretch();
        var outOfSample = new Stretch();
        warming.run(rules, 1, Math.min(measuredFrom, n));
        inSample.carryFrom(warming);
        inSample.run(rules, Math.min(measuredFrom, split), split);
        outOfSample.carryFrom(inSample);
        outOfSample.run(rules, Math.max(measuredFrom, split), n);
        if (outOfSample.position != 0) { // the open trade is marked to market at the last close
            (split >= n ? inSample : outOfSample).closeTrade(outOfSample.tradeEquity);
        }
        double barsPerYear = ctx.bars().barsPerYear();
        return new BacktestResult(inSample.metrics(barsPerYear), outOfSample.metrics(barsPerYear), split, warmup);
    }

    /** What every stretch reads: thresholds, costs and the arrays. */
    private record Rules(double entry, double exit, boolean allowShort, double cost, double[] signal, double[] ret,
            double[] out) {
    }

    /**
     * One stretch of bars: the hot loop keeps its running totals in locals (registers), takes no division per bar,
     * and branches only where the position changes.
     */
    private static final class Stretch {
        double position;
        double tradeEquity = 1;
        int bars;
        double inPosition;
        int trades;
        int closed;
        int wins;
        double sum;
        double sumSquares;
        double downsideSquares;
        double equity = 1;
        double peak = 1;
        double maxDrawdown;

        void carryFrom(Stretch previous) {
            position = previous.position;
            tradeEquity = previous.tradeEquity;
        }

        void run(Rules rules, int from, int to) {
            if (from >= to) {
                return;
            }
            final double[] signal = rules.signal();
            final double[] ret = rules.ret();
            final double[] out = rules.out();
            final double entry = rules.entry();
            final double exit = rules.exit();
            final double cost = rules.cost();
            final boolean allowShort = rules.allowShort();
            double held = position;
            double trade = tradeEquity;
            double s1 = sum;
            double s2 = sumSquares;
            double down = downsideSquares;
            double exposed = inPosition;
            double eq = equity;
            double top = peak;
            double floor = 1 - maxDrawdown; // equity / peak below this is a new maximum drawdown
            for (int t = from; t < to; t++) {
                double s = signal[t];
                double next;
                if (held == 0) {
                    next = s >= entry ? 1 : allowShort && s <= -entry ? -1 : 0;
                } else if (held > 0) {
                    next = s > exit ? 1 : allowShort && s <= -entry ? -1 : 0;
                } else {
                    next = s < -exit ? -1 : s >= entry ? 1 : 0;
                }
                double r = held * ret[t];
                if (next != held) {
                    if (held != 0) {
                        trade *= 1 + r - cost * Math.abs(held);
                        closeTrade(trade);
                    }
                    if (next != 0) {
                        trade = 1 - cost * Math.abs(next);
                        trades++;
                    }
                    r -= cost * Math.abs(next - held);
                } else {
                    trade *= 1 + r; // flat: r is 0 and the product does not matter
                }
                if (out != null) {
                    out[t] = r;
                }
                s1 += r;
                s2 += r * r;
                double loss = Math.min(r, 0.0);
                down += loss * loss;
                exposed += Math.abs(held);
                eq *= 1 + r;
                if (eq > top) {
                    top = eq;
                } else if (eq < top * floor) {
                    floor = eq / top;
                }
                held = next;
            }
            bars += to - from;
            position = held;
            tradeEquity = trade;
            sum = s1;
            sumSquares = s2;
            downsideSquares = down;
            inPosition = exposed;
            equity = eq;
            peak = top;
            maxDrawdown = 1 - floor;
        }

        void closeTrade(double tradeEquity) {
            closed++;
            if (tradeEquity > 1) {
                wins++;
            }
        }

        Metrics metrics(double barsPerYear) {
            return Metrics.of(bars, sum, sumSquares, downsideSquares, equity, maxDrawdown,
                    closed == 0 ? 0 : (double) wins / closed, trades, bars == 0 ? 0 : inPosition / bars, barsPerYear);
        }
    }

    /** Settings of a backtest; defaults: {@link CostModel#DEFAULT}, long only, 30% held out. */
    public static final class Builder {
        private CostModel costs = CostModel.DEFAULT;
        private boolean allowShort;
        private double outOfSampleFraction = DEFAULT_OUT_OF_SAMPLE_FRACTION;
        private int inSampleFrom;
        private int split = -1;

        private Builder() {
        }

        /**
         * An explicit in-sample window {@code [from, split)}: bars before {@code from} only warm indicators up, bars from
         * {@code split} on are out of sample. Replaces the held-out fraction. Walk-forward folds use it.
         */
        public Builder inSampleWindow(int from, int split) {
            if (from < 0 || split < from) {
                throw new IllegalArgumentException("in-sample window must satisfy 0 <= from <= split but was [" + from
                        + ", " + split + ")");
            }
            this.inSampleFrom = from;
            this.split = split;
            return this;
        }

        public Builder costs(CostModel costs) {
            this.costs = Objects.requireNonNull(costs, "costs");
            return this;
        }

        public Builder allowShort(boolean allowShort) {
            this.allowShort = allowShort;
            return this;
        }

        public Builder outOfSampleFraction(double fraction) {
            if (!(fraction >= 0 && fraction < 1)) {
                throw new IllegalArgumentException("out-of-sample fraction must lie in [0, 1) but was " + fraction);
            }
            this.outOfSampleFraction = fraction;
            return this;
        }

        public Backtest build() {
            return new Backtest(this);
        }
    }
}
