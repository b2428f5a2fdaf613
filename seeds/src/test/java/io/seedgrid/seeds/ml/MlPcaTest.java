package io.seedgrid.seeds.ml;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

/** The hand-written PCA and Jacobi eigen-solver, checked against the defining equations. */
class MlPcaTest {

    @Test
    void jacobiSolvesTheEigenEquationsOfRandomSymmetricMatrices() {
        Random random = new Random(11);
        for (int d : new int[] {1, 2, 4, 8, 13}) {
            double[][] a = new double[d][d];
            for (int i = 0; i < d; i++) {
                for (int j = i; j < d; j++) {
                    a[i][j] = random.nextGaussian();
                    a[j][i] = a[i][j];
                }
            }
            double[][] original = new double[d][];
            double trace = 0;
            for (int i = 0; i < d; i++) {
                original[i] = a[i].clone();
                trace += a[i][i];
            }
            double[][] vectors = new double[d][d];
            double[] values = Pca.symmetricEigen(a, vectors);
            double sum = 0;
            for (int k = 0; k < d; k++) {
                sum += values[k];
                for (int i = 0; i < d; i++) {
                    double av = 0;
                    for (int j = 0; j < d; j++) {
                        av += original[i][j] * vectors[j][k];
                    }
                    assertEquals(values[k] * vectors[i][k], av, 1e-10, "A v = lambda v, d=" + d);
                }
                for (int l = 0; l < d; l++) {
                    double dot = 0;
                    for (int i = 0; i < d; i++) {
                        dot += vectors[i][k] * vectors[i][l];
                    }
                    assertEquals(k == l ? 1 : 0, dot, 1e-12, "orthonormal, d=" + d);
                }
            }
            assertEquals(trace, sum, 1e-10, "eigenvalues sum to the trace");
        }
    }

    @Test
    void findsAPlantedDirectionAndOrdersComponentsByVariance() {
        Random random = new Random(5);
        double[] planted = {3 / Math.sqrt(14), -2 / Math.sqrt(14), 1 / Math.sqrt(14), 0};
        int m = 2000;
        double[][] rows = new double[m][4];
        for (int s = 0; s < m; s++) {
            double along = 5 * random.nextGaussian();
            for (int i = 0; i < 4; i++) {
                rows[s][i] = along * planted[i] + 0.3 * random.nextGaussian();
            }
        }
        centre(rows);
        Pca pca = Pca.fit(rows, 3);
        assertEquals(3, pca.components());
        // Sign convention: the largest entry (3/sqrt 14) is positive, so the axis is +planted, not -planted.
        assertArrayEquals(planted, pca.axis(0), 0.01);
        assertTrue(pca.variance(0) > 20 && pca.variance(0) < 30, "about 25 + 0.09: " + pca.variance(0));
        assertTrue(pca.variance(0) >= pca.variance(1) && pca.variance(1) >= pca.variance(2));
        assertTrue(pca.variance(1) < 0.2, "noise only: " + pca.variance(1));
        // The projection on each axis has that axis's variance, and different axes are uncorrelated.
        double[][] z = new double[m][];
        for (int s = 0; s < m; s++) {
            z[s] = pca.project(rows[s]);
        }
        for (int c = 0; c < 3; c++) {
            for (int e = c; e < 3; e++) {
                double cov = 0;
                for (int s = 0; s < m; s++) {
                    cov += z[s][c] * z[s][e];
                }
                cov /= m - 1;
                assertEquals(c == e ? pca.variance(c) : 0, cov, 1e-9, "cov(pc" + c + ", pc" + e + ")");
            }
        }
    }

    @Test
    void refusesImpossibleComponentCounts() {
        double[][] rows = {{1, 2}, {-1, -2}};
        assertThrows(IllegalArgumentException.class, () -> Pca.fit(rows, 3));
        assertThrows(IllegalArgumentException.class, () -> Pca.fit(rows, 0));
    }

    private static void centre(double[][] rows) {
        int d = rows[0].length;
        for (int i = 0; i < d; i++) {
            double mean = 0;
            for (double[] row : rows) {
                mean += row[i];
            }
            mean /= rows.length;
            for (double[] row : rows) {
                row[i] -= mean;
            }
        }
    }
}
