package io.seedgrid.seeds.ml;

import io.seedgrid.seeds.bars.Bars;
import io.seedgrid.seeds.bars.BundledData;
import io.seedgrid.seeds.seed.Seed;
import io.seedgrid.seeds.seed.SeedContext;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Random;
import java.util.function.BiFunction;

/**
 * Before/after figures for the machine-learning seeds, side by side in one JVM: the former Tribuo implementation
 * ({@link TribuoReference}) against the array solvers, per fresh genome (genes drawn uniformly from their ranges, a
 * fresh context per round so neither signals nor feature matrices are reused across rounds), then how far the
 * signals moved. Times are the best round's wall clock and this thread's CPU time (the second is steadier on a
 * shared machine). Prints figures, asserts nothing; not a test (surefire does not pick it up). Run with
 * <pre>
 * mvn -q -o -pl seeds test-compile dependency:build-classpath -Dmdep.outputFile=cp.txt -Dmdep.includeScope=test
 * java -cp seeds/target/test-classes:seeds/target/classes:$(cat seeds/cp.txt) io.seedgrid.seeds.ml.MlSpeedBenchmark \
 *     [genomes] [rounds] [symbol] [arrays]
 * </pre>
 * (with {@code arrays}, the new implementation only).
 */
public final class MlSpeedBenchmark {
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    private MlSpeedBenchmark() {}

    public static void main(String[] args) {
        int genomes = args.length > 0 ? Integer.parseInt(args[0]) : 20;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        Bars bars = BundledData.load(args.length > 2 ? args[2] : "BTCUSD");
        boolean arraysOnly = args.length > 3 && args[3].equals("arrays");
        System.out.printf(
                "ML seeds on %s: %d random genomes x %d rounds (+1 warm-up), fresh context per round, " + "Java %s%n",
                bars, genomes, rounds, Runtime.version());
        System.out.printf(
                "%-24s %-7s %12s %10s %12s %10s%n", "seed", "impl", "ms/genome", "ns/bar", "cpu ms/gen.", "cpu ns/bar");
        for (Seed seed : MlTestData.seeds()) {
            Random random = new Random(42);
            double[][] genes = new double[genomes][];
            for (int g = 0; g < genomes; g++) {
                genes[g] = MlTestData.randomGenes(seed, random);
            }
            BiFunction<SeedContext, double[], double[]> old = seed.name().equals(LinearSvcClassifierSeed.NAME)
                    ? TribuoReference::linearSvc
                    : TribuoReference::pcaTree;
            double[] after = time(bars, genes, rounds, seed::signals);
            if (!arraysOnly) {
                double[] before = time(bars, genes, rounds, old);
                print(seed, "Tribuo", before, bars, "");
                print(
                        seed,
                        "arrays",
                        after,
                        bars,
                        String.format("   (%.1fx faster wall, %.1fx cpu)", before[0] / after[0], before[1] / after[1]));
                agreement(seed, bars, genes, old);
            } else {
                print(seed, "arrays", after, bars, "");
            }
        }
    }

    private static void print(Seed seed, String impl, double[] nanos, Bars bars, String note) {
        System.out.printf(
                "%-24s %-7s %12.2f %10.0f %12.2f %10.0f%s%n",
                seed.name(),
                impl,
                nanos[0] / 1e6,
                nanos[0] / bars.size(),
                nanos[1] / 1e6,
                nanos[1] / bars.size(),
                note);
    }

    /** Best-round nanoseconds per genome: wall clock, then CPU time of this thread. */
    private static double[] time(
            Bars bars, double[][] genes, int rounds, BiFunction<SeedContext, double[], double[]> signals) {
        long bestWall = Long.MAX_VALUE;
        long bestCpu = Long.MAX_VALUE;
        double sink = 0;
        for (int round = 0; round <= rounds; round++) {
            SeedContext ctx = SeedContext.of(bars);
            long cpu = THREADS.getCurrentThreadCpuTime();
            long start = System.nanoTime();
            for (double[] g : genes) {
                sink += signals.apply(ctx, g)[bars.size() - 1];
            }
            long elapsed = System.nanoTime() - start;
            long used = THREADS.getCurrentThreadCpuTime() - cpu;
            if (round > 0) {
                bestWall = Math.min(bestWall, elapsed);
                bestCpu = Math.min(bestCpu, used);
            }
        }
        if (Double.isNaN(sink)) {
            System.out.println("(NaN seen)");
        }
        return new double[] {(double) bestWall / genes.length, (double) bestCpu / genes.length};
    }

    /** Pooled over the genomes, bars after each warm-up: sign disagreements, correlation, largest difference. */
    private static void agreement(
            Seed seed, Bars bars, double[][] genes, BiFunction<SeedContext, double[], double[]> old) {
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
        System.out.printf(
                "%-24s signals vs Tribuo: %.4f%% of %d bars change sign, lowest correlation %.6f, largest"
                        + " difference %.3g%n",
                seed.name(), 100.0 * signFlips / bars0, bars0, minCorrelation, worst);
    }
}
