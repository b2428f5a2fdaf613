package io.seedgrid.evolution;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.seedgrid.evolution.codec.StrategyCodec;
import io.seedgrid.seeds.Seeds;
import io.seedgrid.seeds.gene.GeneSpec;
import io.seedgrid.seeds.seed.Seed;
import io.seedgrid.seeds.strategy.BlendedStrategy;
import io.seedgrid.seeds.strategy.SeedGenes;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class StrategyCodecTest {
    private final StrategyCodec blend =
            new StrategyCodec(List.of(Seeds.byName("EMACrossover"), Seeds.byName("RSIFilter")));

    @Test
    void layoutIsGenesThenWeightPerSeedThenThresholds() {
        assertEquals(2 + 1 + 3 + 1 + 2, blend.length());
        assertEquals(
                2 + 2,
                new StrategyCodec(List.of(Seeds.byName("EMACrossover"))).length(),
                "a lone seed has no weight gene");
    }

    @Test
    void unitExtremesMapToRangeEnds() {
        double[] zeros = new double[blend.length()];
        double[] ones = new double[blend.length()];
        Arrays.fill(ones, 1.0);
        BlendedStrategy low = blend.decode(zeros);
        BlendedStrategy high = blend.decode(ones);
        for (int s = 0; s < 2; s++) {
            List<GeneSpec> specs = low.components().get(s).seed().genes();
            for (int g = 0; g < specs.size(); g++) {
                assertEquals(specs.get(g).min(), low.components().get(s).genes()[g]);
                assertEquals(specs.get(g).max(), high.components().get(s).genes()[g]);
            }
        }
        assertEquals(StrategyCodec.ENTRY.min(), low.entry());
        assertEquals(StrategyCodec.ENTRY.max(), high.entry());
    }

    @Test
    void integerGenesShareTheUnitIntervalEvenly() {
        Seed ema = Seeds.byName("EMACrossover");
        StrategyCodec codec = new StrategyCodec(List.of(ema));
        int[] counts = new int[51];
        int n = 49_000;
        for (int i = 0; i < n; i++) {
            double[] genome = {(i + 0.5) / n, 0.5, 0.5, 0.5};
            counts[(int) codec.decode(genome).components().get(0).genes()[0]]++;
        }
        for (int fast = 2; fast <= 50; fast++) {
            assertEquals(1000, counts[fast], 1, "fast=" + fast);
        }
    }

    @Test
    void encodeInvertsDecode() {
        Random random = new Random(3);
        for (int i = 0; i < 200; i++) {
            double[] genome = new double[blend.length()];
            for (int g = 0; g < genome.length; g++) {
                genome[g] = random.nextDouble();
            }
            BlendedStrategy strategy = blend.decode(genome);
            BlendedStrategy again = blend.decode(blend.encode(strategy));
            assertEquals(strategy.toString(), again.toString());
            for (int s = 0; s < 2; s++) {
                assertArrayEquals(
                        strategy.components().get(s).genes(),
                        again.components().get(s).genes(),
                        1e-12);
            }
        }
    }

    @Test
    void defaultGenomeDecodesToDefaultGenes() {
        BlendedStrategy defaults = blend.decode(blend.defaultGenome());
        for (SeedGenes c : defaults.components()) {
            assertArrayEquals(c.seed().defaultGenes(), c.genes(), 1e-12);
        }
    }

    @Test
    void wrongLengthIsRefused() {
        var e = assertThrows(IllegalArgumentException.class, () -> blend.decode(new double[3]));
        assertEquals("genome has 3 values; this codec needs 9", e.getMessage());
    }

    @Test
    void aLowWeightGeneSwitchesTheSeedOffExactly() {
        double[] genome = blend.defaultGenome();
        genome[2] = 0.10; // EMACrossover's weight gene, below the off threshold
        BlendedStrategy s = blend.decode(genome);
        assertEquals(0.0, s.components().get(0).weight(), "off means exactly 0");
        assertTrue(s.components().get(1).weight() > 0);
        genome[2] = 1.0;
        assertEquals(1.0, blend.decode(genome).components().get(0).weight());
        assertEquals(blend.decode(genome), blend.decode(blend.encode(blend.decode(genome))), "encode inverts decode");
    }

    @Test
    void orderedGenesDecodeInOrderSoNoCrossoverIsInverted() {
        StrategyCodec ema = new StrategyCodec(List.of(Seeds.byName("EMACrossover")));
        // fast near the top of its range (40), slow near the bottom of its (37): decoded as fast 37, slow 40
        double[] genome = {(40 - 2 + 0.5) / 49, (37 - 5 + 0.5) / 196, 0.3, 0.3};
        double[] genes = ema.decode(genome).components().get(0).genes();
        assertArrayEquals(new double[] {37, 40}, genes);
        double[] equal = {(20 - 2 + 0.5) / 49, (20 - 5 + 0.5) / 196, 0.3, 0.3};
        assertArrayEquals(
                new double[] {20, 21}, ema.decode(equal).components().get(0).genes());
        Random random = new Random(7);
        StrategyCodec ichimoku = new StrategyCodec(List.of(Seeds.byName("IchimokuCloud")));
        for (int i = 0; i < 200; i++) {
            double[] g = new double[ichimoku.length()];
            for (int k = 0; k < g.length; k++) {
                g[k] = random.nextDouble();
            }
            double[] v = ichimoku.decode(g).components().get(0).genes();
            assertTrue(v[0] < v[1] && v[1] < v[2], "tenkan < kijun < senkouB: " + Arrays.toString(v));
        }
    }

    @Test
    void aSeedWhoseGenesNeedMoreBarsThanTheRunKnowsIsDecodedSilent() {
        var seeds = List.of(Seeds.byName("RSIFilter"), Seeds.byName("LinearSVCClassifier"));
        double[] genome = new double[new StrategyCodec(seeds).length()];
        Arrays.fill(genome, 0.99); // LinearSVC trainWindow ~500: needs far more than 252 bars
        BlendedStrategy unlimited = new StrategyCodec(seeds).decode(genome);
        BlendedStrategy onAapl = new StrategyCodec(seeds, 252).decode(genome);
        assertTrue(unlimited.components().get(1).weight() > 0);
        assertEquals(0.0, onAapl.components().get(1).weight(), "silent on 252 bars: weight 0, as it behaves");
        assertEquals(unlimited.components().get(0), onAapl.components().get(0));
    }
}
