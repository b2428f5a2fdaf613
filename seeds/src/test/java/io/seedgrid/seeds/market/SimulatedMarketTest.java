package io.seedgrid.seeds.market;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.seedgrid.seeds.Seeds;
import io.seedgrid.seeds.bars.Bars;
import io.seedgrid.seeds.bars.Timeframe;
import io.seedgrid.seeds.seed.SeedContext;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The simulated markets hold what they promise: the spread they were built with is what the estimators find, the
 * bounce market has no edge but the one fills at the close invent, and the planted trend pays a trend follower that
 * trades at the next open and pays its costs. Returns are computed here by hand, not with the Backtest class.
 */
class SimulatedMarketTest {
    private static final double FEE_BPS = 10;
    private static final double[][] EMA_GENES = {{5, 20}, {10, 40}, {20, 80}};

    @Test
    void theSameSeedGivesTheSameBars() {
        Bars a = SimulatedMarket.bounce(3, 500, Timeframe.M1, 20, 10);
        Bars b = SimulatedMarket.bounce(3, 500, Timeframe.M1, 20, 10);
        assertArrayEquals(a.closes(), b.closes());
        assertArrayEquals(a.endEpochMillis(), b.endEpochMillis());
        assertFalse(Arrays.equals(
                a.closes(), SimulatedMarket.bounce(4, 500, Timeframe.M1, 20, 10).closes()));
        assertEquals(
                SimulatedMarket.START.toEpochMilli() + 3_600_000L,
                SimulatedMarket.plantedTrend(1, 10, Timeframe.H1, 10).endEpochMilli(0));
        assertEquals(500, a.size());
        assertEquals(Timeframe.M1, a.timeframe());
    }

    @ParameterizedTest
    @ValueSource(doubles = {10, 30, 60})
    void everyEstimatorRecoversTheSimulatedSpreadWithinTwentyPercent(double spreadBps) {
        // 20,000 one-minute bars, mid volatility 10 bps a bar (BTCUSD's median 1m move is 13 bps).
        SpreadEstimates found = SpreadEstimates.of(SimulatedMarket.bounce(11, 20_000, Timeframe.M1, spreadBps, 10));
        for (SpreadEstimate e : found.all()) {
            assertTrue(e.defined(), e.toString());
            assertEquals(
                    spreadBps,
                    e.spreadBps(),
                    0.2 * spreadBps,
                    e.estimator() + " on a " + spreadBps + " bps spread: " + e);
        }
        assertEquals(spreadBps, found.chosenBps(), 0.05 * spreadBps, found.choice());
    }

    @Test
    void theBounceMarketPaysOnlyFillsAtTheClose() {
        Bars bounce = SimulatedMarket.bounce(5, 5_000, Timeframe.M1, 30, 10);
        // Bet against the last move: p_t = -sign(C_t - C_t-1).
        double[] against = new double[bounce.size()];
        for (int t = 1; t < against.length; t++) {
            against[t] = -Math.signum(bounce.close(t) - bounce.close(t - 1));
        }
        double atClose = closeFillSharpe(bounce, against);
        double atNextOpen = nextOpenSharpe(bounce, against, 0, 0);
        assertTrue(atClose > 0.3, "fills at the signal's close harvest the bounce: Sharpe " + atClose);
        assertTrue(Math.abs(atNextOpen) < 0.05, "fills at the next open find nothing, even free: Sharpe " + atNextOpen);
        // A trend follower finds nothing either: before costs noise, after costs a loss.
        for (double[] genes : EMA_GENES) {
            double[] ema = Seeds.byName("EMACrossoverSeed").signals(SeedContext.of(bounce), genes);
            double free = nextOpenSharpe(bounce, ema, 0, 0);
            double paid = nextOpenSharpe(bounce, ema, 0, FEE_BPS + 15);
            assertTrue(Math.abs(free) < 0.05, "EMA " + genes[0] + "/" + genes[1] + " free: " + free);
            assertTrue(paid < 0, "EMA " + genes[0] + "/" + genes[1] + " after costs: " + paid);
        }
    }

