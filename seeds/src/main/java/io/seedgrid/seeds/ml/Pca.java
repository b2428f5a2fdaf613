package io.seedgrid.seeds.ml;

import java.util.Arrays;

/**
 * Principal component analysis of a small feature matrix: the covariance of the (already centred) rows and its
 * eigen-decomposition by cyclic Jacobi rotations, which is exact to rounding for the symmetric matrices of at most a
 * dozen features used here and has no iteration-count surprises. Components are ordered by decreasing variance; each
 * eigenvector's sign is fixed so that its largest-magnitude entry is positive, so a fit is reproducible bit for bit.
 */
final class Pca {
    /** Relative size below which an off-diagonal entry counts as zero: the double precision unit roundoff. */
    private static final double EPSILON = 0x1p-52;
    /** QR steps allowed per dimension (about two are typical): a bound, never reached in practice. */
    private static final int MAX_QR_STEPS = 30;

    private final double[][] basis; // components x dimension, orthonormal rows
    private final double[] variances;

    private Pca(double[][] basis, double[] variances) {
        this.basis = basis;
        this.variances = variances;
    }

    /**
     * The leading {@code components} principal axes of {@code rows} (each of the same length, assumed centred: the
     * covariance is {@code sum x x^T / (m - 1)}).
     */
    static Pca fit(double[][] rows, int components) {
        int m = rows.length;
        int d = rows[0].length;
        double[] columns = new double[m * d];
        for (int s = 0; s < m; s++) {
            for (int j = 0; j < d; j++) {
                columns[j * m + s] = rows[s][j];
            }
        }
        return fit(columns, m, d, components);
    }

    /**
     * As {@link #fit(double[][], int)}, on the {@code m} rows of the column-major {@code columns} ({@code d}
     * features; feature {@code j} of row {@code s} at {@code columns[j * m + s]}).
     */
    static Pca fit(double[] columns, int m, int d, int components) {
        if (components < 1 || components > d) {
            throw new IllegalArgumentException("components must lie in [1, " + d + "] but was " + components);
        }
        double[][] cov = new double[d][d];
        for (int i = 0; i < d; i++) {
            for (int j = i; j < d; j++) {
                cov[i][j] = Columns.dot(columns, i * m, columns, j * m, m);
            }
        }
        double norm = m > 1 ? 1.0 / (m - 1) : 1.0;
        for (int i = 0; i < d; i++) {
            for (int j = i; j < d; j++) {
                cov[i][j] *= norm;
                cov[j][i] = cov[i][j];
            }
        }
        return fromCovariance(cov, components);
    }

    /** The leading {@code components} principal axes of the symmetric covariance matrix {@code cov}. */
    static Pca fromCovariance(double[][] cov, int components) {
        int d = cov.length;
        if (components < 1 || components > d) {
            throw new IllegalArgumentException("components must lie in [1, " + d + "] but was " + components);
        }
        double[][] vectors = new double[d][d];
        double[] values = symmetricEigen(cov, vectors);

        Integer[] order = new Integer[d];
        for (int i = 0; i < d; i++) {
            order[i] = i;
        }
        // Decreasing eigenvalue; ties keep column order (a stable sort), so the choice is deterministic.
        Arrays.sort(order, (a, b) -> Double.compare(values[b], values[a]));
        double[][] basis = new double[components][d];
        double[] variances = new double[components];
        for (int c = 0; c < components; c++) {
            int col = order[c];
            int largest = 0;
            for (int i = 1; i < d; i++) {
                if (Math.abs(vectors[i][col]) > Math.abs(vectors[largest][col])) {
                    largest = i;
                }
            }
            double sign = vectors[largest][col] < 0 ? -1 : 1;
            for (int i = 0; i < d; i++) {
                basis[c][i] = sign * vectors[i][col];
            }
            variances[c] = Math.max(0, values[col]);
        }
        return new Pca(basis, variances);
    }

