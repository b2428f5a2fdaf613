package io.seedgrid.seeds.seed;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.seedgrid.seeds.Seeds;
import io.seedgrid.seeds.TestSupport;
import io.seedgrid.seeds.bars.BundledData;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Signals recomputed here, straight from the raw AAPL prices of the bundled CSV, with the textbook formulas; where the
 * seeds use a ta4j 0.22.2 indicator, in the variant ta4j implements (found by reading its byte code): population
 * deviation, and EMA started at bar n from that bar's close.
 */
class GoldenValuesTest {
    private static final double TOLERANCE = 1e-9;
    private static final List<String[]> RAW = TestSupport.rawRows(TestSupport.AAPL_RESOURCE);
    private static final double[] HIGH = TestSupport.rawColumn(RAW, 2);
    private static final double[] LOW = TestSupport.rawColumn(RAW, 3);
    private static final double[] CLOSE = TestSupport.rawColumn(RAW, 4);

    private static double[] signals(String seed, double... genes) {
        return Seeds.byName(seed).signals(SeedContext.of(BundledData.load("AAPL")), genes);
    }

    private static double clip(double x) {
        return Math.max(-1, Math.min(1, x));
    }

    /** Bollinger: -(close - SMA) / (k sd) clipped, sd the population deviation (divide by n) of the window. */
    private static double[] bollinger(int period, double k, boolean sample) {
        double[] expected = new double[CLOSE.length];
        for (int t = period - 1; t < CLOSE.length; t++) {
            double sum = 0;
            for (int j = t - period + 1; j <= t; j++) {
                sum += CLOSE[j];
            }
            double mean = sum / period;
            double squares = 0;
            for (int j = t - period + 1; j <= t; j++) {
                squares += (CLOSE[j] - mean) * (CLOSE[j] - mean);
            }
            double sd = Math.sqrt(squares / (sample ? period - 1 : period));
            expected[t] = clip(-(CLOSE[t] - mean) / (k * sd));
        }
        return expected;
    }

    @Test
    void bollingerBands() {
        for (double[] genes : new double[][] {{20, 2.0}, {7, 1.5}, {50, 3.1}}) {
            int period = (int) genes[0];
            double[] expected = bollinger(period, genes[1], false);
            double[] actual = signals("BollingerBandsSeed", genes);
            int inside = 0;
            for (int t = 0; t < CLOSE.length; t++) {
                assertEquals(expected[t], actual[t], TOLERANCE, "period " + period + " bar " + t);
                inside += Math.abs(expected[t]) < 1 && expected[t] != 0 ? 1 : 0;
            }
            assertTrue(inside > CLOSE.length / 2, "most values lie inside the bands, unclipped: " + inside);
        }
        // the deviation is the population one: the sample one (divide by n - 1) misses by far more than the tolerance
        double[] sample = bollinger(20, 2.0, true);
        double[] actual = signals("BollingerBandsSeed", 20, 2.0);
        double worst = 0;
        for (int t = 19; t < CLOSE.length; t++) {
            worst = Math.max(worst, Math.abs(sample[t] - actual[t]));
        }
        assertTrue(worst > 1e-3, "sample deviation would match too: " + worst);
    }

    /**
     * Wilder's RSI: average gain and loss start at bar n as the plain means of the first n close-to-close changes,
     * then follow avg += (x - avg) / n; RSI = 100 - 100 / (1 + gain / loss), 100 without losses (50 without any
     * change). Signal: (50 - RSI) / (50 - oversold) below 50, -(RSI - 50) / (overbought - 50) above, clipped.
     */
    private static double[] rsi(int n) {
        double[] rsi = new double[CLOSE.length];
        double gain = 0;
        double loss = 0;
        for (int t = 1; t <= n; t++) {
            gain += Math.max(CLOSE[t] - CLOSE[t - 1], 0);
            loss += Math.max(CLOSE[t - 1] - CLOSE[t], 0);
        }
        gain /= n;
        loss /= n;
        for (int t = n; t < CLOSE.length; t++) {
            if (t > n) {
                gain = gain + (Math.max(CLOSE[t] - CLOSE[t - 1], 0) - gain) / n;
                loss = loss + (Math.max(CLOSE[t - 1] - CLOSE[t], 0) - loss) / n;
            }
            rsi[t] = loss == 0 ? (gain == 0 ? 50 : 100) : 100 - 100 / (1 + gain / loss);
        }
        return rsi;
    }

