package io.seedgrid.seeds.momentum;

import io.seedgrid.seeds.gene.GeneSpec;
import io.seedgrid.seeds.seed.DataRequirement;
import io.seedgrid.seeds.seed.IndicatorSeed;
import io.seedgrid.seeds.seed.Indicators;
import io.seedgrid.seeds.seed.SeedContext;
import io.seedgrid.seeds.seed.SeedType;
import java.util.Arrays;
import java.util.List;

/** Fast EMA minus slow EMA, in units of the slow period's ATR: long when the fast average is above. */
final class EmaCrossoverSeed extends IndicatorSeed {

    EmaCrossoverSeed() {
        super(
                "EMACrossoverSeed",
                SeedType.MOMENTUM,
                DataRequirement.IMMEDIATE,
                "EMA(fast) - EMA(slow) in ATR(slow) units, soft-signed",
                GeneSpec.integer("fast", 2, 50, 5),
                GeneSpec.integer("slow", 5, 200, 13));
    }

    @Override
    public List<List<String>> orderedGenes() {
        return List.of(List.of("fast", "slow"));
    }

    @Override
    public int warmup(double[] genes) {
        // ta4j's EMA and ATR are NaN for their first `period` bars.
        return Math.max(intGene(genes, 0), intGene(genes, 1));
    }

    @Override
    public void signals(SeedContext ctx, double[] genes, double[] into) {
        int fast = Math.min(intGene(genes, 0), intGene(genes, 1));
        int slow = Math.max(intGene(genes, 0), intGene(genes, 1));
        double[] signal = requireBars(ctx, into);
        if (fast == slow) {
            Arrays.fill(signal, 0); // no crossover without two different averages
            return;
        }
        double[] emaFast = Indicators.ema(ctx, fast);
        double[] emaSlow = Indicators.ema(ctx, slow);
        double[] atr = Indicators.atr(ctx, slow);
        // squash(d / atr) with one division: d / (atr + |d|), in a loop of arithmetic only (it vectorises), then
        // 0 where ATR is 0 (only over bars that all repeat the first close: no range, no opinion) or NaN (warm-up).
        for (int t = 0; t < signal.length; t++) {
            double d = emaFast[t] - emaSlow[t];
            signal[t] = d / (atr[t] + Math.abs(d));
        }
        for (int t = 0; t < signal.length; t++) {
            double v = signal[t];
            if (!(atr[t] > 0) || v != v) {
                signal[t] = 0;
            }
        }
    }
}
