package io.seedgrid.seeds.ml;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.seedgrid.seeds.Seeds;
import io.seedgrid.seeds.bars.Bars;
import io.seedgrid.seeds.bars.BundledData;
import io.seedgrid.seeds.gating.DataSufficiency;
import io.seedgrid.seeds.gating.GateDecision;
import io.seedgrid.seeds.gene.Genes;
import io.seedgrid.seeds.seed.DataRequirement;
import io.seedgrid.seeds.seed.Seed;
import io.seedgrid.seeds.seed.SeedContext;
import io.seedgrid.seeds.seed.SeedType;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The {@link Seed} contract for both machine-learning seeds, on the bundled real data. */
class MlSeedContractTest {
    private static final Bars AAPL = BundledData.load("AAPL");
    private static final Bars BTC = BundledData.load("BTCUSD");

    static Stream<Seed> seeds() {
        return MlTestData.seeds().stream();
    }

    @Test
    void bothSeedsAreRegisteredLastWithTheirNamesTypeAndRequirement() {
        List<Seed> all = Seeds.all();
        assertEquals("LinearSVCClassifierSeed", all.get(all.size() - 2).name());
        assertEquals("PCATreeQuantileSeed", all.get(all.size() - 1).name());
        for (String name : List.of("LinearSVCClassifierSeed", "PCATreeQuantileSeed")) {
            Seed seed = Seeds.byName(name);
            assertEquals(name, seed.name());
            assertEquals(SeedType.ML_CLASSIFIER, seed.type());
            assertSame(DataRequirement.MACHINE_LEARNING, seed.dataRequirement());
            assertTrue(Seeds.byType(SeedType.ML_CLASSIFIER).contains(seed));
        }
        assertEquals(all.size(), new HashSet<>(all.stream().map(Seed::name).toList()).size(), "names are unique");
    }

    @ParameterizedTest
    @MethodSource("seeds")
    void defaultGenesAreEligibleOn200BarsButNotOnFewer(Seed seed) {
        Genes.require(seed.genes(), seed.defaultGenes());
        int needed = seed.warmup(seed.defaultGenes()) + DataSufficiency.MIN_SIGNAL_BARS;
        assertTrue(needed <= DataRequirement.MACHINE_LEARNING.minimum(), seed + " needs " + needed + " bars");
        GateDecision at200 = DataSufficiency.assess(seed, 200);
        assertTrue(at200.eligible(), at200.reason());
        assertFalse(DataSufficiency.assess(seed, 199).eligible());
    }

    /** Signals up to t must not move when bars after t are rewritten or cut, in and around retraining boundaries. */
    @ParameterizedTest
    @MethodSource("seeds")
    void noLookAheadAroundRetrainBoundaries(Seed seed) {
        List<double[]> genomes = List.of(
                MlTestData.genes(seed, "retrainEvery", 25),
                MlTestData.genes(seed, "trainWindow", 80, "retrainEvery", 30, "lags", 10, "horizon", 7));
        for (Bars bars : List.of(AAPL, BTC.head(600))) {
            for (double[] genes : genomes) {
                double[] original = seed.signals(SeedContext.of(bars), genes);
                int warmup = seed.warmup(genes);
                int every = (int) genes[1];
                int horizon = (int) genes[3];
                int[] cuts = {
                    warmup - 1,
                    warmup,
                    warmup + 1,
                    warmup + every - 1,
                    warmup + every,
                    warmup + every + 1,
                    warmup + every + horizon,
                    warmup + 2 * every - 1,
                    warmup + 2 * every + 7,
                    bars.size() - 3
                };
                for (int t : cuts) {
                    String where = seed + " " + bars.symbol() + " " + Genes.format(seed.genes(), genes) + " t=" + t;
                    Bars altered = MlTestData.alteredAfter(bars, t, 31L * t);
                    double[] onAltered = seed.signals(SeedContext.of(altered), genes);
                    assertArrayEquals(Arrays.copyOf(original, t + 1), Arrays.copyOf(onAltered, t + 1), where);
                    // The alteration is real: the signal after t does change.
                    assertFalse(Arrays.equals(original, onAltered), where + ": alteration changed nothing");
                    double[] onHead = seed.signals(SeedContext.of(bars.head(t + 1)), genes);
                    assertArrayEquals(Arrays.copyOf(original, t + 1), onHead, where + " (head)");
                }
            }
        }
    }

    /** The first prediction is at exactly warmup(genes), for several genomes: zeros before it, a value at it. */
    @ParameterizedTest
    @MethodSource("seeds")
    void warmupIsExact(Seed seed) {
        List<double[]> genomes = List.of(
                seed.defaultGenes(),
                MlTestData.genes(seed, "horizon", 1),
                MlTestData.genes(seed, "horizon", 2),
                MlTestData.genes(seed, "trainWindow", 61),
                MlTestData.genes(seed, "trainWindow", 60, "horizon", 20, "lags", 1));
        Set<Integer> warmups = new HashSet<>();
        for (Bars bars : List.of(AAPL, BTC.head(400))) {
            for (double[] genes : genomes) {
                int warmup = seed.warmup(genes);
                warmups.add(warmup);
                double[] signal = seed.signals(SeedContext.of(bars), genes);
                String where = seed + " " + bars.symbol() + " " + Genes.format(seed.genes(), genes);
                assertEquals(warmup, firstNonZero(signal), where);
                assertArrayEquals(new double[warmup], seed.signals(SeedContext.of(bars.head(warmup)), genes), where);
                double[] justEnough = seed.signals(SeedContext.of(bars.head(warmup + 1)), genes);
                assertEquals(signal[warmup], justEnough[warmup], where);
            }
        }
        assertEquals(genomes.size(), warmups.size(), "each genome above has its own warm-up");
    }

