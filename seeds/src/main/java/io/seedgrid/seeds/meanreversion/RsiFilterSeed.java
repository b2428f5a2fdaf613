package io.seedgrid.seeds.meanreversion;

import io.seedgrid.seeds.gene.GeneSpec;
import io.seedgrid.seeds.seed.DataRequirement;
import io.seedgrid.seeds.seed.IndicatorSeed;
import io.seedgrid.seeds.seed.Indicators;
import io.seedgrid.seeds.seed.SeedContext;
import io.seedgrid.seeds.seed.SeedType;
import io.seedgrid.seeds.seed.Signals;

/** RSI reversion: +1 at or under the oversold level, -1 at or over overbought, linear in between through 50. */
final class RsiFilterSeed extends IndicatorSeed {

    RsiFilterSeed() {
        super(
                "RSIFilterSeed",
                SeedType.MEAN_REVERSION,
                DataRequirement.IMMEDIATE,
                "RSI under 50 scaled to +1 at oversold, over 50 scaled to -1 at overbought",
                GeneSpec.integer("period", 2, 50, 7),
                GeneSpec.real("oversold", 10, 45, 30),
                GeneSpec.real("overbought", 55, 90, 70));
    }

    @Override
    public int warmup(double[] genes) {
        return intGene(genes, 0);
    }

    @Override
    public void signals(SeedContext ctx, double[] genes, double[] into) {
        double[] rsi = Indicators.rsi(ctx, intGene(genes, 0));
        double oversold = genes[1];
        double overbought = genes[2];
        double[] signal = requireBars(ctx, into);
        for (int t = 0; t < signal.length; t++) {
            double r = rsi[t];
            signal[t] = Signals.clip(r < 50 ? (50 - r) / (50 - oversold) : -(r - 50) / (overbought - 50));
        }
    }
}
