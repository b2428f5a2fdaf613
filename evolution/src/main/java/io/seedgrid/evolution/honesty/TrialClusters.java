package io.seedgrid.evolution.honesty;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.OptionalDouble;

/**
 * The effective number of independent trials behind a search, and the variance of their Sharpe ratios, estimated
 * from clusters of trials whose returns move together, as Lopez de Prado recommends ("A Data Science Solution to the
 * Multiple-Testing Crisis in Financial Research", Journal of Financial Data Science, 2019; Lopez de Prado and
 * Lewis, "Detection of False Investment Strategies Using Unsupervised Learning Methods", Quantitative Finance,
 * 2019). The deflated Sharpe ratio (Bailey and Lopez de Prado, 2014) assumes N independent trials; a genetic
 * algorithm's trials are mostly near-copies and inversions of a few ideas, so N and their raw Sharpe variance
 * over-deflate. {@link ClusteredDeflatedSharpe} uses the K and V found here instead, plus the spread W inside the
 * best strategy's cluster.
 *
 * <p>The method, step by step:
 * <ol>
 * <li>Trials with zero variance (strategies that never trade, or earn a constant) are left out: they cannot win the
 * selection by luck, and their correlation is undefined. Their {@code clusterOf} is -1.</li>
 * <li>Exact duplicates, then near duplicates (correlation above {@value #NEAR_DUPLICATE}, each joined to the
 * lowest-indexed trial it is that close to) count as one distinct trial: re-testing a strategy adds no
 * information, and it keeps the matrices small.</li>
 * <li>Distance d = sqrt((1 - rho) / 2) between distinct trials (rho their Pearson correlation), so a trial and its
 * inverse are as far apart as possible (d = 1), and average-linkage hierarchical clustering (UPGMA).</li>
 * <li>The number of clusters. Silhouette alone pairs up pure noise: with finite data the nearest of many
 * independent series always looks a little related (260 independent series of 700 bars get K of about 110 at a
 * mean silhouette of 0.015), and merging them would cut K and flatter the winner. So the
 * dendrogram is first cut where no merge joins clusters less correlated than independent series may be by chance:
 * rho* = tanh(z / sqrt(T - 3)), z the normal quantile of 1 - 0.05 / P over the P pairs (Fisher's z with a Bonferroni
 * bound on the family of pairs). This is conservative for merges of large clusters (an average of many pair
 * correlations varies less than one pair), which errs towards more clusters, i.e. a harsher deflation. From that
 * cut, up to {@value #MAX_SPLITS} finer cuts (undoing its highest merges one by one) compete by mean silhouette
 * (Rousseeuw 1987; 0 for a singleton); the coarsest of the best wins. When the significant cut is a single cluster,
 * it stays one unless some split reaches a mean silhouette above {@value #NO_STRUCTURE} (Kaufman and Rousseeuw's
 * "no substantial structure" bound). With more than {@value #SILHOUETTE_SAMPLE} distinct trials the silhouette is
 * averaged over that many evenly spaced trials (each against all others).</li>
 * <li>One series per cluster: its distinct members' returns with inverse-variance weights (the paper's
 * minimum-variance allocation for uncorrelated members), and that series' Sharpe ratio per observation of the
 * given series. V is the sample variance of the K cluster Sharpe ratios (0 when K = 1); per cluster, W is the sample
 * variance of its distinct members' own Sharpe ratios.</li>
 * </ol>
 *
 * <p>Why average-linkage hierarchical clustering rather than the paper's ONC (k-means with the silhouette
 * t-statistic, re-clustering weak clusters): it is deterministic without seeds and restarts, a single O(n^2) pass
 * yields every nested partition, and average linkage neither chains like single linkage nor splits tight groups by
 * their outliers like complete linkage.
 *
 * <p>Limits: K and V are estimates. A GA's trials are selected, not independent draws: later generations are
 * children of the lucky ones, so the clusters' Sharpe ratios are themselves a biased sample and V reflects the
 * search's path. The significance bound assumes serially uncorrelated observations (autocorrelated series
 * correlate more by chance, so a few spurious merges get through). The cut and the silhouette choice are
 * heuristics; the 0.999 near-duplicate bound and the
 * {@value #MAX_SPLITS}-split horizon are engineering limits. Costs: O(N T) to deduplicate, O(n^2 T) for the
 * correlations and O(n^2) for the linkage, n the distinct trials; memory about 4 n^2 bytes (two condensed float
 * matrices of n (n - 1) / 2 entries alive at once), so at most 65,536 distinct trials fit an array and about 5,000
 * fit in 100 MB. 5,000 trials of 256 blocks take about a second (see {@code TrialClustersBench} in the tests).
 */
