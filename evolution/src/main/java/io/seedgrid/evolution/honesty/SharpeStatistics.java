package io.seedgrid.evolution.honesty;

/**
 * How much of a Sharpe ratio survives selection: the probabilistic and deflated Sharpe ratios of Bailey and
 * Lopez de Prado ("The Deflated Sharpe Ratio", Journal of Portfolio Management, 2014) and the minimum backtest
 * length of Bailey, Borwein, Lopez de Prado and Zhu ("Pseudo-Mathematics and Financial Charlatanism", 2014).
 * Sharpe ratios here are per bar (not annualised) unless said otherwise.
 */
public final class SharpeStatistics {
    /** The Euler-Mascheroni constant. */
    static final double EULER_GAMMA = 0.5772156649015329;

    private SharpeStatistics() {}

    /**
     * PSR(SR*) = Phi( (SR - SR*) sqrt(T - 1) / sqrt(1 - skew SR + (kurtosis - 1) / 4 SR^2) ): the probability that
     * the true Sharpe ratio exceeds {@code benchmark}, given {@code t} returns with this skewness and (non-excess)
     * kurtosis.
     */
    public static double probabilisticSharpe(
            double sharpe, double benchmark, long t, double skewness, double kurtosis) {
        if (t < 2) {
            throw new IllegalArgumentException("PSR needs at least 2 returns but got " + t);
        }
        double variance = 1 - skewness * sharpe + (kurtosis - 1) / 4 * sharpe * sharpe;
        if (!(variance > 0)) {
            return Double.NaN; // the moments make the estimator's variance meaningless
        }
        return Normal.cdf((sharpe - benchmark) * Math.sqrt(t - 1) / Math.sqrt(variance));
    }

    /**
     * The expected maximum Sharpe ratio of {@code trials} strategies with zero true skill whose estimated Sharpe
     * ratios have variance {@code variance}: sqrt(V) ((1 - gamma) Phi^-1(1 - 1/N) + gamma Phi^-1(1 - 1/(N e))).
     */
    public static double expectedMaxSharpe(double variance, long trials) {
        if (trials < 1) {
            throw new IllegalArgumentException("trials must be >= 1 but was " + trials);
        }
        if (trials == 1) {
            return 0;
        }
        return Math.sqrt(Math.max(0, variance)) * expectedMaxOfStandardNormals(trials);
    }

    /** (1 - gamma) Phi^-1(1 - 1/N) + gamma Phi^-1(1 - 1/(N e)): the expected maximum of N standard normals. */
    static double expectedMaxOfStandardNormals(long trials) {
        return (1 - EULER_GAMMA) * Normal.quantile(1 - 1.0 / trials)
                + EULER_GAMMA * Normal.quantile(1 - 1.0 / (trials * Math.E));
    }

    /** DSR = PSR(expected maximum Sharpe of the trials at zero skill). */
    public static double deflatedSharpe(
            double sharpe, long t, double skewness, double kurtosis, double trialVariance, long trials) {
        return probabilisticSharpe(sharpe, expectedMaxSharpe(trialVariance, trials), t, skewness, kurtosis);
    }

    /**
     * Minimum backtest length in years, so that the best of {@code trials} skill-less strategies is not expected to
     * show an annualised Sharpe ratio of {@code annualSharpe} or more: (E[max of N standard normals] / SR)^2.
     */
    public static double minimumBacktestYears(long trials, double annualSharpe) {
        if (!(annualSharpe > 0)) {
            throw new IllegalArgumentException("annual Sharpe must be > 0 but was " + annualSharpe);
        }
        if (trials <= 1) {
            return 0;
        }
        double e = expectedMaxOfStandardNormals(trials);
        return e * e / (annualSharpe * annualSharpe);
    }

    /** Sample moments of a return series: mean, standard deviation, skewness and (non-excess) kurtosis. */
    public record Moments(long count, double mean, double std, double skewness, double kurtosis) {
        /** Per-bar Sharpe ratio, 0 without variation. */
        public double sharpe() {
            return std > 0 ? mean / std : 0;
        }

        public static Moments of(double[] returns, int from, int to) {
            int n = to - from;
            if (n < 2) {
                return new Moments(Math.max(n, 0), 0, 0, 0, 3);
            }
            double mean = 0;
            for (int i = from; i < to; i++) {
                mean += returns[i];
            }
            mean /= n;
            double m2 = 0;
            double m3 = 0;
            double m4 = 0;
            for (int i = from; i < to; i++) {
                double d = returns[i] - mean;
                double d2 = d * d;
                m2 += d2;
                m3 += d2 * d;
                m4 += d2 * d2;
            }
            double std = Math.sqrt(m2 / (n - 1));
            double population = m2 / n;
            double skewness = population > 0 ? (m3 / n) / Math.pow(population, 1.5) : 0;
            double kurtosis = population > 0 ? (m4 / n) / (population * population) : 3;
            return new Moments(n, mean, std, skewness, kurtosis);
        }
    }
}
