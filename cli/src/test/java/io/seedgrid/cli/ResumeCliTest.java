package io.seedgrid.cli;

import static io.seedgrid.cli.CliTest.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import io.seedgrid.storage.RunRecord;
import io.seedgrid.storage.RunStatus;
import io.seedgrid.storage.StorageConfig;
import io.seedgrid.storage.Store;
import io.seedgrid.storage.Stores;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A coordinator process killed with SIGKILL mid-run, resumed from its checkpoints: the uninterrupted result. */
@Tag("slow") // scripts/test --quick leaves it out: a coordinator JVM killed and resumed
class ResumeCliTest {
    private static final String[] RUN = {"--symbol", "BTCUSD", "--seeds",
        "EMACrossoverSeed,StochasticOscillatorSeed,VolatilityScalingSeed,RSIFilterSeed,VWAPReversionSeed,"
                + "BollingerBandsSeed,SMATrendFilterSeed,IchimokuCloudSeed",
        "--population", "40", "--generations", "16", "--seed", "5", "--plain", "--threads", "1"};

    @TempDir
    Path temp;

    private static String[] with(String... more) {
        List<String> args = new ArrayList<>(List.of("evolve"));
        args.addAll(List.of(RUN));
        args.addAll(List.of(more));
        return args.toArray(String[]::new);
    }

    @Test
    void aKilledCoordinatorResumesToTheUninterruptedResult() throws Exception {
        Path reference = Files.createDirectories(temp.resolve("reference"));
        CliTest.Outcome whole = run(with("--storage", "shared", "--shared-dir", reference.toString(), "--json",
                "--out", temp.resolve("r1").toString()));
        assertEquals(0, whole.exit(), whole.err());
        JsonNode uninterrupted = whole.json();

        Path killed = Files.createDirectories(temp.resolve("killed"));
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
                .filter(a -> a.startsWith("--add-opens") || a.startsWith("--enable-native-access")
                        || a.startsWith("--sun-misc") || a.startsWith("-Xmx"))
                .toList());
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), SeedgridCommand.class.getName()));
        command.addAll(List.of(with("--storage", "shared", "--shared-dir", killed.toString(), "--out",
                temp.resolve("r2").toString())));
        Process coordinator = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(temp.resolve("coordinator.log").toFile()).start();
        String runId;
        int checkpointsAtKill;
        try (Store store = Stores.open(StorageConfig.shared(killed))) {
            long deadline = System.currentTimeMillis() + 120_000;
            while (true) {
                List<RunRecord> runs = store.runs().listRuns(1);
                if (!runs.isEmpty() && store.runs().generations(runs.get(0).runId()).size() >= 3) {
                    runId = runs.get(0).runId();
                    break;
                }
                if (!coordinator.isAlive() || System.currentTimeMillis() > deadline) {
                    fail("the coordinator stopped or stalled before 3 generations: "
                            + Files.readString(temp.resolve("coordinator.log")));
                }
                Thread.sleep(20);
            }
            coordinator.destroyForcibly(); // SIGKILL: no shutdown hook, no goodbye
            coordinator.waitFor();
            checkpointsAtKill = store.runs().generations(runId).size();
            RunRecord dead = store.runs().findRun(runId).orElseThrow();
            assertNotEquals(RunStatus.COMPLETED, dead.status(), "killed too late: make the run longer");
            assertEquals(RunStatus.RUNNING, dead.status(), "a SIGKILLed run is left as it was");
        }
        assertTrue(checkpointsAtKill < 16, "killed at " + checkpointsAtKill);

        CliTest.Outcome resumed = run("evolve", "--resume", runId, "--storage", "shared", "--shared-dir",
                killed.toString(), "--plain", "--json", "--out", temp.resolve("r3").toString());
        assertEquals(0, resumed.exit(), resumed.err());
        assertTrue(resumed.err().contains("resuming run " + runId + " after generation " + checkpointsAtKill),
                resumed.err());
        JsonNode after = resumed.json();
        assertEquals(uninterrupted.get("top"), after.get("top"), "same best strategies, genes and metrics");
        assertEquals(uninterrupted.get("distinct_genomes"), after.get("distinct_genomes"));
        assertEquals(uninterrupted.get("selection_bias"), after.get("selection_bias"));
        for (int g = 0; g < 16; g++) {
            JsonNode a = uninterrupted.get("generations").get(g);
            JsonNode b = after.get("generations").get(g);
            assertEquals(a.get("best_fitness"), b.get("best_fitness"), "generation " + (g + 1));
            assertEquals(a.get("mean_fitness"), b.get("mean_fitness"), "generation " + (g + 1));
        }
        try (Store store = Stores.open(StorageConfig.shared(killed))) {
            assertEquals(RunStatus.COMPLETED, store.runs().findRun(runId).orElseThrow().status());
            assertEquals(16, store.runs().generations(runId).size());
        }
        CliTest.Outcome again = run("evolve", "--resume", runId, "--storage", "shared", "--shared-dir", killed.toString());
        assertEquals(2, again.exit());
        assertTrue(again.err().contains("already completed"), again.err());
    }
}
