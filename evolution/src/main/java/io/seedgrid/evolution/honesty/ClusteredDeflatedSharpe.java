package io.seedgrid.evolution.honesty;

/**
 * The deflated Sharpe ratio of a search's best strategy when its trials come in clusters, as {@link TrialClusters}
 * finds them. After Lopez de Prado ("A Data Science Solution to the Multiple-Testing Crisis in Financial Research",
 * Journal of Financial Data Science, 2019) and Bailey and Lopez de Prado ("The Deflated Sharpe Ratio", 2014):
 * DSR = PSR(E[max SR]) for the best strategy's per-bar Sharpe ratio, T, skewness and kurtosis, with the expected
 * maximum Sharpe ratio of skill-less trials built from two selections:
 * <ul>
 * <li>between clusters, the paper's term: sqrt(V) E_K, K clusters whose Sharpe ratios have variance V;</li>
 * <li>within the best strategy's cluster, our addition: sqrt(W) E_m, its m distinct members whose Sharpe ratios have
 * variance W,</li>
 * </ul>
 * where E_n = (1 - gamma) Phi^-1(1 - 1/n) + gamma Phi^-1(1 - 1/(n e)) is the expected maximum of n standard normals
 * ({@link SharpeStatistics#expectedMaxSharpe(double, long)}).
 *
 * <p>Why the second term. The paper tests the best trial against the maximum of K cluster Sharpe ratios, but the
 * best trial is also the luckiest member of its cluster: a cluster's series averages its members, the winner does
 * not. Without the term, noisy variants of a few skill-less ideas pass as skill: with 5 ideas of 52 variants each
 * (correlation about 0.6 between variants) over 700 bars the between-only DSR of the best has a median of 0.93
 * over 20 seeds; with it, 0.49. The sum of the two maxima bounds the maximum of the sums, and W also counts real
 * differences between members as luck, so the term errs on the harsh side; it also makes the figure robust to the
 * clustering: with every trial its own cluster, or all in one, E[max] falls back to the naive N-trial value.
 * {@link #betweenOnlyDeflatedSharpe()} keeps the paper's figure for comparison; do not report it alone.
 *
 * <p>Units. The clusters may have been computed on sums of blocks of L bars, to keep the correlation matrix small;
 * their Sharpe ratios are then per block. A block sum has mean L m and variance L f s^2, f the variance ratio (1 for
 * serially uncorrelated returns), so SR_block = sqrt(L / f) SR_bar, and V and W convert to per bar as V f / L:
 * <ul>
 * <li>{@link #of(TrialClusters.Result, int, double, SharpeStatistics.Moments)} takes f = 1. Exact in expectation for
 * serially uncorrelated returns. Positively autocorrelated returns (f > 1: persistent trends) make it optimistic, as
 * V comes out too small; negatively autocorrelated ones (f < 1) make it harsh. With a first-order autocorrelation
 * of +0.3 and L = 8, V comes out at about 0.6 of its per-bar value.</li>
 * <li>{@link #of(TrialClusters.Result, int, SharpeStatistics.Moments, SharpeStatistics.Moments)} estimates f from the
 * best strategy's own per-bar and per-block variances: exact when every trial shares its serial correlation, a
 * first-order correction otherwise, at the price of the variance ratio's sampling error (about
 * sqrt(2 (2L - 1)(L - 1) / (3 L T)), 7% for L = 4 over 700 bars). Prefer it.</li>
 * </ul>
 * With per-bar series (L = 1) no conversion is needed and both agree.
 *
 * <p>Limits: K, V and W are estimates from trials that a GA selected, not independent draws (see
 * {@link TrialClusters}); V and W include real differences in skill, not only luck, which makes the deflation
 * harsher than under the pure null; and the PSR itself assumes serially uncorrelated returns.
 *
 * @param clusters                  K (at least 1 is used: with no clusters there is nothing to deflate by)
 * @param barsPerObservation        L, bars per observation of the clustered series
 * @param varianceRatio             f, the variance of a block sum over L times the per-bar variance
 * @param sharpeVariance            V per bar: the clusters' Sharpe variance times f / L
 * @param expectedMaxBetween        sqrt(V) E_K
 * @param clusterMembers            m, distinct trials in the best strategy's cluster (1 if it is flat)
 * @param withinVariance            W per bar: the variance of their Sharpe ratios times f / L
 * @param expectedMaxWithin         sqrt(W) E_m
 * @param expectedMaxSharpe         the sum: the expected maximum per-bar Sharpe ratio of the skill-less search
 * @param sharpe                    the best strategy's per-bar Sharpe ratio
 * @param returns                   its returns counted (T)
 * @param skewness                  their skewness
 * @param kurtosis                  their (non-excess) kurtosis
 * @param deflatedSharpe            PSR against {@code expectedMaxSharpe}; NaN with fewer than 2 returns
 * @param betweenOnlyDeflatedSharpe PSR against {@code expectedMaxBetween} alone, the paper's figure
 */
