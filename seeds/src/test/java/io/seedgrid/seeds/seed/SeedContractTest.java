package io.seedgrid.seeds.seed;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.seedgrid.seeds.Seeds;
import io.seedgrid.seeds.TestSupport;
import io.seedgrid.seeds.bars.Bars;
import io.seedgrid.seeds.bars.BundledData;
import io.seedgrid.seeds.gene.Genes;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.TreeSet;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The {@link Seed} contract, for every seed in the registry (the classic eight and whatever joins them): no look-ahead,
 * exact warm-up, finite values in [-1, 1], determinism.
 */
class SeedContractTest {
    /** Genomes per seed besides the defaults, drawn from a fixed seed. */
    private static final int RANDOM_GENOMES = 3;

    static Stream<String> seeds() {
        return Seeds.all().stream().map(Seed::name);
    }

    private static Bars aapl() {
        return BundledData.load("AAPL");
    }

    /** 1,500 minutes of BTCUSD from the middle of the week. */
    private static Bars btcSlice() {
        return BundledData.load("BTCUSD").slice(3000, 4500);
    }

    private static List<double[]> genomes(Seed seed, long salt) {
        Random random = new Random(20131125L ^ seed.name().hashCode() ^ salt);
        List<double[]> genomes = new ArrayList<>();
        genomes.add(seed.defaultGenes());
        for (int i = 0; i < RANDOM_GENOMES; i++) {
            genomes.add(TestSupport.randomGenes(seed, random));
        }
        return genomes;
    }

    /** Several cuts: around the warm-up, the middle and the end. */
    private static int[] cuts(Seed seed, double[] genes, int n) {
        int w = seed.warmup(genes);
        var cuts = new TreeSet<Integer>();
        for (int t : new int[] {w - 1, w, w + 1, w + 7, n / 2, n - 2}) {
            if (t >= 0 && t < n - 1) {
                cuts.add(t);
            }
        }
        return cuts.stream().mapToInt(Integer::intValue).toArray();
    }

    private static void assertSamePrefix(double[] full, double[] other, int t, String where) {
        for (int i = 0; i <= t; i++) {
            if (Double.doubleToLongBits(full[i]) != Double.doubleToLongBits(other[i])) {
                fail(where + ": bar " + i + " was " + full[i] + " with all bars but " + other[i]);
            }
        }
    }

    @ParameterizedTest
    @MethodSource("seeds")
    void noLookAhead(String name) {
        Seed seed = Seeds.byName(name);
        Random random = new Random(7);
        int futureChanged = 0;
        int comparisons = 0;
        for (Bars bars : List.of(aapl(), btcSlice())) {
            for (double[] genes : genomes(seed, bars.size())) {
                double[] full = seed.signals(SeedContext.of(bars), genes);
                String g = Genes.format(seed.genes(), genes);
                for (int t : cuts(seed, genes, bars.size())) {
                    double[] head = seed.signals(SeedContext.of(bars.head(t + 1)), genes);
                    assertEquals(t + 1, head.length);
                    assertSamePrefix(full, head, t, name + " " + g + " on " + bars.symbol() + " cut after " + t);
                    double[] altered = seed.signals(SeedContext.of(TestSupport.alteredAfter(bars, t, random)), genes);
                    assertEquals(bars.size(), altered.length);
                    assertSamePrefix(full, altered, t, name + " " + g + " on " + bars.symbol() + " altered after " + t);
                    double[] after = Arrays.copyOfRange(full, t + 1, full.length);
                    if (Arrays.stream(after).anyMatch(s -> s != 0)) { // the seed speaks after t
                        comparisons++;
                        if (!Arrays.equals(after, Arrays.copyOfRange(altered, t + 1, altered.length))) {
                            futureChanged++;
                        }
                    }
                }
            }
        }
        // the alteration must reach the signal, or the test above proves nothing
        assertTrue(
                comparisons > 0 && futureChanged > comparisons / 2,
                name + ": altered bars changed later signals in only " + futureChanged + " of " + comparisons
                        + " cuts");
    }

