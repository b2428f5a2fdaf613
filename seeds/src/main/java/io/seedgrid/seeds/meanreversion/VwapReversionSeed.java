package io.seedgrid.seeds.meanreversion;

import io.seedgrid.seeds.gene.GeneSpec;
import io.seedgrid.seeds.seed.DataRequirement;
import io.seedgrid.seeds.seed.IndicatorSeed;
import io.seedgrid.seeds.seed.Indicators;
import io.seedgrid.seeds.seed.SeedContext;
import io.seedgrid.seeds.seed.SeedType;
import io.seedgrid.seeds.seed.Signals;

/** Reversion to the rolling volume-weighted average price, in ATR bands. */
final class VwapReversionSeed extends IndicatorSeed {

    VwapReversionSeed() {
        super(
                "VWAPReversionSeed",
                SeedType.MEAN_REVERSION,
                DataRequirement.PATTERN,
                "-(close - VWAP(window)) / (band * ATR(window)), clipped: buy below VWAP, sell above",
                GeneSpec.integer("window", 5, 100, 20),
                GeneSpec.real("band", 0.5, 5.0, 2.0));
    }

    @Override
    public int warmup(double[] genes) {
        return intGene(genes, 0); // VWAP is stable from window-1, ATR from window
    }

    @Override
    public void signals(SeedContext ctx, double[] genes, double[] into) {
        int window = intGene(genes, 0);
        double band = genes[1];
        double[] close = Indicators.close(ctx);
        double[] vwap = Indicators.vwap(ctx, window);
        double[] atr = Indicators.atr(ctx, window);
        double[] signal = requireBars(ctx, into);
        for (int t = 0; t < signal.length; t++) {
            signal[t] = atr[t] > 0 ? Signals.clip(-(close[t] - vwap[t]) / (band * atr[t])) : 0;
        }
    }
}
