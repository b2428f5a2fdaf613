package io.seedgrid.seeds.ml;

import java.util.Arrays;

/**
 * The L2-regularised L2-loss linear support-vector classifier that liblinear's {@code L2R_L2LOSS_SVC} solves (the
 * solver Tribuo used for this seed), with a constant feature 1 as bias, regularised like the other weights:
 * <pre>  min_w  0.5 |w|^2 + C sum_i max(0, 1 - y_i w . (x_i, 1))^2,   y_i in {-1, +1}.</pre>
 *
 * <p>Solved on the primal by a finite Newton method (Keerthi and DeCoste, JMLR 2005): the objective is piecewise
 * quadratic, its generalised Hessian {@code I + 2C sum_active x x^T} is at most 14 x 14 here, so each step is one
 * Cholesky solve plus an exact line search along the step, and once the set of examples inside the margin stops
 * changing the step lands on the optimum. It starts from 0, where every example is inside the margin: on these noisy
 * windows the optimum keeps most of them there, so one or two steps suffice (1.3 to 1.8 Newton iterations per fit on
 * average on BTCUSD windows of 280 to 500 bars, up to 4 on 60-bar windows with a large C); later steps update the
 * Hessian by the few examples that crossed the margin. A warm start from the previous window's model (carried over
 * through both windows' scalings) took 0-25% more iterations, so there is none; the objective is strictly convex, so
 * its optimum, and this answer up to the tolerance, does not depend on the start anyway.
 * liblinear solves the same problem with a truncated-CG Newton method that stops at a relative gradient of
 * {@code eps min(#pos, #neg) / m}; this one stops at {@link #TOLERANCE}, so it is the more exact of the two.
 */
final class LinearSvm {
    /** Stop when the gradient norm is below this fraction of the gradient norm at w = 0. */
    static final double TOLERANCE = 1e-10;

    static final int MAX_STEPS = 50;
    private static final int MAX_LINE_STEPS = 60;

    private LinearSvm() {}

    /**
     * The weights {@code (w_1 .. w_d, bias)} fitted on the {@code m} rows of the column-major {@code columns}
     * (feature {@code j} of row {@code i} at {@code columns[j * m + i]}) with labels {@code y} of +1 or -1.
     */
    static double[] fit(double[] columns, double[] y, int m, int d, double cost) {
        return fit(columns, y, m, d, cost, null);
    }

