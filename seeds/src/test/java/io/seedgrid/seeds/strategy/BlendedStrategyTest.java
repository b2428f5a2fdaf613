package io.seedgrid.seeds.strategy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.seedgrid.seeds.Seeds;
import io.seedgrid.seeds.bars.Bars;
import io.seedgrid.seeds.bars.BundledData;
import io.seedgrid.seeds.seed.Seed;
import io.seedgrid.seeds.seed.SeedContext;
import java.util.List;
import org.junit.jupiter.api.Test;

class BlendedStrategyTest {
    private static final Bars AAPL = BundledData.load("AAPL");

    @Test
    void aSeedJoinsTheBlendOnceItIsWarmedUp() {
        Seed rsi = Seeds.byName("RSIFilter");
        Seed sma = Seeds.byName("SMATrendFilter");
        double[] rsiGenes = {7, 30, 70};
        double[] smaGenes = {120, 5}; // warm-up 124 bars
        var strategy = new BlendedStrategy(List.of(new SeedGenes(rsi, rsiGenes, 0.6), new SeedGenes(sma, smaGenes, 0.2)),
                0.3, 0.0);
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
}
