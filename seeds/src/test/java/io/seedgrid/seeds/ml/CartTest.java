package io.seedgrid.seeds.ml;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.seedgrid.seeds.bars.Bars;
import io.seedgrid.seeds.bars.BundledData;
import io.seedgrid.seeds.seed.SeedContext;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.tribuo.Model;
import org.tribuo.MutableDataset;
import org.tribuo.classification.Label;

/** The array CART of {@link PcaTreeQuantileSeed}: hand-checked trees, and Tribuo's CART on the seed's windows. */
class CartTest {

    @Test
    void splitsAtTheMidPointThatSeparatesTheClasses() {
        // One feature, classes 0 0 0 1 1: the only pure split lies between 3 and 7.
        double[] x = {1, 2, 3, 7, 9};
        Cart tree = Cart.fit(x, 5, 1, new int[] {0, 0, 0, 1, 1}, 2, 3, 5);
        assertFalse(tree.isLeaf(0));
        assertEquals(0, tree.feature(0));
        assertEquals(5.0, tree.threshold(0));
        assertArrayEquals(new int[] {3, 0}, tree.counts(tree.left(0)));
        assertArrayEquals(new int[] {0, 2}, tree.counts(tree.right(0)));
        assertEquals(3, tree.nodes(), "pure children are leaves");
        assertEquals(tree.left(0), tree.leaf(f -> 5.0), "at the threshold: left");
        assertEquals(tree.right(0), tree.leaf(f -> 5.000001));
    }

    @Test
    void picksTheSplitWithTheLowestWeightedGini() {
        // Classes 1 0 1 0 0 0. Feature 0 (1..6) splits best after 3 rows: sum n_c^2 / n = 5/3 + 3 = 4.67 against
        // 3.33 for no split; feature 1 orders the rows 1 3 4 5 2 0, classes 0 0 0 0 1 1: pure halves, 4 + 2 = 6.
        double[] x = {
            1, 2, 3, 4, 5, 6, // feature 0
            6, 1, 5, 2, 3, 4
        }; // feature 1
        int[] classes = {1, 0, 1, 0, 0, 0};
        Cart tree = Cart.fit(x, 6, 2, classes, 2, 1, 1);
        assertEquals(1, tree.feature(0));
        assertEquals(4.5, tree.threshold(0));
    }

    @Test
    void equallyGoodSplitsGoToTheFirstFeatureAndTheLowestThreshold() {
        // Two identical features: the first wins. Classes 0 1 0 1 on 1 2 3 4: the splits after 1 and after 3
        // are equally good (one pure side of one row); the lower threshold wins.
        double[] x = {1, 2, 3, 4, 1, 2, 3, 4};
        Cart tree = Cart.fit(x, 4, 2, new int[] {0, 1, 0, 1}, 2, 1, 1);
        assertEquals(0, tree.feature(0));
        assertEquals(1.5, tree.threshold(0));
    }

    @Test
    void aSplitMustLowerTheImpurityStrictly() {
        // Values 1 1 2 2 with classes 0 1 0 1: the only split leaves both halves as mixed as the whole.
        Cart tree = Cart.fit(new double[] {1, 1, 2, 2}, 4, 1, new int[] {0, 1, 0, 1}, 2, 5, 1);
        assertTrue(tree.isLeaf(0));
        assertEquals(1, tree.nodes());
    }

    @Test
    void depthCountsLevelsOfSplitsAndSmallNodesAreNotSplit() {
        // Alternating classes on 1..64: 32 leaves cannot make every node pure, and an impure run can always be
        // split for the better, so every level down to maxDepth is used.
        double[] x = new double[64];
        int[] classes = new int[64];
        for (int i = 0; i < 64; i++) {
            x[i] = i + 1;
            classes[i] = i % 2;
        }
        for (int depth = 1; depth <= 5; depth++) {
            Cart tree = Cart.fit(x, 64, 1, classes, 2, depth, 1);
            assertEquals(depth, depthOf(tree, 0), "maxDepth " + depth);
        }
        // With minSplitSize 5 no node of fewer than 5 rows is split, but a split may leave fewer in a child.
        Cart tree = Cart.fit(x, 64, 1, classes, 2, 5, 5);
        assertSmallNodesAreLeaves(tree, 0, 5);
        assertThrows(IllegalArgumentException.class, () -> Cart.fit(x, 64, 1, classes, 2, 0, 5));
        assertThrows(IllegalArgumentException.class, () -> Cart.fit(x, 64, 1, new int[64], 0, 3, 5));
        assertThrows(IllegalArgumentException.class, () -> Cart.fit(x, 65, 1, classes, 2, 3, 5));
        double[] withNaN = x.clone();
        withNaN[7] = Double.NaN;
        assertThrows(IllegalArgumentException.class, () -> Cart.fit(withNaN, 64, 1, classes, 2, 3, 5));
    }

