package io.seedgrid.seeds.ml;

import java.util.Arrays;
import java.util.function.IntToDoubleFunction;

/**
 * A CART classification tree grown greedily on the Gini index, on primitive arrays, with the growth rules of
 * Tribuo's {@code CARTClassificationTrainer} (all features at every split, no random split points, minimum
 * impurity decrease 0) that {@link PcaTreeQuantileSeed} used before:
 * <ul>
 *   <li>a node at depth {@code k} (the root is at 0) is split only if it is impure, {@code k < maxDepth} and it holds
 *       at least {@code minSplitSize} examples; so {@code maxDepth} counts levels of splits and a child may hold
 *       fewer than {@code minSplitSize} examples, it is just not split again;</li>
 *   <li>the split is the one that most lowers the weighted Gini impurity, and must lower it strictly; candidates are
 *       the mid-points between consecutive distinct values of each feature; rows go left when their value is at
 *       most the threshold;</li>
 *   <li>among splits of equal impurity the first wins, in feature order, then in increasing threshold order.</li>
 * </ul>
 * The impurity is compared exactly, in integer arithmetic ({@code sum_c n_c^2 / n} of each side), where Tribuo
 * compares rounded doubles; the two can differ only where two candidate splits are exactly as good, when Tribuo's
 * rounding may prefer the later one.
 */
final class Cart {
    /** Rows a fit takes at most (what {@link Ranking} sorts). */
    static final int MAX_ROWS = Ranking.MAX_VALUES;

    private final int[] feature; // split feature per node, -1 at a leaf
    private final double[] threshold;
    private final int[] left;
    private final int[] right;
    private final int[][] counts; // class counts of the training rows per node
    private final int nodes;

    private Cart(int[] feature, double[] threshold, int[] left, int[] right, int[][] counts, int nodes) {
        this.feature = feature;
        this.threshold = threshold;
        this.left = left;
        this.right = right;
        this.counts = counts;
        this.nodes = nodes;
    }

    /**
     * The tree fitted on the {@code m} rows of the column-major {@code columns} ({@code k} features; feature
     * {@code f} of row {@code i} at {@code columns[f * m + i]}) with classes {@code classes[i]} in
     * {@code [0, numClasses)}.
     */
    static Cart fit(double[] columns, int m, int k, int[] classes, int numClasses, int maxDepth, int minSplitSize) {
        if (m < 1 || m > MAX_ROWS || k < 1 || columns.length < m * k || classes.length < m) {
            throw new IllegalArgumentException("need 1 <= m <= " + MAX_ROWS + " rows of k >= 1 features and m classes"
                    + " but had m=" + m + ", k=" + k + ", " + columns.length + " values, " + classes.length
                    + " classes");
        }
        if (maxDepth < 1 || minSplitSize < 1) {
            throw new IllegalArgumentException(
                    "maxDepth and minSplitSize must be >= 1 but were " + maxDepth + " and " + minSplitSize);
        }
        for (int i = 0; i < m; i++) {
            if (classes[i] < 0 || classes[i] >= numClasses) {
                throw new IllegalArgumentException(
                        "classes must lie in [0, " + numClasses + ") but row " + i + " had " + classes[i]);
            }
        }
        for (int i = 0; i < m * k; i++) {
            if (Double.isNaN(columns[i])) {
                throw new IllegalArgumentException(
                        "feature values must not be NaN but feature " + i / m + " of row " + i % m + " was");
            }
        }
        return new Builder(columns, m, k, classes, numClasses, maxDepth, minSplitSize).build();
    }

    /**
     * The leaf that a row falls in, asking {@code valueOf} for its value of each feature a split on its path tests
     * (so features off the path need not be computed): {@code value > threshold} goes right.
     */
    int leaf(IntToDoubleFunction valueOf) {
        int node = 0;
        while (feature[node] >= 0) {
            node = valueOf.applyAsDouble(feature[node]) > threshold[node] ? right[node] : left[node];
        }
        return node;
    }

    /** Node ids run from 0 (the root) to {@code nodes() - 1}. */
    int nodes() {
        return nodes;
    }

    boolean isLeaf(int node) {
        return feature[node] < 0;
    }

    /** The split feature of an inner node. */
    int feature(int node) {
        return feature[node];
    }

    double threshold(int node) {
        return threshold[node];
    }

    int left(int node) {
        return left[node];
    }

    int right(int node) {
        return right[node];
    }

    /** How many training rows of each class reached {@code node}; a copy. */
    int[] counts(int node) {
        return counts[node].clone();
    }

    /** Grows one tree: each feature's row order is sorted once, then partitioned stably at every split. */
    private static final class Builder {
        private final int m;
        private final int k;
        private final int[] classes;
        private final int numClasses;
        private final int maxDepth;
        private final int minSplitSize;
        // Per feature, in each node's segment sorted by the feature: row ids, their values and their classes.
        private final int[][] order;
        private final double[][] sortedValues;
        private final int[][] sortedClasses;
        private final boolean[] goesLeft;
        private final int[] idBuffer;
        private final double[] valueBuffer;
        private final int[] classBuffer;
        private final int[] feature;
        private final double[] threshold;
        private final int[] left;
        private final int[] right;
        private final int[][] counts;
        private int nodes;

