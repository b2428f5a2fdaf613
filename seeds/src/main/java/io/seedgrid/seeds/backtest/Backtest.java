package io.seedgrid.seeds.backtest;

import io.seedgrid.seeds.seed.SeedContext;
import io.seedgrid.seeds.strategy.BlendedStrategy;
import io.seedgrid.seeds.strategy.PositionRule;
import java.util.Arrays;
import java.util.Objects;

/**
 * Backtests a signal over bars: positions by the {@link PositionRule}, filled as the {@link Fill} says, costs, and
 * in-sample and out-of-sample metrics in one pass over primitive arrays.
 *
 * <p>Timing, so nothing looks ahead: the position decided at the close of bar t comes from the signal at t (bars up
 * to t). With {@link Fill#NEXT_OPEN} (the default) it is taken at the open of bar t+1: bar t+1's net return is
 * {@code (1 + old * gap) (1 - c |new - old|) (1 + new * intraday) - 1}, where gap = open(t+1) / close(t) - 1,
 * intraday = close(t+1) / open(t+1) - 1 and c is the cost per unit traded. With {@link Fill#NEXT_CLOSE} it is taken at
 * the close of bar t+1, paying c there, and earns from bar t+2 on. With {@link Fill#CLOSE} (optimistic) it is taken at
 * the close of t, pays c in bar t and earns close t to close t+1. A bar's return belongs to that bar: the last
 * {@code outOfSampleFraction} of bars is held out, in-sample metrics use bars after the warm-up and before the split;
 * positions run on continuously across the split, as they would in trading.
 */
public final class Backtest {
    /** Kept for callers of the former constant; see {@link BacktestSettings#DEFAULT_OUT_OF_SAMPLE_FRACTION}. */
    public static final double DEFAULT_OUT_OF_SAMPLE_FRACTION = BacktestSettings.DEFAULT_OUT_OF_SAMPLE_FRACTION;

    private final BacktestSettings settings;

    Backtest(BacktestSettings settings) {
        this.settings = Objects.requireNonNull(settings, "settings");
    }

    public static Builder builder() {
        return new Builder(BacktestSettings.DEFAULT);
    }

    public Builder toBuilder() {
        return new Builder(settings);
    }

    public BacktestSettings settings() {
        return settings;
    }

    public Fill fill() {
        return settings.fill();
    }

    public CostModel costs() {
        return settings.costs();
    }

    public boolean allowShort() {
        return settings.allowShort();
    }

    public double outOfSampleFraction() {
        return settings.outOfSampleFraction();
    }

    /** First out-of-sample bar of {@code n}: the explicit split if one was set, else by the held-out fraction. */
    public int splitIndex(int n) {
        return settings.splitIndex(n);
    }

    /** First bar the in-sample metrics may count (they also wait for the strategy's warm-up). */
    public int inSampleFrom() {
        return settings.inSampleFrom();
    }

