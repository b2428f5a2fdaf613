package io.seedgrid.evolution.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.seedgrid.seeds.Seeds;
import io.seedgrid.seeds.bars.Bars;
import io.seedgrid.seeds.bars.BundledData;
import io.seedgrid.seeds.gene.GeneSpec;
import io.seedgrid.seeds.seed.BaseSeed;
import io.seedgrid.seeds.seed.DataRequirement;
import io.seedgrid.seeds.seed.Seed;
import io.seedgrid.seeds.seed.SeedContext;
import io.seedgrid.seeds.seed.SeedType;
import io.seedgrid.seeds.seed.Signals;
import org.junit.jupiter.api.Test;

class SeedAnalysisTest {
    private static final Bars BTC = BundledData.load("BTCUSD");

    /** Deliberately broken: its signal at bar t uses the close of bar t + 1. */
    static final class PeekingSeed extends BaseSeed {
        PeekingSeed() {
            super(
                    "PeekingTestSeed",
                    SeedType.MOMENTUM,
                    DataRequirement.IMMEDIATE,
                    "peeks at the next close",
                    GeneSpec.integer("scale", 1, 10, 5));
        }

        @Override
        public int warmup(double[] genes) {
            return 0;
        }

        @Override
        public double[] signals(SeedContext ctx, double[] genes) {
            double[] close = ctx.bars().closes();
            double[] signal = new double[close.length];
            for (int t = 0; t + 1 < close.length; t++) {
                signal[t] = Signals.squash(genes[0] * 100 * (close[t + 1] / close[t] - 1));
            }
            return signal;
        }
    }

    /** Causal but never forgets: the signal is the return since the first bar it was given. */
    static final class AnchoredSeed extends BaseSeed {
        AnchoredSeed() {
            super(
                    "AnchoredTestSeed",
                    SeedType.TREND_FOLLOWING,
                    DataRequirement.IMMEDIATE,
                    "return since the first bar",
                    GeneSpec.integer("scale", 1, 10, 5));
        }

        @Override
        public int warmup(double[] genes) {
            return 0;
        }

        @Override
        public double[] signals(SeedContext ctx, double[] genes) {
            double[] close = ctx.bars().closes();
            double[] signal = new double[close.length];
            for (int t = 0; t < close.length; t++) {
                signal[t] = Signals.squash(genes[0] * (close[t] / close[0] - 1));
            }
            return signal;
        }
    }

    @Test
    void everyRegisteredSeedPassesTheLookaheadCheck() {
        Bars bars = BTC.head(700);
        for (Seed seed : Seeds.all()) {
            var report = SeedAnalysis.lookahead(seed, bars, 3, 3, 1);
            assertTrue(report.clean(), SeedAnalysis.describe(report));
            assertEquals(3, report.genomes());
        }
    }

    @Test
    void aLeakingSeedIsCaughtWithItsGenesAndTheFirstDifferingBar() {
        var report = SeedAnalysis.lookahead(new PeekingSeed(), BTC.head(500), 2, 4, 1);
        assertFalse(report.clean());
        // A cut where the next close equals this one (a quarter of BTCUSD minutes) cannot show the peek; others do.
        assertTrue(report.leaks().size() >= 2, "caught for each genome: " + report.leaks());
        assertTrue(
                report.leaks().stream().map(SeedAnalysis.Leak::genes).distinct().count() == 2);
        for (var leak : report.leaks()) {
            // Cut after bar t, the truncated run cannot see bar t + 1: bar t is the first to differ.
            assertEquals(leak.truncatedAfter(), leak.firstDifferingBar());
            assertTrue(leak.genes().startsWith("scale="));
        }
        String line = SeedAnalysis.describe(report);
        assertTrue(line.contains("PeekingTestSeed") && line.contains("LEAK") && line.contains("scale=5"), line);
    }

    @Test
    void everySeedForgetsWhereItsHistoryStartedAndTheCheckSaysAfterHowLong() {
        assertEquals(10, Seeds.all().size());
        for (Seed seed : Seeds.all()) {
            var report = SeedAnalysis.recursive(seed, BTC, 2, 3);
            assertTrue(report.converges(), SeedAnalysis.describe(report));
            assertTrue(report.worstAgreement() < BTC.size() / 2, SeedAnalysis.describe(report));
        }
    }

    @Test
    void aSeedThatNeverForgetsFailsTheRecursiveCheck() {
        var report = SeedAnalysis.recursive(new AnchoredSeed(), BTC.head(2000), 2, 3);
        assertFalse(report.converges());
        assertTrue(SeedAnalysis.describe(report).contains("NO AGREEMENT"));
    }
}
