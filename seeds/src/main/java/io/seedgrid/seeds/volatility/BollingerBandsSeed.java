package io.seedgrid.seeds.volatility;

import io.seedgrid.seeds.gene.GeneSpec;
import io.seedgrid.seeds.seed.DataRequirement;
import io.seedgrid.seeds.seed.IndicatorSeed;
import io.seedgrid.seeds.seed.Indicators;
import io.seedgrid.seeds.seed.SeedContext;
import io.seedgrid.seeds.seed.SeedType;
import io.seedgrid.seeds.seed.Signals;

/** Band reversion: at the lower band (k deviations under the mean) +1, at the upper band -1. */
final class BollingerBandsSeed extends IndicatorSeed {

    BollingerBandsSeed() {
        super(
                "BollingerBandsSeed",
                SeedType.VOLATILITY,
                DataRequirement.PATTERN,
                "-(close - SMA) / (k * sigma), clipped: buy the lower band, sell the upper",
                GeneSpec.integer("period", 5, 100, 20),
                GeneSpec.real("k", 1.0, 3.5, 2.0));
    }

    @Override
    public int warmup(double[] genes) {
        return intGene(genes, 0) - 1;
    }

    @Override
    public void signals(SeedContext ctx, double[] genes, double[] into) {
        int period = intGene(genes, 0);
        double k = genes[1];
        double[] close = Indicators.close(ctx);
        double[] mean = Indicators.sma(ctx, period);
        double[] sigma = Indicators.closeStdDev(ctx, period);
        double[] signal = requireBars(ctx, into);
        for (int t = 0; t < signal.length; t++) {
            signal[t] = sigma[t] > 0 ? Signals.clip(-(close[t] - mean[t]) / (k * sigma[t])) : 0;
        }
    }
}
