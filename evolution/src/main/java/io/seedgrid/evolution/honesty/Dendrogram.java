package io.seedgrid.evolution.honesty;

import java.util.Arrays;

/**
 * Average-linkage (UPGMA) hierarchical clustering of points given by a condensed distance matrix, built with the
 * nearest-neighbour chain algorithm (Murtagh 1983): O(n^2) time and no memory beyond the working copy of the
 * matrix. Average linkage is reducible, so the chain finds the same merges as the greedy algorithm; ties go to the
 * lower index, which makes the tree deterministic.
 *
 * <p>Nodes {@code 0..n-1} are the points; merge {@code m} (in order of height, lowest first) creates node
 * {@code n + m}. Cutting into {@code k} clusters applies the first {@code n - k} merges.
 */
final class Dendrogram {
    private final int n;
    private final double[] heights;
    private final int[] left;
    private final int[] right;

    private Dendrogram(int n, double[] heights, int[] left, int[] right) {
        this.n = n;
        this.heights = heights;
        this.left = left;
        this.right = right;
    }

    /** Number of points. */
    int points() {
        return n;
    }

    /** Height of merge {@code m}: the average distance between the two clusters it joins. */
    double height(int m) {
        return heights[m];
    }

    int left(int m) {
        return left[m];
    }

    int right(int m) {
        return right[m];
    }

    /** The points under {@code node}, in increasing order. */
    int[] leaves(int node) {
        if (node < n) {
            return new int[] {node};
        }
        int[] stack = new int[n];
        int[] out = new int[n];
        int top = 0;
        int count = 0;
        stack[top++] = node;
        while (top > 0) {
            int v = stack[--top];
            if (v < n) {
                out[count++] = v;
            } else {
                stack[top++] = left[v - n];
                stack[top++] = right[v - n];
            }
        }
        int[] leaves = Arrays.copyOf(out, count);
        Arrays.sort(leaves);
        return leaves;
    }

    /** Cluster of each point when cut into {@code k} clusters, numbered 0..k-1 by their lowest point. */
    int[] labels(int k) {
        if (k < 1 || k > n) {
            throw new IllegalArgumentException("clusters must lie in [1, " + n + "] but was " + k);
        }
        int[] parent = new int[n];
        for (int i = 0; i < n; i++) {
            parent[i] = i;
        }
        for (int m = 0; m < n - k; m++) {
            int a = find(parent, first(left[m]));
            int b = find(parent, first(right[m]));
            parent[Math.max(a, b)] = Math.min(a, b);
        }
        int[] label = new int[n];
        int[] ofRoot = new int[n];
        Arrays.fill(ofRoot, -1);
        int next = 0;
        for (int i = 0; i < n; i++) {
            int root = find(parent, i);
            if (ofRoot[root] < 0) {
                ofRoot[root] = next++;
            }
            label[i] = ofRoot[root];
        }
        return label;
    }

    /** Some point under {@code node}. */
    private int first(int node) {
        while (node >= n) {
            node = left[node - n];
        }
        return node;
    }

    private static int find(int[] parent, int i) {
        while (parent[i] != i) {
            parent[i] = parent[parent[i]];
            i = parent[i];
        }
        return i;
    }