    @ParameterizedTest
    @MethodSource("seeds")
    void defaultGenesSayThingsOnTheFirst200And500Bars(Seed seed) {
        double[] genes = seed.defaultGenes();
        int warmup = seed.warmup(genes);
        for (Bars bars : List.of(AAPL.head(200), BTC.head(200), AAPL, BTC.head(500))) {
            double[] signal = seed.signals(SeedContext.of(bars), genes);
            String where = seed + " on " + bars;
            assertEquals(bars.size(), signal.length);
            for (int t = 0; t < warmup; t++) {
                assertEquals(0.0, signal[t], where + " t=" + t);
            }
            int nonZero = 0;
            Set<Double> distinct = new HashSet<>();
            for (int t = warmup; t < signal.length; t++) {
                nonZero += signal[t] != 0 ? 1 : 0;
                distinct.add(signal[t]);
            }
            int live = signal.length - warmup;
            assertNotEquals(0.0, signal[warmup], where);
            assertTrue(nonZero >= 0.8 * live, where + ": only " + nonZero + " of " + live + " non-zero");
            assertTrue(distinct.size() >= Math.min(8, live / 4), where + ": only " + distinct + " distinct");
            assertTrue(
                    Arrays.stream(signal).anyMatch(v -> v > 0)
                            && Arrays.stream(signal).anyMatch(v -> v < 0),
                    where + ": one-sided");
        }
    }

    @ParameterizedTest
    @MethodSource("seeds")
    void randomGenomesAreFiniteBoundedSilentBeforeWarmupAndDeterministic(Seed seed) {
        Random random = new Random(20240607L + seed.name().hashCode());
        for (Bars bars : List.of(AAPL, BTC.head(1500))) {
            SeedContext shared = SeedContext.of(bars);
            for (int g = 0; g < 4; g++) {
                double[] genes = MlTestData.randomGenes(seed, random);
                String where = seed + " " + bars.symbol() + " " + Genes.format(seed.genes(), genes);
                double[] signal = seed.signals(shared, genes);
                assertEquals(bars.size(), signal.length, where);
                int warmup = seed.warmup(genes);
                for (int t = 0; t < signal.length; t++) {
                    assertTrue(
                            Double.isFinite(signal[t]) && Math.abs(signal[t]) <= 1,
                            where + " t=" + t + ": " + signal[t]);
                    if (t < warmup) {
                        assertEquals(0.0, signal[t], where + " t=" + t);
                    }
                }
                if (warmup < bars.size()) {
                    assertEquals(warmup, firstNonZero(signal), where);
                }
                assertArrayEquals(signal, seed.signals(SeedContext.of(bars), genes), where + ": fresh context differs");
            }
        }
    }

    @ParameterizedTest
    @MethodSource("seeds")
    void sameResultsFromConcurrentThreadsOnOneSharedContext(Seed seed) throws Exception {
        Bars bars = BTC.head(1200);
        Random random = new Random(7);
        List<double[]> genomes = new ArrayList<>();
        for (int g = 0; g < 6; g++) {
            genomes.add(MlTestData.randomGenes(seed, random));
        }
        genomes.add(genomes.get(0)); // the same genome twice, possibly at the same time
        List<double[]> sequential = new ArrayList<>();
        for (double[] genes : genomes) {
            sequential.add(seed.signals(SeedContext.of(bars), genes));
        }
        SeedContext shared = SeedContext.of(bars);
        ExecutorService pool = Executors.newFixedThreadPool(3);
        try {
            List<Future<double[]>> futures = new ArrayList<>();
            for (double[] genes : genomes) {
                futures.add(pool.submit(() -> seed.signals(shared, genes)));
            }
            for (int g = 0; g < genomes.size(); g++) {
                assertArrayEquals(sequential.get(g), futures.get(g).get(), seed + " genome " + g);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @ParameterizedTest
    @MethodSource("seeds")
    void callersCannotCorruptTheMemo(Seed seed) {
        SeedContext ctx = SeedContext.of(AAPL);
        double[] first = seed.signals(ctx, seed.defaultGenes());
        double[] expected = first.clone();
        Arrays.fill(first, 0.5);
        assertArrayEquals(expected, seed.signals(ctx, seed.defaultGenes()));
    }

    private static int firstNonZero(double[] signal) {
        for (int t = 0; t < signal.length; t++) {
            if (signal[t] != 0) {
                return t;
            }
        }
        return -1;
    }
}
