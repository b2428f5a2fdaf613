package io.seedgrid.seeds.seed;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.seedgrid.seeds.bars.Bars;
import io.seedgrid.seeds.bars.BundledData;
import io.seedgrid.seeds.bars.Timeframe;
import io.seedgrid.seeds.market.SimulatedMarket;
import java.util.function.Function;
import java.util.function.IntFunction;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.ta4j.core.BarSeries;
import org.ta4j.core.Indicator;
import org.ta4j.core.indicators.StochasticOscillatorKIndicator;
import org.ta4j.core.indicators.averages.EMAIndicator;
import org.ta4j.core.indicators.averages.SMAIndicator;
import org.ta4j.core.indicators.helpers.ClosePriceIndicator;
import org.ta4j.core.indicators.helpers.ClosePriceRatioIndicator;
import org.ta4j.core.indicators.ichimoku.IchimokuTenkanSenIndicator;
import org.ta4j.core.indicators.statistics.StandardDeviationIndicator;
import org.ta4j.core.indicators.volume.VWAPIndicator;
import org.ta4j.core.num.Num;

/**
 * The indicators computed on arrays equal ta4j 0.22.2's own, bit for bit (NaN where ta4j is unstable or not finite),
 * for every period the seeds' genes can ask for on all of AAPL's daily bars, and for every third one (ends included) on
 * a stretch of BTCUSD minutes with filled minutes (no range, no volume) and on a simulated market. ta4j is the oracle
 * here only (and slow: one object per value, helper indicators per bar).
 */
class IndicatorMathTest {

    static Stream<Bars> markets() {
        Bars btc = BundledData.load("BTCUSD");
        return Stream.of(
                BundledData.load("AAPL"),
                btc.slice(btc.size() - 1500, btc.size()),
                SimulatedMarket.plantedTrend(7, 600, Timeframe.H1, 10));
    }

    @ParameterizedTest
    @MethodSource("markets")
    void equalTa4jBitForBit(Bars bars) {
        SeedContext ctx = SeedContext.of(bars);
        step = bars.symbol().equals("AAPL") ? 1 : 3;
        double[] close = Indicators.close(ctx);
        double[] high = Indicators.high(ctx);
        double[] low = Indicators.low(ctx);
        double[] volume = Indicators.volume(ctx);
        assertSame(ctx, "close", 0, p -> close, s -> new ClosePriceIndicator(s));
        assertSame(
                ctx,
                "ema",
                range(2, 200),
                p -> IndicatorMath.ema(close, p),
                s -> p -> new EMAIndicator(new ClosePriceIndicator(s), p));
        assertSame(
                ctx,
                "sma",
                range(5, 200),
                p -> IndicatorMath.sma(close, p, p - 1),
                s -> p -> new SMAIndicator(new ClosePriceIndicator(s), p));
        assertSame(
                ctx,
                "closeStd",
                range(5, 100),
                p -> IndicatorMath.standardDeviation(close, p, p - 1),
                s -> p -> new StandardDeviationIndicator(new ClosePriceIndicator(s), p));
        assertSame(
                ctx,
                "retStd",
                range(3, 100),
                p -> IndicatorMath.standardDeviation(IndicatorMath.closeRatio(close), p, p),
                s -> p -> new StandardDeviationIndicator(new ClosePriceRatioIndicator(s), p));
        assertSame(
                ctx,
                "stochK",
                range(3, 50),
                p -> IndicatorMath.stochasticK(high, low, close, p),
                s -> p -> new StochasticOscillatorKIndicator(s, p));
        assertSame(
                ctx,
                "vwap",
                range(5, 100),
                p -> IndicatorMath.vwap(high, low, close, volume, p),
                s -> p -> new VWAPIndicator(s, p));
        assertSame(
                ctx,
                "donchianMid",
                range(3, 120),
                p -> IndicatorMath.donchianMid(high, low, p),
                s -> p -> new IchimokuTenkanSenIndicator(s, p));
    }

    private int step;

    private int[] range(int from, int to) {
        return IntStream.concat(IntStream.iterate(from, p -> p < to, p -> p + step), IntStream.of(to))
                .toArray();
    }

    private static void assertSame(
            SeedContext ctx,
            String name,
            int period,
            IntFunction<double[]> ours,
            Function<BarSeries, Indicator<Num>> theirs) {
        assertSame(ctx, name, new int[] {period}, ours, s -> p -> theirs.apply(s));
    }

    private static void assertSame(
            SeedContext ctx,
            String name,
            int[] periods,
            IntFunction<double[]> ours,
            Function<BarSeries, IntFunction<Indicator<Num>>> theirs) {
        int stable = 0;
        for (int p : periods) {
            double[] expected =
                    ctx.indicator("ta4j:" + name + ":" + p, s -> theirs.apply(s).apply(p));
            double[] actual = ours.apply(p);
            assertEquals(expected.length, actual.length);
            for (int t = 0; t < expected.length; t++) {
                if (Double.doubleToLongBits(expected[t]) != Double.doubleToLongBits(actual[t])) {
                    throw new AssertionError(name + "(" + p + ") at bar " + t + " of " + ctx.bars() + ": ta4j "
                            + expected[t] + ", ours " + actual[t]);
                }
                stable += Double.isNaN(expected[t]) ? 0 : 1;
            }
        }
        assertTrue(stable > 0, name + " has no stable value to compare");
    }
}
