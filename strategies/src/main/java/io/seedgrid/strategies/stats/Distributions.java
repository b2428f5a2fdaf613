package io.seedgrid.strategies.stats;

/**
 * The distribution functions the tests need, written out: log-gamma (Lanczos), the regularised incomplete beta
 * function (continued fraction, modified Lentz), Student's t and the Kolmogorov distribution.
 */
public final class Distributions {
    private static final double[] LANCZOS = {
        0.99999999999980993,
        676.5203681218851,
        -1259.1392167224028,
        771.32342877765313,
        -176.61502916214059,
        12.507343278686905,
        -0.13857109526572012,
        9.9843695780195716e-6,
        1.5056327351493116e-7
    };
    private static final double EPS = 1e-15;
    private static final double TINY = 1e-300;

    private Distributions() {}

    /** ln Gamma(x) for x > 0 (Lanczos, g = 7, n = 9; relative error below 1e-13). */
    public static double logGamma(double x) {
        if (!(x > 0)) {
            throw new IllegalArgumentException("logGamma needs x > 0 but was " + x);
        }
        if (x < 0.5) { // reflection: Gamma(x) Gamma(1 - x) = pi / sin(pi x)
            return Math.log(Math.PI / Math.sin(Math.PI * x)) - logGamma(1 - x);
        }
        double z = x - 1;
        double sum = LANCZOS[0];
        for (int i = 1; i < LANCZOS.length; i++) {
            sum += LANCZOS[i] / (z + i);
        }
        double t = z + 7.5;
        return 0.5 * Math.log(2 * Math.PI) + (z + 0.5) * Math.log(t) - t + Math.log(sum);
    }

    /** The regularised incomplete beta function I_x(a, b), for a, b > 0 and x in [0, 1]. */
    public static double regularizedBeta(double x, double a, double b) {
        if (!(a > 0 && b > 0)) {
            throw new IllegalArgumentException("regularizedBeta needs a, b > 0 but was a=" + a + ", b=" + b);
        }
        if (!(x >= 0 && x <= 1)) {
            throw new IllegalArgumentException("regularizedBeta needs x in [0, 1] but was " + x);
        }
        if (x == 0 || x == 1) {
            return x;
        }
        double front = Math.exp(logGamma(a + b) - logGamma(a) - logGamma(b) + a * Math.log(x) + b * Math.log1p(-x));
        // the continued fraction converges fast for x < (a + 1) / (a + b + 2); use the symmetry otherwise
        if (x < (a + 1) / (a + b + 2)) {
            return front * betaFraction(x, a, b) / a;
        }
        return 1 - front * betaFraction(1 - x, b, a) / b;
    }

    /** The continued fraction of I_x(a, b), evaluated by the modified Lentz method. */
    private static double betaFraction(double x, double a, double b) {
        double c = 1;
        double d = 1 - (a + b) * x / (a + 1);
        d = 1 / (Math.abs(d) < TINY ? TINY : d);
        double h = d;
        for (int m = 1; m <= 10_000; m++) {
            int m2 = 2 * m;
            double even = m * (b - m) * x / ((a + m2 - 1) * (a + m2));
            d = 1 + even * d;
            d = 1 / (Math.abs(d) < TINY ? TINY : d);
            c = 1 + even / c;
            c = Math.abs(c) < TINY ? TINY : c;
            h *= d * c;
            double odd = -(a + m) * (a + b + m) * x / ((a + m2) * (a + m2 + 1));
            d = 1 + odd * d;
            d = 1 / (Math.abs(d) < TINY ? TINY : d);
            c = 1 + odd / c;
            c = Math.abs(c) < TINY ? TINY : c;
            double step = d * c;
            h *= step;
            if (Math.abs(step - 1) < EPS) {
                return h;
            }
        }
        return h; // not reached for the arguments the tests use
    }

    /** P(T <= t) for Student's t distribution with {@code df} > 0 degrees of freedom (df may be fractional). */
    public static double studentTCdf(double t, double df) {
        if (!(df > 0)) {
            throw new IllegalArgumentException("degrees of freedom must be > 0 but was " + df);
        }
        if (Double.isNaN(t)) {
            throw new IllegalArgumentException("t must be a number but was NaN");
        }
        if (Double.isInfinite(t)) {
            return t > 0 ? 1 : 0;
        }
        double tail = 0.5 * regularizedBeta(df / (df + t * t), df / 2, 0.5); // P(T > |t|)
        return t > 0 ? 1 - tail : tail;
    }

    /**
     * The Kolmogorov distribution's upper tail Q(lambda) = P(K > lambda) = 2 sum_{k>=1} (-1)^(k-1) exp(-2 k^2
     * lambda^2). For small lambda, where that series converges slowly, the equivalent Jacobi theta form
     * 1 - sqrt(2 pi) / lambda sum_{k>=1} exp(-(2k-1)^2 pi^2 / (8 lambda^2)) is used.
     */
    public static double kolmogorovQ(double lambda) {
        if (Double.isNaN(lambda)) {
            throw new IllegalArgumentException("lambda must be a number but was NaN");
        }
        if (lambda <= 0) {
            return 1;
        }
        double q;
        if (lambda < 1.18) {
            double sum = 0;
            for (int k = 1; k <= 50; k++) {
                double term = Math.exp(-(2 * k - 1) * (2 * k - 1) * Math.PI * Math.PI / (8 * lambda * lambda));
                sum += term;
                if (term < 1e-17 * sum) {
                    break;
                }
            }
            q = 1 - Math.sqrt(2 * Math.PI) / lambda * sum;
        } else {
            double sum = 0;
            for (int k = 1; k <= 100; k++) {
                double term = Math.exp(-2.0 * k * k * lambda * lambda);
                sum += (k % 2 == 1 ? term : -term);
                if (term < 1e-17) {
                    break;
                }
            }
            q = 2 * sum;
        }
        return Math.max(0, Math.min(1, q));
    }
}
