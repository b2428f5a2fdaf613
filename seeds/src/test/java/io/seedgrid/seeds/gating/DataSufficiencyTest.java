package io.seedgrid.seeds.gating;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.seedgrid.seeds.Seeds;
import io.seedgrid.seeds.TestSupport;
import io.seedgrid.seeds.seed.DataRequirement;
import io.seedgrid.seeds.seed.Seed;
import io.seedgrid.seeds.seed.SeedType;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The deployment guide's data-sufficiency table, for every seed in the registry. */
class DataSufficiencyTest {
    private static final int[] SIZES = {19, 20, 49, 50, 199, 200, 499, 500};

    /** The guide's verdict, written out from the guide (not from DataRequirement). */
    private static Recommendation guide(DataRequirement requirement, int bars) {
        return switch (requirement) {
            case IMMEDIATE -> bars >= 20 ? Recommendation.DEPLOY_IMMEDIATE : Recommendation.INSUFFICIENT_DATA;
            case PATTERN ->
                bars >= 50
                        ? Recommendation.DEPLOY_RECOMMENDED
                        : bars >= 20 ? Recommendation.DEPLOY_CAUTIOUS : Recommendation.INSUFFICIENT_DATA;
            case MACHINE_LEARNING ->
                bars >= 500
                        ? Recommendation.DEPLOY_OPTIMAL
                        : bars >= 200 ? Recommendation.DEPLOY_ACCEPTABLE : Recommendation.DELAY_DEPLOYMENT;
        };
    }

    private static int guideThreshold(DataRequirement requirement) {
        return switch (requirement) {
            case IMMEDIATE -> 20;
            case PATTERN -> 50;
            case MACHINE_LEARNING -> 500;
        };
    }

    @Test
    void guideListsByName() {
        Map<String, DataRequirement> guide = Map.of(
                "EMACrossoverSeed",
                DataRequirement.IMMEDIATE,
                "StochasticOscillatorSeed",
                DataRequirement.IMMEDIATE,
                "VolatilityScalingSeed",
                DataRequirement.IMMEDIATE,
                "RSIFilterSeed",
                DataRequirement.IMMEDIATE,
                "VWAPReversionSeed",
                DataRequirement.PATTERN,
                "BollingerBandsSeed",
                DataRequirement.PATTERN,
                "SMATrendFilterSeed",
                DataRequirement.PATTERN,
                "IchimokuCloudSeed",
                DataRequirement.PATTERN);
        guide.forEach((name, requirement) ->
                assertEquals(requirement, Seeds.byName(name).dataRequirement(), name));
        // where the guide's lists and its rule by type disagree, the lists win
        assertEquals(SeedType.MEAN_REVERSION, Seeds.byName("RSIFilterSeed").type());
        assertEquals(SeedType.VOLATILITY, Seeds.byName("BollingerBandsSeed").type());
        // every ML seed that joins the registry needs the machine-learning amounts
        for (Seed seed : Seeds.byType(SeedType.ML_CLASSIFIER)) {
            assertEquals(DataRequirement.MACHINE_LEARNING, seed.dataRequirement(), seed.name());
        }
    }

    @Test
    void requirementVerdictsFollowTheGuide() {
        for (DataRequirement requirement : DataRequirement.values()) {
            for (int bars : SIZES) {
                assertEquals(
                        guide(requirement, bars),
                        DataSufficiency.recommend(requirement, bars),
                        requirement + " at " + bars);
            }
            assertEquals(guideThreshold(requirement), requirement.threshold());
        }
    }

