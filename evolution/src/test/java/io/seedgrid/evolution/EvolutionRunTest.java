package io.seedgrid.evolution;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.seedgrid.evolution.fitness.Fitness;
import io.seedgrid.evolution.fitness.LocalEvaluator;
import io.seedgrid.evolution.run.EvolutionRun;
import io.seedgrid.evolution.run.GenerationStats;
import io.seedgrid.evolution.run.NoEligibleSeedException;
import io.seedgrid.evolution.run.RankedStrategy;
import io.seedgrid.evolution.run.RunConfig;
import io.seedgrid.evolution.run.RunResult;
import io.seedgrid.seeds.Seeds;
import io.seedgrid.seeds.bars.Bars;
import io.seedgrid.seeds.bars.BundledData;
import io.seedgrid.seeds.gating.GateDecision;
import io.seedgrid.seeds.gating.Recommendation;
import io.seedgrid.seeds.seed.SeedContext;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class EvolutionRunTest {
    private static final Bars AAPL = BundledData.load("AAPL");
    private static final Bars BTC = BundledData.load("BTCUSD");

    private static RunResult run(Bars bars, RunConfig config, int threads) {
        return EvolutionRun.builder(bars)
                .config(config)
                .evaluators((spec, ctx) -> new LocalEvaluator(spec.fitnessFunction(), ctx, threads))
                .build()
                .run(stats -> {});
    }

    @Test
    void sameSeedSameRunBitForBitWhateverTheThreads() {
        RunConfig config =
                RunConfig.DEFAULT.withPopulationSize(30).withGenerations(4).withRandomSeed(7);
        RunResult one = run(AAPL, config, 1);
        RunResult two = run(AAPL, config, 2);
        assertEquals(one.distinctGenomes(), two.distinctGenomes());
        for (int g = 0; g < one.generations().size(); g++) {
            GenerationStats a = one.generations().get(g);
            GenerationStats b = two.generations().get(g);
            assertEquals(Double.doubleToLongBits(a.bestFitness()), Double.doubleToLongBits(b.bestFitness()));
            assertEquals(Double.doubleToLongBits(a.meanFitness()), Double.doubleToLongBits(b.meanFitness()));
            assertEquals(a.evaluations(), b.evaluations());
        }
        assertEquals(one.top().size(), two.top().size());
        for (int i = 0; i < one.top().size(); i++) {
            assertArrayEquals(one.top().get(i).genome(), two.top().get(i).genome());
            assertEquals(one.top().get(i).fitness(), two.top().get(i).fitness());
        }
        RunResult other = run(AAPL, config.withRandomSeed(8), 2);
        assertFalse(
                Arrays.equals(one.top().get(0).genome(), other.top().get(0).genome()),
                "another seed should explore another way");
    }

    @Test
    void bestFitnessImprovesOverGenerationsOnRealData() {
        RunResult result = run(BTC, RunConfig.DEFAULT.withPopulationSize(30).withGenerations(8), 2);
        List<GenerationStats> gens = result.generations();
        assertEquals(8, gens.size());
        for (int g = 1; g < gens.size(); g++) {
            assertTrue(
                    gens.get(g).bestFitness() >= gens.get(g - 1).bestFitness(),
                    "elitism keeps the best: generation " + (g + 1) + " fell");
        }
        assertTrue(
                gens.get(gens.size() - 1).bestFitness() > gens.get(0).bestFitness(),
                "best fitness should improve from " + gens.get(0).bestFitness());
        assertTrue(
                gens.get(gens.size() - 1).meanFitness() > gens.get(0).meanFitness(), "the population should improve");
    }

    @Test
    void topStrategiesAreRankedDistinctAndCarryBothSamples() {
        RunResult result = run(AAPL, RunConfig.DEFAULT.withPopulationSize(20).withGenerations(3), 2);
        List<RankedStrategy> top = result.top();
        assertEquals(5, top.size());
        List<List<Integer>> positions = new ArrayList<>();
        for (int i = 0; i < top.size(); i++) {
            RankedStrategy r = top.get(i);
            assertEquals(i + 1, r.rank());
            if (i > 0) {
                assertTrue(r.fitness().value() <= top.get(i - 1).fitness().value());
            }
            // distinct in behaviour: no two listed strategies take the same positions
            int[] decided = r.strategy().positionRule(false).decide(r.strategy().signals(SeedContext.of(AAPL)));
            List<Integer> mine = Arrays.stream(decided).boxed().toList();
            assertFalse(positions.contains(mine), "#" + r.rank() + " repeats the positions of a strategy above it");
            positions.add(mine);
            var fitnessCriterion = r.verdict().criteria().stream()
                    .filter(c -> c.name().equals("in_sample_fitness"))
                    .findFirst()
                    .orElseThrow();
            assertEquals(r.fitness().value() >= 0.5, fitnessCriterion.passed());
            assertEquals(r.verdict().criteria().stream().allMatch(c -> c.passed()), r.accepted());
            assertTrue(r.verdict().criteria().size() >= 7, "every criterion is reported: " + r.verdict());
            assertTrue(r.fitness().outOfSample().bars() > 0, "every reported strategy has out-of-sample figures");
            // The reported fitness is what the fitness function gives for the genome, recomputed here.
            Fitness again = result.spec().fitnessFunction().evaluate(r.genome(), SeedContext.of(AAPL));
            assertEquals(r.fitness(), again);
        }
    }

    @Test
    void gatingKeepsOutSeedsWithoutEnoughDataAndSaysWhy() {
        Bars young = AAPL.head(30);
        EvolutionRun run = EvolutionRun.builder(young)
                .config(RunConfig.DEFAULT.withPopulationSize(10).withGenerations(2))
                .build();
        for (GateDecision g : run.gating()) {
            assertEquals(g.eligible(), run.spec().seedNames().contains(g.seed()), g.toString());
            if (!g.eligible()) {
                assertFalse(g.reason().isBlank());
            }
            switch (Seeds.byName(g.seed()).dataRequirement()) {
                case IMMEDIATE -> assertEquals(Recommendation.DEPLOY_IMMEDIATE, g.recommendation(), g.seed());
                case PATTERN -> assertEquals(Recommendation.DEPLOY_CAUTIOUS, g.recommendation(), g.seed());
                case MACHINE_LEARNING -> {
                    assertEquals(Recommendation.DELAY_DEPLOYMENT, g.recommendation(), g.seed());
                    assertFalse(run.spec().seedNames().contains(g.seed()), "ML seeds are kept out on 30 bars");
                }
            }
        }
        RunResult result = run.run(s -> {});
        assertEquals(2, result.generations().size());

        var refused = assertThrows(
                NoEligibleSeedException.class,
                () -> EvolutionRun.builder(AAPL.head(10)).build());
        assertTrue(refused.getMessage().contains("INSUFFICIENT_DATA"), refused.getMessage());
        assertTrue(refused.gating().stream().noneMatch(GateDecision::eligible));
    }

    @Test
    void singleSeedRunsUseThatSeedOnly() {
        RunResult result = EvolutionRun.builder(AAPL)
                .seeds(List.of(Seeds.byName("RSIFilterSeed")))
                .config(RunConfig.DEFAULT.withPopulationSize(12).withGenerations(2))
                .build()
                .run(s -> {});
        assertEquals(List.of("RSIFilterSeed"), result.spec().seedNames());
        assertEquals(1, result.best().orElseThrow().strategy().components().size());
        assertNotEquals(Recommendation.INSUFFICIENT_DATA, result.gating().get(0).recommendation());
    }

    @Test
    void settingsAreCheckedWithTheirRules() {
        var e = assertThrows(IllegalArgumentException.class, () -> RunConfig.DEFAULT.withMutationRate(Double.NaN));
        assertEquals("mutation rate must lie in [0, 1] but was NaN", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> RunConfig.DEFAULT.withPopulationSize(1));
        assertThrows(IllegalArgumentException.class, () -> RunConfig.DEFAULT.withGenerations(0));
    }
}
