package io.seedgrid.grid;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.seedgrid.evolution.fitness.EvaluationSpec;
import io.seedgrid.evolution.fitness.Fitness;
import io.seedgrid.evolution.fitness.LocalEvaluator;
import io.seedgrid.evolution.run.EvolutionRun;
import io.seedgrid.evolution.run.RunConfig;
import io.seedgrid.evolution.run.RunResult;
import io.seedgrid.seeds.Seeds;
import io.seedgrid.seeds.backtest.BacktestSettings;
import io.seedgrid.seeds.bars.Bars;
import io.seedgrid.seeds.bars.BundledData;
import io.seedgrid.seeds.seed.Seed;
import io.seedgrid.seeds.seed.SeedContext;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.ignite.Ignite;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A real three-node cluster (this JVM's node and two child JVMs) with the ML seeds: each expensive signal is trained
 * once per cluster, and a generation whose ML genes were all met before trains nothing on any node, while fitness
 * stays equal to a local evaluation bit for bit. The same genomes without shared signals retrain on every node that
 * had not met them: what the cache saves, measured by the same counters.
 */
class SharedSignalsTest {
    private static final List<String> SEEDS =
            List.of("EMACrossoverSeed", "LinearSVCClassifierSeed", "PCATreeQuantileSeed");
    private static TestCluster cluster;
    private static Ignite ignite;
    private static Bars bars;
    private static EvaluationSpec spec;

    @BeforeAll
    static void startCluster() {
        cluster = new TestCluster(47900, 48100);
        cluster.startChild("sig-b");
        cluster.startChild("sig-c");
        ignite = cluster.startLocal(cluster.config("sig-a").build());
        bars = BundledData.load("BTCUSD");
        spec = new EvaluationSpec(SEEDS, BacktestSettings.DEFAULT, 5);
        GridNodes.awaitServers(ignite, 3, Duration.ofSeconds(90));
    }

    @AfterAll
    static void stopCluster() {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void aGenerationOfKnownMlGenesTrainsNothingOnAnyNode() {
        List<double[]> first = SingleNodeGridTest.genomes(spec, 12, 31);
        List<double[]> second = recombined(first);
        List<Fitness> expectedFirst;
        List<Fitness> expectedSecond;
        try (var local = new LocalEvaluator(spec.fitnessFunction(), SeedContext.of(bars), 2)) {
            expectedFirst = local.evaluate(first);
            expectedSecond = local.evaluate(second);
        }

        long trainedHereBefore = GridNodes.signalsTrained(ignite);
        GridBatch cold;
        GridBatch warm;
        try (var grid = GridEvaluator.builder(ignite, spec, bars)
                .timeout(Duration.ofSeconds(240))
                .build()) {
            assertEquals(expectedFirst, grid.evaluate(first));
            cold = grid.lastGridBatch().orElseThrow();
            assertEquals(expectedSecond, grid.evaluate(second));
            warm = grid.lastGridBatch().orElseThrow();
            assertEquals(3, grid.lastBatch().orElseThrow().evaluationsPerNode().size(), "all three nodes computed");
        }
        System.out.println("shared signals: cold " + cold + "\n                warm " + warm);
        assertTrue(cold.newSignals() > 0, "the first generation needs ML signals: " + cold);
        assertEquals(cold.newSignals(), cold.trained(), "each signal trained once in the cluster: " + cold);
        assertEquals(
                (long) cold.trainedPerNode().getOrDefault("sig-a", 0),
                GridNodes.signalsTrained(ignite) - trainedHereBefore,
                "the node's own counter agrees with its jobs' reports");
        assertEquals(0, warm.newSignals(), "every ML gene of the second generation was met in the first");
        assertEquals(0, warm.trained(), "the second generation trains nothing, on any node: " + warm);
        assertTrue(warm.fetched() > 0, "signals trained on one node served genomes on another: " + warm);

        // The same two generations with each node on its own, as before the cache: retraining on every node.
        GridBatch alone;
        try (var grid = GridEvaluator.builder(ignite, spec, bars)
                .timeout(Duration.ofSeconds(240))
                .shareSignals(false)
                .build()) {
            assertEquals(expectedFirst, grid.evaluate(first));
            assertEquals(expectedSecond, grid.evaluate(second));
            alone = grid.lastGridBatch().orElseThrow();
        }
        System.out.println("each node alone: warm " + alone);
        assertEquals(0, alone.fetched());
        assertTrue(alone.trained() > 0, "without the cache, nodes retrain signals others had: " + alone);
    }

    @Test
    void anEvolutionOnThreeNodesTrainsEverySignalOnceAndEqualsLocal() {
        RunConfig config =
                RunConfig.DEFAULT.withPopulationSize(16).withGenerations(3).withRandomSeed(5);
        List<Seed> seeds = SEEDS.stream().map(Seeds::byName).toList();
        RunResult local =
                EvolutionRun.builder(bars).seeds(seeds).config(config).build().run(g -> {});
        List<GridBatch> batches = new CopyOnWriteArrayList<>();
        RunResult grid = EvolutionRun.builder(bars)
                .seeds(seeds)
                .config(config)
                .evaluators((s, context) -> {
                    GridEvaluator inner = GridEvaluator.builder(ignite, s, context)
                            .timeout(Duration.ofSeconds(240))
                            .build();
                    return new WatchedEvaluator(inner, (watched, batch) -> {
                        List<Fitness> out = watched.evaluate(batch);
                        batches.add(watched.lastGridBatch().orElseThrow());
                        return out;
                    });
                })
                .build()
                .run(g -> {});
        ClusterEvolutionTest.assertSameRun(local, grid);
        System.out.println("evolution on 3 nodes, per call: " + batches);
        assertTrue(batches.size() >= 3, "one call per generation at least: " + batches);
        int met = 0;
        for (GridBatch batch : batches) {
            assertEquals(
                    batch.newSignals(), batch.trained(), "only signals never met before are trained, once: " + batch);
            met += batch.fetched();
        }
        assertTrue(met > 0, "later generations read signals trained earlier: " + batches);
    }

    /**
     * New genomes made only of ML genes already met: genome i takes the PCA tree's genes and weight of genome i + 1,
     * and other thresholds; in reverse order, so they land on other nodes than their parents.
     */
    private static List<double[]> recombined(List<double[]> genomes) {
        List<Seed> seeds = spec.codec().seeds();
        int pcaFrom = 0;
        for (Seed seed : seeds.subList(0, 2)) {
            pcaFrom += seed.genes().size() + 1;
        }
        int pcaTo = pcaFrom + seeds.get(2).genes().size() + 1;
        List<double[]> out = new ArrayList<>();
        for (int i = genomes.size() - 1; i >= 0; i--) {
            double[] child = genomes.get(i).clone();
            System.arraycopy(genomes.get((i + 1) % genomes.size()), pcaFrom, child, pcaFrom, pcaTo - pcaFrom);
            child[child.length - 2] = 0.5 * child[child.length - 2] + 0.25;
            child[child.length - 1] = 1 - child[child.length - 1];
            out.add(child);
        }
        return out;
    }
}
