package io.seedgrid.seeds.backtest;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.seedgrid.seeds.Seeds;
import io.seedgrid.seeds.TestSupport;
import io.seedgrid.seeds.bars.Bars;
import io.seedgrid.seeds.bars.BundledData;
import io.seedgrid.seeds.seed.Seed;
import io.seedgrid.seeds.seed.SeedContext;
import io.seedgrid.seeds.strategy.PositionRule;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The backtest's loop, which scans flat bars and reads held returns from arrays, gives what the plain bar-by-bar loop
 * (kept here as it was, the oracle) gives, bit for bit: every metric and every per-bar return, for every fill, long
 * only and with shorts, with costs, on seed signals and on random signals that change position often.
 */
class BacktestBarByBarTest {

    @Test
    void sameBitsAsBarByBar() {
        Bars btc = BundledData.load("BTCUSD");
        SeedContext[] contexts = {SeedContext.of(btc.head(3000)), SeedContext.of(BundledData.load("AAPL"))};
        Random random = new Random(11);
        int compared = 0;
        int positions = 0;
        for (SeedContext ctx : contexts) {
            for (int k = 0; k < 60; k++) {
                double[] signal = k % 3 == 0 ? noise(ctx.size(), random) : seedSignal(ctx, random);
                double entry = 0.05 + 0.8 * random.nextDouble();
                double exit = -0.5 + 1.4 * random.nextDouble();
                int warmup = random.nextInt(40);
                for (Fill fill : Fill.values()) {
                    for (boolean shorts : new boolean[] {false, true}) {
                        BacktestSettings settings = BacktestSettings.DEFAULT
                                .withFill(fill)
                                .withAllowShort(shorts)
                                .withCosts(new CostModel(random.nextInt(20), random.nextInt(10)));
                        if (k % 4 == 1) {
                            settings = settings.withInSampleWindow(random.nextInt(100), ctx.size() / 2);
                        }
                        Backtest backtest = new Backtest(settings);
                        double[] out = new double[ctx.size()];
                        double[] expectedOut = new double[ctx.size()];
                        BacktestResult actual = backtest.run(signal, entry, exit, warmup, ctx, out);
                        BacktestResult expected = barByBar(backtest, signal, entry, exit, warmup, ctx, expectedOut);
                        assertEquals(expected, actual, fill + " shorts " + shorts + " case " + k);
                        assertArrayEquals(expectedOut, out, fill + " shorts " + shorts + " case " + k);
                        assertEquals(expected, backtest.run(signal, entry, exit, warmup, ctx, null));
                        compared++;
                        positions += actual.inSample().trades()
                                + actual.outOfSample().trades();
                    }
                }
            }
        }
        assertTrue(positions > 10 * compared, "the cases trade: " + positions + " trades in " + compared + " runs");
    }

    /** A signal that wanders over [-1, 1], crossing thresholds every few bars. */
    private static double[] noise(int n, Random random) {
        double[] signal = new double[n];
        double s = 0;
        for (int t = 0; t < n; t++) {
            s = Math.max(-1, Math.min(1, 0.8 * s + 0.5 * random.nextGaussian()));
            signal[t] = s;
        }
        return signal;
    }

    private static double[] seedSignal(SeedContext ctx, Random random) {
        String name = TestSupport.CLASSIC.get(random.nextInt(TestSupport.CLASSIC.size()));
        Seed seed = Seeds.byName(name);
        return seed.signals(ctx, TestSupport.randomGenes(seed, random));
    }

    /** The backtest as it ran before, bar by bar: Backtest.run with the former loop. */
    static BacktestResult barByBar(
            Backtest backtest, double[] signal, double entry, double exit, int warmup, SeedContext ctx, double[] out) {
        int n = ctx.size();
        int split = backtest.splitIndex(n);
        Fill fill = backtest.fill();
        var rules = new Rules(
                entry,
                Math.min(exit, entry),
                backtest.allowShort(),
                backtest.costs().perUnitTurnover(),
                fill == Fill.NEXT_OPEN,
                fill != Fill.CLOSE,
                signal,
                ctx.returns(),
                fill == Fill.NEXT_OPEN ? ctx.gapReturns() : null,
                fill == Fill.NEXT_OPEN ? ctx.intradayReturns() : null,
                out);
        int measuredFrom = backtest.measuredFrom(warmup);
        var warming = new Stretch();
        var inSample = new Stretch();
        var outOfSample = new Stretch();
        warming.run(rules, 1, Math.min(measuredFrom, n));
        inSample.carryFrom(warming);
        inSample.run(rules, Math.min(measuredFrom, split), split);
        outOfSample.carryFrom(inSample);
        outOfSample.run(rules, Math.max(measuredFrom, split), n);
        if (outOfSample.position != 0) {
            (split >= n ? inSample : outOfSample).closeTrade(outOfSample.tradeEquity);
        }
        double barsPerYear = ctx.bars().barsPerYear();
        return new BacktestResult(inSample.metrics(barsPerYear), outOfSample.metrics(barsPerYear), split, warmup);
    }

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
            double[] out) {}

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
            for (int t = from; t < to; t++) {
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
                if (eq > top) {
                    top = eq;
                } else if (eq < top * floor) {
                    floor = eq / top;
                }
                held = next;
                pending = decision;
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
}
