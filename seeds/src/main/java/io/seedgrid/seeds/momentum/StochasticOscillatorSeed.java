package io.seedgrid.seeds.momentum;

import io.seedgrid.seeds.gene.GeneSpec;
import io.seedgrid.seeds.seed.DataRequirement;
import io.seedgrid.seeds.seed.IndicatorSeed;
import io.seedgrid.seeds.seed.Indicators;
import io.seedgrid.seeds.seed.SeedContext;
import io.seedgrid.seeds.seed.SeedType;
import io.seedgrid.seeds.seed.Signals;

/**
 * Stochastic momentum: %K above 50 (close in the upper part of its range) and %K above its signal line %D
 * (K rising) are bullish.
 */
final class StochasticOscillatorSeed extends IndicatorSeed {

    StochasticOscillatorSeed() {
        super(
                "StochasticOscillatorSeed",
                SeedType.MOMENTUM,
                DataRequirement.IMMEDIATE,
                "((%K - 50) + 2 (%K - %D)) / 50, clipped: close high in its range and rising",
                GeneSpec.integer("kPeriod", 3, 50, 10),
                GeneSpec.integer("dPeriod", 1, 10, 3));
    }

    @Override
    public int warmup(double[] genes) {
        return intGene(genes, 0) - 1 + intGene(genes, 1) - 1;
    }

    @Override
    public void signals(SeedContext ctx, double[] genes, double[] into) {
        int kPeriod = intGene(genes, 0);
        double[] k = Indicators.stochasticK(ctx, kPeriod);
        // %D (a mean of at most 10 bars) is computed here, in place, rather than cached for each of 480 period pairs
        double[] signal = Indicators.rollingMean(k, intGene(genes, 1), requireBars(ctx, into));
        for (int t = 0; t < signal.length; t++) {
            signal[t] = Signals.clip(((k[t] - 50) + 2 * (k[t] - signal[t])) / 50);
        }
    }
}
