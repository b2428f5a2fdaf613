package io.seedgrid.seeds.trend;

import io.seedgrid.seeds.gene.GeneSpec;
import io.seedgrid.seeds.seed.DataRequirement;
import io.seedgrid.seeds.seed.IndicatorSeed;
import io.seedgrid.seeds.seed.Indicators;
import io.seedgrid.seeds.seed.SeedContext;
import io.seedgrid.seeds.seed.SeedType;
import io.seedgrid.seeds.seed.Signals;
import java.util.Arrays;

/** Trend filter: price above a rising SMA is bullish; distance and slope measured in ATR units. */
final class SmaTrendFilterSeed extends IndicatorSeed {

    SmaTrendFilterSeed() {
        super(
                "SMATrendFilterSeed",
                SeedType.TREND_FOLLOWING,
                DataRequirement.PATTERN,
                "((close - SMA) + (SMA - SMA[slope bars ago])) / ATR, soft-signed",
                GeneSpec.integer("period", 5, 200, 30),
                GeneSpec.integer("slope", 1, 20, 5));
    }

    @Override
    public int warmup(double[] genes) {
        int period = intGene(genes, 0);
        return Math.max(period, period - 1 + intGene(genes, 1));
    }

    @Override
    public void signals(SeedContext ctx, double[] genes, double[] into) {
        int period = intGene(genes, 0);
        int slope = intGene(genes, 1);
        double[] close = Indicators.close(ctx);
        double[] sma = Indicators.sma(ctx, period);
        double[] atr = Indicators.atr(ctx, period);
        double[] signal = requireBars(ctx, into);
        Arrays.fill(signal, 0, Math.min(slope, signal.length), 0);
        for (int t = slope; t < signal.length; t++) {
            signal[t] = atr[t] > 0 ? Signals.squash(((close[t] - sma[t]) + (sma[t] - sma[t - slope])) / atr[t]) : 0;
        }
    }
}
