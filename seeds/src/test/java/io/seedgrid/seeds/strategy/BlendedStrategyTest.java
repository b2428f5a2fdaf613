package io.seedgrid.seeds.strategy;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.seedgrid.seeds.Seeds;
import io.seedgrid.seeds.TestSupport;
import io.seedgrid.seeds.bars.Bars;
import io.seedgrid.seeds.bars.BundledData;
import io.seedgrid.seeds.seed.Seed;
import io.seedgrid.seeds.seed.SeedContext;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class BlendedStrategyTest {
    private static final Bars AAPL = BundledData.load("AAPL");

    @Test
    void aSeedJoinsTheBlendOnceItIsWarmedUp() {
        Seed rsi = Seeds.byName("RSIFilter");
        Seed sma = Seeds.byName("SMATrendFilter");
        double[] rsiGenes = {7, 30, 70};
        double[] smaGenes = {120, 5}; // warm-up 124 bars
        var strategy = new BlendedStrategy(
                List.of(new SeedGenes(rsi, rsiGenes, 0.6), new SeedGenes(sma, smaGenes, 0.2)), 0.3, 0.0);
        SeedContext ctx = SeedContext.of(AAPL);
        double[] a = rsi.signals(ctx, rsiGenes);
        double[] b = sma.signals(ctx, smaGenes);
        double[] blend = strategy.signals(ctx);
        assertEquals(7, strategy.warmup(), "the blend speaks as soon as its quickest seed does");
        int late = sma.warmup(smaGenes);
        assertEquals(124, late);
        for (int t = 0; t < AAPL.size(); t++) {
            double expected = t < 7 ? 0 : t < late ? a[t] : (0.6 * a[t] + 0.2 * b[t]) / 0.8;
            assertEquals(expected, blend[t], 1e-15, "bar " + t);
        }
    }

    @Test
    void weightlessSeedsDoNotSpeak() {
        Seed ema = Seeds.byName("EMACrossover");
        var strategy = new BlendedStrategy(List.of(new SeedGenes(ema, ema.defaultGenes(), 0)), 0.3, 0);
        double[] blend = strategy.signals(SeedContext.of(AAPL));
        for (double v : blend) {
            assertEquals(0, v);
        }
        assertThrows(IllegalArgumentException.class, () -> new SeedGenes(ema, ema.defaultGenes(), 1.5));
        assertThrows(IllegalArgumentException.class, () -> new BlendedStrategy(List.of(), 0.3, 0));
    }

    @Test
    void strategiesAreEqualByValueNotByTheirText() {
        Seed rsi = Seeds.byName("RSIFilter");
        var one = new BlendedStrategy(List.of(new SeedGenes(rsi, new double[] {7, 30, 70}, 0.601)), 0.3, 0.0);
        var same = new BlendedStrategy(List.of(new SeedGenes(rsi, new double[] {7, 30, 70}, 0.601)), 0.3, 0.0);
        var close = new BlendedStrategy(List.of(new SeedGenes(rsi, new double[] {7, 30, 70}, 0.602)), 0.3, 0.0);
        assertEquals(one, same);
        assertEquals(one.hashCode(), same.hashCode());
        assertEquals(one.toString(), close.toString(), "the text rounds weights to two decimals");
        assertNotEquals(one, close, "but the strategies differ");
        assertEquals(2, new HashSet<>(List.of(one, same, close)).size());
    }

    /**
     * The blend written into reused arrays equals, bit for bit, the blend as it was computed before (a fresh array per
     * seed, a difference array of joining weights), for random weights, genes and warm-ups, ties of warm-ups included,
     * and whatever the arrays held before.
     */
    @Test
    void reusedArraysGiveTheFormerBlendBitForBit() {
        Bars btc = BundledData.load("BTCUSD").head(2500);
        SeedContext ctx = SeedContext.of(btc);
        Random random = new Random(5);
        double[] into = new double[btc.size()];
        double[] scratch = new double[btc.size()];
        for (int k = 0; k < 40; k++) {
            List<SeedGenes> components = new ArrayList<>();
            for (String name : TestSupport.CLASSIC) {
                Seed seed = Seeds.byName(name);
                double weight = random.nextInt(4) == 0 ? 0 : random.nextInt(3) == 0 ? 0.5 : random.nextDouble();
                components.add(new SeedGenes(
                        seed, k % 5 == 0 ? seed.defaultGenes() : TestSupport.randomGenes(seed, random), weight));
            }
            var strategy = new BlendedStrategy(components, 0.3, 0);
            Arrays.fill(into, Double.NaN);
            Arrays.fill(scratch, 7);
            double[] former = formerBlend(components, ctx);
            assertArrayEquals(former, strategy.signals(ctx, into, scratch), "case " + k);
            assertArrayEquals(former, strategy.signals(ctx), "case " + k);
        }
    }

    /** BlendedStrategy.signals as it was: the oracle. */
    private static double[] formerBlend(List<SeedGenes> components, SeedContext ctx) {
        List<SeedGenes> weighted =
                components.stream().filter(c -> c.weight() > 0).toList();
        if (weighted.isEmpty()) {
            return new double[ctx.size()];
        }
        if (weighted.size() == 1) {
            return weighted.get(0).signals(ctx);
        }
        int n = ctx.size();
        double[] blend = new double[n];
        double[] weightFrom = new double[n + 1];
        for (SeedGenes c : weighted) {
            double w = c.weight();
            double[] s = c.signals(ctx);
            for (int t = 0; t < n; t++) {
                blend[t] += w * s[t];
            }
            weightFrom[Math.min(c.warmup(), n)] += w;
        }
        double speaking = 0;
        for (int t = 0; t < n; t++) {
            speaking += weightFrom[t];
            blend[t] = speaking > 0 ? blend[t] / speaking : 0;
        }
        return blend;
    }
}
