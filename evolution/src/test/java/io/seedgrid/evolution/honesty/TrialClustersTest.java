package io.seedgrid.evolution.honesty;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.HashSet;
import java.util.OptionalDouble;
import java.util.Set;
import org.junit.jupiter.api.Test;

class TrialClustersTest {

    @Test
    void threeGroupsOfNoisyCopiesAreThreeClusters() {
        PlantedTrials p = new PlantedTrials(1, 256);
        double[][] bases = {p.base(0), p.base(0.05), p.base(-0.05)};
        int[] group = new int[150];
        for (int i = 0; i < 150; i++) {
            group[i] = i % 3; // interleaved, so nothing rests on the input order
            p.add(p.copy(bases[group[i]], 0.5)); // correlation about 0.8 between copies
        }
        var result = TrialClusters.of(p.toArray());

        assertEquals(3, result.clusters());
        assertEquals(3, result.significantClusters());
        assertEquals(150, result.distinctTrials());
        int[] clusterOf = result.clusterOf();
        for (int i = 0; i < 150; i++) {
            assertEquals(clusterOf[group[i]], clusterOf[i], "copy " + i + " of base " + group[i]);
        }
        assertEquals(Set.of(0, 1, 2), Set.of(clusterOf[0], clusterOf[1], clusterOf[2]));
        assertEquals(50, result.clusterSizes()[0]);
        assertTrue(result.silhouette() > 0.5, "silhouette " + result.silhouette());
    }

    @Test
    void aTrialAndItsInverseLandInDifferentClusters() {
        PlantedTrials p = new PlantedTrials(2, 256);
        double[] idea = p.base(0.1);
        var pair = TrialClusters.of(new double[][] {idea, PlantedTrials.inverse(idea)});
        assertEquals(2, pair.clusters());
        assertNotEquals(pair.clusterOf()[0], pair.clusterOf()[1]);

        for (int i = 0; i < 20; i++) {
            p.add(p.nearCopy(idea)).add(PlantedTrials.inverse(p.nearCopy(idea))).add(p.base(0));
        }
        var result = TrialClusters.of(p.toArray());
        int[] clusterOf = result.clusterOf();
        assertEquals(2 + 20, result.clusters(), "copies, inverted copies, 20 lone noise trials");
        for (int i = 0; i < 20; i++) {
            assertEquals(clusterOf[0], clusterOf[3 * i], "copy " + i);
            assertEquals(clusterOf[1], clusterOf[3 * i + 1], "inverted copy " + i);
        }
        assertNotEquals(clusterOf[0], clusterOf[1]);
        double[] sharpe = result.clusterSharpe();
        assertEquals(sharpe[clusterOf[0]], -sharpe[clusterOf[1]], 0.02, "inversion flips the Sharpe ratio");
    }

    @Test
    void independentTrialsAreEachTheirOwnCluster() {
        PlantedTrials p = new PlantedTrials(3, 700);
        for (int i = 0; i < 260; i++) {
            p.add(p.base(0));
        }
        double[][] returns = p.toArray();
        var result = TrialClusters.of(returns);
        assertTrue(result.clusters() >= 0.95 * 260, "K " + result.clusters());
        assertEquals(
                PlantedTrials.naiveVariance(returns),
                result.sharpeVariance(),
                0.05 * result.sharpeVariance(),
                "singletons' V is the naive V");
    }

    @Test
    void withoutTheSignificanceCutNoiseCollapses() {
        // Why the cut exists: the silhouette alone finds structure in pure noise.
        PlantedTrials p = new PlantedTrials(3, 700);
        for (int i = 0; i < 260; i++) {
            p.add(p.base(0));
        }
        double[][] returns = p.toArray();
        var everyMerge = TrialClusters.of(returns, OptionalDouble.of(-1), 260);
        assertTrue(everyMerge.clusters() < 260 / 2, "K without the cut " + everyMerge.clusters());
    }

    @Test
    void duplicatesFoldAndFlatTrialsAreLeftOut() {
        PlantedTrials p = new PlantedTrials(4, 128);
        double[] a = p.base(0.1);
        double[] b = p.base(0);
        double[] leveraged = a.clone();
        for (int t = 0; t < leveraged.length; t++) {
            leveraged[t] *= 2;
        }
        double[] constant = new double[128];
        Arrays.fill(constant, 0.001);
        double[][] returns = {new double[128], a, a.clone(), leveraged, b, constant, p.copy(b, 0.01)};
        var result = TrialClusters.of(returns);

        assertEquals(7, result.trials());
        assertEquals(2, result.flatTrials(), "never trades, earns a constant");
        assertEquals(2, result.distinctTrials(), "a (twice, and leveraged), b (and a copy at correlation 0.99995)");
        assertEquals(2, result.clusters());
        int[] clusterOf = result.clusterOf();
        assertEquals(-1, clusterOf[0]);
        assertEquals(-1, clusterOf[5]);
        assertEquals(0, clusterOf[1]);
        assertEquals(0, clusterOf[2]);
        assertEquals(0, clusterOf[3]);
        assertEquals(1, clusterOf[4]);
        assertEquals(1, clusterOf[6]);
        assertEquals(3, result.clusterSizes()[0]);
        assertEquals(2, result.clusterSizes()[1]);
        assertEquals(
                PlantedTrials.moments(a).sharpe(),
                result.clusterSharpe()[0],
                1e-12,
                "a cluster of one distinct trial has its Sharpe ratio");
    }