    /**
     * The table for every registry seed, with genes short enough not to matter (each gene at its minimum) and with
     * its defaults: the guide's verdict, overruled by INSUFFICIENT_DATA only where the genes' warm-up plus two
     * signal bars does not fit.
     */
    @Test
    void gatingTableForEverySeed() {
        List<String> rows = new ArrayList<>();
        for (Seed seed : Seeds.all()) {
            DataRequirement requirement = seed.dataRequirement();
            for (double[] genes : List.of(TestSupport.cornerGenes(seed, false), seed.defaultGenes())) {
                int needed = seed.warmup(genes) + 2;
                for (int bars : SIZES) {
                    Recommendation expected = guide(requirement, bars);
                    if (expected.deployable() && bars < needed) {
                        expected = Recommendation.INSUFFICIENT_DATA;
                    }
                    GateDecision d = DataSufficiency.assess(seed, bars, genes);
                    String where = seed.name() + " at " + bars + " bars, genes needing " + needed;
                    Recommendation finalExpected = expected;
                    assertAll(
                            where,
                            () -> assertEquals(finalExpected, d.recommendation()),
                            () -> assertEquals(finalExpected.deployable(), d.eligible()),
                            // the guide: threshold_met = recommendation is not INSUFFICIENT_DATA
                            () -> assertEquals(finalExpected != Recommendation.INSUFFICIENT_DATA, d.thresholdMet()),
                            () -> assertEquals(guideThreshold(requirement), d.threshold()),
                            () -> assertEquals(bars, d.dataPoints()),
                            () -> assertEquals(needed, d.barsForGenes()),
                            () -> assertEquals(seed.name(), d.seed()),
                            () -> assertEquals(seed.type(), d.type()),
                            () -> assertFalse(d.reason().isBlank()));
                }
            }
            // with the shortest genes, the guide's verdict stands at every size of the table from 20 bars up
            double[] shortest = TestSupport.cornerGenes(seed, false);
            for (int bars : SIZES) {
                if (bars >= 20 && bars >= seed.warmup(shortest) + 2) {
                    assertEquals(
                            guide(requirement, bars),
                            DataSufficiency.assess(seed, bars, shortest).recommendation());
                }
            }
            StringBuilder row = new StringBuilder(String.format("%-26s", seed.name()));
            for (int bars : SIZES) {
                Recommendation seedLevel = DataSufficiency.assess(seed, bars).recommendation();
                row.append(String.format(" %4d:%-18s", bars, seedLevel));
                if (seed.type() != SeedType.ML_CLASSIFIER) {
                    // A classic seed's shortest genes fit in 20 bars: at seed level the guide's table holds exactly.
                    assertEquals(
                            DataSufficiency.recommend(seed.dataRequirement(), bars),
                            seedLevel,
                            seed.name() + " at " + bars);
                }
            }
            rows.add(row.toString());
        }
        System.out.println("Gating table, seed level (shortest genes):\n  " + String.join("\n  ", rows));
    }

    /** The guide's threshold_met differs from "at the threshold" and from eligibility: each verdict, spelled out. */
    @Test
    void thresholdMetFollowsTheGuideAndEligibleIsItsOwnFlag() {
        Seed bollinger = Seeds.byName("BollingerBandsSeed");
        Seed svc = Seeds.byName("LinearSVCClassifierSeed");
        Object[][] cases = { // seed, bars, recommendation, threshold_met, eligible
            {bollinger, 19, Recommendation.INSUFFICIENT_DATA, false, false},
            {bollinger, 30, Recommendation.DEPLOY_CAUTIOUS, true, true},
            {bollinger, 50, Recommendation.DEPLOY_RECOMMENDED, true, true},
            {svc, 150, Recommendation.DELAY_DEPLOYMENT, true, false},
            {svc, 300, Recommendation.DEPLOY_ACCEPTABLE, true, true},
            {svc, 500, Recommendation.DEPLOY_OPTIMAL, true, true}
        };
        for (Object[] c : cases) {
            GateDecision d = DataSufficiency.assess((Seed) c[0], (int) c[1]);
            String where = d.seed() + " at " + c[1];
            assertEquals(c[2], d.recommendation(), where);
            assertEquals(c[3], d.thresholdMet(), where);
            assertEquals(c[4], d.eligible(), where);
        }
    }

    @Test
    void theGuidesPatternSeedsAreCautiousFrom20BarsWithShortGenes() {
        for (String name :
                List.of("VWAPReversionSeed", "BollingerBandsSeed", "SMATrendFilterSeed", "IchimokuCloudSeed")) {
            Seed seed = Seeds.byName(name);
            double[] shortest = TestSupport.cornerGenes(seed, false);
            assertEquals(
                    Recommendation.INSUFFICIENT_DATA,
                    DataSufficiency.assess(seed, 19, shortest).recommendation());
            assertEquals(
                    Recommendation.DEPLOY_CAUTIOUS,
                    DataSufficiency.assess(seed, 20, shortest).recommendation());
            assertEquals(
                    Recommendation.DEPLOY_CAUTIOUS,
                    DataSufficiency.assess(seed, 49, shortest).recommendation());
            assertEquals(
                    Recommendation.DEPLOY_RECOMMENDED,
                    DataSufficiency.assess(seed, 50, shortest).recommendation());
        }
    }

