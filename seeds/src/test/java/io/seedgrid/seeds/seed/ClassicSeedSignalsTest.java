package io.seedgrid.seeds.seed;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.seedgrid.seeds.Seeds;
import io.seedgrid.seeds.TestSupport;
import io.seedgrid.seeds.bars.Bars;
import io.seedgrid.seeds.bars.BundledData;
import io.seedgrid.seeds.gating.DataSufficiency;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The classic seeds say something with their default genes on the least data the guide deploys them on: 20 bars for
 * IMMEDIATE seeds, 50 for PATTERN seeds, at several places in AAPL and BTCUSD.
 */
class ClassicSeedSignalsTest {

    /** Start offsets of the slices: spread over each series, the last one ending on its last bar. */
    private static int[] offsets(Bars bars, int length) {
        int last = bars.size() - length;
        int[] offsets = new int[6];
        for (int i = 0; i < offsets.length; i++) {
            offsets[i] = (int) ((long) last * i / (offsets.length - 1));
        }
        return offsets;
    }

    /**
     * Per seed, over 12 slices (6 of AAPL, 6 of BTCUSD): lower bounds for the fewest bars with a changed value in any
     * one slice, and for the sign flips summed over all slices. Measured with default genes (fewest changes / bars
     * after the warm-up, flips): EMACrossover 7/7, 8; StochasticOscillator 5/9, 29; VolatilityScaling 8/10, 25;
     * RSIFilter 3/13, 24; VWAPReversion 10/30, 51; BollingerBands 23/31, 58; SMATrendFilter 16/16, 23;
     * IchimokuCloud 12/12, 15. The deployment guide measured 4+ changes on 20 rows for EMACrossover, 13+ for
     * VolatilityScaling and 2+ for RSIFilter; ours cannot exceed the bars after the warm-up (20 - 10 = 10 for
     * VolatilityScaling). A slice in a steady trend may flip no sign at all (RSI pinned overbought through AAPL's
     * rally of late July to August 2013), so flips are bounded in total, changes per slice.
     */
    @ParameterizedTest(name = "{0}")
    @CsvSource({
        // seed, minimum changed bars in every slice, minimum sign flips over all slices
        "EMACrossoverSeed, 6, 4",
        "StochasticOscillatorSeed, 4, 10",
        "VolatilityScalingSeed, 6, 10",
        "RSIFilterSeed, 3, 10",
        "VWAPReversionSeed, 10, 20",
        "BollingerBandsSeed, 20, 20",
        "SMATrendFilterSeed, 14, 10",
        "IchimokuCloudSeed, 10, 6"
    })
    void defaultGenesSaySomethingOnTheShortestSlices(String name, int minChanges, int minSignFlips) {
        Seed seed = Seeds.byName(name);
        int length = seed.dataRequirement() == DataRequirement.IMMEDIATE ? 20 : 50;
        assertEquals(length, seed.dataRequirement().threshold());
        double[] genes = seed.defaultGenes();
        int warmup = seed.warmup(genes);
        assertTrue(DataSufficiency.assess(seed, length).eligible(), name + " is not deployable on " + length + " bars");

        List<String> measured = new ArrayList<>();
        int fewestChanges = Integer.MAX_VALUE;
        int signFlips = 0;
        int fewestNonZero = Integer.MAX_VALUE;
        for (Bars series : List.of(BundledData.load("AAPL"), BundledData.load("BTCUSD"))) {
            for (int offset : offsets(series, length)) {
                double[] signal = seed.signals(SeedContext.of(series.slice(offset, offset + length)), genes);
                int changes = TestSupport.valueChanges(signal);
                int flips = TestSupport.signChanges(signal);
                int nonZero = 0;
                for (double s : signal) {
                    nonZero += s != 0 ? 1 : 0;
                }
                fewestChanges = Math.min(fewestChanges, changes);
                fewestNonZero = Math.min(fewestNonZero, nonZero);
                signFlips += flips;
                measured.add(series.symbol() + "@" + offset + ": " + changes + " changes, " + flips + " flips, "
                        + nonZero + " non-zero");
            }
        }
        System.out.printf(
                "%s (%d bars, warm-up %d): fewest changes %d, fewest non-zero %d, sign flips %d in total%n  %s%n",
                name, length, warmup, fewestChanges, fewestNonZero, signFlips, String.join("\n  ", measured));
        int fewest = fewestChanges;
        int flips = signFlips;
        int nonZero = fewestNonZero;
        assertAll(
                name,
                () -> assertTrue(fewest >= minChanges, "fewest changes " + fewest + " < " + minChanges),
                () -> assertTrue(flips >= minSignFlips, "sign flips " + flips + " < " + minSignFlips),
                () -> assertTrue(
                        2 * nonZero >= length - warmup,
                        "only " + nonZero + " non-zero bars of " + (length - warmup) + " after the warm-up"));
    }

    /**
     * Every history of the guide's length cut from BTCUSD (9,584 of 20 bars, 9,554 of 50), default genes: all values
     * finite and within [-1, 1], whatever flat minutes fall where the seeds' averages begin.
     */
    @Test
    void finiteOnEveryShortHistoryOfBtcusd() {
        Bars btc = BundledData.load("BTCUSD");
        for (String name : TestSupport.CLASSIC) {
            Seed seed = Seeds.byName(name);
            int length = seed.dataRequirement().threshold();
            double[] genes = seed.defaultGenes();
            int bad = 0;
            String first = null;
            for (int offset = 0; offset + length <= btc.size(); offset++) {
                double[] signal = seed.signals(SeedContext.of(btc.slice(offset, offset + length)), genes);
                for (int t = 0; t < length; t++) {
                    if (!(Double.isFinite(signal[t]) && Math.abs(signal[t]) <= 1)) {
                        bad++;
                        first = first != null ? first : "offset " + offset + " bar " + t + ": " + signal[t];
                        break;
                    }
                }
            }
            assertEquals(0, bad, name + ": histories with a bad value, first at " + first);
        }
    }

    /** A window of identical closes has no volatility: the seeds built on a deviation must not see a signal there. */
    @Test
    void flatStretchesSayNothing() {
        Bars btc = BundledData.load("BTCUSD");
        SeedContext ctx = SeedContext.of(btc);
        Map<String, double[]> cases = new LinkedHashMap<>();
        cases.put("BollingerBandsSeed", new double[] {20, 2.0});
        cases.put("VolatilityScalingSeed", new double[] {20, 4, 1.0}); // 20-bar move, sigma of 4 returns
        cases.forEach((name, genes) -> {
            Seed seed = Seeds.byName(name);
            int window = name.startsWith("Bollinger") ? 20 : 5; // closes covered: 20, or 4 returns = 5 closes
            double[] signal = seed.signals(ctx, genes);
            int flatWindows = 0;
            for (int t = seed.warmup(genes); t < btc.size(); t++) {
                boolean flat = true;
                for (int j = t - window + 1; j <= t && flat; j++) {
                    flat = btc.close(j) == btc.close(t);
                }
                if (flat) {
                    flatWindows++;
                    assertEquals(0.0, signal[t], name + " at flat bar " + t);
                }
            }
            assertTrue(flatWindows > 0, name + ": no flat window found in BTCUSD");
            System.out.println(name + ": " + flatWindows + " flat windows in BTCUSD, all silent");
        });
    }
}
