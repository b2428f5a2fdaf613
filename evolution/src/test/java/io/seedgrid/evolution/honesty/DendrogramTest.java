package io.seedgrid.evolution.honesty;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class DendrogramTest {

    /**
     * The textbook greedy algorithm, independent of the Lance-Williams update: always join the two clusters with the
     * least mean pairwise distance, recomputed from the original matrix.
     *
     * @return merge heights in order, and the partition (a label per point, numbered by lowest point) after each
     */
    static List<Object> greedy(double[][] d) {
        int n = d.length;
        List<List<Integer>> clusters = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            clusters.add(new ArrayList<>(List.of(i)));
        }
        double[] heights = new double[n - 1];
        List<int[]> partitions = new ArrayList<>();
        for (int m = 0; m < n - 1; m++) {
            int bestA = -1;
            int bestB = -1;
            double best = Double.POSITIVE_INFINITY;
            for (int a = 0; a < clusters.size(); a++) {
                for (int b = a + 1; b < clusters.size(); b++) {
                    double sum = 0;
                    for (int i : clusters.get(a)) {
                        for (int j : clusters.get(b)) {
                            sum += d[i][j];
                        }
                    }
                    double mean =
                            sum / (clusters.get(a).size() * clusters.get(b).size());
                    if (mean < best) {
                        best = mean;
                        bestA = a;
                        bestB = b;
                    }
                }
            }
            heights[m] = best;
            clusters.get(bestA).addAll(clusters.remove(bestB));
            int[] label = new int[n];
            clusters.sort((x, y) -> Integer.compare(
                    x.stream().mapToInt(i -> i).min().orElseThrow(),
                    y.stream().mapToInt(i -> i).min().orElseThrow()));
            for (int c = 0; c < clusters.size(); c++) {
                for (int i : clusters.get(c)) {
                    label[i] = c;
                }
            }
            partitions.add(label);
        }
        return List.of(heights, partitions);
    }

    @Test
    @SuppressWarnings("unchecked")
    void averageLinkageMatchesTheGreedyAlgorithm() {
        Random random = new Random(3);
        int n = 40;
        double[][] points = new double[n][5];
        for (int i = 0; i < n; i++) {
            double centre = i % 4; // four loose groups, so the tree has structure at every level
            for (int k = 0; k < 5; k++) {
                points[i][k] = centre * (k == i % 5 ? 1 : 0.3) + random.nextGaussian() * 0.4;
            }
        }
        double[][] d = new double[n][n];
        float[] condensed = new float[n * (n - 1) / 2];
        int at = 0;
        for (int i = 0; i < n; i++) {
            for (int j = i + 1; j < n; j++) {
                double s = 0;
                for (int k = 0; k < 5; k++) {
                    s += (points[i][k] - points[j][k]) * (points[i][k] - points[j][k]);
                }
                d[i][j] = (float) Math.sqrt(s);
                d[j][i] = d[i][j];
                condensed[at++] = (float) d[i][j];
            }
        }
        var tree = Dendrogram.averageLinkage(condensed, n);
        List<Object> expected = greedy(d);
        double[] heights = (double[]) expected.get(0);
        List<int[]> partitions = (List<int[]>) expected.get(1);
        for (int m = 0; m < n - 1; m++) {
            assertEquals(heights[m], tree.height(m), 1e-5, "height of merge " + m);
            assertArrayEquals(partitions.get(m), tree.labels(n - m - 1), "partition into " + (n - m - 1));
        }
        int[] all = tree.leaves(n + n - 2);
        assertEquals(n, all.length);
        assertEquals(n - 1, all[n - 1]);
    }

    @Test
    void rejectsAMatrixOfTheWrongSize() {
        assertThrows(IllegalArgumentException.class, () -> Dendrogram.averageLinkage(new float[5], 4));
        var one = Dendrogram.averageLinkage(new float[0], 1);
        assertArrayEquals(new int[] {0}, one.labels(1));
        assertThrows(IllegalArgumentException.class, () -> one.labels(2));
    }
}
