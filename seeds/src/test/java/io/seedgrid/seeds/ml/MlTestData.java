package io.seedgrid.seeds.ml;

import io.seedgrid.seeds.bars.Bars;
import io.seedgrid.seeds.bars.Timeframe;
import io.seedgrid.seeds.gene.GeneSpec;
import io.seedgrid.seeds.gene.Genes;
import io.seedgrid.seeds.seed.Seed;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/** Bars and genomes for the machine-learning seed tests. */
final class MlTestData {
    private MlTestData() {}

    static List<Seed> seeds() {
        return List.of(MachineLearningSeeds.linearSvcClassifier(), MachineLearningSeeds.pcaTreeQuantile());
    }

    /**
     * {@code bars} with every bar after {@code t} rescaled by its own random factor (OHLC alike, so each bar stays
     * valid) and a different volume: returns, ranges and labels after {@code t} all change, bars up to {@code t} don't.
     */
    static Bars alteredAfter(Bars bars, int t, long seed) {
        int n = bars.size();
        Random random = new Random(seed);
        double[] open = new double[n];
        double[] high = new double[n];
        double[] low = new double[n];
        double[] close = new double[n];
        double[] volume = new double[n];
        for (int i = 0; i < n; i++) {
            double factor = i > t ? Math.exp(0.05 * random.nextGaussian()) : 1;
            open[i] = bars.open(i) * factor;
            high[i] = bars.high(i) * factor;
            low[i] = bars.low(i) * factor;
            close[i] = bars.close(i) * factor;
            volume[i] = i > t ? bars.volume(i) * 2 + 1 : bars.volume(i);
        }
        return Bars.of(bars.symbol(), bars.timeframe(), bars.endEpochMillis(), open, high, low, close, volume);
    }

    /** The default genes of {@code seed} with gene {@code name} set to {@code value}. */
    static double[] genes(Seed seed, Object... nameValues) {
        double[] genes = seed.defaultGenes();
        for (int i = 0; i < nameValues.length; i += 2) {
            int index = Genes.indexOf(seed.genes(), (String) nameValues[i]);
            genes[index] = seed.genes().get(index).require(((Number) nameValues[i + 1]).doubleValue());
        }
        return genes;
    }

    /** A genome drawn uniformly within the ranges of {@code seed}'s genes. */
    static double[] randomGenes(Seed seed, Random random) {
        List<GeneSpec> specs = seed.genes();
        double[] genes = new double[specs.size()];
        for (int i = 0; i < genes.length; i++) {
            GeneSpec spec = specs.get(i);
            genes[i] = spec.kind() == GeneSpec.Kind.INTEGER
                    ? spec.min() + random.nextInt((int) (spec.max() - spec.min()) + 1)
                    : spec.min() + random.nextDouble() * (spec.max() - spec.min());
        }
        return Genes.require(specs, genes);
    }

    /**
     * One-minute bars whose moves have a planted, learnable pattern: each move reverses the previous one's direction
     * with probability {@code reversal} (0.5: no pattern at all), with a random size of 0.2% to 1.2%.
     */
    static Bars plantedReversals(long seed, int n, double reversal) {
        Random random = new Random(seed);
        long[] time = new long[n];
        double[] open = new double[n];
        double[] high = new double[n];
        double[] low = new double[n];
        double[] close = new double[n];
        double[] volume = new double[n];
        double price = 100;
        double direction = 1;
        for (int t = 0; t < n; t++) {
            direction = random.nextDouble() < reversal ? -direction : direction;
            double size = 0.002 + 0.01 * random.nextDouble();
            open[t] = price;
            close[t] = t == 0 ? price : price * (1 + direction * size);
            high[t] = Math.max(open[t], close[t]) * (1 + 0.001 * random.nextDouble());
            low[t] = Math.min(open[t], close[t]) * (1 - 0.001 * random.nextDouble());
            volume[t] = 1 + random.nextInt(10);
            time[t] = 1_600_000_000_000L + 60_000L * t;
            price = close[t];
        }
        return Bars.of("PLANTED", Timeframe.M1, time, open, high, low, close, volume);
    }

    /** Pearson correlation of {@code a} and {@code b} from index {@code from} on; 1 when both are constant and equal. */
    static double correlation(double[] a, double[] b, int from) {
        int n = a.length - from;
        double meanA = 0;
        double meanB = 0;
        for (int t = from; t < a.length; t++) {
            meanA += a[t] / n;
            meanB += b[t] / n;
        }
        double ab = 0;
        double aa = 0;
        double bb = 0;
        for (int t = from; t < a.length; t++) {
            ab += (a[t] - meanA) * (b[t] - meanB);
            aa += (a[t] - meanA) * (a[t] - meanA);
            bb += (b[t] - meanB) * (b[t] - meanB);
        }
        if (aa == 0 || bb == 0) {
            return aa == bb && Arrays.equals(a, b) ? 1 : 0;
        }
        return ab / Math.sqrt(aa * bb);
    }

    /**
     * The sign of a signal, counting values within 1e-12 of 0 as 0: a leaf's expected bucket at the middle comes out
     * as exactly 0 from counts but as a rounding residue such as -1e-16 from Tribuo's normalised scores.
     */
    static int sign(double signal) {
        return Math.abs(signal) < 1e-12 ? 0 : (int) Math.signum(signal);
    }
}
