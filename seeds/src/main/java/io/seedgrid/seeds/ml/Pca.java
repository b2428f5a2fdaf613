package io.seedgrid.seeds.ml;

/**
 * Principal component analysis of a small feature matrix: the covariance of the (already centred) rows and its
 * eigen-decomposition by cyclic Jacobi rotations, which is exact to rounding for the symmetric matrices of at most a
 * dozen features used here and has no iteration-count surprises. Components are ordered by decreasing variance; each
 * eigenvector's sign is fixed so that its largest-magnitude entry is positive, so a fit is reproducible bit for bit.
 */
final class Pca {
    private static final int MAX_SWEEPS = 100;

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
        if (components < 1 || components > d) {
            throw new IllegalArgumentException("components must lie in [1, " + d + "] but was " + components);
        }
        double[][] cov = new double[d][d];
        for (double[] row : rows) {
            for (int i = 0; i < d; i++) {
                double xi = row[i];
                for (int j = i; j < d; j++) {
                    cov[i][j] += xi * row[j];
                }
            }
        }
        double norm = m > 1 ? 1.0 / (m - 1) : 1.0;
        for (int i = 0; i < d; i++) {
            for (int j = i; j < d; j++) {
                cov[i][j] *= norm;
                cov[j][i] = cov[i][j];
            }
        }
        double[][] vectors = new double[d][d];
        double[] values = symmetricEigen(cov, vectors);

        Integer[] order = new Integer[d];
        for (int i = 0; i < d; i++) {
            order[i] = i;
        }
        // Decreasing eigenvalue; ties keep column order (a stable sort), so the choice is deterministic.
        java.util.Arrays.sort(order, (a, b) -> Double.compare(values[b], values[a]));
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
     * Eigenvalues of the symmetric matrix {@code a} (destroyed) by cyclic Jacobi; the eigenvectors land in the columns
     * of {@code vectors} ({@code d x d}, overwritten).
     */
    static double[] symmetricEigen(double[][] a, double[][] vectors) {
        int d = a.length;
        for (int i = 0; i < d; i++) {
            java.util.Arrays.fill(vectors[i], 0);
            vectors[i][i] = 1;
        }
        for (int sweep = 0; sweep < MAX_SWEEPS; sweep++) {
            double off = 0;
            double diag = 0;
            for (int p = 0; p < d; p++) {
                diag += a[p][p] * a[p][p];
                for (int q = p + 1; q < d; q++) {
                    off += a[p][q] * a[p][q];
                }
            }
            if (off <= 1e-30 * diag || off == 0) {
                break;
            }
            for (int p = 0; p < d - 1; p++) {
                for (int q = p + 1; q < d; q++) {
                    double apq = a[p][q];
                    if (apq == 0) {
                        continue;
                    }
                    // The rotation J (c at pp and qq, s at pq, -s at qp) with (J^T A J)_pq = 0.
                    double theta = (a[q][q] - a[p][p]) / (2 * apq);
                    double t = Math.abs(theta) > 1e150 ? 1 / (2 * theta)
                            : (theta >= 0 ? 1 : -1) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
                    double c = 1 / Math.sqrt(t * t + 1);
                    double s = t * c;
                    for (int k = 0; k < d; k++) {
                        double akp = a[k][p];
                        double akq = a[k][q];
                        a[k][p] = c * akp - s * akq;
                        a[k][q] = s * akp + c * akq;
                    }
                    for (int k = 0; k < d; k++) {
                        double apk = a[p][k];
                        double aqk = a[q][k];
                        a[p][k] = c * apk - s * aqk;
                        a[q][k] = s * apk + c * aqk;
                    }
                    a[p][q] = 0;
                    a[q][p] = 0;
                    for (int k = 0; k < d; k++) {
                        double vkp = vectors[k][p];
                        double vkq = vectors[k][q];
                        vectors[k][p] = c * vkp - s * vkq;
                        vectors[k][q] = s * vkp + c * vkq;
                    }
                }
            }
        }
        double[] values = new double[d];
        for (int i = 0; i < d; i++) {
            values[i] = a[i][i];
        }
        return values;
    }
}
