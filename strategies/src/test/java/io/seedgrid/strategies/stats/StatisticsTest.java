package io.seedgrid.strategies.stats;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The statistics against values from outside the code: published tables (Student's t quantiles, Kolmogorov critical
 * values), and computations written here another way (numerical integration of the t density, brute-force
 * empirical distribution functions, the plain Kolmogorov series).
 */
class StatisticsTest {

    /** Student's t density integrated by composite Simpson over [0, t], plus the 1/2 below 0 (symmetry). */
    static double tCdfByIntegration(double t, double df) {
        double c = Math.exp(lgammaBySum(df / 2 + 0.5) - lgammaBySum(df / 2) - 0.5 * Math.log(df * Math.PI));
        int n = 200_000;
        double h = t / n;
        double s = 0;
        for (int i = 0; i <= n; i++) {
            double x = i * h;
            double f = c * Math.pow(1 + x * x / df, -(df + 1) / 2);
            s += (i == 0 || i == n ? 1 : i % 2 == 1 ? 4 : 2) * f;
        }
        return 0.5 + s * h / 3;
    }

    /** ln Gamma by Stirling's series after shifting the argument up: a different method from Lanczos. */
    static double lgammaBySum(double x) {
        double shift = 0;
        while (x < 20) {
            shift -= Math.log(x);
            x += 1;
        }
        double inv = 1 / x;
        double inv2 = inv * inv;
        return shift
                + (x - 0.5) * Math.log(x)
                - x
                + 0.5 * Math.log(2 * Math.PI)
                + inv * (1.0 / 12 - inv2 * (1.0 / 360 - inv2 * (1.0 / 1260 - inv2 / 1680)));
    }

    @Test
    void studentTMatchesPublishedQuantiles() {
        // two-sided tables: t_{0.975, df} and one-sided t_{0.95, df}
        double[][] table = {
            {1, 0.95, 6.313752},
            {2, 0.975, 4.302653},
            {5, 0.99, 3.364930},
            {10, 0.95, 1.812461},
            {10, 0.975, 2.228139},
            {30, 0.95, 1.697261},
            {120, 0.975, 1.979930}
        };
        for (double[] row : table) {
            assertEquals(row[1], Distributions.studentTCdf(row[2], row[0]), 2e-7, "df " + row[0] + " t " + row[2]);
            assertEquals(1 - row[1], Distributions.studentTCdf(-row[2], row[0]), 2e-7, "symmetric");
        }
        assertEquals(0.5, Distributions.studentTCdf(0, 3.7), 1e-15);
        assertEquals(1, Distributions.studentTCdf(Double.POSITIVE_INFINITY, 4), 0);
    }

    @Test
    void studentTMatchesNumericalIntegrationForFractionalDf() {
        for (double[] c : new double[][] {{-1.2, 7.3}, {-2.5, 13.61}, {0.4, 2.5}, {-0.05, 55.2}, {-3.9, 180.4}}) {
            assertEquals(
                    tCdfByIntegration(c[0], c[1]),
                    Distributions.studentTCdf(c[0], c[1]),
                    1e-8,
                    "t " + c[0] + " df " + c[1]);
        }
        assertEquals(lgammaBySum(0.5), Distributions.logGamma(0.5), 1e-12);
        assertEquals(lgammaBySum(17.25), Distributions.logGamma(17.25), 1e-11);
        assertEquals(Math.log(24), Distributions.logGamma(5), 1e-13);
    }

    @Test
    void welchTMatchesAHandComputation() {
        Random r = new Random(11);
        double[] a = new double[37];
        double[] b = new double[113];
        for (int i = 0; i < a.length; i++) {
            a[i] = 0.001 + 0.02 * r.nextGaussian();
        }
        for (int i = 0; i < b.length; i++) {
            b[i] = 0.004 + 0.01 * r.nextGaussian();
        }
        // by hand, with the one-pass textbook formulas
        double sa = 0, qa = 0, sb = 0, qb = 0;
        for (double x : a) {
            sa += x;
            qa += x * x;
        }
        for (double x : b) {
            sb += x;
            qb += x * x;
        }
        double ma = sa / a.length, mb = sb / b.length;
        double va = (qa - a.length * ma * ma) / (a.length - 1), vb = (qb - b.length * mb * mb) / (b.length - 1);
        double t = (ma - mb) / Math.sqrt(va / a.length + vb / b.length);
        double num = Math.pow(va / a.length + vb / b.length, 2);
        double den = Math.pow(va / a.length, 2) / (a.length - 1) + Math.pow(vb / b.length, 2) / (b.length - 1);
        double df = num / den;
        TestResult w = Tests.welchLess(a, b);
        assertEquals(t, w.statistic(), 1e-10);
        assertEquals(df, w.df(), 1e-8);
        assertEquals(tCdfByIntegration(t, df), w.pValue(), 1e-8);
        assertEquals(37, w.n1());
        // a sample above the reference is never "significantly worse"
        TestResult better = Tests.welchLess(b, a);
        assertTrue(better.pValue() > 0.5, better.toString());
        // no variation at all
        assertEquals(
                0, Tests.welchLess(new double[] {1, 1}, new double[] {2, 2, 2}).pValue());
        assertEquals(
                1, Tests.welchLess(new double[] {3, 3}, new double[] {2, 2, 2}).pValue());
        assertThrows(IllegalArgumentException.class, () -> Tests.welchLess(new double[] {1}, b));
        assertThrows(IllegalArgumentException.class, () -> Tests.welchLess(new double[] {1, Double.NaN}, b));
    }

