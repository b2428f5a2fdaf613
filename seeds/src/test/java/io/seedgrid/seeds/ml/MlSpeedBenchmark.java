package io.seedgrid.seeds.ml;

import io.seedgrid.seeds.bars.Bars;
import io.seedgrid.seeds.bars.BundledData;
import io.seedgrid.seeds.seed.Seed;
import io.seedgrid.seeds.seed.SeedContext;
import java.util.Random;
import java.util.function.BiFunction;

/**
 * Before/after figures for the machine-learning seeds, side by side in one JVM: the former Tribuo implementation
 * ({@link TribuoReference}) against the array solvers, per fresh genome (genes drawn uniformly from their ranges, a
 * fresh context per round so neither signals nor feature matrices are reused across rounds), then how far the
 * signals moved. Prints figures, asserts nothing; not a test (surefire does not pick it up). Run with
 * {@code java -cp seeds/target/test-classes:seeds/target/classes:<test classpath> io.seedgrid.seeds.ml.MlSpeedBenchmark
 * [genomes] [rounds] [symbol]}.
 */
public final class MlSpeedBenchmark {
    private MlSpeedBenchmark() {
    }

    public static void main(String[] args) {
        int genomes = args.length > 0 ? Integer.parseInt(args[0]) : 20;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        Bars bars = BundledData.load(args.length > 2 ? args[2] : "BTCUSD");
        System.out.printf("ML seeds on %s: %d random genomes x %d rounds (+1 warm-up), fresh context per round, Java %s%n",
                bars, genomes, rounds, Runtime.version());
        System.out.printf("%-24s %-7s %12s %12s%n", "seed", "impl", "ms/genome", "ns/bar");
        for (Seed seed : MlTestData.seeds()) {
            Random random = new Random(42);
            double[][] genes = new double[genomes][];
            for (int g = 0; g < genomes; g++) {
                genes[g] = MlTestData.randomGenes(seed, random);
            }
            BiFunction<SeedContext, double[], double[]> old = seed.name().equals(LinearSvcClassifierSeed.NAME)
                    ? TribuoReference::linearSvc : TribuoReference::pcaTree;
            double before = time(bars, genes, rounds, old);
            double after = time(bars, genes, rounds, seed::signals);
            System.out.printf("%-24s %-7s %12.2f %12.0f%n", seed.name(), "Tribuo", before / 1e6, before / bars.size());
            System.out.printf("%-24s %-7s %12.2f %12.0f   (%.1fx faster)%n", seed.name(), "arrays", after / 1e6,
                    after / bars.size(), before / after);
            agreement(seed, bars, genes, old);
        }
    }

    /** Best-round nanoseconds per genome. */
    private static double time(Bars bars, double[][] genes, int rounds,
            BiFunction<SeedContext, double[], double[]> signals) {
        long best = Long.MAX_VALUE;
        double sink = 0;
        for (int round = 0; round <= rounds; round++) {
            SeedContext ctx = SeedContext.of(bars);
            long start = System.nanoTime();
            for (double[] g : genes) {
                sink += signals.apply(ctx, g)[bars.size() - 1];
            }
            long elapsed = System.nanoTime() - start;
            if (round > 0) {
                best = Math.min(best, elapsed);
            }
        }
        if (Double.isNaN(sink)) {
            System.out.println("(NaN seen)");
        }
        return (double) best / genes.length;
    }

    /** Pooled over the genomes, bars after each warm-up: sign disagreements, correlation, largest difference. */
    private static void agreement(Seed seed, Bars bars, double[][] genes,
            BiFunction<SeedContext, double[], double[]> old) {
        long bars0 = 0;
        long signFlips = 0;
        double worst = 0;
        double minCorrelation = 1;
        for (double[] g : genes) {
            double[] a = old.apply(SeedContext.of(bars), g);
            double[] b = seed.signals(SeedContext.of(bars), g);
            int from = seed.warmup(g);
            for (int t = from; t < bars.size(); t++) {
                bars0++;
                signFlips += MlTestData.sign(a[t]) != MlTestData.sign(b[t]) ? 1 : 0;
                worst = Math.max(worst, Math.abs(a[t] - b[t]));
            }
            minCorrelation = Math.min(minCorrelation, MlTestData.correlation(a, b, from));
        }
        System.out.printf("%-24s signals vs Tribuo: %.4f%% of %d bars change sign, lowest correlation %.6f, largest"
                + " difference %.3g%n", seed.name(), 100.0 * signFlips / bars0, bars0, minCorrelation, worst);
    }
}
