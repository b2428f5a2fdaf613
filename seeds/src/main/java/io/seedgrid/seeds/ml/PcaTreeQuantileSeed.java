package io.seedgrid.seeds.ml;

import io.seedgrid.seeds.gene.GeneSpec;
import io.seedgrid.seeds.seed.BaseSeed;
import io.seedgrid.seeds.seed.DataRequirement;
import io.seedgrid.seeds.seed.SeedContext;
import io.seedgrid.seeds.seed.SeedType;
import java.util.Arrays;

/**
 * A classification tree on principal components that predicts which quantile bucket the forward return will fall in,
 * refitted walk-forward.
 *
 * <p><b>Features</b>: the {@link MlFeatures} row (volatility-scaled lagged returns, trend z-score, range position,
 * volatility regime), standardised on the training window, then projected on the window's leading {@code components}
 * principal axes ({@link Pca}, fitted on the training rows only). The lagged returns are strongly correlated with the
 * trend and range features; PCA folds them into a few decorrelated directions, which lets an axis-aligned tree split
 * on "overall recent move" or "move against trend" instead of on one noisy lag.
 *
 * <p><b>Label</b>: the bucket of {@code close[s + horizon] / close[s] - 1} among the window's own {@code quantiles}
 * quantiles (edges midway between neighbouring order statistics, so classes are balanced in every regime). A return
 * equal to one or more edges, as happens when many forward returns are exactly 0 on minute bars, takes the mid-point
 * of the buckets it borders (its own class), so ties pull neither up nor down.
 *
 * <p><b>Training</b> ({@link WalkForward}): every {@code retrainEvery} bars, a CART classifier ({@link Cart}, on
 * primitive arrays with the rules of Tribuo's CART that this seed used before: Gini, {@code maxDepth} levels of
 * splits, nodes of fewer than 5 examples not split further, all features at every split; deterministic) is fitted on
 * the {@code trainWindow} newest examples whose label is already known, and predicts the following bars until the
 * next fit.
 *
 * <p><b>Signal</b>: the expected bucket under the leaf's class frequencies, mapped linearly from buckets
 * {@code 0..quantiles-1} to [-1, 1] ({@code (E[bucket] - middle) / middle}): +1 only when the leaf has seen nothing
 * but top-bucket outcomes. A quantile target is robust to the fat tails that wreck a regression on raw returns.
 *
 * <p><b>Cost</b>: a fit sorts each component once ({@link Ranking}) and grows the tree on arrays; the PCA covariance
 * comes from the context's {@link CrossSums}, and a predicted bar is projected only on the components its path in
 * the tree tests. Windows stop at 300 bars, depth at 5 and fits come at most every 25 bars: {@code seedgrid bench}
 * times genomes drawn from the gene ranges on 9,603 minute bars at a few milliseconds each (a few hundred ns per
 * bar of CPU time; Tribuo took 40 to 130 ms); default genes refit 380 times and cost a few times that. Signals are
 * memoised per context and genome.
 */
final class PcaTreeQuantileSeed extends BaseSeed {
    static final String NAME = "PCATreeQuantileSeed";
    /** Nodes with fewer training rows are not split (Tribuo's minimum child weight, 5, before). */
    static final int MIN_SPLIT_SIZE = 5;

    PcaTreeQuantileSeed() {
        super(
                NAME,
                SeedType.ML_CLASSIFIER,
                DataRequirement.MACHINE_LEARNING,
                "walk-forward CART on the principal components of volatility-scaled features, predicting the forward "
                        + "return's quantile bucket; expected bucket scaled to [-1, 1]",
                GeneSpec.integer("trainWindow", 60, 300, 120),
                GeneSpec.integer("retrainEvery", 25, 250, 25),
                GeneSpec.integer("lags", 1, MlFeatures.MAX_LAGS, 5),
                GeneSpec.integer("horizon", 1, 20, 3),
                GeneSpec.integer("components", 1, 6, 3),
                GeneSpec.integer("quantiles", 3, 7, 5),
                GeneSpec.integer("maxDepth", 1, 5, 3));
    }

    @Override
    public int warmup(double[] genes) {
        return WalkForward.warmup(intGene(genes, 3), intGene(genes, 0));
    }

    @Override
    public double[] signals(SeedContext ctx, double[] genes) {
        int trainWindow = intGene(genes, 0);
        int retrainEvery = intGene(genes, 1);
        int lags = intGene(genes, 2);
        int horizon = intGene(genes, 3);
        // More components than features cannot exist: 1 lag gives 4 features.
        int components = Math.min(intGene(genes, 4), MlFeatures.dimension(lags));
        int quantiles = intGene(genes, 5);
        int maxDepth = intGene(genes, 6);
        String key = NAME + ":" + trainWindow + ":" + retrainEvery + ":" + lags + ":" + horizon + ":" + components + ":"
                + quantiles + ":" + maxDepth;
        return ctx.memo(
                        key,
                        () -> compute(ctx, trainWindow, retrainEvery, lags, horizon, components, quantiles, maxDepth))
                .clone();
    }

