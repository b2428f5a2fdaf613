package io.seedgrid.seeds.ml;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.seedgrid.seeds.bars.Bars;
import io.seedgrid.seeds.bars.BundledData;
import io.seedgrid.seeds.bars.Timeframe;
import io.seedgrid.seeds.seed.SeedContext;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Window cross-products from the prefix table against the rows themselves, and the refusal where they would drift. */
class CrossSumsTest {

    @Test
    void windowCrossProductsMatchTheDirectTwoPassSums() {
        int windows = 0;
        for (Bars bars : List.of(BundledData.load("BTCUSD"), BundledData.load("AAPL"))) {
            SeedContext ctx = SeedContext.of(bars);
            int n = bars.size();
            for (int lags : new int[] {1, 6, MlFeatures.MAX_LAGS}) {
                int d = MlFeatures.dimension(lags);
                double[] x = MlFeatures.matrix(ctx, lags);
                for (int length : new int[] {60, 500}) {
                    for (int last = n - 1; last - length + 1 >= MlFeatures.FIRST_BAR; last -= n > 1000 ? 997 : 53) {
                        int first = last - length + 1;
                        Standardiser scale = Standardiser.fit(x, n, d, first, last);
                        double[][] fromTable = CrossSums.centred(ctx, lags, first, last, scale);
                        String where = bars.symbol() + " lags=" + lags + " rows " + first + ".." + last;
                        assertNotNull(fromTable, where);
                        for (int a = 0; a < d; a++) {
                            for (int b = 0; b < d; b++) {
                                double direct = 0;
                                for (int s = first; s <= last; s++) {
                                    direct += (x[a * n + s] - scale.mean(a)) * (x[b * n + s] - scale.mean(b));
                                }
                                double size = Math.sqrt(Math.abs(fromTable[a][a] * fromTable[b][b])) + 1e-300;
                                assertEquals(direct, fromTable[a][b], 1e-9 * size, where + " (" + a + ", " + b + ")");
                            }
                        }
                        windows++;
                    }
                }
            }
        }
        assertTrue(windows > 50, windows + " windows");
    }

    /**
     * Prices that rise by a steady 0.1% a bar with the highs a hair above the closes: the range position sits a
     * hair below 1 with a variance of about 1e-16, far below what differences of prefix sums near 1e3 resolve.
     */
    @Test
    void refusesWindowsWhereCancellationWouldSwampAVariance() {
        int n = 1200;
        Random random = new Random(5);
        long[] time = new long[n];
        double[] open = new double[n];
        double[] high = new double[n];
        double[] low = new double[n];
        double[] close = new double[n];
        double[] volume = new double[n];
        double price = 100;
        for (int t = 0; t < n; t++) {
            double next = price * (1.001 + 1e-4 * random.nextDouble());
            open[t] = price;
            close[t] = next;
            high[t] = next * (1 + 1e-9 * random.nextDouble());
            low[t] = price;
            volume[t] = 1;
            time[t] = 1_600_000_000_000L + 60_000L * t;
            price = next;
        }
        Bars bars = Bars.of("STEADY", Timeframe.M1, time, open, high, low, close, volume);
        SeedContext ctx = SeedContext.of(bars);
        double[] x = MlFeatures.matrix(ctx, 2);
        int d = MlFeatures.dimension(2);
        Standardiser scale = Standardiser.fit(x, n, d, 1000, 1099);
        assertTrue(scale.inverseScale(3) > 0, "the range position varies, barely");
        assertNull(CrossSums.centred(ctx, 2, 1000, 1099, scale));
    }

    @Test
    void theSolverGivenTheGramFindsWhatItFindsAlone() {
        for (LinearSvmTest.Window win : LinearSvmTest.windows()) {
            int n = win.d() + 1;
            double[] gram = new double[n * n];
            for (int a = 0; a < n; a++) {
                for (int b = 0; b <= a; b++) {
                    for (int i = 0; i < win.m(); i++) {
                        gram[a * n + b] += (a < win.d() ? win.row(i, a) : 1) * (b < win.d() ? win.row(i, b) : 1);
                    }
                }
            }
            for (double cost : new double[] {0.001, 1, 10}) {
                double[] alone = LinearSvm.fit(win.columns(), win.y(), win.m(), win.d(), cost);
                double[] given = LinearSvm.fit(win.columns(), win.y(), win.m(), win.d(), cost, gram);
                assertArrayEquals(alone, given, 1e-9 * Math.max(1, LinearSvmTest.norm(alone)), win.where());
            }
        }
    }
}
