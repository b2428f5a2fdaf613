package io.seedgrid.evolution.walkforward;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.seedgrid.evolution.run.RunConfig;
import io.seedgrid.seeds.Seeds;
import io.seedgrid.seeds.bars.Bars;
import io.seedgrid.seeds.bars.BundledData;
import io.seedgrid.seeds.bars.Timeframe;
import java.util.List;
import org.junit.jupiter.api.Test;

class WalkForwardTest {
    private static final Bars BTC = BundledData.load("BTCUSD");
    private static final RunConfig SMALL =
            RunConfig.DEFAULT.withPopulationSize(16).withGenerations(3);

    private static WalkForwardResult walk(Bars bars, int folds, boolean anchored) {
        return new WalkForward(
                        bars,
                        folds,
                        anchored,
                        b -> b.config(SMALL)
                                .seeds(List.of(
                                        Seeds.byName("EMACrossover"),
                                        Seeds.byName("RSIFilter"),
                                        Seeds.byName("BollingerBands"))))
                .run((fold, stats) -> {});
    }

    @Test
    void rollingFoldsOnBtcNeverLetOutOfSampleOverlapInSample() {
        WalkForwardResult result = walk(BTC, 4, false);
        assertEquals(4, result.folds().size());
        int expectedOutOfSample = 0;
        for (int i = 0; i < 4; i++) {
            Fold f = result.folds().get(i);
            assertTrue(f.inSampleFrom() < f.inSampleTo() && f.inSampleTo() < f.outOfSampleTo(), f.toString());
            assertTrue(
                    f.outOfSampleStart().isAfter(BTC.endTime(f.inSampleTo() - 1)),
                    "OOS starts after the in-sample end");
            if (i > 0) {
                Fold previous = result.folds().get(i - 1);
                assertEquals(previous.outOfSampleTo(), f.inSampleTo(), "out-of-sample windows are consecutive");
                assertEquals(
                        previous.inSampleTo(),
                        f.inSampleFrom(),
                        "rolling: each fold trains on the previous test window");
            }
            // The fold's evaluation knew nothing past its out-of-sample window, and split exactly at its end.
            assertEquals(f.outOfSampleTo(), f.run().bars());
            assertEquals(f.inSampleTo(), f.run().spec().settings().split());
            assertEquals(f.outOfSampleTo() - f.inSampleTo(), f.outOfSample().bars());
            expectedOutOfSample += f.outOfSampleTo() - f.inSampleTo();
        }
        assertEquals(BTC.size(), result.folds().get(3).outOfSampleTo());
        assertEquals(expectedOutOfSample, result.stitched().bars());
        assertEquals(expectedOutOfSample, result.stitchedReturns().length);
        double equity = 1;
        for (double r : result.stitchedReturns()) {
            equity *= 1 + r;
        }
        assertEquals(equity - 1, result.stitched().totalReturn(), 1e-12);
        long[] times = result.stitchedTimes();
        for (int t = 1; t < times.length; t++) {
            assertTrue(times[t] > times[t - 1], "stitched bars in time order, no repeats");
        }
        // Each fold's stitched piece is exactly its winner's out-of-sample total return.
        int at = 0;
        for (Fold f : result.folds()) {
            int n = f.outOfSampleTo() - f.inSampleTo();
            double piece = 1;
            for (int t = at; t < at + n; t++) {
                piece *= 1 + result.stitchedReturns()[t];
            }
            assertEquals(f.outOfSample().totalReturn(), piece - 1, 1e-12);
            at += n;
        }
    }

    @Test
    void anchoredFoldsAllStartAtTheFirstBar() {
        WalkForwardResult result = walk(BTC.head(3000), 3, true);
        for (Fold f : result.folds()) {
            assertEquals(0, f.inSampleFrom());
        }
        assertTrue(result.anchored());
    }

    @Test
    void barsAfterAFoldsInSampleWindowCannotChangeWhatItSelects() {
        Bars bars = BTC.head(2400);
        WalkForwardResult original = walk(bars, 2, false);
        Fold first = original.folds().get(0);
        // Replace every bar after the first fold's in-sample window with a different (valid) series.
        int n = bars.size();
        int cut = first.inSampleTo();
        long[] time = bars.endEpochMillis();
        double[] o = new double[n];
        double[] h = new double[n];
        double[] l = new double[n];
        double[] c = new double[n];
        double[] v = new double[n];
        for (int t = 0; t < n; t++) {
            double k = t < cut ? 1 : 1 + 0.3 * Math.sin(t / 7.0);
            o[t] = bars.open(t) * k;
            h[t] = bars.high(t) * k;
            l[t] = bars.low(t) * k;
            c[t] = bars.close(t) * k;
            v[t] = bars.volume(t);
        }
        Bars altered = Bars.of(bars.symbol(), Timeframe.M1, time, o, h, l, c, v);
        Fold again = walk(altered, 2, false).folds().get(0);
        assertArrayEquals(first.best().genome(), again.best().genome());
        assertEquals(first.inSample(), again.inSample());
        assertEquals(first.run().generations().size(), again.run().generations().size());
        for (int g = 0; g < first.run().generations().size(); g++) {
            assertEquals(
                    first.run().generations().get(g).bestFitness(),
                    again.run().generations().get(g).bestFitness());
        }
        assertTrue(!first.outOfSample().equals(again.outOfSample()), "the out-of-sample result does see the new bars");
    }

    @Test
    void tooFewBarsForTheFoldsAreRefused() {
        var e = assertThrows(IllegalArgumentException.class, () -> new WalkForward(BTC.head(10), 5, false, b -> b));
        assertTrue(e.getMessage().contains("too few"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new WalkForward(BTC, 0, false, b -> b));
    }
}
