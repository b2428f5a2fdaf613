package io.seedgrid.seeds.momentum;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import io.seedgrid.seeds.bars.BundledData;
import io.seedgrid.seeds.seed.Indicators;
import io.seedgrid.seeds.seed.SeedContext;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The two-pass signal loop gives the one-pass formula's values bit for bit, warm-up and flat stretches included. */
class EmaCrossoverSeedTest {

    @Test
    void sameBitsAsTheOnePassFormula() {
        SeedContext ctx = SeedContext.of(BundledData.load("BTCUSD").head(3000));
        EmaCrossoverSeed seed = new EmaCrossoverSeed();
        Random random = new Random(2);
        for (int k = 0; k < 30; k++) {
            int fast = 2 + random.nextInt(49);
            int slow = 5 + random.nextInt(196);
            double[] expected = new double[ctx.size()];
            if (Math.min(fast, slow) != Math.max(fast, slow)) {
                double[] emaFast = Indicators.ema(ctx, Math.min(fast, slow));
                double[] emaSlow = Indicators.ema(ctx, Math.max(fast, slow));
                double[] atr = Indicators.atr(ctx, Math.max(fast, slow));
                for (int t = 0; t < expected.length; t++) {
                    double d = emaFast[t] - emaSlow[t];
                    double v = d / (atr[t] + Math.abs(d));
                    expected[t] = atr[t] > 0 && v == v ? v : 0;
                }
            }
            assertArrayEquals(expected, seed.signals(ctx, new double[] {fast, slow}), fast + "/" + slow);
        }
    }
}
