package io.seedgrid.seeds.ml;

/**
 * Per-feature centring and scaling fitted on the rows of one training window only, then applied unchanged to the
 * rows the model predicts: a later bar never moves the statistics of an earlier fit. A constant feature maps to 0.
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

    /** Fitted on rows {@code from..to} (inclusive) of the row-major matrix {@code x} with {@code dimension} columns. */
    static Standardiser fit(double[] x, int dimension, int from, int to) {
        int count = to - from + 1;
        double[] mean = new double[dimension];
        double[] inverseScale = new double[dimension];
        for (int s = from; s <= to; s++) {
            for (int j = 0; j < dimension; j++) {
                mean[j] += x[s * dimension + j];
            }
        }
        for (int j = 0; j < dimension; j++) {
            mean[j] /= count;
        }
        double[] squares = new double[dimension];
        for (int s = from; s <= to; s++) {
            for (int j = 0; j < dimension; j++) {
                double dev = x[s * dimension + j] - mean[j];
                squares[j] += dev * dev;
            }
        }
        for (int j = 0; j < dimension; j++) {
            double sd = count > 1 ? Math.sqrt(squares[j] / (count - 1)) : 0;
            inverseScale[j] = sd > 1e-12 ? 1 / sd : 0;
        }
        return new Standardiser(dimension, mean, inverseScale);
    }

    /** Row {@code t} of {@code x}, standardised, as a new array. */
    double[] row(double[] x, int t) {
        double[] z = new double[dimension];
        for (int j = 0; j < dimension; j++) {
            z[j] = (x[t * dimension + j] - mean[j]) * inverseScale[j];
        }
        return z;
    }
}