public final class TrialClusters {
    /** Correlation above which two trials count as one. */
    static final double NEAR_DUPLICATE = 0.999;
    /** Family-wise error rate of the significance cut over all pairs. */
    static final double FAMILY_WISE_ALPHA = 0.05;
    /** Finer cuts beyond the significance cut that compete by silhouette. */
    static final int MAX_SPLITS = 64;
    /** Mean silhouette a split of a single significant cluster must beat. */
    static final double NO_STRUCTURE = 0.25;
    /** Distinct trials above which the silhouette is averaged over a sample of this many. */
    static final int SILHOUETTE_SAMPLE = 1000;

    private TrialClusters() {}

    /**
     * @param returns {@code returns[i]}: trial i's returns per observation, e.g. per bar or summed over blocks of
     *                bars; all of one length T >= 4, finite
     * @return the clusters, their Sharpe ratios per observation and their variance
     * @throws IllegalArgumentException naming the first bad trial and value
     */
    public static Result of(double[][] returns) {
        return of(returns, OptionalDouble.empty(), MAX_SPLITS);
    }

    /**
     * The clustering with an explicit significance bound ({@code minimumCorrelation}; -1 lets every merge pass;
     * empty derives it from T and the pairs of distinct trials) and split horizon.
     */
    static Result of(double[][] returns, OptionalDouble bound, int maxSplits) {
        int t = checkShape(returns);
        int trials = returns.length;
        int[] clusterOf = new int[trials];
        Arrays.fill(clusterOf, -1);

        // 1-2a. Flat trials out; exact duplicates folded into their first occurrence.
        int[] distinctOf = new int[trials]; // index into `unique`, -1 when flat
        int[] unique = new int[trials];
        int uniqueCount = 0;
        int flat = 0;
        Map<Series, Integer> seen = new HashMap<>();
        for (int i = 0; i < trials; i++) {
            if (isFlat(returns[i])) {
                distinctOf[i] = -1;
                flat++;
                continue;
            }
            Integer known = seen.putIfAbsent(new Series(returns[i]), uniqueCount);
            if (known == null) {
                unique[uniqueCount] = i;
                distinctOf[i] = uniqueCount++;
            } else {
                distinctOf[i] = known;
            }
        }
        if (uniqueCount == 0) {
            return new Result(
                    trials,
                    flat,
                    0,
                    0,
                    t,
                    clusterOf,
                    new int[0],
                    new int[0],
                    new double[0],
                    new double[0],
                    0,
                    Double.NaN,
                    bound.orElse(1),
                    0);
        }

        // 2b. Correlations of the unique series; near duplicates folded into the lowest-indexed one.
        float[] correlation = correlations(returns, unique, uniqueCount, t);
        Dendrogram.Condensed rho = new Dendrogram.Condensed(correlation, uniqueCount);
        int[] representative = new int[uniqueCount]; // index into `kept`
        Arrays.fill(representative, -1);
        int[] kept = new int[uniqueCount]; // index into `unique`
        int n = 0;
        for (int i = 0; i < uniqueCount; i++) {
            if (representative[i] >= 0) {
                continue;
            }
            representative[i] = n;
            kept[n++] = i;
            for (int j = i + 1; j < uniqueCount; j++) {
                if (representative[j] < 0 && rho.get(i, j) > NEAR_DUPLICATE) {
                    representative[j] = n - 1;
                }
            }
        }

        // 3. Distances, in place when nothing was folded.
        float[] distance;
        if (n == uniqueCount) {
            distance = correlation;
            for (int i = 0; i < distance.length; i++) {
                distance[i] = toDistance(distance[i]);
            }
        } else {
            distance = new float[(int) pairs(n)];
            int at = 0;
            for (int a = 0; a < n; a++) {
                for (int b = a + 1; b < n; b++) {
                    distance[at++] = toDistance(rho.get(kept[a], kept[b]));
                }
            }
        }
        correlation = null; // let the collector take it before the linkage's working copy exists
        rho = null;
        Dendrogram tree = Dendrogram.averageLinkage(distance.clone(), n);
        Dendrogram.Condensed d = new Dendrogram.Condensed(distance, n);

        // 4. The significance cut, then the best silhouette among it and finer cuts.
        double minimumCorrelation = bound.isPresent() ? bound.getAsDouble() : significantCorrelation(t, pairs(n));
        float maximumDistance = toDistance((float) minimumCorrelation);
        int significant = n;
        for (int m = 0; m < n - 1 && tree.height(m) <= maximumDistance; m++) {
            significant--;
        }
        int k = significant;
        double silhouette = n == 1 ? Double.NaN : 0;
        if (n >= 2 && significant < n) {
            double[] best = bestSilhouette(tree, d, Math.max(2, significant), Math.min(n, significant + maxSplits));
            k = (int) best[0];
            silhouette = best[1];
            if (significant == 1 && !(silhouette > NO_STRUCTURE)) {
                k = 1;
                silhouette = Double.NaN;
            }
        }

        // 5. Labels in trial order, inverse-variance cluster series and their Sharpe ratios.
        int[] label = tree.labels(k);
        int[] sizes = new int[k];
        for (int i = 0; i < trials; i++) {
            if (distinctOf[i] >= 0) {
                clusterOf[i] = label[representative[distinctOf[i]]];
                sizes[clusterOf[i]]++;
            }
        }
        double[][] aggregate = new double[k][t];
        double[] weightSum = new double[k];
        int[] distinctSizes = new int[k];
        double[] memberSharpe = new double[n];
        double[] memberMean = new double[k];
        for (int a = 0; a < n; a++) {
            double[] r = returns[unique[kept[a]]];
            var moments = SharpeStatistics.Moments.of(r, 0, t);
            memberSharpe[a] = moments.sharpe();
            memberMean[label[a]] += moments.sharpe();
            distinctSizes[label[a]]++;
            double weight = 1 / (moments.std() * moments.std());
            weightSum[label[a]] += weight;
            double[] target = aggregate[label[a]];
            for (int s = 0; s < t; s++) {
                target[s] += weight * r[s];
            }
        }
        double[] sharpe = new double[k];
        for (int c = 0; c < k; c++) {
            for (int s = 0; s < t; s++) {
                aggregate[c][s] /= weightSum[c];
            }
            sharpe[c] = SharpeStatistics.Moments.of(aggregate[c], 0, t).sharpe();
        }
        double[] within = new double[k];
        for (int a = 0; a < n; a++) {
            double e = memberSharpe[a] - memberMean[label[a]] / distinctSizes[label[a]];
            within[label[a]] += e * e;
        }
        for (int c = 0; c < k; c++) {
            within[c] = distinctSizes[c] > 1 ? within[c] / (distinctSizes[c] - 1) : 0;
        }
        double std = SharpeStatistics.Moments.of(sharpe, 0, k).std();
        return new Result(
                trials,
                flat,
                n,
                k,
                t,
                clusterOf,
                sizes,
                distinctSizes,
                sharpe,
                within,
                std * std,
                silhouette,
                minimumCorrelation,
                significant);
    }