    /**
     * @param distances condensed upper triangle, row by row: d(0,1), d(0,2), ..., d(0,n-1), d(1,2), ...; it is
     *                  overwritten (it becomes the working matrix of the linkage)
     */
    static Dendrogram averageLinkage(float[] distances, int n) {
        if ((long) n * (n - 1) / 2 != distances.length) {
            throw new IllegalArgumentException("a condensed matrix of " + n + " points has " + (long) n * (n - 1) / 2
                    + " entries but got " + distances.length);
        }
        if (n == 1) {
            return new Dendrogram(1, new double[0], new int[0], new int[0]);
        }
        Condensed w = new Condensed(distances, n);
        int[] size = new int[n];
        Arrays.fill(size, 1);
        double[] clusterHeight = new double[n];
        // Active slots in increasing order; the cluster in slot s always contains point s.
        int[] active = new int[n];
        for (int i = 0; i < n; i++) {
            active[i] = i;
        }
        int activeCount = n;
        int[] chain = new int[n];
        int chainLength = 0;
        int merges = 0;
        int[] mergedA = new int[n - 1];
        int[] mergedB = new int[n - 1];
        double[] mergedHeight = new double[n - 1];
        while (activeCount > 1) {
            if (chainLength == 0) {
                chain[chainLength++] = active[0];
            }
            int a = chain[chainLength - 1];
            int previous = chainLength > 1 ? chain[chainLength - 2] : -1;
            // Keep the previous link on ties, or the chain could cycle.
            int best = previous;
            float bestDistance = previous >= 0 ? w.get(a, previous) : Float.POSITIVE_INFINITY;
            for (int i = 0; i < activeCount; i++) {
                int k = active[i];
                if (k != a) {
                    float d = w.get(a, k);
                    if (d < bestDistance || (d == bestDistance && best != previous && k < best)) {
                        best = k;
                        bestDistance = d;
                    }
                }
            }
            if (best != previous) {
                chain[chainLength++] = best;
                continue;
            }
            chainLength -= 2;
            int keep = Math.min(a, best);
            int drop = Math.max(a, best);
            double sa = size[a];
            double sb = size[best];
            for (int i = 0; i < activeCount; i++) {
                int k = active[i];
                if (k != a && k != best) {
                    w.set(keep, k, (float) ((sa * w.get(a, k) + sb * w.get(best, k)) / (sa + sb)));
                }
            }
            // Float rounding could put a parent a hair below a child; the tree needs monotone heights.
            double h = Math.max(bestDistance, Math.max(clusterHeight[a], clusterHeight[best]));
            mergedA[merges] = keep;
            mergedB[merges] = drop;
            mergedHeight[merges] = h;
            merges++;
            size[keep] += size[drop];
            clusterHeight[keep] = h;
            int at = Arrays.binarySearch(active, 0, activeCount, drop);
            System.arraycopy(active, at + 1, active, at, activeCount - at - 1);
            activeCount--;
        }
        // Order by height, then by creation, so children always come before their parent.
        Integer[] order = new Integer[n - 1];
        for (int m = 0; m < n - 1; m++) {
            order[m] = m;
        }
        Arrays.sort(
                order,
                (x, y) -> x.equals(y)
                        ? 0
                        : mergedHeight[x] != mergedHeight[y]
                                ? Double.compare(mergedHeight[x], mergedHeight[y])
                                : Integer.compare(x, y));
        double[] heights = new double[n - 1];
        int[] left = new int[n - 1];
        int[] right = new int[n - 1];
        int[] parent = new int[n];
        int[] nodeOfRoot = new int[n];
        for (int i = 0; i < n; i++) {
            parent[i] = i;
            nodeOfRoot[i] = i;
        }
        for (int m = 0; m < n - 1; m++) {
            int r = order[m];
            int a = find(parent, mergedA[r]);
            int b = find(parent, mergedB[r]);
            heights[m] = mergedHeight[r];
            left[m] = nodeOfRoot[a];
            right[m] = nodeOfRoot[b];
            int root = Math.min(a, b);
            parent[Math.max(a, b)] = root;
            nodeOfRoot[root] = n + m;
        }
        return new Dendrogram(n, heights, left, right);
    }

    /** A symmetric matrix with a zero diagonal, stored as its condensed upper triangle. */
    static final class Condensed {
        private final float[] values;
        private final int[] rowStart;

        Condensed(float[] values, int n) {
            this.values = values;
            this.rowStart = new int[n];
            for (int i = 0; i < n; i++) {
                // index(i, j) = i n - i (i + 1) / 2 + j - i - 1 for i < j
                rowStart[i] = (int) ((long) i * n - (long) i * (i + 1) / 2 - i - 1);
            }
        }

        float get(int i, int j) {
            if (i == j) {
                return 0;
            }
            return i < j ? values[rowStart[i] + j] : values[rowStart[j] + i];
        }

        void set(int i, int j, float value) {
            if (i < j) {
                values[rowStart[i] + j] = value;
            } else {
                values[rowStart[j] + i] = value;
            }
        }

        /** Index of (i, j), i < j, in the condensed array. */
        int index(int i, int j) {
            return rowStart[i] + j;
        }
    }
}