    @Test
    void clusterSeriesWeighMembersByInverseVariance() {
        PlantedTrials p = new PlantedTrials(5, 300);
        double[] idea = p.base(0.1);
        double[] calm = p.copy(idea, 0.3);
        double[] wild = p.copy(idea, 0.3);
        for (int t = 0; t < wild.length; t++) {
            wild[t] = 3 * wild[t] + 0.002; // three times the volatility, and a drift of its own
        }
        var result = TrialClusters.of(new double[][] {calm, wild, PlantedTrials.inverse(idea)});
        assertEquals(2, result.clusters());
        double wc = 1 / Math.pow(PlantedTrials.moments(calm).std(), 2);
        double ww = 1 / Math.pow(PlantedTrials.moments(wild).std(), 2);
        double[] mix = new double[300];
        for (int t = 0; t < 300; t++) {
            mix[t] = (wc * calm[t] + ww * wild[t]) / (wc + ww);
        }
        double expected = PlantedTrials.moments(mix).sharpe();
        assertEquals(expected, result.clusterSharpe()[0], 1e-12);
        double other = PlantedTrials.moments(PlantedTrials.inverse(idea)).sharpe();
        double mean = (expected + other) / 2;
        assertEquals(
                (expected - mean) * (expected - mean) + (other - mean) * (other - mean),
                result.sharpeVariance(),
                1e-15,
                "sample variance of the two cluster Sharpe ratios");
    }

    @Test
    void allFlatTrialsMakeNoCluster() {
        var result = TrialClusters.of(new double[][] {new double[10], new double[10]});
        assertEquals(0, result.clusters());
        assertEquals(2, result.flatTrials());
        assertEquals(0, result.sharpeVariance());
        var dsr = ClusteredDeflatedSharpe.of(result, 0, 1, PlantedTrials.moments(new double[10]));
        assertEquals(1, dsr.clusters(), "nothing to deflate by");
        assertEquals(0, dsr.expectedMaxSharpe());
    }

    @Test
    void significantCorrelationFollowsFisherAndBonferroni() {
        // One pair at 5%, one-sided (only positive correlation joins): z > 1.645 on Fisher's scale, sd 1 / sqrt(T - 3).
        assertEquals(
                Math.tanh(1.6448536269514722 / Math.sqrt(100 - 3)),
                TrialClusters.significantCorrelation(100, 1),
                1e-12);
        double many = TrialClusters.significantCorrelation(700, 260L * 259 / 2);
        assertTrue(many > 0.15 && many < 0.2, "the bound for 260 trials of 700 bars: " + many);
        assertTrue(
                TrialClusters.significantCorrelation(128, 1000) > TrialClusters.significantCorrelation(256, 1000),
                "fewer observations need a stronger correlation");
    }

    @Test
    void rejectsBadInput() {
        assertThrows(IllegalArgumentException.class, () -> TrialClusters.of(new double[0][]));
        assertThrows(IllegalArgumentException.class, () -> TrialClusters.of(new double[][] {{1, 2, 3}}));
        assertThrows(IllegalArgumentException.class, () -> TrialClusters.of(new double[][] {{1, 2, 3, 4}, {1, 2, 3}}));
        var nan = assertThrows(
                IllegalArgumentException.class,
                () -> TrialClusters.of(new double[][] {{1, 2, 3, 4}, {1, Double.NaN, 3, 4}}));
        assertTrue(nan.getMessage().contains("returns[1][1] is NaN"), nan.getMessage());
        assertThrows(
                IllegalArgumentException.class,
                () -> TrialClusters.of(new double[][] {{1, 2, 3, Double.POSITIVE_INFINITY}}));
    }

    @Test
    void resultsAreImmutable() {
        PlantedTrials p = new PlantedTrials(6, 64);
        var result = TrialClusters.of(new double[][] {p.base(0), p.base(0)});
        result.clusterOf()[0] = 99;
        result.clusterSharpe()[0] = 99;
        assertEquals(0, result.clusterOf()[0]);
        assertNotEquals(99, result.clusterSharpe()[0]);
        Set<Integer> labels = new HashSet<>();
        for (int c : result.clusterOf()) {
            labels.add(c);
        }
        assertEquals(Set.of(0, 1), labels);
    }
}