    /**
     * Mean silhouettes of the cuts into {@code from..to} clusters: exact for the first, then updated split by
     * split. Splitting R into P and Q changes, for any point, only its sums to P and Q; the nearest other cluster
     * can only get nearer (one of P, Q is at most as far as R was), so b = min(b, d(P), d(Q)) stays exact.
     *
     * @return {k, silhouette} of the best cut, the coarsest among equals
     */
    private static double[] bestSilhouette(Dendrogram tree, Dendrogram.Condensed d, int from, int to) {
        int n = tree.points();
        int[] sample = sample(n);
        int s = sample.length;
        double[] ownSum = new double[s];
        int[] ownSize = new int[s];
        double[] nearest = new double[s];
        int[] label = tree.labels(from);
        int[] size = new int[from];
        for (int l : label) {
            size[l]++;
        }
        double[] sum = new double[from];
        for (int p = 0; p < s; p++) {
            int i = sample[p];
            Arrays.fill(sum, 0);
            for (int j = 0; j < n; j++) {
                sum[label[j]] += d.get(i, j);
            }
            int own = label[i];
            ownSum[p] = sum[own];
            ownSize[p] = size[own];
            double b = Double.POSITIVE_INFINITY;
            for (int c = 0; c < from; c++) {
                if (c != own) {
                    b = Math.min(b, sum[c] / size[c]);
                }
            }
            nearest[p] = b;
        }
        int bestK = from;
        double best = meanSilhouette(ownSum, ownSize, nearest);
        byte[] side = new byte[n];
        for (int k = from; k < to; k++) {
            int m = n - k - 1; // the last merge applied in the cut into k clusters
            int[] p1 = tree.leaves(tree.left(m));
            int[] q1 = tree.leaves(tree.right(m));
            for (int j : p1) {
                side[j] = 1;
            }
            for (int j : q1) {
                side[j] = 2;
            }
            for (int p = 0; p < s; p++) {
                int i = sample[p];
                double toP = 0;
                for (int j : p1) {
                    toP += d.get(i, j);
                }
                double toQ = 0;
                for (int j : q1) {
                    toQ += d.get(i, j);
                }
                if (side[i] == 1) {
                    ownSum[p] = toP;
                    ownSize[p] = p1.length;
                    nearest[p] = Math.min(nearest[p], toQ / q1.length);
                } else if (side[i] == 2) {
                    ownSum[p] = toQ;
                    ownSize[p] = q1.length;
                    nearest[p] = Math.min(nearest[p], toP / p1.length);
                } else {
                    nearest[p] = Math.min(nearest[p], Math.min(toP / p1.length, toQ / q1.length));
                }
            }
            for (int j : p1) {
                side[j] = 0;
            }
            for (int j : q1) {
                side[j] = 0;
            }
            double mean = meanSilhouette(ownSum, ownSize, nearest);
            if (mean > best) {
                best = mean;
                bestK = k + 1;
            }
        }
        return new double[] {bestK, best};
    }