    /** The coordinates of {@code x} on the principal axes. */
    double[] project(double[] x) {
        double[] z = new double[basis.length];
        for (int c = 0; c < basis.length; c++) {
            double sum = 0;
            double[] axis = basis[c];
            for (int i = 0; i < axis.length; i++) {
                sum += axis[i] * x[i];
            }
            z[c] = sum;
        }
        return z;
    }

    /** Axis {@code c} (unit length), a copy. */
    double[] axis(int c) {
        return basis[c].clone();
    }

    /** Variance along axis {@code c} (its eigenvalue). */
    double variance(int c) {
        return variances[c];
    }

    int components() {
        return basis.length;
    }

    /**
     * Eigenvalues of the symmetric matrix {@code a} (left unchanged); the eigenvectors land in the columns of
     * {@code vectors} ({@code d x d}, overwritten). Householder reflections reduce {@code a} to tridiagonal form,
     * then implicit QR steps with Wilkinson shifts diagonalise it (Golub and Van Loan, Matrix Computations, 8.3),
     * every transformation accumulated into the eigenvectors: about {@code 10 d^3} operations where cyclic Jacobi
     * takes several times that. Works on flat arrays, the eigenvectors stored transposed so that each rotation and
     * reflection runs along contiguous rows.
     */
    static double[] symmetricEigen(double[][] a, double[][] vectors) {
        int d = a.length;
        double[] t = new double[d * d];
        double[] qt = new double[d * d]; // row k = eigenvector k
        for (int i = 0; i < d; i++) {
            System.arraycopy(a[i], 0, t, i * d, d);
            qt[i * d + i] = 1;
        }
        tridiagonalise(t, qt, d);
        int steps = 0;
        int end = d - 1; // t[0..end] still has off-diagonal entries to remove
        while (end > 0 && steps < MAX_QR_STEPS * d) {
            // Deflate: drop negligible off-diagonals, then find the unreduced block [start, end].
            for (int i = 0; i < end; i++) {
                int below = (i + 1) * d + i;
                if (Math.abs(t[below]) <= EPSILON * (Math.abs(t[i * d + i]) + Math.abs(t[below + 1]))) {
                    t[below] = 0;
                    t[i * d + i + 1] = 0;
                }
            }
            while (end > 0 && t[end * d + end - 1] == 0) {
                end--;
            }
            if (end == 0) {
                break;
            }
            int start = end - 1;
            while (start > 0 && t[start * d + start - 1] != 0) {
                start--;
            }
            qrStep(t, qt, d, start, end);
            steps++;
        }
        double[] values = new double[d];
        for (int i = 0; i < d; i++) {
            values[i] = t[i * d + i];
            for (int k = 0; k < d; k++) {
                vectors[i][k] = qt[k * d + i];
            }
        }
        return values;
    }

