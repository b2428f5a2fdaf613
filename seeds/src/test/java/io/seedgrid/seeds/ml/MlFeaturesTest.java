package io.seedgrid.seeds.ml;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.seedgrid.seeds.bars.Bars;
import io.seedgrid.seeds.bars.BundledData;
import io.seedgrid.seeds.seed.SeedContext;
import org.junit.jupiter.api.Test;

/** The column-major feature matrix, recomputed bar by bar from its definition on BTCUSD and AAPL. */
class MlFeaturesTest {

    @Test
    void everyColumnMatchesItsDefinition() {
        for (Bars bars : new Bars[] {BundledData.load("BTCUSD").head(600), BundledData.load("AAPL")}) {
            SeedContext ctx = SeedContext.of(bars);
            int n = bars.size();
            for (int lags : new int[] {1, 4, MlFeatures.MAX_LAGS}) {
                double[] x = MlFeatures.matrix(ctx, lags);
                int d = MlFeatures.dimension(lags);
                assertEquals(n * d, x.length);
                for (int t = 0; t < MlFeatures.FIRST_BAR; t++) {
                    for (int j = 0; j < d; j++) {
                        assertTrue(Double.isNaN(x[j * n + t]), "incomplete row " + t + " is NaN");
                    }
                }
                for (int t = MlFeatures.FIRST_BAR; t < n; t += 7) {
                    String where = bars.symbol() + " lags=" + lags + " t=" + t;
                    double sigma = sd(bars, t, 20);
                    for (int k = 0; k < lags; k++) {
                        double r = bars.close(t - k) / bars.close(t - k - 1) - 1;
                        assertEquals(sigma > 0 ? clip(r / sigma, 6) : 0, x[k * n + t], 1e-12, where + " lag " + k);
                    }
                    double move = bars.close(t) / bars.close(t - 20) - 1;
                    assertEquals(
                            sigma > 0 ? clip(move / (sigma * Math.sqrt(20)), 6) : 0,
                            x[lags * n + t],
                            1e-12,
                            where + " trend");
                    double high = Double.NEGATIVE_INFINITY;
                    double low = Double.POSITIVE_INFINITY;
                    for (int s = t - 19; s <= t; s++) {
                        high = Math.max(high, bars.high(s));
                        low = Math.min(low, bars.low(s));
                    }
                    assertEquals(
                            high > low ? 2 * (bars.close(t) - low) / (high - low) - 1 : 0,
                            x[(lags + 1) * n + t],
                            1e-12,
                            where + " range");
                    double shortSigma = sd(bars, t, 5);
                    assertEquals(
                            sigma > 0 && shortSigma > 0 ? clip(Math.log(shortSigma / sigma), 3) : 0,
                            x[(lags + 2) * n + t],
                            1e-12,
                            where + " regime");
                }
            }
            assertSame(MlFeatures.matrix(ctx, 4), MlFeatures.matrix(ctx, 4), "computed once per context and lag count");
        }
        assertThrows(
                IllegalArgumentException.class, () -> MlFeatures.matrix(SeedContext.of(BundledData.load("AAPL")), 0));
        assertThrows(
                IllegalArgumentException.class,
                () -> MlFeatures.matrix(SeedContext.of(BundledData.load("AAPL")), MlFeatures.MAX_LAGS + 1));
    }

    /** Sample standard deviation of the one-bar returns ending at bar t. */
    private static double sd(Bars bars, int t, int window) {
        double[] r = new double[window];
        double mean = 0;
        for (int i = 0; i < window; i++) {
            r[i] = bars.close(t - i) / bars.close(t - i - 1) - 1;
            mean += r[i] / window;
        }
        double squares = 0;
        for (double v : r) {
            squares += (v - mean) * (v - mean);
        }
        return Math.sqrt(squares / (window - 1));
    }

    private static double clip(double v, double bound) {
        return Math.max(-bound, Math.min(bound, v));
    }
}