        Builder(double[] columns, int m, int k, int[] classes, int numClasses, int maxDepth, int minSplitSize) {
            this.m = m;
            this.k = k;
            this.classes = classes;
            this.numClasses = numClasses;
            this.maxDepth = maxDepth;
            this.minSplitSize = minSplitSize;
            this.order = new int[k][m];
            this.sortedValues = new double[k][m];
            this.sortedClasses = new int[k][m];
            long[] keys = new long[m];
            long[] spare = new long[m];
            for (int f = 0; f < k; f++) {
                Ranking.sort(columns, f * m, m, order[f], keys, spare);
                for (int j = 0; j < m; j++) {
                    sortedValues[f][j] = columns[f * m + order[f][j]];
                    sortedClasses[f][j] = classes[order[f][j]];
                }
            }
            this.goesLeft = new boolean[m];
            this.idBuffer = new int[m];
            this.valueBuffer = new double[m];
            this.classBuffer = new int[m];
            int capacity = Math.min((1 << Math.min(maxDepth + 1, 30)) - 1, 2 * m - 1);
            this.feature = new int[capacity];
            this.threshold = new double[capacity];
            this.left = new int[capacity];
            this.right = new int[capacity];
            this.counts = new int[capacity][];
        }

        Cart build() {
            int[] rootCounts = new int[numClasses];
            for (int i = 0; i < m; i++) {
                rootCounts[classes[i]]++;
            }
            grow(0, m, 0, rootCounts);
            return new Cart(feature, threshold, left, right, counts, nodes);
        }

        /** Grows the node of the rows in segment {@code [from, to)} of every feature's order; returns its id. */
        private int grow(int from, int to, int depth, int[] nodeCounts) {
            int id = nodes++;
            counts[id] = nodeCounts;
            feature[id] = -1;
            int n = to - from;
            if (!splittable(depth, n, nodeCounts)) {
                return id;
            }
            // Best so far: the node itself, whose score is sum_c n_c^2 / n; a split must beat it strictly.
            long bestNum = sumOfSquares(nodeCounts);
            long bestDen = n;
            int bestFeature = -1;
            int bestRank = -1;
            long nodeSquares = bestNum;
            int[] leftCounts = new int[numClasses];
            for (int f = 0; f < k; f++) {
                double[] values = sortedValues[f];
                int[] rowClasses = sortedClasses[f];
                Arrays.fill(leftCounts, 0);
                long leftSquares = 0;
                long rightSquares = nodeSquares;
                for (int j = from; j < to - 1; j++) {
                    // Row j moves from the right side to the left: n_c^2 sums change by 2 n_c + 1 and -(2 n_c - 1).
                    int c = rowClasses[j];
                    int inLeft = leftCounts[c];
                    leftSquares += 2L * inLeft + 1;
                    rightSquares -= 2L * (nodeCounts[c] - inLeft) - 1;
                    leftCounts[c] = inLeft + 1;
                    if (values[j] < values[j + 1]) {
                        long nLeft = j - from + 1;
                        long nRight = n - nLeft;
                        // sum_L / nLeft + sum_R / nRight as one fraction, compared by cross-multiplying
                        long num = nRight * leftSquares + nLeft * rightSquares;
                        long den = nLeft * nRight;
                        if (num * bestDen > bestNum * den) {
                            bestNum = num;
                            bestDen = den;
                            bestFeature = f;
                            bestRank = j;
                        }
                    }
                }
            }
            if (bestFeature < 0) {
                return id; // no split lowers the impurity
            }
            int[] byBest = order[bestFeature];
            feature[id] = bestFeature;
            threshold[id] = (sortedValues[bestFeature][bestRank] + sortedValues[bestFeature][bestRank + 1]) / 2.0;
            int[] lessCounts = new int[numClasses];
            int[] classesByBest = sortedClasses[bestFeature];
            for (int j = from; j <= bestRank; j++) {
                lessCounts[classesByBest[j]]++;
            }
            int[] moreCounts = nodeCounts.clone();
            for (int c = 0; c < numClasses; c++) {
                moreCounts[c] -= lessCounts[c];
            }
            int mid = bestRank + 1;
            // The children's rows need sorting by every feature only if a child will be split in turn.
            if (splittable(depth + 1, mid - from, lessCounts) || splittable(depth + 1, to - mid, moreCounts)) {
                for (int j = from; j < to; j++) {
                    goesLeft[byBest[j]] = j <= bestRank;
                }
                for (int f = 0; f < k; f++) {
                    if (f != bestFeature) { // the best feature's segment is in left-then-right order already
                        partition(f, from, to, mid);
                    }
                }
            }
            left[id] = grow(from, mid, depth + 1, lessCounts);
            right[id] = grow(mid, to, depth + 1, moreCounts);
            return id;
        }

        /** Stable partition of feature {@code f}'s segment {@code [from, to)}: rows going left first, up to mid. */
        private void partition(int f, int from, int to, int mid) {
            int[] ids = order[f];
            double[] values = sortedValues[f];
            int[] rowClasses = sortedClasses[f];
            int l = from;
            int r = 0;
            for (int j = from; j < to; j++) {
                int id = ids[j];
                if (goesLeft[id]) {
                    ids[l] = id;
                    values[l] = values[j];
                    rowClasses[l++] = rowClasses[j];
                } else {
                    idBuffer[r] = id;
                    valueBuffer[r] = values[j];
                    classBuffer[r++] = rowClasses[j];
                }
            }
            System.arraycopy(idBuffer, 0, ids, mid, r);
            System.arraycopy(valueBuffer, 0, values, mid, r);
            System.arraycopy(classBuffer, 0, rowClasses, mid, r);
        }

        /** Whether a node at {@code depth} of {@code size} rows with these class counts is split (if a split helps). */
        private boolean splittable(int depth, int size, int[] counts) {
            return depth < maxDepth && size >= minSplitSize && !isPure(counts);
        }

        private static boolean isPure(int[] counts) {
            int classesSeen = 0;
            for (int c : counts) {
                classesSeen += c > 0 ? 1 : 0;
            }
            return classesSeen < 2;
        }

        private static long sumOfSquares(int[] counts) {
            long sum = 0;
            for (int c : counts) {
                sum += (long) c * c;
            }
            return sum;
        }
    }
}