    private static double[] compute(
            SeedContext ctx,
            int trainWindow,
            int retrainEvery,
            int lags,
            int horizon,
            int components,
            int quantiles,
            int maxDepth) {
        double[] x = MlFeatures.matrix(ctx, lags);
        int n = ctx.size();
        int d = MlFeatures.dimension(lags);
        double[] close = ctx.bars().closes();
        double middle = (quantiles - 1) / 2.0;
        int classCount = 2 * quantiles - 1; // class k is the bucket position k / 2: tie mid-points at odd k
        int m = trainWindow;
        double[] window = new double[m * d];
        double[] projected = new double[m * components];
        double[] forward = new double[m];
        int[] classes = new int[m];
        return WalkForward.run(ctx, horizon, trainWindow, retrainEvery, (first, last) -> {
            boolean varied = false;
            for (int i = 0; i < m; i++) {
                forward[i] = close[first + i + horizon] / close[first + i] - 1;
            }
            double[] edges = quantileEdges(forward, quantiles);
            for (int i = 0; i < m; i++) {
                classes[i] = bucketClass(forward[i], edges);
                varied |= classes[i] != classes[0];
            }
            if (!varied) {
                return null; // every forward return alike: nothing to learn
            }
            Standardiser scale = Standardiser.fit(x, n, d, first, last);
            Pca pca = principalAxes(ctx, lags, first, last, scale, x, window, components);
            // The axes folded with the scaling: a raw feature row projects with one dot product per component.
            double[] axes = new double[components * d];
            double[] offsets = new double[components];
            for (int c = 0; c < components; c++) {
                offsets[c] = scale.fold(pca.axis(c), 0, 0, axes, c * d);
            }
            // Column by column (vectorisable), adding the terms in the order coordinate() adds them for predicted
            // bars, so a bar equal to a training row gets its very coordinates.
            for (int c = 0; c < components; c++) {
                int out = c * m;
                Arrays.fill(projected, out, out + m, offsets[c]);
                for (int j = 0; j < d; j++) {
                    double a = axes[c * d + j];
                    int in = j * n + first;
                    for (int i = 0; i < m; i++) {
                        projected[out + i] += a * x[in + i];
                    }
                }
            }
            Cart tree = Cart.fit(projected, m, components, classes, classCount, maxDepth, MIN_SPLIT_SIZE);
            double[] leafSignal = new double[tree.nodes()];
            for (int node = 0; node < tree.nodes(); node++) {
                int[] counts = tree.counts(node);
                double expected = 0;
                int total = 0;
                for (int k = 0; k < classCount; k++) {
                    expected += counts[k] * (k / 2.0);
                    total += counts[k];
                }
                leafSignal[node] = (expected / total - middle) / middle;
            }
            // Bar t is projected only on the components that the splits on its path ask for.
            return t -> leafSignal[tree.leaf(c -> coordinate(axes, offsets, c, x, n, t))];
        });
    }

    /**
     * The principal axes of the standardised rows {@code first..last}: their covariance (the correlation matrix of
     * the raw rows) from the context's {@link CrossSums}, or from the rows themselves where those would lose
     * precision.
     */
    private static Pca principalAxes(
            SeedContext ctx,
            int lags,
            int first,
            int last,
            Standardiser scale,
            double[] x,
            double[] window,
            int components) {
        int n = ctx.size();
        int d = MlFeatures.dimension(lags);
        int m = last - first + 1;
        double[][] cov = CrossSums.centred(ctx, lags, first, last, scale);
        if (cov == null) {
            scale.window(x, n, first, m, window);
            return Pca.fit(window, m, d, components);
        }
        for (int a = 0; a < d; a++) {
            for (int b = 0; b < d; b++) {
                cov[a][b] *= scale.inverseScale(a) * scale.inverseScale(b) / (m - 1);
            }
        }
        return Pca.fromCovariance(cov, components);
    }

    /** Principal coordinate {@code c} of raw row {@code t} of {@code x} ({@code n} rows). */
    private static double coordinate(double[] axes, double[] offsets, int c, double[] x, int n, int t) {
        int d = axes.length / offsets.length;
        int axis = c * d;
        double sum = offsets[c];
        for (int j = 0; j < d; j++) {
            sum += axes[axis + j] * x[j * n + t];
        }
        return sum;
    }

    /**
     * The {@code quantiles - 1} inner edges of {@code values}: edge {@code k} lies midway between the order statistics
     * at ranks {@code floor(k m / quantiles) - 1} and {@code floor(k m / quantiles)}, so about {@code k m / quantiles}
     * values lie below it and an edge coincides with a value only where values tie.
     */
    static double[] quantileEdges(double[] values, int quantiles) {
        int m = values.length;
        double[] sorted = Ranking.sorted(values, m);
        double[] edges = new double[quantiles - 1];
        for (int k = 1; k < quantiles; k++) {
            int rank = Math.max(1, Math.min(m - 1, (int) ((long) k * m / quantiles)));
            edges[k - 1] = (sorted[rank - 1] + sorted[rank]) / 2;
        }
        return edges;
    }

    /**
     * Twice the bucket position of {@code value}: {@code (#edges < value) + (#edges <= value)}. A value strictly
     * between edges gets {@code 2 * bucket}; one equal to edges gets the mid-point of the buckets around them.
     */
    static int bucketClass(double value, double[] edges) {
        int below = 0;
        int atOrBelow = 0;
        for (double edge : edges) {
            if (edge < value) {
                below++;
            }
            if (edge <= value) {
                atOrBelow++;
            }
        }
        return below + atOrBelow;
    }
}
