package io.seedgrid.seeds.market;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.seedgrid.seeds.bars.Bars;
import io.seedgrid.seeds.bars.Timeframe;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** Each estimator against a calculation written out by hand on seven bars, and the choice between them. */
class SpreadEstimatesTest {
    private static final double K = 3 - 2 * Math.sqrt(2);

    /**
     * Seven 1-minute bars; bar 2 is a minute without a trade (zero volume, flat at the previous close), so the
     * estimators see bars 0, 1, 3, 4, 5, 6. Bar 4's range [100.2, 101.5] lies above bar 3's close of 100: that pair
     * is gap-adjusted in Corwin-Schultz.
     */
    static Bars tiny() {
        long[] t = new long[7];
        Arrays.setAll(t, i -> 60_000L * (i + 1));
        return Bars.of(
                "TINY",
                Timeframe.M1,
                t,
                new double[] {100, 100, 101, 101, 100.2, 101.5, 101},
                new double[] {101, 102, 101, 101, 101.5, 102, 101.5},
                new double[] {99, 100, 101, 99.5, 100.2, 100.5, 100},
                new double[] {100, 101, 101, 100, 101.5, 101, 100.5},
                new double[] {1, 1, 0, 1, 1, 1, 1});
    }

    @Test
    void rollMatchesTheHandCalculation() {
        // Closes of the traded bars: 100, 101, 100, 101.5, 101, 100.5; their log changes:
        double d0 = Math.log(101 / 100.0);
        double d1 = Math.log(100 / 101.0);
        double d2 = Math.log(101.5 / 100.0);
        double d3 = Math.log(101 / 101.5);
        double d4 = Math.log(100.5 / 101.0);
        // Serial pairs (now, before): (d1, d0), (d2, d1), (d3, d2), (d4, d3); sample covariance, n - 1 = 3.
        double meanNow = (d1 + d2 + d3 + d4) / 4;
        double meanBefore = (d0 + d1 + d2 + d3) / 4;
        double cov = ((d1 - meanNow) * (d0 - meanBefore)
                        + (d2 - meanNow) * (d1 - meanBefore)
                        + (d3 - meanNow) * (d2 - meanBefore)
                        + (d4 - meanNow) * (d3 - meanBefore))
                / 3;
        double expected = 2 * Math.sqrt(-cov) * 10_000;
        SpreadEstimate roll = SpreadEstimates.of(tiny()).roll();
        assertEquals(expected, roll.spreadBps(), 1e-9);
        assertEquals(194.5342696819, roll.spreadBps(), 1e-6, "the same figure computed outside Java");
        assertEquals(4, roll.observations());
        assertTrue(roll.defined());
    }

    @Test
    void rollIsUndefinedWhenChangesFollowEachOther() {
        // Changes of +1%, +2%, +3%, +4%: positively serially correlated, no real root.
        Bars trending = bars(new double[] {100, 101, 103.02, 106.1106, 110.355024});
        SpreadEstimate roll = SpreadEstimates.of(trending).roll();
        assertFalse(roll.defined());
        assertTrue(Double.isNaN(roll.spreadBps()));
        assertTrue(
                roll.note().contains("positive serial covariance")
                        && roll.note().contains("Roll is undefined"),
                roll.note());
    }

    @Test
    void corwinSchultzMatchesTheHandCalculation() {
        // Pairs of traded bars (0,1), (1,3), (3,4), (4,5), (5,6), as (high, low) of the first and the second bar.
        double s01 = corwinSchultzPair(101, 99, 102, 100, 0);
        double s13 = corwinSchultzPair(102, 100, 101, 99.5, 0);
        // Bar 4 lies wholly above bar 3's close of 100: its high and low move down by 0.2 for gamma.
        double s34 = corwinSchultzPair(101, 99.5, 101.5, 100.2, -0.2);
        double s45 = corwinSchultzPair(101.5, 100.2, 102, 100.5, 0);
        double s56 = corwinSchultzPair(102, 100.5, 101.5, 100, 0);
        assertTrue(s01 < 0, "pair (0, 1) is negative and counts as 0: " + s01);
        double expected = (0 + s13 + s34 + s45 + s56) / 5 * 10_000;
        SpreadEstimate cs = SpreadEstimates.of(tiny()).corwinSchultz();
        assertEquals(expected, cs.spreadBps(), 1e-9);
        assertEquals(23.4683283529, cs.spreadBps(), 1e-6, "the same figure computed outside Java");
        assertEquals(5, cs.observations());
        assertTrue(cs.note().contains("20% of them negative") && cs.note().contains("20% gap-adjusted"), cs.note());
    }

    private static double corwinSchultzPair(double h1, double l1, double h2, double l2, double gap) {
        double beta = Math.pow(Math.log(h1 / l1), 2) + Math.pow(Math.log(h2 / l2), 2);
        double gamma = Math.pow(Math.log(Math.max(h1, h2 + gap) / Math.min(l1, l2 + gap)), 2);
        double alpha = (Math.sqrt(2 * beta) - Math.sqrt(beta)) / K - Math.sqrt(gamma / K);
        return 2 * (Math.exp(alpha) - 1) / (1 + Math.exp(alpha));
    }

