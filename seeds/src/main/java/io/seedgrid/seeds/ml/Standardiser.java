package io.seedgrid.seeds.ml;

/**
 * Per-feature centring and scaling fitted on the rows of one training window only, then applied unchanged to the
 * rows the model predicts: a later bar never moves the statistics of an earlier fit. A constant feature maps to 0.
 * Matrices are column-major as in {@link MlFeatures#matrix}: feature {@code j} of row {@code t} is
 * {@code x[j * n + t]}.
 */
final class Standardiser {
    private final int dimension;
    private final double[] mean;
    private final double[] inverseScale;

    private Standardiser(int dimension, double[] mean, double[] inverseScale) {
        this.dimension = dimension;
        this.mean = mean;
        this.inverseScale = inverseScale;
    }

    /** Fitted on rows {@code from..to} (inclusive) of {@code x}: {@code n} rows, {@code dimension} columns. */
    static Standardiser fit(double[] x, int n, int dimension, int from, int to) {
        int count = to - from + 1;
        double[] mean = new double[dimension];
        double[] inverseScale = new double[dimension];
        for (int j = 0; j < dimension; j++) {
            int column = j * n + from;
            double mu = Columns.sum(x, column, count) / count;
            double squares = Columns.squaredDeviations(x, column, count, mu);
            double sd = count > 1 ? Math.sqrt(squares / (count - 1)) : 0;
            mean[j] = mu;
            inverseScale[j] = sd > 1e-12 ? 1 / sd : 0;
        }
        return new Standardiser(dimension, mean, inverseScale);
    }

    /** The mean of feature {@code j} over the fitted rows. */
    double mean(int j) {
        return mean[j];
    }

    /** The factor that scales feature {@code j} to unit variance: 1 / sd, or 0 for a constant feature. */
    double inverseScale(int j) {
        return inverseScale[j];
    }

    /**
     * Writes rows {@code from .. from + count - 1} of {@code x} ({@code n} rows), standardised, to {@code out} as a
     * column-major {@code count x dimension} matrix: feature {@code j} of the {@code i}-th row at
     * {@code out[j * count + i]}.
     */
    void window(double[] x, int n, int from, int count, double[] out) {
        for (int j = 0; j < dimension; j++) {
            int in = j * n + from;
            int to = j * count;
            double mu = mean[j];
            double scale = inverseScale[j];
            for (int i = 0; i < count; i++) {
                out[to + i] = (x[in + i] - mu) * scale;
            }
        }
    }

    /**
     * As {@link #window}, for the {@code count} rows {@code from + offsets[i]} only: feature {@code j} of the
     * {@code i}-th of them at {@code out[j * count + i]}.
     */
    void rows(double[] x, int n, int from, int[] offsets, int count, double[] out) {
        for (int j = 0; j < dimension; j++) {
            int in = j * n + from;
            int to = j * count;
            double mu = mean[j];
            double scale = inverseScale[j];
            for (int i = 0; i < count; i++) {
                out[to + i] = (x[in + offsets[i]] - mu) * scale;
            }
        }
    }

    /**
     * Folds this scaling into a linear function of standardised features, {@code weights . z + intercept}: writes
     * the weights on the raw features to {@code out[outOffset ..]} and returns the intercept, so that predicting a
     * raw row is a single dot product.
     */
    double fold(double[] weights, int weightsOffset, double intercept, double[] out, int outOffset) {
        double shift = intercept;
        for (int j = 0; j < dimension; j++) {
            double raw = weights[weightsOffset + j] * inverseScale[j];
            out[outOffset + j] = raw;
            shift -= raw * mean[j];
        }
        return shift;
    }
}