    /**
     * As {@link #fit(double[], double[], int, int, double)}, given {@code gram}, the lower triangle (row-major,
     * {@code (d + 1)^2}) of {@code sum_i (x_i, 1)(x_i, 1)^T}, or null: the first Newton step, where every example is
     * inside the margin, needs exactly that, so a caller that has it cheaper saves building it from the rows.
     */
    static double[] fit(double[] columns, double[] y, int m, int d, double cost, double[] gram) {
        if (!(cost > 0) || Double.isInfinite(cost)) {
            throw new IllegalArgumentException("cost must be positive and finite but was " + cost);
        }
        if (m < 1 || d < 1 || columns.length < m * d || y.length < m) {
            throw new IllegalArgumentException("need m >= 1 rows of d >= 1 features and m labels but had m=" + m
                    + ", d=" + d + ", " + columns.length + " values, " + y.length + " labels");
        }
        for (int i = 0; i < m; i++) {
            if (y[i] != 1 && y[i] != -1) {
                throw new IllegalArgumentException("labels must be +1 or -1 but label " + i + " was " + y[i]);
            }
        }
        for (int i = 0; i < m * d; i++) {
            if (!Double.isFinite(columns[i])) {
                throw new IllegalArgumentException(
                        "features must be finite but feature " + i / m + " of row " + i % m + " was " + columns[i]);
            }
        }
        int n = d + 1;
        if (gram != null && gram.length < n * n) {
            throw new IllegalArgumentException(
                    "gram must hold (d + 1)^2 = " + n * n + " values but held " + gram.length);
        }
        double[] w = new double[n];
        double[] margin = new double[m]; // y_i w . x_i
        double[] coef = new double[m]; // -2C y_i (1 - margin_i) inside the margin, else 0
        double[] inside = new double[m]; // 1 inside the margin, else 0
        double[] before = new double[m]; // inside, as the Hessian in hessian holds it
        double[] q = new double[m]; // y_i p . x_i
        double[] g = new double[n];
        double[] p = new double[n];
        double[] hessian = new double[n * n]; // I + 2C sum_inside (x, 1)(x, 1)^T, lower triangle
        double[] h = new double[n * n]; // its Cholesky factor
        double twoC = 2 * cost;

        double gnorm0 = 0; // the gradient norm at w = 0 (the first step) scales the stopping rule, as in liblinear
        for (int step = 0; step < MAX_STEPS; step++) {
            for (int i = 0; i < m; i++) {
                // At w = 0 every margin is 0: every example is inside. Written without branches: margins near 1
                // make them unpredictable.
                double slack = Math.max(0, 1 - margin[i]);
                inside[i] = Math.signum(slack);
                coef[i] = -twoC * y[i] * slack;
            }
            gradient(w, columns, coef, m, d, g);
            double gnorm = Math.sqrt(dot(g, g, n));
            if (step == 0) {
                gnorm0 = gnorm;
            }
            if (gnorm <= TOLERANCE * gnorm0) {
                break; // at step 0 only when the labels balance every feature out: then 0 is optimal
            }
            if (step == 0 && gram != null) {
                for (int a = 0; a < n; a++) {
                    for (int b = 0; b <= a; b++) {
                        hessian[a * n + b] = twoC * gram[a * n + b] + (a == b ? 1 : 0);
                    }
                }
            } else if (step == 0) {
                hessian(columns, inside, m, d, twoC, hessian);
            } else {
                update(columns, inside, before, m, d, twoC, hessian);
            }
            System.arraycopy(inside, 0, before, 0, m);
            System.arraycopy(hessian, 0, h, 0, n * n);
            for (int j = 0; j < n; j++) {
                p[j] = -g[j];
            }
            choleskySolve(h, n, p);
            double descent = dot(g, p, n);
            if (!(descent < 0)) {
                break; // rounding floor: no descent direction left
            }
            times(p, columns, m, d, y, q);
            double t = lineSearch(dot(w, p, n), dot(p, p, n), descent, margin, q, m, twoC);
            for (int j = 0; j < n; j++) {
                w[j] += t * p[j];
            }
            times(w, columns, m, d, y, margin);
            boolean settled = t == 1;
            for (int i = 0; i < m && settled; i++) {
                settled = (inside[i] == 1) == (margin[i] < 1);
            }
            if (settled) {
                break; // a full step with an unchanged active set minimises the quadratic that f is there: the optimum
            }
        }
        return w;
    }

    /** {@code out_i = y_i (v . (x_i, 1))}, column by column. */
    private static void times(double[] v, double[] columns, int m, int d, double[] y, double[] out) {
        Arrays.fill(out, 0, m, v[d]);
        for (int j = 0; j < d; j++) {
            double vj = v[j];
            int column = j * m;
            for (int i = 0; i < m; i++) {
                out[i] += vj * columns[column + i];
            }
        }
        for (int i = 0; i < m; i++) {
            out[i] *= y[i];
        }
    }

    /** {@code g = w + sum_i coef_i (x_i, 1)}. */
    private static void gradient(double[] w, double[] columns, double[] coef, int m, int d, double[] g) {
        for (int j = 0; j < d; j++) {
            g[j] = w[j] + Columns.dot(coef, 0, columns, j * m, m);
        }
        double sum = 0;
        for (int i = 0; i < m; i++) {
            sum += coef[i];
        }
        g[d] = w[d] + sum;
    }

    /**
     * Brings the Hessian of the active set {@code before} to that of {@code inside}: plus or minus
     * {@code 2C (x_i, 1)(x_i, 1)^T} for each example that entered or left the margin, or built anew when more than a
     * third of them changed. Between Newton steps only a few do.
     */
    private static void update(
            double[] columns, double[] inside, double[] before, int m, int d, double twoC, double[] h) {
        int changed = 0;
        for (int i = 0; i < m; i++) {
            changed += inside[i] != before[i] ? 1 : 0;
        }
        if (3 * changed > m) {
            hessian(columns, inside, m, d, twoC, h);
            return;
        }
        int n = d + 1;
        double[] x = new double[n];
        x[d] = 1;
        for (int i = 0; i < m; i++) {
            if (inside[i] == before[i]) {
                continue;
            }
            for (int j = 0; j < d; j++) {
                x[j] = columns[j * m + i];
            }
            double sign = (inside[i] - before[i]) * twoC;
            for (int a = 0; a < n; a++) {
                double xa = sign * x[a];
                for (int b = 0; b <= a; b++) {
                    h[a * n + b] += xa * x[b];
                }
            }
        }
    }