    /**
     * {@code t := H^T t H} for Householder reflections H making {@code t} tridiagonal; {@code q := q H}, held
     * transposed in {@code qt}.
     */
    private static void tridiagonalise(double[] t, double[] qt, int d) {
        double[] v = new double[d];
        double[] p = new double[d];
        double[] sums = new double[d];
        for (int k = 0; k < d - 2; k++) {
            // Plain square roots, not Math.hypot (several times slower): covariance entries are nowhere near the
            // range where squaring overflows.
            double squares = 0;
            for (int i = k + 1; i < d; i++) {
                squares += t[i * d + k] * t[i * d + k];
            }
            double norm = Math.sqrt(squares);
            if (norm == 0) {
                continue; // column already reduced
            }
            double alpha = t[(k + 1) * d + k] > 0 ? -norm : norm;
            // v = x - alpha e1 over rows k+1..d-1; H = I - beta v v^T maps x to alpha e1.
            double vv = 0;
            for (int i = k + 1; i < d; i++) {
                v[i] = t[i * d + k] - (i == k + 1 ? alpha : 0);
                vv += v[i] * v[i];
            }
            double beta = 2 / vv;
            // The trailing block B := H B H = B - v w^T - w v^T with p = beta B v, w = p - (beta p.v / 2) v.
            double pv = 0;
            for (int i = k + 1; i < d; i++) {
                double sum = 0;
                for (int j = k + 1; j < d; j++) {
                    sum += t[i * d + j] * v[j];
                }
                p[i] = beta * sum;
                pv += p[i] * v[i];
            }
            double half = beta * pv / 2;
            for (int i = k + 1; i < d; i++) {
                p[i] -= half * v[i];
            }
            for (int i = k + 1; i < d; i++) {
                for (int j = k + 1; j < d; j++) {
                    t[i * d + j] -= v[i] * p[j] + p[i] * v[j];
                }
            }
            t[(k + 1) * d + k] = alpha;
            t[k * d + k + 1] = alpha;
            for (int i = k + 2; i < d; i++) {
                t[i * d + k] = 0;
                t[k * d + i] = 0;
            }
            // q H: every row of q loses beta (row . v) v^T, i.e. row j of qt loses beta v_j (v^T qt).
            Arrays.fill(sums, 0);
            for (int j = k + 1; j < d; j++) {
                double vj = v[j];
                for (int l = 0; l < d; l++) {
                    sums[l] += vj * qt[j * d + l];
                }
            }
            for (int j = k + 1; j < d; j++) {
                double scale = beta * v[j];
                for (int l = 0; l < d; l++) {
                    qt[j * d + l] -= scale * sums[l];
                }
            }
        }
    }

    /**
     * One implicit symmetric QR step with a Wilkinson shift on the unreduced tridiagonal block {@code [start, end]}
     * of {@code t}: a rotation seeded by the shifted first column, then rotations chasing the bulge down the band.
     */
    private static void qrStep(double[] t, double[] qt, int d, int start, int end) {
        double half = (t[(end - 1) * d + end - 1] - t[end * d + end]) / 2;
        double b = t[end * d + end - 1];
        double shift = t[end * d + end] - b * b / (half + (half >= 0 ? 1 : -1) * Math.sqrt(half * half + b * b));
        double x = t[start * d + start] - shift;
        double z = t[(start + 1) * d + start];
        for (int k = start; k < end; k++) {
            double r = Math.sqrt(x * x + z * z);
            if (r > 0) { // r = 0 only if both underflowed: nothing to rotate
                rotate(t, qt, d, k, x / r, -z / r, start, end);
            }
            if (k < end - 1) {
                x = t[(k + 1) * d + k];
                z = t[(k + 2) * d + k];
            }
        }
    }

    /**
     * {@code t := G^T t G} and {@code q := q G} for the rotation G = [[c, s], [-s, c]] in the plane (k, k + 1):
     * only entries within the band of {@code [start, end]} can be non-zero, so only those are touched; in
     * {@code qt} the rotation combines rows k and k + 1.
     */
    private static void rotate(double[] t, double[] qt, int d, int k, double c, double s, int start, int end) {
        int from = Math.max(start, k - 1);
        int to = Math.min(end, k + 2);
        int rowK = k * d;
        int rowNext = rowK + d;
        for (int l = from; l <= to; l++) {
            double x = t[rowK + l];
            double y = t[rowNext + l];
            t[rowK + l] = c * x - s * y;
            t[rowNext + l] = s * x + c * y;
        }
        for (int l = from; l <= to; l++) {
            double x = t[l * d + k];
            double y = t[l * d + k + 1];
            t[l * d + k] = c * x - s * y;
            t[l * d + k + 1] = s * x + c * y;
        }
        for (int l = 0; l < d; l++) {
            double x = qt[rowK + l];
            double y = qt[rowNext + l];
            qt[rowK + l] = c * x - s * y;
            qt[rowNext + l] = s * x + c * y;
        }
    }
}
