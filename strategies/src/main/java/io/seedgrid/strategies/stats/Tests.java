package io.seedgrid.strategies.stats;

import java.util.Arrays;

/**
 * Two-sample tests on per-bar returns, written out (no statistics library): Welch's one-sided t-test ("is the first
 * sample's mean significantly lower?"), the paired one-sided t-test for two strategies over the same bars ("is the
 * first one's return significantly lower, bar for bar?") and the two-sample Kolmogorov-Smirnov test ("do the two
 * samples come from different distributions?").
 */
public final class Tests {
    private Tests() {}

    /**
     * Welch's t-test of H0: mean(a) >= mean(b) against H1: mean(a) < mean(b), without assuming equal variances.
     * t = (mean(a) - mean(b)) / sqrt(var(a)/n_a + var(b)/n_b) with sample variances, Welch-Satterthwaite degrees of
     * freedom, p = P(T_df <= t). When both samples have no variation, p is 0 if mean(a) < mean(b), else 1.
     *
     * @throws IllegalArgumentException when a sample has fewer than 2 values or holds a non-finite value
     */
    public static TestResult welchLess(double[] a, double[] b) {
        check("a", a, 2);
        check("b", b, 2);
        double ma = mean(a);
        double mb = mean(b);
        double va = variance(a, ma) / a.length;
        double vb = variance(b, mb) / b.length;
        double se2 = va + vb;
        if (!(se2 > 0)) {
            return new TestResult(
                    ma < mb ? Double.NEGATIVE_INFINITY : 0, ma < mb ? 0 : 1, Double.NaN, a.length, b.length);
        }
        double t = (ma - mb) / Math.sqrt(se2);
        double df = se2 * se2 / (va * va / (a.length - 1) + vb * vb / (b.length - 1));
        return new TestResult(t, Distributions.studentTCdf(t, df), df, a.length, b.length);
    }

    /**
     * The paired t-test of H0: mean(a - b) >= 0 against H1: mean(a - b) < 0, for two samples over the same bars:
     * t = mean(d) / (sd(d) / sqrt(n)) with d = a - b, n - 1 degrees of freedom, p = P(T_df <= t). When the differences
     * do not vary, p is 0 if they are negative, else 1.
     *
     * @throws IllegalArgumentException when the samples differ in length, have fewer than 2 values or hold a non-finite
     *                                  value
     */
    public static TestResult pairedLess(double[] a, double[] b) {
        check("a", a, 2);
        check("b", b, 2);
        if (a.length != b.length) {
            throw new IllegalArgumentException(
                    "paired samples must have one value each per bar but had " + a.length + " and " + b.length);
        }
        double[] d = new double[a.length];
        for (int i = 0; i < d.length; i++) {
            d[i] = a[i] - b[i];
        }
        double m = mean(d);
        double se = Math.sqrt(variance(d, m) / d.length);
        double df = d.length - 1;
        if (!(se > 1e-15)) {
            return new TestResult(m < 0 ? Double.NEGATIVE_INFINITY : 0, m < 0 ? 0 : 1, df, a.length, b.length);
        }
        double t = m / se;
        return new TestResult(t, Distributions.studentTCdf(t, df), df, a.length, b.length);
    }

    /**
     * The two-sample Kolmogorov-Smirnov test: D = the largest distance between the samples' empirical distribution
     * functions (ties handled by stepping over equal values together), p from the asymptotic Kolmogorov distribution
     * with Stephens' small-sample correction: Q((sqrt(ne) + 0.12 + 0.11 / sqrt(ne)) D), ne = n m / (n + m). With many
     * tied values (flat bars) the test is conservative.
     *
     * @throws IllegalArgumentException when a sample is empty or holds a non-finite value
     */
    public static TestResult kolmogorovSmirnov(double[] a, double[] b) {
        check("a", a, 1);
        check("b", b, 1);
        double d = ksStatistic(a, b);
        double ne = (double) a.length * b.length / (a.length + b.length);
        double sqrt = Math.sqrt(ne);
        double p = Distributions.kolmogorovQ((sqrt + 0.12 + 0.11 / sqrt) * d);
        return new TestResult(d, p, Double.NaN, a.length, b.length);
    }

    /** The KS distance D between the empirical distribution functions of {@code a} and {@code b}. */
    public static double ksStatistic(double[] a, double[] b) {
        double[] x = a.clone();
        double[] y = b.clone();
        Arrays.sort(x);
        Arrays.sort(y);
        int i = 0;
        int j = 0;
        double d = 0;
        while (i < x.length || j < y.length) {
            double v = j >= y.length || (i < x.length && x[i] <= y[j]) ? x[i] : y[j];
            while (i < x.length && x[i] == v) {
                i++;
            }
            while (j < y.length && y[j] == v) {
                j++;
            }
            d = Math.max(d, Math.abs((double) i / x.length - (double) j / y.length));
        }
        return d;
    }

    static double mean(double[] v) {
        double s = 0;
        for (double x : v) {
            s += x;
        }
        return s / v.length;
    }

    /** The sample variance (n - 1), in two passes. */
    static double variance(double[] v, double mean) {
        double s = 0;
        for (double x : v) {
            s += (x - mean) * (x - mean);
        }
        return s / (v.length - 1);
    }

    private static void check(String name, double[] v, int min) {
        if (v.length < min) {
            throw new IllegalArgumentException(
                    "sample " + name + " needs at least " + min + " values but has " + v.length);
        }
        for (int i = 0; i < v.length; i++) {
            if (!Double.isFinite(v[i])) {
                throw new IllegalArgumentException(
                        "sample " + name + " value " + i + " must be finite but was " + v[i]);
            }
        }
    }
}
