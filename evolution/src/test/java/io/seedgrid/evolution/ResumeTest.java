package io.seedgrid.evolution;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.seedgrid.evolution.run.Checkpoint;
import io.seedgrid.evolution.run.EvolutionRun;
import io.seedgrid.evolution.run.RunConfig;
import io.seedgrid.evolution.run.RunResult;
import io.seedgrid.seeds.Seeds;
import io.seedgrid.seeds.bars.Bars;
import io.seedgrid.seeds.bars.BundledData;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ResumeTest {
    private static final Bars BTC = BundledData.load("BTCUSD").head(4000);
    private static final RunConfig CONFIG =
            RunConfig.DEFAULT.withPopulationSize(24).withGenerations(6).withRandomSeed(99);

    private static EvolutionRun.Builder builder() {
        return EvolutionRun.builder(BTC).config(CONFIG).seeds(Seeds.all().subList(0, 8));
    }

    /** Stops the run by failing inside the listener, as a dying coordinator would stop mid-run. */
    static final class CoordinatorDied extends RuntimeException {}

    @Test
    void aRunResumedAfterItsCoordinatorDiedEndsExactlyAsAnUninterruptedOne() {
        RunResult uninterrupted = builder().build().run(stats -> {});

        List<Checkpoint> saved = new ArrayList<>();
        assertThrows(
                CoordinatorDied.class,
                () -> builder()
                        .build()
                        .run(
                                stats -> {
                                    if (stats.generation() == 4) {
                                        throw new CoordinatorDied(); // dies after finishing generation 4, before
                                        // checkpointing it
                                    }
                                },
                                saved::add));
        assertEquals(3, saved.size());

        List<Integer> resumedGenerations = new ArrayList<>();
        RunResult resumed =
                builder().resumeFrom(saved).build().run(stats -> resumedGenerations.add(stats.generation()));
        assertEquals(List.of(4, 5, 6), resumedGenerations, "only the remaining generations run");

        assertEquals(uninterrupted.generations().size(), resumed.generations().size());
        for (int g = 0; g < uninterrupted.generations().size(); g++) {
            var a = uninterrupted.generations().get(g);
            var b = resumed.generations().get(g);
            assertEquals(a.generation(), b.generation());
            assertEquals(
                    Double.doubleToLongBits(a.bestFitness()),
                    Double.doubleToLongBits(b.bestFitness()),
                    "gen " + a.generation());
            assertEquals(
                    Double.doubleToLongBits(a.meanFitness()),
                    Double.doubleToLongBits(b.meanFitness()),
                    "gen " + a.generation());
            assertEquals(a.evaluations(), b.evaluations());
        }
        assertEquals(uninterrupted.distinctGenomes(), resumed.distinctGenomes());
        assertEquals(uninterrupted.top().size(), resumed.top().size());
        for (int i = 0; i < uninterrupted.top().size(); i++) {
            assertArrayEquals(
                    uninterrupted.top().get(i).genome(), resumed.top().get(i).genome());
            assertEquals(
                    uninterrupted.top().get(i).fitness(), resumed.top().get(i).fitness());
        }
        assertEquals(
                uninterrupted.selectionBias().deflatedSharpe(),
                resumed.selectionBias().deflatedSharpe());
        assertEquals(
                uninterrupted.selectionBias().pbo(), resumed.selectionBias().pbo());
    }

    @Test
    void checkpointsMustBeCompleteAndInOrder() {
        List<Checkpoint> saved = new ArrayList<>();
        builder().build().run(stats -> {}, saved::add);
        assertEquals(6, saved.size());
        var e = assertThrows(IllegalArgumentException.class, () -> builder().resumeFrom(saved.subList(1, 3)));
        assertEquals("checkpoint 1 is for generation 2: checkpoints must be complete and in order", e.getMessage());
        // Resuming after the last generation runs nothing and reports the same result.
        List<Integer> ran = new ArrayList<>();
        RunResult again = builder().resumeFrom(saved).build().run(stats -> ran.add(stats.generation()));
        assertEquals(List.of(), ran);
        assertEquals(6, again.generations().size());
    }
}
