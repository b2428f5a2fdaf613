package io.seedgrid.cli;

import static io.seedgrid.cli.CliTest.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import io.seedgrid.evolution.run.EvolutionRun;
import io.seedgrid.evolution.run.RunConfig;
import io.seedgrid.runs.DataSource;
import io.seedgrid.runs.RunIds;
import io.seedgrid.runs.RunManifest;
import io.seedgrid.runs.RunRecorder;
import io.seedgrid.runs.SavePlan;
import io.seedgrid.seeds.Seeds;
import io.seedgrid.seeds.bars.Bars;
import io.seedgrid.storage.RunRecord;
import io.seedgrid.storage.RunStatus;
import io.seedgrid.storage.StorageConfig;
import io.seedgrid.storage.Store;
import io.seedgrid.storage.Stores;
import io.seedgrid.strategies.RegisteredStrategy;
import io.seedgrid.strategies.StrategyRegistries;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A coordinator process killed with SIGKILL mid-run, resumed from its checkpoints: the uninterrupted result (and no
 * resume while it lives). Runs started over HTTP resume from the command line too, keeping their save plan.
 */
class ResumeCliTest {
    private static final String[] RUN = {
        "--symbol",
        "BTCUSD",
        "--seeds",
        "EMACrossoverSeed,StochasticOscillatorSeed,VolatilityScalingSeed,RSIFilterSeed,VWAPReversionSeed,"
                + "BollingerBandsSeed,SMATrendFilterSeed,IchimokuCloudSeed",
        "--population",
        "40",
        "--generations",
        "16",
        "--seed",
        "5",
        "--plain",
        "--threads",
        "1"
    };

    @TempDir
    Path temp;

    private static String[] with(String... more) {
        List<String> args = new ArrayList<>(List.of("evolve"));
        args.addAll(List.of(RUN));
        args.addAll(List.of(more));
        return args.toArray(String[]::new);
    }