    @Test
    void rsiFilter() {
        int saturatedFirst = 0;
        for (double[] genes : new double[][] {{7, 30, 70}, {14, 25, 80}, {2, 45, 55}, {21, 40, 60}}) {
            int n = (int) genes[0];
            double oversold = genes[1];
            double overbought = genes[2];
            double[] rsi = rsi(n);
            double[] actual = signals("RSIFilterSeed", genes);
            for (int t = 0; t < CLOSE.length; t++) {
                double r = rsi[t];
                double expected = t < n ? 0 : clip(r < 50 ? (50 - r) / (50 - oversold) : -(r - 50) / (overbought - 50));
                assertEquals(expected, actual[t], TOLERANCE, "period " + n + " bar " + t + ", RSI " + r);
            }
            saturatedFirst += Math.abs(actual[n]) == 1 ? 1 : 0;
        }
        // the first value is an RSI like any other, not pinned to 0 or 100 (as ta4j 0.22.2's one-bar seed would be)
        assertTrue(saturatedFirst < 4, "every first RSI signal is +-1");
        // by hand: closes of Jan 2..11, 2013 549.03 542.10 527.00 523.90 525.31 517.10 523.51 520.30; gains 1.41 +
        // 6.41 = 7.82, losses 6.93 + 15.10 + 3.10 + 8.21 + 3.21 = 36.55, RSI(7) = 100 * 7.82 / 44.37 = 17.6245...,
        // signal with oversold 10: (50 - 17.6245) / 40 = 0.80939
        assertEquals(0.8093869731800766, signals("RSIFilterSeed", 7, 10, 90)[7], 1e-12);
    }

    /**
     * EMA crossover: (EMA(fast) - EMA(slow)) / ATR(slow), soft-signed x / (1 + |x|). EMA as ta4j 0.22.2 computes it
     * (alpha 2 / (n + 1), nothing before bar n, started at bar n from that bar's close); ATR Wilder's: the mean true
     * range of bars 1..n at bar n, then alpha 1 / n.
     */
    @Test
    void emaCrossover() {
        for (int[] genes : new int[][] {{5, 13}, {12, 26}, {30, 8}}) {
            int fast = Math.min(genes[0], genes[1]);
            int slow = Math.max(genes[0], genes[1]);
            double[] emaFast = ema(fast);
            double[] emaSlow = ema(slow);
            double[] atr = new double[CLOSE.length];
            double sum = 0;
            for (int t = 1; t < CLOSE.length; t++) {
                double tr = Math.max(
                        HIGH[t] - LOW[t], Math.max(Math.abs(HIGH[t] - CLOSE[t - 1]), Math.abs(LOW[t] - CLOSE[t - 1])));
                sum += t <= slow ? tr : 0;
                atr[t] = t < slow ? 0 : t == slow ? sum / slow : atr[t - 1] + (tr - atr[t - 1]) / slow;
            }
            double[] actual = signals("EMACrossoverSeed", genes[0], genes[1]);
            for (int t = 0; t < CLOSE.length; t++) {
                double expected = 0;
                if (t >= slow) {
                    double x = (emaFast[t] - emaSlow[t]) / atr[t];
                    expected = x / (1 + Math.abs(x));
                }
                assertEquals(expected, actual[t], TOLERANCE, fast + "/" + slow + " bar " + t);
            }
        }
    }

    private static double[] ema(int n) {
        double[] ema = new double[CLOSE.length];
        double alpha = 2.0 / (n + 1);
        for (int t = n; t < CLOSE.length; t++) {
            ema[t] = t == n ? CLOSE[t] : ema[t - 1] + (CLOSE[t] - ema[t - 1]) * alpha;
        }
        return ema;
    }
}