    /**
     * Tribuo's CART (the seed's former trainer) and this one on the seed's own PCA-tree windows of BTCUSD and AAPL,
     * all depths: the expected bucket each predicts agrees on at least 99% of rows (the windows' own rows and the
     * 200 rows after each); differences come only from exact ties between candidate splits, which Tribuo breaks by
     * rounding.
     */
    @Test
    void predictsAsTribuosCartOnTheSeedsWindows() {
        long rows = 0;
        long differ = 0;
        int trees = 0;
        int treesDiffering = 0;
        for (Bars bars : new Bars[] {BundledData.load("BTCUSD").head(4000), BundledData.load("AAPL")}) {
            SeedContext ctx = SeedContext.of(bars);
            int n = bars.size();
            double[] close = bars.closes();
            for (int lags : new int[] {2, 5, 10}) {
                int d = MlFeatures.dimension(lags);
                double[] x = MlFeatures.matrix(ctx, lags);
                int length = bars.size() > 1000 ? 200 : 80;
                int quantiles = lags == 5 ? 3 : 5;
                int components = Math.min(lags, 4);
                int stride = bars.size() > 1000 ? 500 : 40;
                for (int last = WalkForward.warmup(3, length) - 3; last + 3 < n; last += stride) {
                    int first = last - length + 1;
                    Standardiser scale = Standardiser.fit(x, n, d, first, last);
                    double[][] z = new double[length][];
                    double[] forward = new double[length];
                    for (int i = 0; i < length; i++) {
                        z[i] = TribuoReference.row(scale, x, n, d, first + i);
                        forward[i] = close[first + i + 3] / close[first + i] - 1;
                    }
                    double[] edges = PcaTreeQuantileSeed.quantileEdges(forward, quantiles);
                    Pca pca = Pca.fit(z, components);
                    int[] classes = new int[length];
                    double[] columns = new double[length * components];
                    String[] names = TribuoReference.names("pc", components);
                    MutableDataset<Label> data = TribuoReference.dataset();
                    for (int i = 0; i < length; i++) {
                        classes[i] = PcaTreeQuantileSeed.bucketClass(forward[i], edges);
                        double[] p = pca.project(z[i]);
                        for (int c = 0; c < components; c++) {
                            columns[c * length + i] = p[c];
                        }
                        data.add(TribuoReference.example(new Label("b" + classes[i]), names, p));
                    }
                    int top = Math.min(n, last + 200);
                    for (int depth = 1; depth <= 5; depth++) {
                        Cart ours = Cart.fit(columns, length, components, classes, 2 * quantiles - 1, depth, 5);
                        Model<Label> theirs = TribuoReference.treeTrainer(depth).train(data);
                        boolean same = true;
                        for (int t = first; t < top; t++) {
                            double[] p = pca.project(TribuoReference.row(scale, x, n, d, t));
                            double a = expectedBucket(ours.counts(ours.leaf(f -> p[f])));
                            double b = expectedBucket(theirs.predict(TribuoReference.query(names, p))
                                    .getOutputScores());
                            rows++;
                            if (Math.abs(a - b) > 1e-9) {
                                differ++;
                                same = false;
                            }
                        }
                        trees++;
                        treesDiffering += same ? 0 : 1;
                    }
                }
            }
        }
        System.out.printf(
                "Cart vs Tribuo CART: %d of %d trees predict differently somewhere; %d of %d rows differ%n",
                treesDiffering, trees, differ, rows);
        assertTrue(trees >= 100, trees + " trees");
        assertTrue(differ <= 0.01 * rows, differ + " of " + rows + " rows differ");
    }

    private static double expectedBucket(int[] counts) {
        double sum = 0;
        int total = 0;
        for (int k = 0; k < counts.length; k++) {
            sum += counts[k] * (k / 2.0);
            total += counts[k];
        }
        return sum / total;
    }

    private static double expectedBucket(Map<String, Label> scores) {
        double sum = 0;
        double total = 0;
        for (Label l : scores.values()) {
            sum += l.getScore() * (Integer.parseInt(l.getLabel().substring(1)) / 2.0);
            total += l.getScore();
        }
        return sum / total;
    }

    private static int depthOf(Cart tree, int node) {
        return tree.isLeaf(node) ? 0 : 1 + Math.max(depthOf(tree, tree.left(node)), depthOf(tree, tree.right(node)));
    }

    private static void assertSmallNodesAreLeaves(Cart tree, int node, int minSplitSize) {
        int size = 0;
        for (int c : tree.counts(node)) {
            size += c;
        }
        if (size < minSplitSize) {
            assertTrue(tree.isLeaf(node), "a node of " + size + " rows was split");
        }
        if (!tree.isLeaf(node)) {
            assertSmallNodesAreLeaves(tree, tree.left(node), minSplitSize);
            assertSmallNodesAreLeaves(tree, tree.right(node), minSplitSize);
        }
    }
}
