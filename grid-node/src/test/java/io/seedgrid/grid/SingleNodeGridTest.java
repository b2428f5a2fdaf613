package io.seedgrid.grid;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.seedgrid.evolution.fitness.BatchReport;
import io.seedgrid.evolution.fitness.EvaluationException;
import io.seedgrid.evolution.fitness.EvaluationSpec;
import io.seedgrid.evolution.fitness.GenomeEvaluator;
import io.seedgrid.evolution.fitness.GenomeEvaluatorContract;
import io.seedgrid.seeds.Seeds;
import io.seedgrid.seeds.backtest.BacktestSettings;
import io.seedgrid.seeds.bars.Bars;
import io.seedgrid.seeds.bars.BundledData;
import io.seedgrid.seeds.seed.Seed;
import io.seedgrid.seeds.seed.SeedContext;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.ignite.Ignite;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The grid evaluator on one server node in this JVM: the {@link GenomeEvaluatorContract} (the run's bars shipped to
 * the node), bars once per node, a clean close, failures and timeouts.
 */
class SingleNodeGridTest extends GenomeEvaluatorContract {
    private static TestCluster cluster;
    private static Ignite ignite;
    private static Bars bars;
    private static EvaluationSpec spec;

    @BeforeAll
    static void startNode() {
        cluster = new TestCluster(47620, 47720);
        ignite = cluster.startLocal(cluster.config("single-a").build());
        bars = BundledData.load("BTCUSD");
        List<String> seeds = List.of("EMACrossoverSeed", "RSIFilterSeed", "BollingerBandsSeed");
        spec = new EvaluationSpec(seeds, BacktestSettings.DEFAULT, 5);
    }

    @AfterAll
    static void stopNode() {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Override
    protected GenomeEvaluator evaluator(EvaluationSpec spec, SeedContext context) {
        return GridEvaluator.builder(ignite, spec, context.bars()).build();
    }

    @Test
    void theNodeKeepsOneSeedContextPerRunAndCloseDropsIt() {
        try (var grid = GridEvaluator.builder(ignite, spec, bars).build()) {
            grid.evaluate(genomes(spec, 37, 1));
            BatchReport report = grid.lastBatch().orElseThrow();
            assertEquals(37, report.evaluations());
            assertEquals(
                    List.of("single-a"), List.copyOf(report.evaluationsPerNode().keySet()));
            assertTrue(report.overheadMillis() >= 0 && report.overheadMillis() <= report.wallMillis());
            grid.evaluate(genomes(spec, 5, 2)); // a second generation reuses the node's seed context
            assertEquals(1, NodeRuns.localRuns(ignite));
            assertTrue(grid.describe().startsWith("grid, 1 server node"), grid.describe());
        }
        assertEquals(0, NodeRuns.localRuns(ignite), "close() drops the run's seed context");
        assertEquals(0, ignite.cache(NodeRuns.CACHE).size(), "close() drops the run's bars");
    }

    @Test
    void embeddedCoordinatorReusesTheRunsContext() {
        SeedContext context = SeedContext.of(bars);
        List<double[]> genomes = genomes(spec, 8, 2);
        try (var grid = GridEvaluator.builder(ignite, spec, context).build()) {
            grid.evaluate(genomes);
            assertTrue(NodeRuns.slot(ignite, grid.runKey()).context(ignite) == context);
        }
    }

    @Test
    void aFailingGenomeFailsTheGenerationClearly() {
        try (var grid = GridEvaluator.builder(ignite, spec, bars).build()) {
            List<double[]> bad = List.of(new double[] {0.5});
            EvaluationException e = assertThrows(EvaluationException.class, () -> grid.evaluate(bad));
            assertTrue(e.getMessage().contains("failed on the grid"), e.getMessage());
        }
    }

    @Test
    void aCoordinatorThatDiesLeavesNothingBehind() throws Exception {
        Ignite coordinator =
                cluster.startLocal(cluster.config("single-coord").client(true).build());
        GridEvaluator grid = GridEvaluator.builder(coordinator, spec, bars).build();
        grid.evaluate(genomes(spec, 4, 4));
        assertEquals(1, NodeRuns.localRuns(ignite));
        assertEquals(1, ignite.cache(NodeRuns.CACHE).size());
        coordinator.close(); // gone without closing its evaluator
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while ((NodeRuns.localRuns(ignite) > 0 || ignite.cache(NodeRuns.CACHE).size() > 0)
                && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        assertEquals(0, NodeRuns.localRuns(ignite), "the node dropped the dead coordinator's seed context");
        assertEquals(0, ignite.cache(NodeRuns.CACHE).size(), "and its bars");
    }

    @Test
    void aGenerationOverItsTimeoutFailsClearlyAndInTime() throws InterruptedException {
        // Every seed, cold caches, the ML seeds training 200 models each: well over a second of real work (about
        // 5 ms of CPU per model on this machine), against a 50 ms limit.
        EvaluationSpec all =
                new EvaluationSpec(Seeds.all().stream().map(Seed::name).toList(), BacktestSettings.DEFAULT, 5);
        try (var grid = GridEvaluator.builder(ignite, all, bars)
                .timeout(Duration.ofMillis(50))
                .build()) {
            long started = System.nanoTime();
            EvaluationException e = assertThrows(EvaluationException.class, () -> grid.evaluate(genomes(all, 200, 12)));
            long seconds = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - started);
            assertTrue(
                    e.getMessage().startsWith("a generation of 200 genomes did not finish on the grid within 50 ms"),
                    e.getMessage());
            assertTrue(seconds < 6, "gave up after " + seconds + " s");
        }
        // the jobs still queued when it gave up start after close() and find their run gone: nothing stays behind
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (NodeRuns.localRuns(ignite) > 0 && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertEquals(0, NodeRuns.localRuns(ignite), "the timed-out run's seed context is gone from the node");
        assertEquals(0, ignite.cache(NodeRuns.CACHE).size(), "and its bars");
    }
}