    /**
     * Bars each classic seed's default genes need, worked out from the indicators' warm-ups (ta4j: EMA, ATR, RSI and
     * the return deviation valid from bar {@code n}; SMA, deviation, stochastic %K, VWAP and Donchian mid-points
     * from {@code n - 1}) plus two signal bars.
     */
    @Test
    void defaultGenesNeedTheBarsTheirIndicatorsNeed() {
        Map<String, Integer> needed = Map.of(
                "EMACrossoverSeed", 13 + 2, // EMA(5), EMA(13), ATR(13): from 13
                "StochasticOscillatorSeed", 9 + 2 + 2, // %K(10) from 9, %D = mean of 3 %K from 11
                "VolatilityScalingSeed", 10 + 2, // sigma of 10 returns from 10, 3-bar return from 3
                "RSIFilterSeed", 7 + 2, // RSI(7) from 7
                "VWAPReversionSeed", 20 + 2, // VWAP(20) from 19, ATR(20) from 20
                "BollingerBandsSeed", 19 + 2, // SMA(20) and deviation(20) from 19
                "SMATrendFilterSeed", 34 + 2, // SMA(30) from 29, its value 5 bars back from 34
                "IchimokuCloudSeed", 38 + 2); // cloud of 26-bar span B (from 25) displaced 13 bars: from 38
        needed.forEach((name, bars) -> {
            Seed seed = Seeds.byName(name);
            double[] defaults = seed.defaultGenes();
            assertEquals(bars, DataSufficiency.assess(seed, 500, defaults).barsForGenes(), name);
            assertEquals(
                    Recommendation.INSUFFICIENT_DATA,
                    DataSufficiency.assess(seed, bars - 1, defaults).recommendation(),
                    name);
            assertTrue(DataSufficiency.assess(seed, bars, defaults).eligible() || bars < 20, name);
        });
    }

    /** Long genes on few bars keep a seed out although its requirement alone would deploy it. */
    @Test
    void geneKeepOut() {
        Seed sma = Seeds.byName("SMATrendFilter");
        // SMA(200) from 199, 5 bars of slope: from 204; + 2 signal bars = 206
        GateDecision d = DataSufficiency.assess(sma, 100, new double[] {200, 5});
        assertEquals(Recommendation.INSUFFICIENT_DATA, d.recommendation());
        assertFalse(d.eligible());
        assertFalse(d.thresholdMet(), "the genes' need overrules: INSUFFICIENT_DATA");
        assertEquals(206, d.barsForGenes());
        assertTrue(d.reason().contains("206") && d.reason().contains("100"), d.reason());
        assertEquals(
                Recommendation.DEPLOY_RECOMMENDED,
                DataSufficiency.assess(sma, 206, new double[] {200, 5}).recommendation());

        for (Seed seed : Seeds.all()) {
            double[] longest = TestSupport.cornerGenes(seed, true);
            int needed = seed.warmup(longest) + 2;
            int bars = Math.max(needed - 1, seed.dataRequirement().minimum());
            if (bars >= needed) {
                continue; // the requirement alone already keeps it out below its genes' needs
            }
            GateDecision out = DataSufficiency.assess(seed, bars, longest);
            assertEquals(Recommendation.INSUFFICIENT_DATA, out.recommendation(), seed.name());
            assertTrue(
                    out.reason().contains(needed + " bars") && out.reason().contains(String.valueOf(bars)),
                    seed.name() + ": " + out.reason());
            assertTrue(
                    DataSufficiency.assess(seed, needed, longest).eligible()
                            || !DataSufficiency.recommend(seed.dataRequirement(), needed)
                                    .deployable(),
                    seed.name());
        }
    }

    @Test
    void belowTheMinimumTheReasonNamesIt() {
        GateDecision d = DataSufficiency.assess(Seeds.byName("RSIFilter"), 19);
        assertEquals(Recommendation.INSUFFICIENT_DATA, d.recommendation());
        assertTrue(d.reason().contains("19") && d.reason().contains("20"), d.reason());
        assertThrows(IllegalArgumentException.class, () -> DataSufficiency.assess(Seeds.byName("RSIFilter"), -1));
        List<GateDecision> table = DataSufficiency.table(Seeds.all(), 50);
        assertEquals(Seeds.all().size(), table.size());
        for (int i = 0; i < table.size(); i++) {
            assertEquals(Seeds.all().get(i).name(), table.get(i).seed());
        }
    }
}