public record ClusteredDeflatedSharpe(
        int clusters,
        double barsPerObservation,
        double varianceRatio,
        double sharpeVariance,
        double expectedMaxBetween,
        int clusterMembers,
        double withinVariance,
        double expectedMaxWithin,
        double expectedMaxSharpe,
        double sharpe,
        long returns,
        double skewness,
        double kurtosis,
        double deflatedSharpe,
        double betweenOnlyDeflatedSharpe) {

    /**
     * The DSR assuming serially uncorrelated returns (f = 1) to convert block Sharpe ratios to per bar.
     *
     * @param clusters           the trials' clusters, computed on series of {@code barsPerObservation} bars per value
     * @param bestTrial          the best strategy's index among the clustered trials
     * @param barsPerObservation L >= 1 (1 when the clustered series were per bar)
     * @param best               the best strategy's per-bar in-sample return moments
     */
    public static ClusteredDeflatedSharpe of(
            TrialClusters.Result clusters, int bestTrial, double barsPerObservation, SharpeStatistics.Moments best) {
        if (!(barsPerObservation >= 1) || Double.isInfinite(barsPerObservation)) {
            throw new IllegalArgumentException(
                    "bars per observation must be finite and >= 1 but was " + barsPerObservation);
        }
        return of(clusters, bestTrial, barsPerObservation, 1, best);
    }

    /**
     * The DSR with the per-block to per-bar conversion corrected by the best strategy's variance ratio.
     *
     * @param clusters           the trials' clusters
     * @param bestTrial          the best strategy's index among the clustered trials
     * @param best               the best strategy's per-bar in-sample return moments
     * @param bestPerObservation the moments of the best strategy's series as it was clustered (its block sums over
     *                           the same bars; {@code best} itself for per-bar series); L is the ratio of the counts
     */
    public static ClusteredDeflatedSharpe of(
            TrialClusters.Result clusters,
            int bestTrial,
            SharpeStatistics.Moments best,
            SharpeStatistics.Moments bestPerObservation) {
        if (bestPerObservation.count() < 2 || bestPerObservation.count() > best.count()) {
            throw new IllegalArgumentException("the best strategy's clustered series must have 2 to " + best.count()
                    + " observations (one per block of its per-bar returns) but has " + bestPerObservation.count());
        }
        if (!(best.std() > 0 && bestPerObservation.std() > 0)) {
            throw new IllegalArgumentException("the best strategy's returns must vary but their standard deviations"
                    + " are " + best.std() + " per bar and " + bestPerObservation.std() + " per observation");
        }
        double bars = (double) best.count() / bestPerObservation.count();
        double ratio = bestPerObservation.std() * bestPerObservation.std() / (bars * best.std() * best.std());
        return of(clusters, bestTrial, bars, ratio, best);
    }

    private static ClusteredDeflatedSharpe of(
            TrialClusters.Result clusters, int bestTrial, double bars, double ratio, SharpeStatistics.Moments best) {
        if (bestTrial < 0 || bestTrial >= clusters.trials()) {
            throw new IllegalArgumentException("the best trial must be one of the " + clusters.trials()
                    + " clustered trials but was " + bestTrial);
        }
        double variance = clusters.sharpeVariance() * ratio / bars;
        int k = Math.max(1, clusters.clusters());
        double between = SharpeStatistics.expectedMaxSharpe(variance, k);
        int own = clusters.clusterOf()[bestTrial];
        int members = own < 0 ? 1 : clusters.distinctSizes()[own];
        double withinVariance = own < 0 ? 0 : clusters.withinVariance()[own] * ratio / bars;
        double within = SharpeStatistics.expectedMaxSharpe(withinVariance, members);
        double expectedMax = between + within;
        double dsr = Double.NaN;
        double betweenOnly = Double.NaN;
        if (best.count() >= 2) {
            dsr = SharpeStatistics.probabilisticSharpe(
                    best.sharpe(), expectedMax, best.count(), best.skewness(), best.kurtosis());
            betweenOnly = SharpeStatistics.probabilisticSharpe(
                    best.sharpe(), between, best.count(), best.skewness(), best.kurtosis());
        }
        return new ClusteredDeflatedSharpe(
                k,
                bars,
                ratio,
                variance,
                between,
                members,
                withinVariance,
                within,
                expectedMax,
                best.sharpe(),
                best.count(),
                best.skewness(),
                best.kurtosis(),
                dsr,
                betweenOnly);
    }
}
