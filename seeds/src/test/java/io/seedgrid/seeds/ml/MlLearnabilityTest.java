package io.seedgrid.seeds.ml;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.seedgrid.seeds.bars.Bars;
import io.seedgrid.seeds.seed.Seed;
import io.seedgrid.seeds.seed.SeedContext;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The seeds learn a planted pattern, and find none where there is none; the quantile labelling is exact. */
class MlLearnabilityTest {

    static Stream<Seed> seeds() {
        return MlTestData.seeds().stream();
    }

    @ParameterizedTest
    @MethodSource("seeds")
    void learnsPlantedReversalsAndNothingFromCoinFlips(Seed seed) {
        double[] genes = MlTestData.genes(seed, "horizon", 1);
        // 80% of moves reverse the previous one: a next-bar direction guess from the last return is right 80% of the
        // time.
        double planted = hitRate(seed, genes, MlTestData.plantedReversals(3, 2000, 0.8));
        assertTrue(planted > 0.65, seed + " hit rate on planted reversals " + planted);
        // Independent directions: no learner can beat a coin.
        double none = hitRate(seed, genes, MlTestData.plantedReversals(3, 2000, 0.5));
        assertTrue(none > 0.44 && none < 0.56, seed + " hit rate on coin flips " + none);
    }

    /** How often the signal's sign matches the next bar's move, over bars where the seed has an opinion. */
    private static double hitRate(Seed seed, double[] genes, Bars bars) {
        double[] signal = seed.signals(SeedContext.of(bars), genes);
        int right = 0;
        int called = 0;
        for (int t = seed.warmup(genes); t + 1 < bars.size(); t++) {
            double move = bars.close(t + 1) - bars.close(t);
            if (signal[t] != 0 && move != 0) {
                called++;
                right += Math.signum(move) == Math.signum(signal[t]) ? 1 : 0;
            }
        }
        assertTrue(called > 1500, seed + " called only " + called + " bars");
        return right / (double) called;
    }

    @Test
    void quantileEdgesLieBetweenOrderStatistics() {
        // 10 values, 5 buckets: edges between the 2nd/3rd, 4th/5th, 6th/7th and 8th/9th smallest.
        double[] values = {7, 1, 9, 3, 5, 10, 2, 8, 4, 6};
        assertArrayEquals(new double[] {2.5, 4.5, 6.5, 8.5}, PcaTreeQuantileSeed.quantileEdges(values, 5));
        double[] edges = {2.5, 4.5, 6.5, 8.5};
        assertEquals(0, PcaTreeQuantileSeed.bucketClass(1, edges));
        assertEquals(2, PcaTreeQuantileSeed.bucketClass(3, edges)); // bucket 1
        assertEquals(8, PcaTreeQuantileSeed.bucketClass(10, edges)); // bucket 4
    }

    @Test
    void tiedValuesTakeTheMidPointOfTheBucketsTheyBorder() {
        // Six zeros among ten values, 3 buckets: both edges are 0, so 0 sits between buckets 0 and 2 -> class 2 (=
        // 1.0).
        double[] values = {0, -3, 0, 0, 2, 0, 0, -1, 0, 5};
        double[] edges = PcaTreeQuantileSeed.quantileEdges(values, 3);
        assertArrayEquals(new double[] {0, 0}, edges);
        assertEquals(2, PcaTreeQuantileSeed.bucketClass(0, edges));
        assertEquals(0, PcaTreeQuantileSeed.bucketClass(-1, edges));
        assertEquals(4, PcaTreeQuantileSeed.bucketClass(2, edges));
        // One edge hit exactly: half-way between its two buckets.
        assertEquals(3, PcaTreeQuantileSeed.bucketClass(4.5, new double[] {2.5, 4.5, 6.5, 8.5}));
    }
}
