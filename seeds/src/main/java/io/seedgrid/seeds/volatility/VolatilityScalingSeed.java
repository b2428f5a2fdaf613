package io.seedgrid.seeds.volatility;

import io.seedgrid.seeds.gene.GeneSpec;
import io.seedgrid.seeds.seed.DataRequirement;
import io.seedgrid.seeds.seed.IndicatorSeed;
import io.seedgrid.seeds.seed.Indicators;
import io.seedgrid.seeds.seed.SeedContext;
import io.seedgrid.seeds.seed.SeedType;
import io.seedgrid.seeds.seed.Signals;
import java.util.Arrays;

/**
 * Volatility-scaled momentum: the return over {@code lookback} bars divided by the volatility expected over that
 * horizon, so a move counts for more in a calm market than in a wild one.
 */
final class VolatilityScalingSeed extends IndicatorSeed {

    VolatilityScalingSeed() {
        super(
                "VolatilityScalingSeed",
                SeedType.VOLATILITY,
                DataRequirement.IMMEDIATE,
                "gain * lookback return / (return sigma(volWindow) * sqrt(lookback)), soft-signed",
                GeneSpec.integer("lookback", 1, 60, 3),
                GeneSpec.integer("volWindow", 3, 100, 10),
                GeneSpec.real("gain", 0.25, 4.0, 1.0));
    }

    @Override
    public int warmup(double[] genes) {
        return Math.max(intGene(genes, 0), intGene(genes, 1));
    }

    @Override
    public void signals(SeedContext ctx, double[] genes, double[] into) {
        int lookback = intGene(genes, 0);
        double gain = genes[2];
        double[] close = Indicators.close(ctx);
        double[] sigma = Indicators.returnStdDev(ctx, intGene(genes, 1));
        double horizon = Math.sqrt(lookback);
        double[] signal = requireBars(ctx, into);
        Arrays.fill(signal, 0, Math.min(lookback, signal.length), 0);
        for (int t = lookback; t < signal.length; t++) {
            double move = close[t] / close[t - lookback] - 1;
            // A flat stretch (sigma 0) says nothing: 0, not an infinite score.
            signal[t] = sigma[t] > 0 ? Signals.squash(gain * move / (sigma[t] * horizon)) : 0;
        }
    }
}
