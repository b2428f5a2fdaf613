package io.seedgrid.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.seedgrid.grid.node.NodeProcess;
import io.seedgrid.storage.RunStatus;
import io.seedgrid.storage.StorageConfig;
import io.seedgrid.storage.Stores;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code evolve --mode cluster} through the real command line, on ports of its own (47690.., 47790..). */
@Tag("slow") // scripts/test --quick leaves it out: grid nodes, join timeouts
class ClusterCliTest {
    @TempDir
    Path temp;

    private String[] args(String... extra) {
        List<String> args = new ArrayList<>(List.of(
                "evolve",
                "--symbol",
                "AAPL",
                "--population",
                "12",
                "--generations",
                "3",
                "--seed",
                "5",
                "--json",
                "--plain",
                "--duckdb",
                temp.resolve("seedgrid.duckdb").toString()));
        args.addAll(List.of(extra));
        return args.toArray(String[]::new);
    }

    @Test
    void clusterModeEmbedsANodeAndReportsNodesAndOverhead() throws Exception {
        CliTest.Outcome grid = CliTest.run(args(
                "--mode",
                "cluster",
                "--node-name",
                "cli-coordinator",
                "--discovery",
                "127.0.0.1:47690..47699",
                "--discovery-port",
                "47690",
                "--comm-port",
                "47790",
                "--work-dir",
                temp.resolve("ignite").toString(),
                "--out",
                temp.resolve("grid").toString()));
        assertEquals(0, grid.exit(), grid.err());
        assertTrue(grid.err().contains("one-node grid (embedded node"), grid.err());
        assertTrue(grid.err().contains("nodes cli-coordinator="), "progress shows evaluations per node");
        JsonNode summary = grid.json();
        assertTrue(summary.get("evaluator").asText().startsWith("grid, 1 server node"));
        for (JsonNode g : summary.get("generations")) {
            assertEquals(
                    g.get("evaluations").asInt(),
                    g.get("evaluations_per_node").get("cli-coordinator").asInt());
            assertTrue(g.get("grid_overhead_ms").asLong() >= 0);
        }
        CliTest.Outcome local = CliTest.run(args("--out", temp.resolve("local").toString()));
        assertEquals(0, local.exit(), local.err());
        assertEquals(local.json().get("top"), summary.get("top"), "cluster and local runs agree");
    }

    @Test
    void clientWithNoServerNodeFailsWithOneLine() {
        CliTest.Outcome o = CliTest.run(args(
                "--mode",
                "cluster",
                "--client",
                "--join-timeout",
                "2",
                "--discovery",
                "127.0.0.1:47694..47695",
                "--discovery-port",
                "47694",
                "--comm-port",
                "47794",
                "--work-dir",
                temp.resolve("ignite").toString(),
                "--out",
                temp.resolve("client").toString()));
        assertEquals(1, o.exit());
        assertTrue(
                o.err()
                        .contains(
                                "seedgrid evolve failed: no server node reachable at 127.0.0.1:47694..47695 within 2 s"),
                o.err());
    }

    @Test
    void aGenerationWithNoNodeLeftFailsClearlyAndTheRunIsRecordedAsFailed() throws Exception {
        Path shared = Files.createDirectories(temp.resolve("shared"));
        String discovery = "127.0.0.1:47670..47679";
        try (var node = NodeProcess.start(
                "lonely-node",
                List.of(
                        "--discovery",
                        discovery,
                        "--discovery-port",
                        "47670",
                        "--comm-port",
                        "47770",
                        "--work-dir",
                        temp.resolve("node").toString(),
                        "--failure-detection-ms",
                        "5000"),
                "512m",
                temp.resolve("node.log"))) {
            var outcome = new CompletableFuture<CliTest.Outcome>();
            Thread coordinator = new Thread(() -> outcome.complete(CliTest.run(
                    "evolve",
                    "--symbol",
                    "BTCUSD",
                    "--population",
                    "40",
                    "--generations",
                    "200",
                    "--seed",
                    "3",
                    "--plain",
                    "--mode",
                    "cluster",
                    "--client",
                    "--join-timeout",
                    "60",
                    "--discovery",
                    discovery,
                    "--discovery-port",
                    "47675",
                    "--comm-port",
                    "47775",
                    "--work-dir",
                    temp.resolve("coordinator").toString(),
                    "--storage",
                    "shared",
                    "--shared-dir",
                    shared.toString(),
                    "--out",
                    temp.resolve("out").toString())));
            coordinator.start();
            String runId;
            try (var store = Stores.open(StorageConfig.shared(shared))) {
                long deadline = System.currentTimeMillis() + 120_000;
                while (true) {
                    var runs = store.runs().listRuns(1);
                    if (!runs.isEmpty()
                            && !store.runs().generations(runs.get(0).runId()).isEmpty()) {
                        runId = runs.get(0).runId();
                        break;
                    }
                    assertTrue(
                            System.currentTimeMillis() < deadline && !outcome.isDone(),
                            "no generation completed: "
                                    + (outcome.isDone() ? outcome.get().err() : "timeout"));
                    Thread.sleep(50);
                }
                node.kill(); // the grid's only server node: kill -9
                CliTest.Outcome o = outcome.get(180, TimeUnit.SECONDS);
                assertEquals(1, o.exit(), o.err());
                assertTrue(o.err().contains("no grid node is up"), o.err());
                var recorded = store.runs().findRun(runId).orElseThrow();
                assertEquals(RunStatus.FAILED, recorded.status());
                assertTrue(recorded.message().contains("no grid node is up"), recorded.message());
                assertTrue(store.runs().generations(runId).size() < 200, "recorded generations survive the failure");
            }
        }
    }

    @Test
    void clientNeedsClusterMode() {
        CliTest.Outcome o = CliTest.run(args("--client"));
        assertEquals(2, o.exit());
        assertTrue(o.err().contains("--client needs --mode cluster"), o.err());
    }
}
