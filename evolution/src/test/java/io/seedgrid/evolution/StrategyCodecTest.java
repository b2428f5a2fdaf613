package io.seedgrid.evolution;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.seedgrid.evolution.codec.StrategyCodec;
import io.seedgrid.seeds.Seeds;
import io.seedgrid.seeds.gene.GeneSpec;
import io.seedgrid.seeds.seed.Seed;
import io.seedgrid.seeds.strategy.BlendedStrategy;
import io.seedgrid.seeds.strategy.SeedGenes;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class StrategyCodecTest {
    private final StrategyCodec blend = new StrategyCodec(List.of(Seeds.byName("EMACrossover"), Seeds.byName("RSIFilter")));

    @Test
    void layoutIsGenesThenWeightPerSeedThenThresholds() {
        assertEquals(2 + 1 + 3 + 1 + 2, blend.length());
        assertEquals(2 + 2, new StrategyCodec(List.of(Seeds.byName("EMACrossover"))).length(), "a lone seed has no weight gene");
    }

    @Test
    void unitExtremesMapToRangeEnds() {
        double[] zeros = new double[blend.length()];
        double[] ones = new double[blend.length()];
        java.util.Arrays.fill(ones, 1.0);
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
                assertArrayEquals(strategy.components().get(s).genes(), again.components().get(s).genes(), 1e-12);
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
}