    private static double meanSilhouette(double[] ownSum, int[] ownSize, double[] nearest) {
        double total = 0;
        for (int p = 0; p < ownSum.length; p++) {
            if (ownSize[p] > 1) {
                double a = ownSum[p] / (ownSize[p] - 1);
                double b = nearest[p];
                double scale = Math.max(a, b);
                total += scale > 0 ? (b - a) / scale : 0;
            }
        }
        return total / ownSum.length;
    }

    /** All points, or {@value #SILHOUETTE_SAMPLE} evenly spaced ones. */
    private static int[] sample(int n) {
        int s = Math.min(n, SILHOUETTE_SAMPLE);
        int[] sample = new int[s];
        for (int p = 0; p < s; p++) {
            sample[p] = (int) ((long) p * n / s);
        }
        return sample;
    }

    /**
     * Condensed correlation matrix of {@code returns[unique[0..count-1]]}: dot products of the series scaled to zero
     * mean and unit norm, in floats. Four rows at a time against the transposed matrix, so the inner loop is four
     * multiply-adds over contiguous arrays, which the JIT vectorises.
     */
    private static float[] correlations(double[][] returns, int[] unique, int count, int t) {
        float[][] transposed = new float[t][count];
        for (int i = 0; i < count; i++) {
            double[] r = returns[unique[i]];
            double mean = 0;
            for (double v : r) {
                mean += v;
            }
            mean /= t;
            double squares = 0;
            for (double v : r) {
                squares += (v - mean) * (v - mean);
            }
            double scale = 1 / Math.sqrt(squares);
            for (int s = 0; s < t; s++) {
                transposed[s][i] = (float) ((r[s] - mean) * scale);
            }
        }
        if (pairs(count) > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("a correlation matrix of " + count + " distinct trials does not fit in"
                    + " an array: at most 65,536 distinct trials; pass fewer, or merge them first");
        }
        float[] out = new float[(int) pairs(count)];
        Dendrogram.Condensed matrix = new Dendrogram.Condensed(out, count);
        float[][] sums = new float[4][count];
        float[] x = new float[4];
        for (int i = 0; i < count; i += 4) {
            int rows = Math.min(4, count - i);
            for (float[] sum : sums) {
                Arrays.fill(sum, i + 1, count, 0);
            }
            for (int s = 0; s < t; s++) {
                float[] column = transposed[s];
                for (int b = 0; b < 4; b++) {
                    x[b] = b < rows ? column[i + b] : 0;
                }
                multiplyAdd(column, x, sums, i + 1, count);
            }
            for (int b = 0; b < rows; b++) {
                int row = i + b;
                if (row + 1 < count) {
                    System.arraycopy(sums[b], row + 1, out, matrix.index(row, row + 1), count - row - 1);
                }
            }
        }
        return out;
    }

    /** sums[b][j] += x[b] * column[j] for j in [from, to), b = 0..3. */
    private static void multiplyAdd(float[] column, float[] x, float[][] sums, int from, int to) {
        float x0 = x[0];
        float x1 = x[1];
        float x2 = x[2];
        float x3 = x[3];
        float[] s0 = sums[0];
        float[] s1 = sums[1];
        float[] s2 = sums[2];
        float[] s3 = sums[3];
        for (int j = from; j < to; j++) {
            float v = column[j];
            s0[j] += x0 * v;
            s1[j] += x1 * v;
            s2[j] += x2 * v;
            s3[j] += x3 * v;
        }
    }

    private static float toDistance(float correlation) {
        return (float) Math.sqrt(Math.max(0, (1 - correlation) / 2));
    }