    /** First bar a strategy with {@code warmup} is measured from. */
    public int measuredFrom(int warmup) {
        return settings.measuredFrom(warmup);
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
     * Buying at the first fill and holding to the end, with the same fill and costs: the market beside every result.
     * Measured over the bars a strategy with {@code warmup} is measured on, so the two compare bar for bar.
     */
    public BacktestResult buyAndHold(SeedContext ctx, int warmup, double[] out) {
        double[] always = new double[ctx.size()];
        Arrays.fill(always, 1.0);
        return run(always, 1.0, -1.0, warmup, ctx, out);
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
        int n = ctx.size();
        if (signal.length != n) {
            throw new IllegalArgumentException("signal has " + signal.length + " values for " + n + " bars");
        }
        int split = splitIndex(n);
        Fill fill = settings.fill();
        boolean atOpen = fill == Fill.NEXT_OPEN;
        var rules = new Rules(
                entry,
                Math.min(exit, entry),
                settings.allowShort(),
                settings.costs().perUnitTurnover(),
                atOpen,
                fill != Fill.CLOSE,
                signal,
                ctx.returns(),
                atOpen ? ctx.gapReturns() : null,
                atOpen ? ctx.intradayReturns() : null,
                atOpen ? ctx.longHeldReturns() : null,
                atOpen ? ctx.shortHeldReturns() : null,
                out);
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

    /**
     * What every stretch reads: thresholds, costs, the fill and the arrays.
     *
     * @param atOpen    fills at the next bar's open (gap, intraday and held returns are then given)
     * @param lagged    fills one bar after the decision (next open or next close)
     * @param longHeld  a long position's return over a bar it is held through, at next-open fills
     * @param shortHeld a short position's, likewise
     */
    private record Rules(
            double entry,
            double exit,
            boolean allowShort,
            double cost,
            boolean atOpen,
            boolean lagged,
            double[] signal,
            double[] ret,
            double[] gap,
            double[] intraday,
            double[] longHeld,
            double[] shortHeld,
            double[] out) {}

    /**
     * One stretch of bars: the hot loop keeps its running totals in locals (registers) and takes no division per bar.
     * Most bars change nothing: flat with nothing pending, every total stays as it is (the bar returns exactly 0) until
     * a signal reaches an entry, so those bars are only scanned; holding with nothing pending, a bar returns what the
     * held position earns over it (one array read) for as long as the signal stays beyond the exit. Bars where the
     * position changes, or a change is pending, take the full rule. Either way every total gets the same operations in
     * the same order as bar-by-bar, so the same bits.
     */
    private static final class Stretch {
        double decided; // the position decided at the last bar's close
        double position; // the position in effect at the last bar's close
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
            decided = previous.decided;
            position = previous.position;
            tradeEquity = previous.tradeEquity;
        }

        void run(Rules rules, int from, int to) {
            if (from >= to) {
                return;
            }
            final double[] signal = rules.signal();
            final double[] ret = rules.ret();
            final double[] gap = rules.gap();
            final double[] intraday = rules.intraday();
            final double[] out = rules.out();
            final double entry = rules.entry();
            final double exit = rules.exit();
            final double cost = rules.cost();
            final boolean allowShort = rules.allowShort();
            final boolean atOpen = rules.atOpen();
            final boolean lagged = rules.lagged();
            double pending = decided;
            double held = position;
            double trade = tradeEquity;
            double s1 = sum;
            double s2 = sumSquares;
            double down = downsideSquares;
            double exposed = inPosition;
            double eq = equity;
            double top = peak;
            double floor = 1 - maxDrawdown; // equity / peak below this is a new maximum drawdown
            int t = from;
            while (t < to) {
                if (held == 0 && pending == 0) {
                    int start = t;
                    while (t < to && signal[t] < entry && !(allowShort && signal[t] <= -entry)) {
                        t++;
                    }
                    if (out != null && atOpen) {
                        Arrays.fill(out, start, t, 0.0);
                    } else if (out != null) {
                        for (int i = start; i < t; i++) {
                            out[i] = held * ret[i]; // 0, signed as bar by bar
                        }
                    }
                    if (t == to) {
                        break;
                    }
                } else if (held == pending) {
                    // the rule keeps a long while signal > exit and a short while signal < -exit
                    final double[] earns = atOpen ? (held > 0 ? rules.longHeld() : rules.shortHeld()) : ret;
                    final double side = atOpen ? 1 : held; // close fills earn held * ret
                    int start = t;
                    while (t < to && held * signal[t] > exit) {
                        double r = side * earns[t];
                        trade *= 1 + r;
                        if (out != null) {
                            out[t] = r;
                        }
                        s1 += r;
                        s2 += r * r;
                        double loss = Math.min(r, 0.0);
                        down += loss * loss;
                        eq *= 1 + r;
                        // a new peak, taken without a branch (new peaks come at random), never deepens the floor
                        if (eq < top * floor) {
                            floor = eq / top;
                        }
                        top = Math.max(top, eq);
                        t++;
                    }
                    exposed += t - start; // a whole number of bars, so exactly the sum of ones
                    if (t == to) {
                        break;
                    }
                }
                double decision = PositionRule.next(pending, signal[t], entry, exit, allowShort);
                // lagged fills take, in bar t, what was decided at t-1; a close fill takes what is decided at t
                double next = lagged ? pending : decision;
                double r;
                if (atOpen) {
                    double before = 1 + held * gap[t];
                    double after = 1 + next * intraday[t];
                    if (next != held) {
                        if (held != 0) {
                            trade *= before * (1 - cost * Math.abs(held));
                            closeTrade(trade);
                        }
                        if (next != 0) {
                            trade = (1 - cost * Math.abs(next)) * after;
                            trades++;
                        }
                        r = before * (1 - cost * Math.abs(next - held)) * after - 1;
                    } else {
                        r = before * after - 1;
                        trade *= 1 + r; // flat: r is 0 and the product does not matter
                    }
                    exposed += Math.abs(next);
                } else {
                    r = held * ret[t];
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
                        trade *= 1 + r;
                    }
                    exposed += Math.abs(held);
                }
                if (out != null) {
                    out[t] = r;
                }
                s1 += r;
                s2 += r * r;
                double loss = Math.min(r, 0.0);
                down += loss * loss;
                eq *= 1 + r;
                if (eq < top * floor) { // false at a new peak: floor <= 1
                    floor = eq / top;
                }
                top = Math.max(top, eq);
                held = next;
                pending = decision;
                t++;
            }
            bars += to - from;
            decided = pending;
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
            return Metrics.of(
                    bars,
                    sum,
                    sumSquares,
                    downsideSquares,
                    equity,
                    maxDrawdown,
                    closed == 0 ? 0 : (double) wins / closed,
                    trades,
                    bars == 0 ? 0 : inPosition / bars,
                    barsPerYear);
        }
    }

    /** Settings of a backtest; defaults: {@link BacktestSettings#DEFAULT}. */
    public static final class Builder {
        private BacktestSettings settings;

        private Builder(BacktestSettings settings) {
            this.settings = settings;
        }

        /** Starts from {@code settings} whole. */
        public Builder settings(BacktestSettings value) {
            this.settings = Objects.requireNonNull(value, "settings");
            return this;
        }

        /**
         * An explicit in-sample window {@code [from, split)}: bars before {@code from} only warm indicators up, bars from
         * {@code split} on are out of sample. Replaces the held-out fraction. Walk-forward folds use it.
         */
        public Builder inSampleWindow(int from, int split) {
            if (from < 0 || split < from) {
                throw new IllegalArgumentException(
                        "in-sample window must satisfy 0 <= from <= split but was [" + from + ", " + split + ")");
            }
            settings = settings.withInSampleWindow(from, split);
            return this;
        }

        public Builder fill(Fill fill) {
            settings = settings.withFill(Objects.requireNonNull(fill, "fill"));
            return this;
        }

        public Builder costs(CostModel costs) {
            settings = settings.withCosts(Objects.requireNonNull(costs, "costs"));
            return this;
        }

        public Builder allowShort(boolean allowShort) {
            settings = settings.withAllowShort(allowShort);
            return this;
        }

        public Builder outOfSampleFraction(double fraction) {
            settings = settings.withOutOfSampleFraction(fraction);
            return this;
        }

        public Backtest build() {
            return new Backtest(settings);
        }
    }
}