    @Test
    void thePlantedTrendPaysAnEmaCrossoverAfterNextOpenFillsAndCosts() {
        double spreadBps = 10;
        double sum = 0;
        for (long seed = 1; seed <= 2; seed++) {
            Bars trend = SimulatedMarket.plantedTrend(seed, 2_500, Timeframe.H1, spreadBps);
            Bars none =
                    SimulatedMarket.bounce(seed, 2_500, Timeframe.H1, spreadBps, SimulatedMarket.TREND_VOLATILITY_BPS);
            for (double[] genes : EMA_GENES) {
                double sharpe = nextOpenSharpe(trend, ema(trend, genes), 0, FEE_BPS + spreadBps / 2);
                double without = nextOpenSharpe(none, ema(none, genes), 0, FEE_BPS + spreadBps / 2);
                String what = "EMA " + genes[0] + "/" + genes[1] + ", seed " + seed;
                assertTrue(sharpe > 0.08 && sharpe < 0.3, what + ": per-bar Sharpe " + sharpe);
                assertTrue(without < 0.03, what + " without the planted trend: " + without);
                sum += sharpe;
            }
        }
        double mean = sum / (2 * EMA_GENES.length);
        assertTrue(mean > 0.1 && mean < 0.2, "mean per-bar Sharpe " + mean);
    }

    @Test
    void argumentsAreChecked() {
        assertTrue(
                assertThrows(IllegalArgumentException.class, () -> SimulatedMarket.bounce(1, 0, Timeframe.M1, 10, 10))
                        .getMessage()
                        .contains("bars must be >= 1 but was 0"));
        assertTrue(assertThrows(
                        IllegalArgumentException.class,
                        () -> SimulatedMarket.bounce(1, 10, Timeframe.M1, Double.NaN, 10))
                .getMessage()
                .contains("spread must lie in [0, 1000) bps but was NaN"));
        assertThrows(IllegalArgumentException.class, () -> SimulatedMarket.bounce(1, 10, Timeframe.M1, 10, -1));
        assertThrows(NullPointerException.class, () -> SimulatedMarket.bounce(1, 10, null, 10, 10));
        assertTrue(assertThrows(
                        IllegalArgumentException.class,
                        () -> SimulatedMarket.plantedTrend(1, 10, Timeframe.H1, 10, 50, 60, 50))
                .getMessage()
                .contains("trend must lie in [0, volatility 50.0] bps per bar but was 60.0"));
        assertThrows(
                IllegalArgumentException.class,
                () -> SimulatedMarket.plantedTrend(1, 10, Timeframe.H1, 10, 50, 15, 0.5));
    }

    private static double[] ema(Bars bars, double[] genes) {
        return Seeds.byName("EMACrossoverSeed").signals(SeedContext.of(bars), genes);
    }

    /**
     * Per-bar Sharpe (mean over standard deviation of per-bar returns) of position {@code p_t} = +1 when
     * {@code signal[t] > threshold}, -1 when below {@code -threshold}, else 0, decided at bar t's close and filled at
     * bar t+1's open: it earns {@code p_t (O_t+2 / O_t+1 - 1)} and pays {@code |p_t - p_t-1| costBps} at that open.
     */
    static double nextOpenSharpe(Bars b, double[] signal, double threshold, double costBps) {
        double previous = 0;
        double sum = 0;
        double sumSquares = 0;
        int n = 0;
        for (int t = 0; t + 2 < b.size(); t++) {
            double p = signal[t] > threshold ? 1 : signal[t] < -threshold ? -1 : 0;
            double r = p * (b.open(t + 2) / b.open(t + 1) - 1) - Math.abs(p - previous) * costBps / 10_000;
            previous = p;
            sum += r;
            sumSquares += r * r;
            n++;
        }
        double mean = sum / n;
        return mean / Math.sqrt(sumSquares / n - mean * mean);
    }

    /** The same, free, with the fiction of filling at the signal bar's own close: {@code p_t (C_t+1 / C_t - 1)}. */
    static double closeFillSharpe(Bars b, double[] position) {
        double sum = 0;
        double sumSquares = 0;
        int n = 0;
        for (int t = 0; t + 1 < b.size(); t++) {
            double r = position[t] * (b.close(t + 1) / b.close(t) - 1);
            sum += r;
            sumSquares += r * r;
            n++;
        }
        double mean = sum / n;
        return mean / Math.sqrt(sumSquares / n - mean * mean);
    }
}
