package io.seedgrid.evolution.honesty;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.util.Locale;

/**
 * Times {@link TrialClusters#of} on simulated trials: prints figures, asserts nothing. Not a test; run it by hand:
 *
 * <pre>
 * java -Xmx300m -cp seeds/target/classes:evolution/target/classes:evolution/target/test-classes \
 *     io.seedgrid.evolution.honesty.TrialClustersBench [trials 5000] [columns 256] [repeats 5]
 * </pre>
 * Two sets: a GA-like one (100 ideas with 20 near-copies each, 500 inverted copies, 1,000 repeats of earlier trials,
 * the rest lone noise) and the worst case, all trials independent noise (nothing folds, n = N).
 */
public final class TrialClustersBench {
    private TrialClustersBench() {}

    public static void main(String[] args) {
        int trials = args.length > 0 ? Integer.parseInt(args[0]) : 5000;
        int columns = args.length > 1 ? Integer.parseInt(args[1]) : 256;
        int repeats = args.length > 2 ? Integer.parseInt(args[2]) : 5;
        run("GA-like", gaLike(trials, columns), repeats);
        run("independent", independent(trials, columns), repeats);
    }

    static void run(String name, double[][] returns, int repeats) {
        for (int r = 0; r < repeats; r++) {
            resetPeaks();
            long start = System.nanoTime();
            var result = TrialClusters.of(returns);
            double seconds = (System.nanoTime() - start) / 1e9;
            System.out.printf(
                    Locale.ROOT,
                    "%-11s %d x %d: %.3f s, peak heap %d MB, distinct %d, K %d, V %.5f," + " silhouette %.3f%n",
                    name,
                    returns.length,
                    returns[0].length,
                    seconds,
                    peakHeapMegabytes(),
                    result.distinctTrials(),
                    result.clusters(),
                    result.sharpeVariance(),
                    result.silhouette());
        }
    }

    static double[][] gaLike(int trials, int columns) {
        PlantedTrials p = new PlantedTrials(42, columns);
        for (int idea = 0; idea < 100 && p.size() < trials; idea++) {
            double[] base = p.base(0.05 * (idea % 5));
            for (int i = 0; i < 20; i++) {
                p.add(p.nearCopy(base));
            }
        }
        for (int i = 0; i < 500 && p.size() < trials; i++) {
            p.add(PlantedTrials.inverse(p.nearCopy(p.get(i * 4))));
        }
        for (int i = 0; i < 1000 && p.size() < trials; i++) {
            p.add(p.get(i).clone());
        }
        while (p.size() < trials) {
            p.add(p.base(0));
        }
        return p.toArray();
    }

    static double[][] independent(int trials, int columns) {
        PlantedTrials p = new PlantedTrials(43, columns);
        while (p.size() < trials) {
            p.add(p.base(0));
        }
        return p.toArray();
    }

    private static void resetPeaks() {
        System.gc();
        ManagementFactory.getMemoryPoolMXBeans().forEach(MemoryPoolMXBean::resetPeakUsage);
    }

    /** Sum of the heap pools' peaks since the reset: an upper bound on the live heap at any moment. */
    private static long peakHeapMegabytes() {
        long bytes = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) {
                bytes += pool.getPeakUsage().getUsed();
            }
        }
        return bytes >> 20;
    }
}
