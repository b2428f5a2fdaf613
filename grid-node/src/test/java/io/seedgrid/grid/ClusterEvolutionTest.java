package io.seedgrid.grid;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.seedgrid.evolution.fitness.BatchReport;
import io.seedgrid.evolution.fitness.Fitness;
import io.seedgrid.evolution.run.EvolutionRun;
import io.seedgrid.evolution.run.GenerationStats;
import io.seedgrid.evolution.run.RunConfig;
import io.seedgrid.evolution.run.RunResult;
import io.seedgrid.grid.node.NodeProcess;
import io.seedgrid.seeds.bars.Bars;
import io.seedgrid.seeds.bars.BundledData;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.ignite.Ignite;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Real multi-process clusters on 127.0.0.1 (ports 47600+): this JVM's node plus child JVM nodes. Cluster runs
 * equal local runs bit for bit, also when a node is killed with SIGKILL in the middle of a generation (one batch on
 * two nodes is {@link TwoNodeGridTest}'s).
 */
@Tag("slow") // scripts/test --quick leaves it out: child JVM nodes, one killed
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ClusterEvolutionTest {
    private static TestCluster cluster;
    private static Ignite ignite;
    private static Bars bars;

    @BeforeAll
    static void startCluster() {
        cluster = new TestCluster(47600, 47700);
        cluster.startChild("child-b");
        ignite = cluster.startLocal(cluster.config("coordinator-a").build());
        bars = BundledData.load("BTCUSD");
        GridNodes.awaitServers(ignite, 2, Duration.ofSeconds(60));
    }

    @AfterAll
    static void stopCluster() {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    @Order(2)
    void evolutionOnThreeNodesEqualsLocalBitForBit() {
        cluster.startChild("child-c");
        GridNodes.awaitServers(ignite, 3, Duration.ofSeconds(60));
        RunConfig config =
                RunConfig.DEFAULT.withPopulationSize(20).withGenerations(3).withRandomSeed(7);
        RunResult local = EvolutionRun.builder(bars).config(config).build().run(g -> {});
        RunResult grid = EvolutionRun.builder(bars)
                .config(config)
                .evaluators(GridEvaluator.factory(ignite, Duration.ofSeconds(120)))
                .build()
                .run(g -> {});
        assertSameRun(local, grid);
        assertTrue(grid.evaluator().startsWith("grid, 3 server nodes"), grid.evaluator());
        BatchReport first = grid.generations().get(0).batch().orElseThrow();
        assertEquals(3, first.evaluationsPerNode().size(), "all three nodes computed generation 1: " + first);
        assertEquals(grid.generations().get(0).evaluations(), first.evaluations());
        assertTrue(local.generations().stream().allMatch(g -> g.batch().isEmpty()));
    }

    @Test
    @Order(3)
    void nodeKilledMidGenerationFailsOverAndTheRunEqualsLocal() throws Exception {
        NodeProcess victim = cluster.startChild("victim-d");
        GridNodes.awaitServers(ignite, 4, Duration.ofSeconds(60));
        // 120 genomes of all ten seeds, cold: generation 1 keeps every node busy for seconds (ML training included),
        // so the kill half a second in finds the victim holding jobs however fast the machine
        RunConfig config =
                RunConfig.DEFAULT.withPopulationSize(120).withGenerations(2).withRandomSeed(11);
        RunResult local = EvolutionRun.builder(bars).config(config).build().run(g -> {});

        AtomicLong killedAt = new AtomicLong();
        List<GridEvaluator> evaluators = new CopyOnWriteArrayList<>();
        AtomicLong firstBatchDone = new AtomicLong();
        ScheduledExecutorService killer = Executors.newSingleThreadScheduledExecutor();
        try {
            RunResult grid = EvolutionRun.builder(bars)
                    .config(config)
                    .evaluators((spec, context) -> {
                        GridEvaluator inner = GridEvaluator.builder(ignite, spec, context)
                                .timeout(Duration.ofSeconds(120))
                                .build();
                        evaluators.add(inner);
                        return new WatchedEvaluator(inner, (watched, batch) -> {
                            if (killedAt.get() == 0) {
                                // Generation 1 computes every indicator from scratch on every node: seconds of real
                                // work.
                                killer.schedule(
                                        () -> {
                                            victim.kill();
                                            killedAt.set(System.nanoTime());
                                        },
                                        500,
                                        TimeUnit.MILLISECONDS);
                                killedAt.set(-1);
                            }
                            List<Fitness> out = watched.evaluate(batch);
                            firstBatchDone.compareAndSet(0, System.nanoTime());
                            return out;
                        });
                    })
                    .build()
                    .run(g -> {});
            assertFalse(victim.isAlive());
            assertTrue(
                    killedAt.get() > 0 && killedAt.get() < firstBatchDone.get(),
                    "the node died while generation 1 was on the grid");
            assertTrue(evaluators.get(0).failovers() > 0, "the killed node's jobs were re-run elsewhere");
            assertEquals(
                    evaluators.get(0).failovers(),
                    grid.generations().stream()
                            .mapToInt(g -> g.batch().map(BatchReport::failovers).orElse(0))
                            .sum(),
                    "each generation's report says how many failed over");
            assertSameRun(local, grid);
            GridNodes.awaitServers(ignite, 3, Duration.ofSeconds(1));
            assertEquals(3, GridNodes.servers(ignite).size(), "the killed node left the topology");
        } finally {
            killer.shutdownNow();
        }
    }

    static void assertSameRun(RunResult expected, RunResult actual) {
        assertEquals(expected.generations().size(), actual.generations().size());
        for (int i = 0; i < expected.generations().size(); i++) {
            GenerationStats e = expected.generations().get(i);
            GenerationStats a = actual.generations().get(i);
            assertEquals(e.bestFitness(), a.bestFitness(), "best of generation " + e.generation());
            assertEquals(e.meanFitness(), a.meanFitness(), "mean of generation " + e.generation());
            assertEquals(e.evaluations(), a.evaluations(), "evaluations of generation " + e.generation());
        }
        assertEquals(expected.distinctGenomes(), actual.distinctGenomes());
        assertEquals(expected.top().size(), actual.top().size());
        for (int i = 0; i < expected.top().size(); i++) {
            assertArrayEquals(
                    expected.top().get(i).genome(), actual.top().get(i).genome(), "genome of #" + (i + 1));
            assertEquals(expected.top().get(i).fitness(), actual.top().get(i).fitness(), "fitness of #" + (i + 1));
        }
    }
}
