package io.seedgrid.validation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.seedgrid.grid.GridNodes;
import io.seedgrid.grid.NodeConfig;
import io.seedgrid.storage.StorageConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.ignite.Ignite;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The grid check against a real Ignite server node started in this JVM (the check joins it as a client), and against
 * a discovery address where no node listens. Ports 47820.. and 47920.. are this test's own.
 */
@Tag("slow") // scripts/test --quick leaves it out: an Ignite server node, a join timeout
class GridCheckTest {
    private static final Path WORK = Path.of("target", "grid-test-work").toAbsolutePath();

    @TempDir
    Path temp;

    private static NodeConfig.Builder node(String name, int discoveryPort, int communicationPort) {
        return NodeConfig.builder()
                .name(name)
                .discovery("127.0.0.1:" + discoveryPort + ".." + (discoveryPort + 9))
                .discoveryPort(discoveryPort, 9)
                .communicationPort(communicationPort, 99)
                .workDir(WORK)
                .failureDetectionTimeout(Duration.ofSeconds(5))
                .joinTimeout(Duration.ofSeconds(20))
                .parallelJobs(2);
    }

    @Test
    void aRealServerNodeIsReachedAndGivesTheSameFitnessAsLocal() {
        StorageConfig local = Deployments.localWithAapl(temp);
        try (Ignite server =
                GridNodes.start(node("validation-server", 47820, 47920).build())) {
            NodeConfig client = node("validation-client", 47820, 47920).build();
            RunOutcome o = Runner.builder(List.of(local))
                    .grid(client)
                    .checks(List.of(Checks.storage(), Checks.grid()))
                    .build()
                    .run();
            CheckResult grid = o.report().checks().get(1);
            assertTrue(grid.passed(), grid.reason());
            assertTrue(
                    grid.evidence()
                            .startsWith("1 server node(s): validation-server (2 jobs); 8 genomes on AAPL: grid "
                                    + "equals local bit for bit"),
                    grid.evidence());
            assertEquals(0, grid.details().get("differing"));
            assertEquals(List.of("validation-server (2 jobs)"), grid.details().get("server_nodes"));
            assertEquals(
                    8,
                    ((Map<?, ?>) grid.details().get("evaluations_per_node"))
                            .values().stream()
                                    .mapToLong(v -> ((Number) v).longValue())
                                    .sum(),
                    "the server node evaluated the sample");
            assertTrue(o.report().productionReady(), o.report().verdict());
            assertEquals(1, server.cluster().nodes().size(), "the check's client left the grid");
        }
    }

    @Test
    void aGridWithNoNodesFailsTheCriticalGridCheckWithinTheJoinTimeout() {
        StorageConfig local = Deployments.localWithAapl(temp);
        NodeConfig nobody = node("validation-lonely-client", 47840, 47940)
                .discovery("127.0.0.1:47840..47841")
                .joinTimeout(Duration.ofSeconds(3))
                .build();
        RunOutcome o = Runner.builder(List.of(local))
                .grid(nobody)
                .settings(Deployments.LIGHT)
                .build()
                .run();
        ValidationReport r = o.report();
        CheckResult grid = r.checks().stream()
                .filter(c -> c.name().equals("grid"))
                .findFirst()
                .orElseThrow();
        assertTrue(grid.failed(), r.verdict());
        assertTrue(
                grid.reason().startsWith("no server node reachable at 127.0.0.1:47840..47841 within 3 s"),
                grid.reason());
        assertTrue(grid.millis() < 15_000, "gave up within the join timeout, not the default 30 s: " + grid.millis());
        assertEquals(
                List.of("grid"), r.failedTests().stream().map(CheckResult::name).toList(), r.verdict());
        assertEquals(10, r.totalTests(), "cluster mode configured: the grid check counts");
        assertEquals(100.0 * 100 / 110, r.businessValueScore(), 1e-9, "100 of 110");
        assertEquals("FAILED", r.overallStatus());
        assertFalse(r.productionReady(), "the score alone would pass; the critical grid check does not");
        assertEquals(List.of("critical check failed: grid"), r.notReadyBecause());
    }
}