    /** {@code h = I + 2C sum_i inside_i (x_i, 1)(x_i, 1)^T}, lower triangle (row-major, {@code n = d + 1}). */
    private static void hessian(double[] columns, double[] inside, int m, int d, double twoC, double[] h) {
        int n = d + 1;
        double[] weighted = new double[m];
        for (int a = 0; a < d; a++) {
            int columnA = a * m;
            for (int i = 0; i < m; i++) {
                weighted[i] = inside[i] * columns[columnA + i];
            }
            for (int b = 0; b <= a; b++) {
                h[a * n + b] = twoC * Columns.dot(weighted, 0, columns, b * m, m);
            }
            h[d * n + a] = twoC * Columns.dot(weighted, 0, inside, 0, m);
            h[a * n + a] += 1;
        }
        h[d * n + d] = 1 + twoC * Columns.dot(inside, 0, inside, 0, m);
    }

    /**
     * Solves {@code h x = b} in place ({@code b} becomes {@code x}) for the symmetric positive definite {@code h},
     * given by its lower triangle, which the Cholesky factor overwrites. {@code h >= I} here, so no pivot is small.
     */
    static void choleskySolve(double[] h, int n, double[] b) {
        for (int j = 0; j < n; j++) {
            double diag = h[j * n + j];
            for (int k = 0; k < j; k++) {
                diag -= h[j * n + k] * h[j * n + k];
            }
            diag = Math.sqrt(diag);
            h[j * n + j] = diag;
            for (int i = j + 1; i < n; i++) {
                double v = h[i * n + j];
                for (int k = 0; k < j; k++) {
                    v -= h[i * n + k] * h[j * n + k];
                }
                h[i * n + j] = v / diag;
            }
        }
        for (int i = 0; i < n; i++) {
            double v = b[i];
            for (int k = 0; k < i; k++) {
                v -= h[i * n + k] * b[k];
            }
            b[i] = v / h[i * n + i];
        }
        for (int i = n - 1; i >= 0; i--) {
            double v = b[i];
            for (int k = i + 1; k < n; k++) {
                v -= h[k * n + i] * b[k];
            }
            b[i] = v / h[i * n + i];
        }
    }

    /**
     * The step {@code t} minimising {@code f(w + t p)}: the root of the non-decreasing, piecewise-linear derivative
     * {@code wp + t pp - 2C sum_{margin_i + t q_i < 1} q_i (1 - margin_i - t q_i)}, by Newton's method on it inside a
     * bracket that shrinks (bisection where Newton would leave it). Starts at the full step 1.
     */
    private static double lineSearch(
            double wp, double pp, double descent, double[] margin, double[] q, int m, double twoC) {
        double lo = 0;
        double hi = Double.POSITIVE_INFINITY;
        double t = 1;
        for (int k = 0; k < MAX_LINE_STEPS; k++) {
            double slope = wp + t * pp;
            double curvature = pp;
            for (int i = 0; i < m; i++) {
                double slack = 1 - margin[i] - t * q[i];
                if (slack > 0) {
                    slope -= twoC * q[i] * slack;
                    curvature += twoC * q[i] * q[i];
                }
            }
            if (Math.abs(slope) <= 1e-12 * -descent) {
                return t;
            }
            if (slope < 0) {
                lo = t;
            } else {
                hi = t;
            }
            double next = t - slope / curvature;
            if (!(next > lo && next < hi)) {
                next = hi == Double.POSITIVE_INFINITY ? 2 * t : (lo + hi) / 2;
            }
            if (next == t) {
                return t;
            }
            t = next;
        }
        return t;
    }

    private static double dot(double[] a, double[] b, int n) {
        return Columns.dot(a, 0, b, 0, n);
    }
}