    /**
     * The correlation above which one of {@code pairs} independent pairs of series of {@code t} values lies with
     * probability {@value #FAMILY_WISE_ALPHA}: Fisher's z with a Bonferroni bound.
     */
    static double significantCorrelation(int t, long pairs) {
        if (pairs < 1) {
            return 1;
        }
        return Math.tanh(-Normal.quantile(FAMILY_WISE_ALPHA / pairs) / Math.sqrt(t - 3));
    }

    private static long pairs(long n) {
        return n * (n - 1) / 2;
    }

    /** Zero variance up to rounding: the squared deviations vanish next to the squares. */
    private static boolean isFlat(double[] r) {
        double mean = 0;
        for (double v : r) {
            mean += v;
        }
        mean /= r.length;
        double deviations = 0;
        double squares = 0;
        for (double v : r) {
            deviations += (v - mean) * (v - mean);
            squares += v * v;
        }
        return !(deviations > 1e-20 * squares);
    }

    private static int checkShape(double[][] returns) {
        if (returns == null || returns.length == 0) {
            throw new IllegalArgumentException("trial clustering needs at least 1 trial but got none");
        }
        for (int i = 0; i < returns.length; i++) {
            if (returns[i] == null) {
                throw new IllegalArgumentException("returns[" + i + "] is null");
            }
        }
        int t = returns[0].length;
        if (t < 4) {
            throw new IllegalArgumentException("each trial needs at least 4 returns but returns[0] has " + t);
        }
        for (int i = 0; i < returns.length; i++) {
            if (returns[i].length != t) {
                throw new IllegalArgumentException("every trial must have " + t
                        + " returns like returns[0] but returns[" + i + "] has " + returns[i].length);
            }
            for (int s = 0; s < t; s++) {
                if (!Double.isFinite(returns[i][s])) {
                    throw new IllegalArgumentException(
                            "returns must be finite but returns[" + i + "][" + s + "] is " + returns[i][s]);
                }
            }
        }
        return t;
    }

    /** A return series compared by value. */
    private record Series(double[] values) {
        @Override
        public boolean equals(Object other) {
            return other instanceof Series s && Arrays.equals(values, s.values);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(values);
        }
    }

    /**
     * Clusters of trials and the figures the clustered deflated Sharpe ratio needs.
     *
     * @param trials                 trials given (N)
     * @param flatTrials             trials with zero variance, left out of every cluster
     * @param distinctTrials         trials left after folding exact and near duplicates
     * @param clusters               K, the effective number of independent trials
     * @param observations           T, the length of each series
     * @param clusterOf              each trial's cluster in 0..K-1, -1 for a flat trial; clusters are numbered in
     *                               the order of their first trial
     * @param clusterSizes           trials per cluster, duplicates included
     * @param distinctSizes          distinct trials per cluster (exact and near duplicates counted once)
     * @param clusterSharpe          each cluster's inverse-variance series' Sharpe ratio, per observation
     * @param withinVariance         per cluster, the sample variance of its distinct trials' Sharpe ratios, per
     *                               observation (0 for a single distinct trial): the room for selection inside it
     * @param sharpeVariance         V, the sample variance of {@code clusterSharpe} (0 when K < 2), per observation
     * @param silhouette             mean silhouette of the chosen cut: 0 when all clusters are singletons, NaN when
     *                               there is a single cluster
     * @param significantCorrelation the least average correlation a merge needed to be taken
     * @param significantClusters    clusters after every merge above that correlation, before the silhouette choice
     */
    public record Result(
            int trials,
            int flatTrials,
            int distinctTrials,
            int clusters,
            int observations,
            int[] clusterOf,
            int[] clusterSizes,
            int[] distinctSizes,
            double[] clusterSharpe,
            double[] withinVariance,
            double sharpeVariance,
            double silhouette,
            double significantCorrelation,
            int significantClusters) {

        public Result {
            clusterOf = clusterOf.clone();
            clusterSizes = clusterSizes.clone();
            distinctSizes = distinctSizes.clone();
            clusterSharpe = clusterSharpe.clone();
            withinVariance = withinVariance.clone();
        }

        @Override
        public int[] distinctSizes() {
            return distinctSizes.clone();
        }

        @Override
        public double[] withinVariance() {
            return withinVariance.clone();
        }

        @Override
        public int[] clusterOf() {
            return clusterOf.clone();
        }

        @Override
        public int[] clusterSizes() {
            return clusterSizes.clone();
        }

        @Override
        public double[] clusterSharpe() {
            return clusterSharpe.clone();
        }
    }
}