    @Test
    @Tag("slow") // scripts/test --quick leaves it out: a coordinator JVM killed and resumed
    void aKilledCoordinatorResumesToTheUninterruptedResult() throws Exception {
        Path reference = Files.createDirectories(temp.resolve("reference"));
        CliTest.Outcome whole = run(with(
                "--storage",
                "shared",
                "--shared-dir",
                reference.toString(),
                "--json",
                "--out",
                temp.resolve("r1").toString()));
        assertEquals(0, whole.exit(), whole.err());
        JsonNode uninterrupted = whole.json();

        Path killed = Files.createDirectories(temp.resolve("killed"));
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
                .filter(a -> a.startsWith("--add-opens")
                        || a.startsWith("--enable-native-access")
                        || a.startsWith("--sun-misc")
                        || a.startsWith("-Xmx"))
                .toList());
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), SeedgridCommand.class.getName()));
        command.addAll(List.of(with(
                "--storage",
                "shared",
                "--shared-dir",
                killed.toString(),
                "--out",
                temp.resolve("r2").toString())));
        Process coordinator = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(temp.resolve("coordinator.log").toFile())
                .start();
        String runId;
        int checkpointsAtKill;
        try (Store store = Stores.open(StorageConfig.shared(killed))) {
            long deadline = System.currentTimeMillis() + 120_000;
            while (true) {
                List<RunRecord> runs = store.runs().listRuns(1);
                if (!runs.isEmpty()
                        && store.runs().generations(runs.get(0).runId()).size() >= 3) {
                    runId = runs.get(0).runId();
                    break;
                }
                if (!coordinator.isAlive() || System.currentTimeMillis() > deadline) {
                    fail("the coordinator stopped or stalled before 3 generations: "
                            + Files.readString(temp.resolve("coordinator.log")));
                }
                Thread.sleep(20);
            }
            // its coordinator is alive: a resume now would run the same generations twice, and is refused
            CliTest.Outcome meanwhile = run(
                    "evolve", "--resume", runId, "--storage", "shared", "--shared-dir", killed.toString(), "--plain");
            assertEquals(2, meanwhile.exit(), meanwhile.err());
            assertTrue(
                    meanwhile.err().contains("is still RUNNING: its coordinator " + coordinator.pid() + "@"),
                    meanwhile.err());
            coordinator.destroyForcibly(); // SIGKILL: no shutdown hook, no goodbye
            coordinator.waitFor();
            checkpointsAtKill = store.runs().generations(runId).size();
            RunRecord dead = store.runs().findRun(runId).orElseThrow();
            assertNotEquals(RunStatus.COMPLETED, dead.status(), "killed too late: make the run longer");
            assertEquals(RunStatus.RUNNING, dead.status(), "a SIGKILLed run is left as it was");
        }
        assertTrue(checkpointsAtKill < 16, "killed at " + checkpointsAtKill);

        CliTest.Outcome resumed = run(
                "evolve",
                "--resume",
                runId,
                "--storage",
                "shared",
                "--shared-dir",
                killed.toString(),
                "--plain",
                "--json",
                "--out",
                temp.resolve("r3").toString());
        assertEquals(0, resumed.exit(), resumed.err());
        assertTrue(
                resumed.err().contains("resuming run " + runId + " after generation " + checkpointsAtKill),
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
            assertEquals(
                    RunStatus.COMPLETED,
                    store.runs().findRun(runId).orElseThrow().status());
            assertEquals(16, store.runs().generations(runId).size());
        }
        CliTest.Outcome again =
                run("evolve", "--resume", runId, "--storage", "shared", "--shared-dir", killed.toString());
        assertEquals(2, again.exit());
        assertTrue(again.err().contains("already completed"), again.err());
    }

    /** A simulated trend market's short run, with a strategy to accept: stopped after generation 2 of 4. */
    private static final String[] TREND = {
        "--simulated",
        "trend",
        "--seeds",
        "EMACrossoverSeed",
        "--population",
        "20",
        "--generations",
        "4",
        "--seed",
        "1",
        "--allow-short",
        "--plain",
        "--json"
    };

    /**
     * Issue 13 point 3: {@code evolve --resume api-...} ended in a NullPointerException (the service recorded no data
     * source and no checkpoints). A run recorded by the service's recorder, stopped after generation 2, resumes from
     * the command line to the result the command line gives uninterrupted, and keeps its own save plan: nothing
     * registered for a run that said not to, its own name for one that named it; options that would change a run are
     * refused with --resume.
     */
    @Test
    @Tag("slow") // scripts/test --quick leaves it out: three evolutions on the shared backend (about 20 s)
    void aRunStartedOverHttpResumesFromTheCommandLineKeepingItsSavePlan() throws Exception {
        CliTest.Outcome whole = run(concat(
                new String[] {
                    "evolve",
                    "--storage",
                    "shared",
                    "--shared-dir",
                    Files.createDirectories(temp.resolve("reference")).toString(),
                    "--out",
                    temp.resolve("r0").toString()
                },
                TREND));
        assertEquals(0, whole.exit(), whole.err());
        JsonNode uninterrupted = whole.json();
        assertTrue(
                uninterrupted.get("saved_strategy").isTextual(), "the test needs an accepted strategy: " + whole.out());

        Path dir = Files.createDirectories(temp.resolve("api"));
        String quiet;
        String named;
        try (Store store = Stores.open(StorageConfig.shared(dir))) {
            quiet = stoppedApiRun(store, SavePlan.NONE);
            named = stoppedApiRun(store, SavePlan.named("kept-name"));
            assertEquals(
                    RunStatus.INTERRUPTED,
                    store.runs().findRun(quiet).orElseThrow().status());
        }
        String[] storage = {"--storage", "shared", "--shared-dir", dir.toString(), "--plain", "--json"};
        CliTest.Outcome changed =
                run(concat(new String[] {"evolve", "--resume", quiet, "--population", "30", "--no-save"}, storage));
        assertEquals(2, changed.exit(), changed.err());
        assertTrue(changed.err().contains("drop --population, --no-save"), changed.err());

        for (String id : List.of(quiet, named)) {
            CliTest.Outcome resumed = run(concat(
                    new String[] {
                        "evolve", "--resume", id, "--out", temp.resolve(id).toString()
                    },
                    storage));
            assertEquals(0, resumed.exit(), resumed.err());
            assertTrue(resumed.err().contains("resuming run " + id + " after generation 2 of 4"), resumed.err());
            JsonNode after = resumed.json();
            assertEquals(uninterrupted.get("top"), after.get("top"), "the uninterrupted result");
            assertEquals(
                    uninterrupted.get("generations").size(),
                    after.get("generations").size());
            for (int g = 0; g < 4; g++) {
                assertEquals(
                        uninterrupted.get("generations").get(g).get("best_fitness"),
                        after.get("generations").get(g).get("best_fitness"));
            }
            if (id.equals(quiet)) {
                assertTrue(after.get("saved_strategy").isNull(), "its --no-save holds: " + after.get("saved_strategy"));
            } else {
                assertEquals("kept-name@1.0.0", after.get("saved_strategy").asText());
            }
        }
        try (Store store = Stores.open(StorageConfig.shared(dir))) {
            assertEquals(
                    List.of("kept-name@1.0.0"),
                    StrategyRegistries.open(store).list().stream()
                            .map(RegisteredStrategy::id)
                            .toList());
            assertEquals(
                    RunStatus.COMPLETED,
                    store.runs().findRun(quiet).orElseThrow().status());
        }
    }

    /** A run the service's way (origin api, the trend market's data source), stopped after generation 2 of 4. */
    private static String stoppedApiRun(Store store, SavePlan save) {
        DataSource source = DataSource.simulated("trend", 3);
        Bars bars = source.load(store.bars());
        EvolutionRun run = EvolutionRun.builder(bars)
                .seeds(Seeds.parse("EMACrossoverSeed"))
                .config(RunConfig.DEFAULT
                        .withPopulationSize(20)
                        .withGenerations(4)
                        .withRandomSeed(1))
                .allowShort(true)
                .build();
        String id = RunIds.next("api-", bars.symbol(), 1, Optional.empty(), Instant.now());
        try (RunRecorder recorder = RunRecorder.builder(store.runs())
                .create(
                        id,
                        RunManifest.of(RunManifest.Origin.API, run, source, bars, Optional.empty(), save),
                        RunStatus.QUEUED)) {
            recorder.running(null);
            try {
                run.run(
                        g -> {
                            if (g.generation() == 3) {
                                throw new IllegalStateException(
                                        "the service stops"); // after checkpointing generation 2
                            }
                        },
                        recorder::generation);
            } catch (IllegalStateException expected) {
                recorder.interrupted("the service stopped during the run");
            }
        }
        return id;
    }

    private static String[] concat(String[] a, String[] b) {
        String[] all = new String[a.length + b.length];
        System.arraycopy(a, 0, all, 0, a.length);
        System.arraycopy(b, 0, all, a.length, b.length);
        return all;
    }
}
