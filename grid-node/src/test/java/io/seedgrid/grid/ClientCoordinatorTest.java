package io.seedgrid.grid;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.seedgrid.evolution.fitness.EvaluationException;
import io.seedgrid.evolution.fitness.EvaluationSpec;
import io.seedgrid.evolution.fitness.Fitness;
import io.seedgrid.evolution.fitness.GenomeEvaluatorContract;
import io.seedgrid.evolution.fitness.LocalEvaluator;
import io.seedgrid.grid.node.NodeProcess;
import io.seedgrid.seeds.Seeds;
import io.seedgrid.seeds.backtest.BacktestSettings;
import io.seedgrid.seeds.bars.Bars;
import io.seedgrid.seeds.bars.BundledData;
import io.seedgrid.seeds.seed.Seed;
import io.seedgrid.seeds.seed.SeedContext;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.ignite.Ignite;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** A client coordinator (computes nothing): it needs a server node, and says so clearly when none is left. */
@Tag("slow") // scripts/test --quick leaves it out: child JVM nodes, killed; join timeouts
class ClientCoordinatorTest {
    private TestCluster cluster;

    @AfterEach
    void stop() {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void clientWithNoServerNodeFailsToJoinClearly() {
        cluster = new TestCluster(47660, 47760);
        long started = System.nanoTime();
        GridUnavailableException e = assertThrows(
                GridUnavailableException.class,
                () -> cluster.startLocal(cluster.config("lonely-client")
                        .client(true)
                        .joinTimeout(Duration.ofSeconds(3))
                        .build()));
        assertTrue(
                e.getMessage().startsWith("no server node reachable at 127.0.0.1:47660..47669 within 3 s"),
                e.getMessage());
        assertTrue(System.nanoTime() - started < TimeUnit.SECONDS.toNanos(30), "gave up in time");
    }

    @Test
    void allServerNodesKilledMidGenerationFailsWithinTheTimeout() throws Exception {
        cluster = new TestCluster(47640, 47740);
        NodeProcess server = cluster.startChild("server-x");
        Ignite client = cluster.startLocal(cluster.config("client-y")
                .client(true)
                .joinTimeout(Duration.ofSeconds(60))
                .build());
        GridNodes.awaitServers(client, 1, Duration.ofSeconds(60));
        Bars bars = BundledData.load("BTCUSD");
        EvaluationSpec spec =
                new EvaluationSpec(Seeds.all().stream().map(Seed::name).toList(), BacktestSettings.DEFAULT, 5);
        List<double[]> warmUp = GenomeEvaluatorContract.genomes(spec, 4, 5);
        List<double[]> generation = GenomeEvaluatorContract.genomes(spec, 60, 6);
        Duration timeout = Duration.ofSeconds(20);
        try (var grid =
                GridEvaluator.builder(client, spec, bars).timeout(timeout).build()) {
            List<Fitness> expected;
            try (var local = new LocalEvaluator(spec.fitnessFunction(), SeedContext.of(bars), 1)) {
                expected = local.evaluate(warmUp);
            }
            assertEquals(expected, grid.evaluate(warmUp));
            assertEquals(
                    List.of("server-x"),
                    List.copyOf(
                            grid.lastBatch().orElseThrow().evaluationsPerNode().keySet()),
                    "the client computes nothing");

            var running = CompletableFuture.supplyAsync(() -> grid.evaluate(generation));
            // Kill once the generation is on the grid (its task started from this client) and before it is done.
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (client.compute().activeTaskFutures().isEmpty()) {
                assertFalse(running.isDone(), "the generation ended before it was seen on the grid");
                assertTrue(System.nanoTime() < deadline, "the generation never reached the grid");
                Thread.sleep(5);
            }
            assertFalse(running.isDone(), "still computing when the server is killed");
            server.kill();
            long killed = System.nanoTime();
            var e = assertThrows(
                    ExecutionException.class, () -> running.get(timeout.toSeconds() + 10, TimeUnit.SECONDS));
            assertTrue(e.getCause() instanceof EvaluationException, String.valueOf(e.getCause()));
            assertTrue(
                    e.getCause().getMessage().startsWith("no grid node is up"),
                    e.getCause().getMessage());
            assertTrue(
                    System.nanoTime() - killed < timeout.toNanos() + TimeUnit.SECONDS.toNanos(5),
                    "failed within the generation timeout");

            // The next generation fails at once, just as clearly.
            long next = System.nanoTime();
            EvaluationException again = assertThrows(EvaluationException.class, () -> grid.evaluate(warmUp));
            assertTrue(again.getMessage().startsWith("no grid node is up"), again.getMessage());
            assertTrue(System.nanoTime() - next < timeout.toNanos() + TimeUnit.SECONDS.toNanos(5));
        }
    }
}
