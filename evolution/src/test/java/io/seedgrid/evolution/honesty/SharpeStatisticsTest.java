package io.seedgrid.evolution.honesty;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * PSR and DSR against the formulas of Bailey and Lopez de Prado, "The Deflated Sharpe Ratio" (2014), eq. 3-5,
 * evaluated here independently: the normal CDF by Simpson integration of the density, its inverse by bisection.
 */
class SharpeStatisticsTest {

    /** Phi(z) = 1/2 + integral_0^z phi(x) dx, by composite Simpson with 20,000 panels. */
    static double cdfBySimpson(double z) {
        int panels = 20_000;
        double h = z / panels;
        double s = density(0) + density(z);
        for (int i = 1; i < panels; i++) {
            s += (i % 2 == 1 ? 4 : 2) * density(i * h);
        }
        return 0.5 + s * h / 3;
    }

    static double density(double x) {
        return Math.exp(-x * x / 2) / Math.sqrt(2 * Math.PI);
    }

    static double quantileByBisection(double p) {
        double lo = -12;
        double hi = 12;
        for (int i = 0; i < 200; i++) {
            double mid = (lo + hi) / 2;
            if (cdfBySimpson(mid) < p) {
                lo = mid;
            } else {
                hi = mid;
            }
        }
        return (lo + hi) / 2;
    }

    @Test
    void normalDistributionMatchesIntegration() {
        for (double z = -6; z <= 6; z += 0.37) {
            assertEquals(cdfBySimpson(z), Normal.cdf(z), 1e-12, "z=" + z);
        }
        assertEquals(1.959963984540054, Normal.quantile(0.975), 1e-12);
        for (double p : new double[] {1e-6, 0.001, 0.02, 0.3, 0.5, 0.77, 0.99, 1 - 1e-5}) {
            assertEquals(quantileByBisection(p), Normal.quantile(p), 1e-9, "p=" + p);
        }
    }

    @Test
    void deflatedSharpeOfAWorkedExample() {
        // The paper's setting: 5 years of daily returns (T = 1250), annualised Sharpe 2.5, skewness -3,
        // kurtosis 10, after N = 100 trials whose annualised Sharpe ratios have variance 0.5.
        double annual = Math.sqrt(250);
        double sr = 2.5 / annual;
        double variance = 0.5 / (annual * annual);
        long t = 1250;
        long n = 100;
        double gamma = 0.5772156649015329;
        double expectedMax = Math.sqrt(variance)
                * ((1 - gamma) * quantileByBisection(1 - 1.0 / n) + gamma * quantileByBisection(1 - 1 / (n * Math.E)));
        double z = (sr - expectedMax) * Math.sqrt(t - 1) / Math.sqrt(1 - (-3) * sr + (10 - 1) / 4.0 * sr * sr);
        double expectedDsr = cdfBySimpson(z);

        assertEquals(expectedMax, SharpeStatistics.expectedMaxSharpe(variance, n), 1e-9);
        assertEquals(expectedDsr, SharpeStatistics.deflatedSharpe(sr, t, -3, 10, variance, n), 1e-9);
        // Annualised, the best of 100 skill-less trials is expected near 1.78: selection alone explains most of 2.5.
        assertEquals(1.78, expectedMax * annual, 0.01);
        // The paper publishes E[max SR] = 0.1132 (per bar) and DSR = 0.9004 for this example.
        assertEquals(0.1132, expectedMax, 5e-5);
        assertEquals(0.9004, expectedDsr, 5e-5);
        double psrAgainstZero = SharpeStatistics.probabilisticSharpe(sr, 0, t, -3, 10);
        assertTrue(psrAgainstZero > expectedDsr, "deflating lowers the probability");
    }

    @Test
    void minimumBacktestLengthGrowsWithTrials() {
        // Bailey et al. (2014): about 5 years of data are needed after only 45 trials at an annual Sharpe of 1.
        double years45 = SharpeStatistics.minimumBacktestYears(45, 1.0);
        assertEquals(5.0, years45, 0.1);
        assertTrue(SharpeStatistics.minimumBacktestYears(1000, 1.0) > years45);
        assertEquals(0, SharpeStatistics.minimumBacktestYears(1, 1.0));
    }

    @Test
    void momentsOfAKnownSeries() {
        double[] r = {1, 2, 3, 4, 10};
        var m = SharpeStatistics.Moments.of(r, 0, r.length);
        assertEquals(4, m.mean(), 1e-15);
        assertEquals(Math.sqrt(50.0 / 4), m.std(), 1e-12);
        double pop = 50.0 / 5;
        assertEquals((-27 - 8 - 1 + 0 + 216) / 5.0 / Math.pow(pop, 1.5), m.skewness(), 1e-12);
        assertEquals((81 + 16 + 1 + 0 + 1296) / 5.0 / (pop * pop), m.kurtosis(), 1e-12);
    }
}