    @ParameterizedTest
    @MethodSource("seeds")
    void warmupIsExact(String name) {
        Seed seed = Seeds.byName(name);
        for (Bars bars : List.of(aapl(), BundledData.load("BTCUSD"))) {
            SeedContext ctx = SeedContext.of(bars);
            for (double[] genes : genomes(seed, 11)) {
                double[] signal = seed.signals(ctx, genes);
                int w = seed.warmup(genes);
                assertTrue(w >= 0, name + " warm-up " + w);
                for (int t = 0; t < Math.min(w, signal.length); t++) {
                    if (signal[t] != 0) {
                        fail(name + " " + Genes.format(seed.genes(), genes) + " on " + bars.symbol() + ": signal "
                                + signal[t] + " at bar " + t + " before its warm-up of " + w);
                    }
                }
            }
            double[] genes = seed.defaultGenes();
            int w = seed.warmup(genes);
            double[] signal = seed.signals(ctx, genes);
            assertNotEquals(0.0, signal[w], name + " says nothing at its warm-up bar " + w + " on " + bars.symbol());
        }
    }

    @ParameterizedTest
    @MethodSource("seeds")
    void valuesAreFiniteAndWithinOne(String name) {
        Seed seed = Seeds.byName(name);
        for (Bars bars : List.of(aapl(), BundledData.load("BTCUSD"))) {
            SeedContext ctx = SeedContext.of(bars);
            List<double[]> genomes = genomes(seed, 23);
            genomes.add(TestSupport.cornerGenes(seed, false));
            genomes.add(TestSupport.cornerGenes(seed, true));
            for (double[] genes : genomes) {
                double[] signal = seed.signals(ctx, genes);
                assertEquals(bars.size(), signal.length);
                for (int t = 0; t < signal.length; t++) {
                    double s = signal[t];
                    if (!(Double.isFinite(s) && s >= -1 && s <= 1)) {
                        fail(name + " " + Genes.format(seed.genes(), genes) + " on " + bars.symbol() + " bar " + t
                                + ": " + s);
                    }
                }
            }
        }
    }

    /**
     * BTCUSD has minutes without trades: flat bars with no range. A history that starts so that such a bar is the
     * first bar after the warm-up (where averages of the range are born) must still give finite values.
     */
    @ParameterizedTest
    @MethodSource("seeds")
    void finiteWhereTheHistoryStartsQuiet(String name) {
        Seed seed = Seeds.byName(name);
        Bars btc = BundledData.load("BTCUSD");
        double[] genes = seed.defaultGenes();
        int w = seed.warmup(genes);
        int length = Math.max(seed.dataRequirement().threshold(), w + 2);
        int tried = 0;
        for (int offset = 0; offset + length <= btc.size() && tried < 12; offset++) {
            int first = offset + w;
            boolean flat = btc.high(first) == btc.low(first) && btc.close(first) == btc.close(first - 1);
            if (!flat) {
                continue;
            }
            tried++;
            double[] signal = seed.signals(SeedContext.of(btc.slice(offset, offset + length)), genes);
            for (int t = 0; t < signal.length; t++) {
                if (!(Double.isFinite(signal[t]) && Math.abs(signal[t]) <= 1)) {
                    fail(name + " on BTCUSD bars " + offset + ".." + (offset + length - 1) + ": bar " + t + " is "
                            + signal[t]);
                }
            }
        }
        assertEquals(12, tried, "quiet starts found");
    }

    @ParameterizedTest
    @MethodSource("seeds")
    void deterministicWithFreshContextsAndAcrossThreads(String name) throws Exception {
        Seed seed = Seeds.byName(name);
        Bars bars = btcSlice();
        for (double[] genes : genomes(seed, 31)) {
            double[] first = seed.signals(SeedContext.of(bars), genes);
            double[] second = seed.signals(SeedContext.of(bars), genes);
            assertArrayEquals(first, second, 0.0);
            SeedContext shared = SeedContext.of(bars);
            ExecutorService pool = Executors.newFixedThreadPool(3);
            try {
                List<Future<double[]>> results = new ArrayList<>();
                for (int i = 0; i < 3; i++) {
                    results.add(pool.submit(() -> seed.signals(shared, genes)));
                }
                for (Future<double[]> result : results) {
                    assertArrayEquals(first, result.get(), 0.0);
                }
            } finally {
                pool.shutdown();
            }
            assertArrayEquals(first, seed.signals(shared, genes), 0.0);
        }
    }
}
