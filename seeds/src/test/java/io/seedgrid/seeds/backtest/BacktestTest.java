package io.seedgrid.seeds.backtest;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.seedgrid.seeds.Seeds;
import io.seedgrid.seeds.bars.Bars;
import io.seedgrid.seeds.bars.BundledData;
import io.seedgrid.seeds.bars.Timeframe;
import io.seedgrid.seeds.seed.SeedContext;
import io.seedgrid.seeds.strategy.BlendedStrategy;
import io.seedgrid.seeds.strategy.SeedGenes;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class BacktestTest {
    private static final long DAY = 86_400_000L;

    /** Six daily bars, one calendar day apart: 5 intervals in 5 days, so 365.25 bars per year. */
    private static SeedContext sixBars() {
        double[] close = {100, 102, 101, 103, 104, 102};
        long[] time = new long[close.length];
        for (int i = 0; i < time.length; i++) {
            time[i] = 1_700_000_000_000L + i * DAY;
        }
        return SeedContext.of(
                Bars.of("HAND", Timeframe.D1, time, close, close, close, close, new double[close.length]));
    }

    private static final double[] SIGNAL = {0, 1, 1, 0, 1, 0};

    @Test
    void handCheckedLongOnlyWithoutCosts() {
        // Worked by hand: long from the close of bar 1 to the close of bar 3, and from bar 4 to bar 5.
        // Net returns of bars 1..5: 0, 101/102-1, 103/101-1, 0, 102/104-1.
        double[] r = {0, 101.0 / 102 - 1, 103.0 / 101 - 1, 0, 102.0 / 104 - 1};
        Backtest backtest = Backtest.builder()
                .fill(Fill.CLOSE)
                .costs(CostModel.FREE)
                .outOfSampleFraction(0)
                .build();
        BacktestResult result = backtest.run(SIGNAL, 0.5, 0.0, 0, sixBars(), null);
        Metrics m = result.inSample();
        assertEquals(5, m.bars());
        assertEquals(2, m.trades());
        assertEquals(0.5, m.winRate(), 1e-12, "first trade 102 -> 103 wins, second 104 -> 102 loses");
        assertEquals(3.0 / 5, m.exposure(), 1e-12);
        assertEquals(103.0 / 104 - 1, m.totalReturn(), 1e-12);
        assertEquals(1 - 102.0 / 104, m.maxDrawdown(), 1e-12, "peak 103/102 after bar 3, trough 103/104 at bar 5");
        assertEquals(sharpe(r, 365.25), m.sharpe(), 1e-9);
        assertEquals(sortino(r, 365.25), m.sortino(), 1e-9);
        assertEquals(Metrics.EMPTY, result.outOfSample());
    }

    @Test
    void costsArePaidOnEveryUnitOfPositionChange() {
        double c = 0.0015; // 10 bps fee + 5 bps slippage
        double[] r = {-c, 101.0 / 102 - 1, 103.0 / 101 - 1 - c, -c, 102.0 / 104 - 1 - c};
        Backtest backtest =
                Backtest.builder().fill(Fill.CLOSE).outOfSampleFraction(0).build();
        double[] out = new double[6];
        Metrics m = backtest.run(SIGNAL, 0.5, 0.0, 0, sixBars(), out).inSample();
        assertArrayEquals(new double[] {0, r[0], r[1], r[2], r[3], r[4]}, out, 1e-15);
        double total = 1;
        for (double x : r) {
            total *= 1 + x;
        }
        assertEquals(total - 1, m.totalReturn(), 1e-12);
        assertEquals(sharpe(r, 365.25), m.sharpe(), 1e-9);
    }

    /** The same six closes with opens of their own, so a next-open fill differs from a close fill. */
    private static SeedContext sixBarsWithOpens() {
        double[] close = {100, 102, 101, 103, 104, 102};
        double[] open = {100, 101, 103, 102, 105, 103};
        double[] high = new double[6];
        double[] low = new double[6];
        long[] time = new long[6];
        for (int i = 0; i < 6; i++) {
            high[i] = Math.max(open[i], close[i]);
            low[i] = Math.min(open[i], close[i]);
            time[i] = 1_700_000_000_000L + i * DAY;
        }
        return SeedContext.of(Bars.of("HAND", Timeframe.D1, time, open, high, low, close, new double[6]));
    }

    @Test
    void nextOpenTakesTheDecisionAtTheFollowingOpenAndSplitsTheBarThere() {
        // Decided at the closes: 0, 1, 1, 0, 1, 0. Worked by hand, cost c per unit traded:
        // bar 1 flat; bar 2 buys at its open 103 and earns 101/103; bar 3 holds (close 101 -> close 103);
        // bar 4 earns the gap 103 -> open 105 and sells there; bar 5 buys at its open 103 and earns 102/103.
        double c = 0.0015;
        double[] expected = {
            0, 0, (1 - c) * 101.0 / 103 - 1, 103.0 / 101 - 1, 105.0 / 103 * (1 - c) - 1, (1 - c) * 102.0 / 103 - 1
        };
        Backtest backtest =
                Backtest.builder().fill(Fill.NEXT_OPEN).outOfSampleFraction(0).build();
        double[] out = new double[6];
        Metrics m = backtest.run(SIGNAL, 0.5, 0.0, 0, sixBarsWithOpens(), out).inSample();
        assertArrayEquals(expected, out, 1e-15);
        assertEquals(2, m.trades());
        assertEquals(0.5, m.winRate(), 1e-12, "first trade (1-c)^2 105/103 wins, the open one (1-c) 102/103 loses");
        assertEquals(3.0 / 5, m.exposure(), 1e-12, "long after the opens of bars 2, 3 and 5");
        assertEquals(sharpe(Arrays.copyOfRange(expected, 1, 6), 365.25), m.sharpe(), 1e-9);
    }

    @Test
    void nextCloseWaitsOneWholeBar() {
        // Decided 0, 1, 1, 0, 1, 0; taken one close later: long over bars 3 and 4 only, costs at the closes of 2, 4, 5.
        double c = 0.0015;
        double[] expected = {0, 0, -c, 103.0 / 101 - 1, 104.0 / 103 - 1 - c, -c};
        Backtest backtest =
                Backtest.builder().fill(Fill.NEXT_CLOSE).outOfSampleFraction(0).build();
        double[] out = new double[6];
        Metrics m = backtest.run(SIGNAL, 0.5, 0.0, 0, sixBarsWithOpens(), out).inSample();
        assertArrayEquals(expected, out, 1e-15);
        assertEquals(2, m.trades());
        assertEquals(2.0 / 5, m.exposure(), 1e-12);
    }

    @Test
    void nextCloseIsTheCloseFillOfTheSignalOneBarLater() {
        Bars btc = BundledData.load("BTCUSD").head(2000);
        SeedContext ctx = SeedContext.of(btc);
        var strategy =
                BlendedStrategy.single(new SeedGenes(Seeds.byName("RSIFilter"), new double[] {9, 30, 70}, 1), 0.2, 0.0);
        double[] signal = strategy.signals(ctx);
        double[] later = new double[signal.length];
        System.arraycopy(signal, 0, later, 1, signal.length - 1);
        Backtest nextClose = Backtest.builder().fill(Fill.NEXT_CLOSE).build();
        Backtest close = nextClose.toBuilder().fill(Fill.CLOSE).build();
        double[] a = new double[btc.size()];
        double[] b = new double[btc.size()];
        nextClose.run(signal, 0.2, 0.0, 0, ctx, a);
        close.run(later, 0.2, 0.0, 0, ctx, b);
        assertArrayEquals(b, a, 0.0);
    }

    @Test
    void buyAndHoldBuysAtTheFirstFillAndHolds() {
        Backtest backtest =
                Backtest.builder().fill(Fill.NEXT_OPEN).outOfSampleFraction(0).build();
        double[] out = new double[6];
        Metrics m = backtest.buyAndHold(sixBarsWithOpens(), 0, out).inSample();
        double c = 0.0015;
        assertEquals(1, m.trades());
        assertEquals(0, out[1], "bar 0 decides nothing, so bar 1 is flat");
        assertEquals(
                (1 - c) * 101.0 / 103 - 1, out[2], 1e-15, "decided at the close of bar 1, bought at bar 2's open 103");
        assertEquals((1 - c) * 102.0 / 103 - 1, m.totalReturn(), 1e-12, "held to the last close 102");
    }

    @Test
    void shortsMirrorLongsWhenAllowed() {
        double[] signal = {0, -1, -1, 0, 0, 0};
        Backtest longOnly = Backtest.builder()
                .fill(Fill.CLOSE)
                .costs(CostModel.FREE)
                .outOfSampleFraction(0)
                .build();
        assertEquals(
                0, longOnly.run(signal, 0.5, 0, 0, sixBars(), null).inSample().trades());
        Backtest both = longOnly.toBuilder().allowShort(true).build();
        double[] out = new double[6];
        Metrics m = both.run(signal, 0.5, 0, 0, sixBars(), out).inSample();
        assertEquals(1, m.trades());
        assertEquals(-(101.0 / 102 - 1), out[2], 1e-15);
        assertEquals(-(103.0 / 101 - 1), out[3], 1e-15);
        assertEquals(0, out[4]);
    }

    @Test
    void splitSeparatesInSampleFromHeldOutBars() {
        // 6 bars, 30% held out: round(1.8) = 2 bars, so bars 4 and 5 are out of sample.
        Backtest backtest =
                Backtest.builder().fill(Fill.CLOSE).costs(CostModel.FREE).build();
        BacktestResult result = backtest.run(SIGNAL, 0.5, 0.0, 0, sixBars(), null);
        assertEquals(4, result.splitIndex());
        assertEquals(3, result.inSample().bars());
        assertEquals(2, result.outOfSample().bars());
        assertEquals(1, result.inSample().trades());
        assertEquals(1, result.outOfSample().trades());
        assertEquals(103.0 / 102 - 1, result.inSample().totalReturn(), 1e-12);
        assertEquals(102.0 / 104 - 1, result.outOfSample().totalReturn(), 1e-12);
    }

    @Test
    void warmupBarsAreLeftOutOfTheMetrics() {
        Backtest backtest = Backtest.builder()
                .fill(Fill.CLOSE)
                .costs(CostModel.FREE)
                .outOfSampleFraction(0)
                .build();
        assertEquals(
                3, backtest.run(SIGNAL, 0.5, 0.0, 2, sixBars(), null).inSample().bars());
    }

    @Test
    void blendedBacktestNeverLooksAhead() {
        Bars btc = BundledData.load("BTCUSD").head(3000);
        var strategy = new BlendedStrategy(
                List.of(
                        new SeedGenes(Seeds.byName("EMACrossover"), new double[] {8, 30}, 0.7),
                        new SeedGenes(Seeds.byName("RSIFilter"), new double[] {9, 30, 70}, 0.4),
                        new SeedGenes(Seeds.byName("BollingerBands"), new double[] {25, 2}, 0.5)),
                0.2,
                0.0);
        Backtest backtest = Backtest.builder().build();
        double[] full = backtest.netReturns(strategy, SeedContext.of(btc));
        for (int t : new int[] {100, 1234, 2999}) {
            double[] cut = backtest.netReturns(strategy, SeedContext.of(btc.head(t + 1)));
            assertArrayEquals(
                    Arrays.copyOf(full, t + 1), cut, "net returns up to bar " + t + " changed with later bars");
        }
    }

    @Test
    void badSettingsAreRefusedWithTheRule() {
        var e = assertThrows(
                IllegalArgumentException.class, () -> Backtest.builder().outOfSampleFraction(Double.NaN));
        assertEquals(
                "fill must be one of next-open, next-close, close but was 'tomorrow'",
                assertThrows(IllegalArgumentException.class, () -> Fill.parse("tomorrow"))
                        .getMessage());
        assertEquals("out-of-sample fraction must lie in [0, 1) but was NaN", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new CostModel(-1, 0));
        assertThrows(
                IllegalArgumentException.class,
                () -> Backtest.builder().build().run(new double[3], 0.5, 0, 0, sixBars(), null));
    }

    private static double sharpe(double[] r, double barsPerYear) {
        double mean = Arrays.stream(r).average().orElseThrow();
        double ss = 0;
        for (double x : r) {
            ss += (x - mean) * (x - mean);
        }
        return mean / Math.sqrt(ss / (r.length - 1)) * Math.sqrt(barsPerYear);
    }

    private static double sortino(double[] r, double barsPerYear) {
        double mean = Arrays.stream(r).average().orElseThrow();
        double down = 0;
        for (double x : r) {
            down += Math.min(x, 0) * Math.min(x, 0);
        }
        return mean / Math.sqrt(down / r.length) * Math.sqrt(barsPerYear);
    }
}
