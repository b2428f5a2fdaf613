package io.seedgrid.seeds.trend;

import io.seedgrid.seeds.gene.GeneSpec;
import io.seedgrid.seeds.seed.DataRequirement;
import io.seedgrid.seeds.seed.IndicatorSeed;
import io.seedgrid.seeds.seed.Indicators;
import io.seedgrid.seeds.seed.SeedContext;
import io.seedgrid.seeds.seed.SeedType;
import io.seedgrid.seeds.seed.Signals;
import java.util.Arrays;
import java.util.List;

/**
 * Ichimoku: price against the cloud plotted {@code displacement} bars ago (so only past bars make it), plus the
 * tenkan/kijun cross, in ATR units. Defaults are the classic 9/26/52/26 roughly halved (6/13/26/13), so a 50-bar
 * history gives signals; evolution may stretch them.
 */
final class IchimokuCloudSeed extends IndicatorSeed {

    IchimokuCloudSeed() {
        super(
                "IchimokuCloudSeed",
                SeedType.TREND_FOLLOWING,
                DataRequirement.PATTERN,
                "(distance of close outside the displaced cloud + tenkan - kijun) / ATR(kijun), soft-signed",
                GeneSpec.integer("tenkan", 3, 30, 6),
                GeneSpec.integer("kijun", 5, 60, 13),
                GeneSpec.integer("senkouB", 10, 120, 26),
                GeneSpec.integer("displacement", 0, 30, 13));
    }

    @Override
    public List<List<String>> orderedGenes() {
        return List.of(List.of("tenkan", "kijun", "senkouB"));
    }

    @Override
    public int warmup(double[] genes) {
        int tenkan = intGene(genes, 0);
        int kijun = intGene(genes, 1);
        int senkouB = intGene(genes, 2);
        int displacement = intGene(genes, 3);
        int lines = Math.max(tenkan, Math.max(kijun, senkouB)) - 1;
        return Math.max(kijun, lines + displacement);
    }

    @Override
    public void signals(SeedContext ctx, double[] genes, double[] into) {
        int kijunPeriod = intGene(genes, 1);
        int displacement = intGene(genes, 3);
        double[] close = Indicators.close(ctx);
        double[] tenkan = Indicators.donchianMid(ctx, intGene(genes, 0));
        double[] kijun = Indicators.donchianMid(ctx, kijunPeriod);
        double[] spanB = Indicators.donchianMid(ctx, intGene(genes, 2));
        double[] atr = Indicators.atr(ctx, kijunPeriod);
        double[] signal = requireBars(ctx, into);
        Arrays.fill(signal, 0, Math.min(displacement, signal.length), 0);
        for (int t = displacement; t < signal.length; t++) {
            int past = t - displacement;
            double spanA = (tenkan[past] + kijun[past]) / 2;
            double top = Math.max(spanA, spanB[past]);
            double bottom = Math.min(spanA, spanB[past]);
            // Before the displaced cloud exists it is NaN, and so is the signal: comparisons with NaN are false and
            // would otherwise read as "inside the cloud", letting tenkan - kijun speak before the warm-up.
            double outside = Double.isNaN(top)
                    ? Double.NaN
                    : close[t] > top ? close[t] - top : close[t] < bottom ? close[t] - bottom : 0;
            signal[t] = atr[t] > 0 ? Signals.squash((outside + tenkan[t] - kijun[t]) / atr[t]) : 0;
        }
    }
}
