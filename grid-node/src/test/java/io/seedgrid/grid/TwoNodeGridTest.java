package io.seedgrid.grid;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.seedgrid.evolution.fitness.BatchReport;
import io.seedgrid.evolution.fitness.EvaluationSpec;
import io.seedgrid.evolution.fitness.GenomeEvaluator;
import io.seedgrid.evolution.fitness.GenomeEvaluatorContract;
import io.seedgrid.seeds.bars.BundledData;
import io.seedgrid.seeds.seed.SeedContext;
import java.time.Duration;
import java.util.List;
import org.apache.ignite.Ignite;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The {@link GenomeEvaluatorContract} on two server nodes (ports 47860.., 47960..): this JVM's, which evaluates on
 * the run's own seed context as an embedded coordinator does, and a child JVM's, which gets the bars shipped.
 */
@Tag("slow") // scripts/test --quick leaves it out: a child JVM node
class TwoNodeGridTest extends GenomeEvaluatorContract {
    private static TestCluster cluster;
    private static Ignite ignite;

    @BeforeAll
    static void startCluster() {
        cluster = new TestCluster(47860, 47960);
        cluster.startChild("pair-b");
        ignite = cluster.startLocal(cluster.config("pair-a").build());
        GridNodes.awaitServers(ignite, 2, Duration.ofSeconds(60));
    }

    @AfterAll
    static void stopCluster() {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Override
    protected GenomeEvaluator evaluator(EvaluationSpec spec, SeedContext context) {
        return GridEvaluator.factory(ignite, Duration.ofSeconds(120)).apply(spec, context);
    }

    @Test
    void bothNodesComputeAndEachGenomeCountsOnce() {
        EvaluationSpec spec = classicWindowed();
        try (var grid = evaluator(spec, SeedContext.of(BundledData.load("BTCUSD")))) {
            grid.evaluate(genomes(spec, 40, 3));
            BatchReport report = grid.lastBatch().orElseThrow();
            assertEquals(40, report.evaluations());
            assertEquals(
                    List.of("pair-a", "pair-b"),
                    List.copyOf(report.evaluationsPerNode().keySet()),
                    "both nodes computed: " + report);
        }
    }
}
