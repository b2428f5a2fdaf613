package io.seedgrid.strategies.stats;

/**
 * The outcome of a statistical test.
 *
 * @param statistic the test statistic (Welch's t, or the Kolmogorov-Smirnov D)
 * @param pValue    the p-value, in [0, 1]
 * @param df        degrees of freedom where the test has them (Welch), else NaN
 * @param n1        size of the first sample
 * @param n2        size of the second sample
 */
public record TestResult(double statistic, double pValue, double df, int n1, int n2) {
    public TestResult {
        if (!(pValue >= 0 && pValue <= 1)) {
            throw new IllegalArgumentException("p-value must lie in [0, 1] but was " + pValue);
        }
    }

    /** Whether the result is significant at level {@code alpha}: {@code pValue < alpha}. */
    public boolean significantAt(double alpha) {
        return pValue < alpha;
    }
}
