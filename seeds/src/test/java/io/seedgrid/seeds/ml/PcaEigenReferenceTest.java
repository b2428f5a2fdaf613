package io.seedgrid.seeds.ml;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.seedgrid.seeds.bars.Bars;
import io.seedgrid.seeds.bars.BundledData;
import io.seedgrid.seeds.seed.SeedContext;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * The Householder + QR eigen-solver that {@link Pca} now uses, against the cyclic Jacobi solver it replaced (kept
 * here, as it was), on the correlation matrices of the seed's own training windows of BTCUSD and AAPL.
 */
class PcaEigenReferenceTest {
    private static final int MAX_SWEEPS = 100;

    @Test
    void agreesWithTheFormerJacobiSolverOnTheSeedsWindows() {
        int matrices = 0;
        int vectorsCompared = 0;
        double worstValue = 0;
        double worstVector = 0;
        for (Bars bars : new Bars[] {BundledData.load("BTCUSD").head(3000), BundledData.load("AAPL")}) {
            SeedContext ctx = SeedContext.of(bars);
            int n = bars.size();
            for (int lags = 1; lags <= MlFeatures.MAX_LAGS; lags += 3) {
                int d = MlFeatures.dimension(lags);
                double[] x = MlFeatures.matrix(ctx, lags);
                for (int length : new int[] {60, 200}) {
                    for (int last = MlFeatures.FIRST_BAR + length - 1; last < n; last += n > 1000 ? 450 : 45) {
                        int first = last - length + 1;
                        double[] z = new double[length * d];
                        Standardiser.fit(x, n, d, first, last).window(x, n, first, length, z);
                        double[][] cov = new double[d][d];
                        for (int i = 0; i < d; i++) {
                            for (int j = 0; j < d; j++) {
                                cov[i][j] = Columns.dot(z, i * length, z, j * length, length) / (length - 1);
                            }
                        }
                        double[][] qrVectors = new double[d][d];
                        double[] qr = Pca.symmetricEigen(copy(cov), qrVectors);
                        double[][] jacobiVectors = new double[d][d];
                        double[] jacobi = symmetricEigen(copy(cov), jacobiVectors);
                        Integer[] qrOrder = order(qr);
                        Integer[] jacobiOrder = order(jacobi);
                        double trace = 0;
                        for (int i = 0; i < d; i++) {
                            trace += cov[i][i];
                        }
                        for (int k = 0; k < d; k++) {
                            double a = qr[qrOrder[k]];
                            double b = jacobi[jacobiOrder[k]];
                            worstValue = Math.max(worstValue, Math.abs(a - b) / trace);
                            assertEquals(b, a, 1e-12 * trace, bars.symbol() + " rows " + first + ".." + last);
                            // An eigenvector is defined (up to sign) only where its eigenvalue stands apart.
                            double gap = Double.POSITIVE_INFINITY;
                            for (int l = 0; l < d; l++) {
                                if (l != k) {
                                    gap = Math.min(gap, Math.abs(jacobi[jacobiOrder[l]] - b));
                                }
                            }
                            if (gap > 1e-6 * trace) {
                                double dot = 0;
                                for (int i = 0; i < d; i++) {
                                    dot += qrVectors[i][qrOrder[k]] * jacobiVectors[i][jacobiOrder[k]];
                                }
                                worstVector = Math.max(worstVector, 1 - Math.abs(dot));
                                assertEquals(
                                        1,
                                        Math.abs(dot),
                                        1e-10,
                                        bars.symbol() + " rows " + first + ".." + last + " vector " + k);
                                vectorsCompared++;
                            }
                        }
                        matrices++;
                    }
                }
            }
        }
        System.out.printf(
                "Householder+QR vs Jacobi: %d matrices, eigenvalues within %.1e of the trace, %d vectors "
                        + "within 1 - |cos| = %.1e%n",
                matrices, worstValue, vectorsCompared, worstVector);
        assertTrue(matrices >= 50 && vectorsCompared >= 400, matrices + " matrices, " + vectorsCompared + " vectors");
    }

    private static double[][] copy(double[][] a) {
        double[][] c = new double[a.length][];
        for (int i = 0; i < a.length; i++) {
            c[i] = a[i].clone();
        }
        return c;
    }

    private static Integer[] order(double[] values) {
        Integer[] order = new Integer[values.length];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (a, b) -> Double.compare(values[b], values[a]));
        return order;
    }

    /**
     * The former solver of {@link Pca}, unchanged: eigenvalues of the symmetric matrix {@code a} (destroyed) by
     * cyclic Jacobi; the eigenvectors land in the columns of {@code vectors} ({@code d x d}, overwritten).
     */
    private static double[] symmetricEigen(double[][] a, double[][] vectors) {
        int d = a.length;
        for (int i = 0; i < d; i++) {
            Arrays.fill(vectors[i], 0);
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
                    double t = Math.abs(theta) > 1e150
                            ? 1 / (2 * theta)
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