    /** D by brute force: both empirical distribution functions evaluated at every value of either sample. */
    static double ksByBruteForce(double[] a, double[] b) {
        double d = 0;
        for (double[] sample : new double[][] {a, b}) {
            for (double v : sample) {
                int ca = 0, cb = 0;
                for (double x : a) {
                    ca += x <= v ? 1 : 0;
                }
                for (double x : b) {
                    cb += x <= v ? 1 : 0;
                }
                d = Math.max(d, Math.abs((double) ca / a.length - (double) cb / b.length));
            }
        }
        return d;
    }

    @Test
    void pairedTMatchesAPublishedExample() {
        // differences 1, 2, 3, 4, 5: mean 3, sd sqrt(2.5), t = 3 / (sqrt(2.5) / sqrt(5)) = 4.2426 on 4 df; the
        // two-sided p of a t of 4.2426 on 4 df is 0.01324 (R: t.test(x, y, paired = TRUE)), so P(T <= t) = 0.99338
        double[] a = {2, 4, 6, 8, 10};
        double[] b = {1, 2, 3, 4, 5};
        TestResult t = Tests.pairedLess(a, b);
        assertEquals(4.242641, t.statistic(), 1e-6);
        assertEquals(4, t.df(), 0);
        assertEquals(1 - 0.013236 / 2, t.pValue(), 1e-5);
        TestResult reversed = Tests.pairedLess(b, a);
        assertEquals(0.013236 / 2, reversed.pValue(), 1e-5, "b is significantly lower");
        assertTrue(reversed.significantAt(0.05));
        assertEquals(1, Tests.pairedLess(a, a).pValue(), 0, "no difference: not lower");
        assertEquals(0, Tests.pairedLess(b, new double[] {2, 3, 4, 5, 6}).pValue(), 0, "lower on every bar by 1");
        assertThrows(IllegalArgumentException.class, () -> Tests.pairedLess(a, new double[] {1, 2}));
        assertThrows(
                IllegalArgumentException.class,
                () -> Tests.pairedLess(new double[] {1, Double.NaN}, new double[] {1, 2}));
    }

    @Test
    void ksDistanceMatchesBruteForceWithTies() {
        Random r = new Random(5);
        for (int trial = 0; trial < 20; trial++) {
            double[] a = new double[5 + r.nextInt(60)];
            double[] b = new double[3 + r.nextInt(90)];
            for (int i = 0; i < a.length; i++) {
                a[i] = r.nextInt(3) == 0 ? 0 : Math.round(r.nextGaussian() * 4) / 4.0; // many ties, like flat bars
            }
            for (int i = 0; i < b.length; i++) {
                b[i] = r.nextInt(3) == 0 ? 0 : Math.round((0.3 + r.nextGaussian()) * 4) / 4.0;
            }
            assertEquals(ksByBruteForce(a, b), Tests.ksStatistic(a, b), 1e-15, "trial " + trial);
        }
        assertEquals(0, Tests.ksStatistic(new double[] {1, 2, 3}, new double[] {3, 2, 1}), 0);
        assertEquals(1, Tests.ksStatistic(new double[] {1, 2}, new double[] {3, 4}), 0);
    }

    @Test
    void kolmogorovTailMatchesCriticalValuesAndThePlainSeries() {
        // published asymptotic critical values: P(K > 1.2238) = 0.10, P(K > 1.3581) = 0.05, P(K > 1.6276) = 0.01
        assertEquals(0.10, Distributions.kolmogorovQ(1.2238), 5e-5);
        assertEquals(0.05, Distributions.kolmogorovQ(1.3581), 5e-5);
        assertEquals(0.01, Distributions.kolmogorovQ(1.6276), 5e-5);
        // the small-lambda branch against the plain alternating series, summed far out
        for (double lambda : new double[] {0.3, 0.5, 0.8, 1.0, 1.17}) {
            double sum = 0;
            for (int k = 1; k <= 2000; k++) {
                sum += (k % 2 == 1 ? 1 : -1) * Math.exp(-2.0 * k * k * lambda * lambda);
            }
            assertEquals(2 * sum, Distributions.kolmogorovQ(lambda), 1e-12, "lambda " + lambda);
        }
        assertEquals(1, Distributions.kolmogorovQ(0), 0);
        assertEquals(1, Distributions.kolmogorovQ(0.05), 1e-12);
    }

    @Test
    void ksTestSeparatesShiftedSamplesAndNotIdenticalOnes() {
        Random r = new Random(3);
        double[] a = new double[300];
        double[] b = new double[300];
        double[] c = new double[300];
        for (int i = 0; i < 300; i++) {
            a[i] = r.nextGaussian();
            b[i] = r.nextGaussian();
            c[i] = 0.5 + r.nextGaussian();
        }
        TestResult same = Tests.kolmogorovSmirnov(a, b);
        TestResult shifted = Tests.kolmogorovSmirnov(a, c);
        assertTrue(same.pValue() > 0.05, same.toString());
        assertTrue(shifted.pValue() < 1e-4, shifted.toString());
        double ne = 150;
        double expected =
                Distributions.kolmogorovQ((Math.sqrt(ne) + 0.12 + 0.11 / Math.sqrt(ne)) * shifted.statistic());
        assertEquals(expected, shifted.pValue(), 0);
        assertEquals(1, Tests.kolmogorovSmirnov(a, a).pValue(), 0);
    }
}