    @Test
    void abdiRanaldoMatchesTheHandCalculation() {
        // (c_t - eta_t)(c_t - eta_t+1) per pair, eta the log mid-range; the mean is taken before the floor.
        double p01 = arProduct(100, 101, 99, 102, 100);
        double p13 = arProduct(101, 102, 100, 101, 99.5);
        double p34 = arProduct(100, 101, 99.5, 101.5, 100.2);
        double p45 = arProduct(101.5, 101.5, 100.2, 102, 100.5);
        double p56 = arProduct(101, 102, 100.5, 101.5, 100);
        assertTrue(p01 < 0 && p56 < 0, "some pairs are negative, yet the mean is not");
        double expected = Math.sqrt(4 * (p01 + p13 + p34 + p45 + p56) / 5) * 10_000;
        SpreadEstimate ar = SpreadEstimates.of(tiny()).abdiRanaldo();
        assertEquals(expected, ar.spreadBps(), 1e-9);
        assertEquals(49.5275282899, ar.spreadBps(), 1e-6, "the same figure computed outside Java");
        assertEquals(5, ar.observations());
    }

    private static double arProduct(double close, double h1, double l1, double h2, double l2) {
        double c = Math.log(close);
        return (c - (Math.log(h1) + Math.log(l1)) / 2) * (c - (Math.log(h2) + Math.log(l2)) / 2);
    }

    @Test
    void abdiRanaldoFloorsANegativeMeanAtZero() {
        // Each of bars 0 and 1 closes at its high, and the next bar's mid-range lies above that close:
        // (c_t - eta_t) > 0 and (c_t - eta_t+1) < 0, so both products and their mean are negative.
        Bars b = Bars.of(
                "UP",
                Timeframe.M1,
                new long[] {60_000, 120_000, 180_000},
                new double[] {100, 102, 104},
                new double[] {101, 103, 105},
                new double[] {99, 101, 103},
                new double[] {101, 103, 104},
                new double[] {1, 1, 1});
        SpreadEstimate ar = SpreadEstimates.of(b).abdiRanaldo();
        assertTrue(ar.defined());
        assertEquals(0, ar.spreadBps());
        assertTrue(ar.note().contains("floored at 0"), ar.note());
    }

    @Test
    void theChoiceIsTheMedianTheMeanOfTwoOrTheFloor() {
        SpreadEstimates all = SpreadEstimates.of(tiny());
        assertEquals(49.5275282899, all.chosenBps(), 1e-6, "median of 194.5, 23.5, 49.5");
        assertEquals(all.chosenBps() / 2, all.slippageBps());
        assertEquals("median of Roll 194.5, Corwin-Schultz 23.5, Abdi-Ranaldo 49.5 bps", all.choice());

        SpreadEstimate undefinedRoll = SpreadEstimate.undefined(SpreadEstimators.ROLL, 10, "positive");
        SpreadEstimates two = SpreadEstimates.choose(undefinedRoll, all.corwinSchultz(), all.abdiRanaldo());
        assertEquals((23.4683283529 + 49.5275282899) / 2, two.chosenBps(), 1e-6);
        assertEquals("mean of Corwin-Schultz 23.5 and Abdi-Ranaldo 49.5 bps (Roll undefined)", two.choice());

        // Every bar a minute without a trade: nothing to estimate from, so the floor.
        Bars quiet = Bars.of(
                "QUIET",
                Timeframe.M1,
                new long[] {60_000, 120_000, 180_000, 240_000, 300_000},
                new double[] {10, 10, 10, 10, 10},
                new double[] {10, 10, 10, 10, 10},
                new double[] {10, 10, 10, 10, 10},
                new double[] {10, 10, 10, 10, 10},
                new double[] {0, 0, 0, 0, 0});
        SpreadEstimates none = SpreadEstimates.of(quiet);
        assertTrue(none.all().stream().noneMatch(SpreadEstimate::defined));
        assertEquals(SpreadEstimates.FLOOR_BPS, none.chosenBps());
        assertTrue(
                none.choice().contains("no estimator is defined")
                        && none.choice().contains("floor of 1 bp"),
                none.choice());

        SpreadEstimate zero = new SpreadEstimate(SpreadEstimators.ABDI_RANALDO, 0, 5, "floored");
        SpreadEstimates floored =
                SpreadEstimates.choose(undefinedRoll, SpreadEstimate.undefined("Corwin-Schultz", 0, "-"), zero);
        assertEquals(SpreadEstimates.FLOOR_BPS, floored.chosenBps());
        assertTrue(floored.choice().contains("raised to the floor of 1 bp"), floored.choice());
    }

    @Test
    void recordsCheckTheirArguments() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> new SpreadEstimate("Roll", -1, 3, ""))
                .getMessage()
                .contains("spread of Roll must be NaN (undefined) or a finite number >= 0 bps but was -1.0"));
        assertThrows(IllegalArgumentException.class, () -> new SpreadEstimate("Roll", Double.POSITIVE_INFINITY, 3, ""));
        assertThrows(IllegalArgumentException.class, () -> new SpreadEstimate(" ", 1, 3, ""));
        assertThrows(IllegalArgumentException.class, () -> new SpreadEstimate("Roll", 1, -3, ""));
        SpreadEstimate e = new SpreadEstimate("Roll", 1, 3, "");
        assertTrue(assertThrows(IllegalArgumentException.class, () -> new SpreadEstimates(e, e, e, Double.NaN, "x"))
                .getMessage()
                .contains("chosen spread must be a finite number >= 1.0 bps but was NaN"));
        assertThrows(IllegalArgumentException.class, () -> new SpreadEstimates(e, e, e, 0.5, "x"));
        assertThrows(IllegalArgumentException.class, () -> new SpreadEstimates(e, e, e, 2, " "));
    }

    private static Bars bars(double[] closes) {
        int n = closes.length;
        long[] t = new long[n];
        Arrays.setAll(t, i -> 60_000L * (i + 1));
        double[] h = new double[n];
        double[] l = new double[n];
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            h[i] = closes[i] * 1.001;
            l[i] = closes[i] * 0.999;
            v[i] = 1;
        }
        return Bars.of("X", Timeframe.M1, t, closes, h, l, closes, v);
    }
}
