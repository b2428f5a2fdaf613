package io.seedgrid.seeds.ml;

import io.seedgrid.seeds.gene.GeneSpec;
import io.seedgrid.seeds.seed.BaseSeed;
import io.seedgrid.seeds.seed.DataRequirement;
import io.seedgrid.seeds.seed.SeedContext;
import io.seedgrid.seeds.seed.SeedType;
import io.seedgrid.seeds.seed.Signals;

/**
 * A linear support-vector classifier of the direction of the next {@code horizon} bars, refitted walk-forward.
 *
 * <p><b>Features</b> ({@link MlFeatures}): the last {@code lags} one-bar returns in units of 20-bar volatility, a
 * 20-bar trend z-score, the close's position in its 20-bar high-low range and the short/long volatility ratio; each
 * standardised on the training window ({@link Standardiser}). They are scale-free, so one genome means the same on
 * daily stocks and minute crypto, and few enough (at most 13) for a linear model to fit from a hundred examples.
 *
 * <p><b>Label</b>: up or down, the sign of {@code close[s + horizon] / close[s] - 1}. Bars whose forward return is
 * exactly 0 (a quarter of BTCUSD's one-minute returns) carry no direction and are left out of the fit.
 *
 * <p><b>Training</b> ({@link WalkForward}): every {@code retrainEvery} bars, an L2-regularised L2-loss linear SVC
 * with a regularised bias ({@link LinearSvm}: the problem of liblinear's {@code L2R_L2LOSS_SVC}, solved to its optimum
 * on primitive arrays; deterministic, no random draws) with {@code C = 10^logC} is fitted on the {@code trainWindow}
 * newest examples whose label is already known; it scores the following bars until the next fit, one dot product
 * per bar (the window's scaling folded into the weights). A linear SVM is the cheapest learner that can weigh
 * momentum against reversal per market, and refitting on a rolling window lets it follow regime changes.
 *
 * <p><b>Signal</b>: the soft sign {@code d / (1 + |d|)} of the decision value {@code d} for "up", in (-1, 1): its
 * sign is the predicted direction, its size the margin. A window with a single direction yields no model and 0.
 *
 * <p><b>Cost</b>: one fit per {@code retrainEvery} bars, on primitive arrays: the features are shared per context and
 * lag count ({@link MlFeatures}), the first Newton step's Hessian comes from the context's {@link CrossSums}, and a
 * prediction is one dot product. {@code seedgrid bench} times genomes drawn from the gene ranges on 9,603 minute bars
 * at a few milliseconds each (a few hundred ns per bar of CPU time; Tribuo took 40 to 130 ms); default genes refit
 * 380 times and cost a few times that. Signals are memoised per context and genome.
 */
final class LinearSvcClassifierSeed extends BaseSeed {
    static final String NAME = "LinearSVCClassifierSeed";

    LinearSvcClassifierSeed() {
        super(
                NAME,
                SeedType.ML_CLASSIFIER,
                DataRequirement.MACHINE_LEARNING,
                "walk-forward linear SVM on volatility-scaled lagged returns, trend, range position and volatility "
                        + "regime; soft-signed decision value for an up move over the horizon",
                GeneSpec.integer("trainWindow", 60, 500, 120),
                GeneSpec.integer("retrainEvery", 20, 250, 25),
                GeneSpec.integer("lags", 1, MlFeatures.MAX_LAGS, 5),
                GeneSpec.integer("horizon", 1, 20, 3),
                GeneSpec.real("logC", -3, 1, -1));
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
        double logC = genes[4];
        String key = NAME + ":" + trainWindow + ":" + retrainEvery + ":" + lags + ":" + horizon + ":" + logC;
        return ctx.memo(key, () -> compute(ctx, trainWindow, retrainEvery, lags, horizon, Math.pow(10, logC)))
                .clone();
    }

    private static double[] compute(
            SeedContext ctx, int trainWindow, int retrainEvery, int lags, int horizon, double cost) {
        double[] x = MlFeatures.matrix(ctx, lags);
        int n = ctx.size();
        int d = MlFeatures.dimension(lags);
        double[] close = ctx.bars().closes();
        double[] columns = new double[trainWindow * d];
        double[] y = new double[trainWindow];
        int[] kept = new int[trainWindow];
        int[] dropped = new int[trainWindow];
        return WalkForward.run(ctx, horizon, trainWindow, retrainEvery, (first, last) -> {
            int m = 0;
            int zeros = 0;
            int ups = 0;
            for (int s = first; s <= last; s++) {
                double forward = close[s + horizon] / close[s] - 1;
                if (forward != 0) {
                    kept[m] = s - first;
                    y[m++] = forward > 0 ? 1 : -1;
                    ups += forward > 0 ? 1 : 0;
                } else {
                    dropped[zeros++] = s - first;
                }
            }
            if (ups == 0 || ups == m) {
                return null;
            }
            Standardiser scale = Standardiser.fit(x, n, d, first, last);
            scale.rows(x, n, first, kept, m, columns);
            double[] w = LinearSvm.fit(
                    columns, y, m, d, cost, keptGram(ctx, lags, first, last, scale, columns, m, dropped, zeros));
            double[] raw = new double[d];
            double intercept = scale.fold(w, 0, w[d], raw, 0);
            return t -> {
                double decision = intercept;
                for (int j = 0; j < d; j++) {
                    decision += raw[j] * x[j * n + t];
                }
                return Signals.squash(decision);
            };
        });
    }

    /**
     * {@code sum (z, 1)(z, 1)^T} over the kept (standardised) rows, lower triangle, for the solver's first step: the
     * whole window's from the context's {@link CrossSums} less the few rows left out for a zero forward return; null
     * where the table would lose precision (the solver then sums the rows itself).
     */
    private static double[] keptGram(
            SeedContext ctx,
            int lags,
            int first,
            int last,
            Standardiser scale,
            double[] columns,
            int m,
            int[] dropped,
            int zeros) {
        double[][] centred = CrossSums.centred(ctx, lags, first, last, scale);
        if (centred == null) {
            return null;
        }
        int d = centred.length;
        int n = d + 1;
        double[] gram = new double[n * n];
        for (int a = 0; a < d; a++) {
            for (int b = 0; b <= a; b++) {
                gram[a * n + b] = centred[a][b] * scale.inverseScale(a) * scale.inverseScale(b);
            }
            gram[d * n + a] = Columns.sum(columns, a * m, m);
        }
        gram[d * n + d] = m;
        if (zeros > 0) {
            double[] z = new double[zeros * d];
            scale.rows(MlFeatures.matrix(ctx, lags), ctx.size(), first, dropped, zeros, z);
            for (int a = 0; a < d; a++) {
                for (int b = 0; b <= a; b++) {
                    gram[a * n + b] -= Columns.dot(z, a * zeros, z, b * zeros, zeros);
                }
            }
        }
        return gram;
    }
}
