package io.seedgrid.seeds.ml;

/** Arithmetic on the contiguous runs of the column-major matrices the ML seeds train on. */
final class Columns {
    private Columns() {}

    /**
     * {@code sum_i a[aFrom + i] b[bFrom + i]} over {@code count} terms, in four interleaved partial sums: the
     * additions overlap instead of waiting on each other (a fixed order, so results are reproducible).
     */
    static double dot(double[] a, int aFrom, double[] b, int bFrom, int count) {
        double s0 = 0;
        double s1 = 0;
        double s2 = 0;
        double s3 = 0;
        int i = 0;
        for (; i + 3 < count; i += 4) {
            s0 += a[aFrom + i] * b[bFrom + i];
            s1 += a[aFrom + i + 1] * b[bFrom + i + 1];
            s2 += a[aFrom + i + 2] * b[bFrom + i + 2];
            s3 += a[aFrom + i + 3] * b[bFrom + i + 3];
        }
        for (; i < count; i++) {
            s0 += a[aFrom + i] * b[bFrom + i];
        }
        return (s0 + s1) + (s2 + s3);
    }

    /** {@code sum_i a[from + i]} over {@code count} terms, in four interleaved partial sums. */
    static double sum(double[] a, int from, int count) {
        double s0 = 0;
        double s1 = 0;
        double s2 = 0;
        double s3 = 0;
        int i = 0;
        for (; i + 3 < count; i += 4) {
            s0 += a[from + i];
            s1 += a[from + i + 1];
            s2 += a[from + i + 2];
            s3 += a[from + i + 3];
        }
        for (; i < count; i++) {
            s0 += a[from + i];
        }
        return (s0 + s1) + (s2 + s3);
    }

    /** {@code sum_i (a[from + i] - mean)^2} over {@code count} terms, in four interleaved partial sums. */
    static double squaredDeviations(double[] a, int from, int count, double mean) {
        double s0 = 0;
        double s1 = 0;
        double s2 = 0;
        double s3 = 0;
        int i = 0;
        for (; i + 3 < count; i += 4) {
            double d0 = a[from + i] - mean;
            double d1 = a[from + i + 1] - mean;
            double d2 = a[from + i + 2] - mean;
            double d3 = a[from + i + 3] - mean;
            s0 += d0 * d0;
            s1 += d1 * d1;
            s2 += d2 * d2;
            s3 += d3 * d3;
        }
        for (; i < count; i++) {
            double d = a[from + i] - mean;
            s0 += d * d;
        }
        return (s0 + s1) + (s2 + s3);
    }
}
