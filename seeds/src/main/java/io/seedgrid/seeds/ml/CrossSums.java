package io.seedgrid.seeds.ml;

import io.seedgrid.seeds.seed.SeedContext;

/**
 * Prefix sums, over the bars of a context, of every feature and of every product of two features (all
 * {@code MAX_LAGS + 3} columns, so one table serves every lag count), from which the centred cross-products of a
 * window of rows come in {@code O(d^2)} instead of {@code O(m d^2)}. Prefix sum {@code k} covers rows {@code < k}
 * only, so a window ending at bar {@code t} reads nothing after {@code t}, and a context cut after {@code t} holds the
 * same sums up to it.
 *
 * <p>A window's sum is the difference of two prefix sums that grow with the bar index, so it loses digits to
 * cancellation; {@link #centred} measures the loss on each feature's variance against the window's exact two-pass
 * variance and answers null when it exceeds {@link #TOLERANCE}, so the caller computes that window directly (on
 * BTCUSD and AAPL no window of the gene ranges needs to).
 *
 * <p>Size: 104 doubles per bar (832 bytes; 8 MB for 9,603 bars), once per context, about what the feature matrices
 * of all ten lag counts take together.
 */
final class CrossSums {
    /** Largest relative error of a window's variances the table may make before the window is computed directly. */
    static final double TOLERANCE = 1e-9;

    private static final int FULL = MlFeatures.dimension(MlFeatures.MAX_LAGS);
    private static final int STRIDE = FULL + FULL * (FULL + 1) / 2; // sums, then the lower triangle of products

    private CrossSums() {}

    /**
     * The centred cross-products {@code sum_s (x_a(s) - mean_a)(x_b(s) - mean_b)} over rows {@code first..last} of
     * {@code MlFeatures.matrix(ctx, lags)}, with the means of {@code scale} (fitted on the same rows), as a full
     * symmetric {@code d x d} matrix; null where cancellation would cost more than {@link #TOLERANCE} of a feature's
     * variance. Features that {@code scale} maps to 0 are not checked: their rows and columns get multiplied by 0.
     */
    static double[][] centred(SeedContext ctx, int lags, int first, int last, Standardiser scale) {
        double[] table = ctx.derived("ml:cross", () -> table(ctx));
        int d = MlFeatures.dimension(lags);
        int count = last - first + 1;
        int low = first * STRIDE;
        int high = (last + 1) * STRIDE;
        int[] column = new int[d];
        double[] linear = new double[d];
        for (int j = 0; j < d; j++) {
            column[j] = j < lags ? j : MlFeatures.MAX_LAGS + j - lags;
            linear[j] = table[high + column[j]] - table[low + column[j]];
        }
        double[][] centred = new double[d][d];
        for (int a = 0; a < d; a++) {
            double meanA = scale.mean(a);
            for (int b = 0; b <= a; b++) {
                int ca = Math.max(column[a], column[b]);
                int cb = Math.min(column[a], column[b]);
                int product = FULL + ca * (ca + 1) / 2 + cb;
                double meanB = scale.mean(b);
                double sum = table[high + product] - table[low + product];
                double c = sum - meanA * linear[b] - meanB * linear[a] + count * meanA * meanB;
                centred[a][b] = c;
                centred[b][a] = c;
            }
            double inverse = scale.inverseScale(a);
            if (inverse > 0) {
                double exact = (count - 1) / (inverse * inverse);
                if (!(Math.abs(centred[a][a] - exact) <= TOLERANCE * exact)) {
                    return null;
                }
            }
        }
        return centred;
    }

    /** Row {@code k} (of {@code n + 1}): the sums over feature rows {@code FIRST_BAR .. k - 1}. */
    private static double[] table(SeedContext ctx) {
        double[] x = MlFeatures.matrix(ctx, MlFeatures.MAX_LAGS);
        int n = ctx.size();
        double[] table = new double[(n + 1) * STRIDE];
        double[] row = new double[FULL];
        for (int k = MlFeatures.FIRST_BAR; k < n; k++) {
            for (int j = 0; j < FULL; j++) {
                row[j] = x[j * n + k];
            }
            int from = k * STRIDE;
            int to = from + STRIDE;
            for (int j = 0; j < FULL; j++) {
                table[to + j] = table[from + j] + row[j];
            }
            int product = FULL;
            for (int a = 0; a < FULL; a++) {
                for (int b = 0; b <= a; b++) {
                    table[to + product] = table[from + product] + row[a] * row[b];
                    product++;
                }
            }
        }
        return table;
    }
}
