package io.seedgrid.seeds.ml;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.seedgrid.seeds.bars.Bars;
import io.seedgrid.seeds.bars.BundledData;
import io.seedgrid.seeds.gene.Genes;
import io.seedgrid.seeds.seed.Seed;
import io.seedgrid.seeds.seed.SeedContext;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.BiFunction;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The seeds' signals against their former Tribuo implementation ({@link TribuoReference}), on BTCUSD and AAPL for
 * the default and a few random genomes. They are not bit for bit the same: the linear SVM is now solved to its
 * optimum where liblinear stopped at a relative gradient of 0.005, and the tree breaks exact ties between
 * candidate splits by order where Tribuo's rounding did. Both move few signs (counting rounding residues within
 * 1e-12 of 0 as 0) and keep the signals correlated.
 */
class MlTribuoComparisonTest {

    static Stream<Seed> seeds() {
        return MlTestData.seeds().stream();
    }

    @ParameterizedTest
    @MethodSource("seeds")
    void signalsStayCloseToTheTribuoImplementation(Seed seed) {
        BiFunction<SeedContext, double[], double[]> former = seed.name().equals(LinearSvcClassifierSeed.NAME)
                ? TribuoReference::linearSvc
                : TribuoReference::pcaTree;
        Random random = new Random(99);
        List<double[]> genomes = new ArrayList<>(List.of(seed.defaultGenes()));
        for (int g = 0; g < 3; g++) {
            genomes.add(MlTestData.randomGenes(seed, random));
        }
        for (Bars bars : List.of(BundledData.load("BTCUSD").head(2500), BundledData.load("AAPL"))) {
            long live = 0;
            long flipped = 0;
            for (double[] genes : genomes) {
                String where = seed + " " + bars.symbol() + " " + Genes.format(seed.genes(), genes);
                double[] before = former.apply(SeedContext.of(bars), genes);
                double[] after = seed.signals(SeedContext.of(bars), genes);
                int warmup = seed.warmup(genes);
                for (int t = warmup; t < bars.size(); t++) {
                    live++;
                    flipped += MlTestData.sign(before[t]) != MlTestData.sign(after[t]) ? 1 : 0;
                }
                double correlation = MlTestData.correlation(before, after, warmup);
                System.out.printf("%s: correlation with Tribuo %.6f%n", where, correlation);
                assertTrue(correlation > 0.99, where + ": correlation " + correlation);
            }
            System.out.printf("%s %s: %d of %d signals change sign%n", seed, bars.symbol(), flipped, live);
            assertTrue(
                    flipped <= 0.01 * live,
                    seed + " " + bars.symbol() + ": " + flipped + " of " + live + " signals change sign");
        }
    }
}
