package io.seedgrid.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import io.seedgrid.runs.LeaseTerms;
import io.seedgrid.storage.RunRecord;
import io.seedgrid.storage.RunStatus;
import io.seedgrid.storage.StorageConfig;
import io.seedgrid.storage.Store;
import io.seedgrid.storage.Stores;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 13 point 3: a service process killed with SIGKILL while one run computes and another waits, then started
 * again on the same storage, resumes the first from its last checkpoint and runs the second, to exactly the results
 * an uninterrupted service gives; a service stopped with SIGTERM keeps its queued run too. The service runs in
 * separate JVMs ({@link ServiceMain}) on a shared directory; the reference is an uninterrupted service in this JVM.
 */
@Tag("slow") // scripts/test --quick leaves it out: service processes killed and restarted
class ServiceRestartTest {
    /** Long enough to be killed mid-run: BTCUSD minute bars, eight seeds, one evaluation thread. */
    static final String LONG = "{\"symbol\":\"BTCUSD\",\"population\":30,\"generations\":16,\"seed\":5,\"seeds\":"
            + "[\"EMACrossoverSeed\",\"RSIFilterSeed\",\"BollingerBandsSeed\",\"SMATrendFilterSeed\","
            + "\"StochasticOscillatorSeed\",\"VolatilityScalingSeed\",\"VWAPReversionSeed\",\"IchimokuCloudSeed\"]}";

    static final String SHORT = "{\"symbol\":\"AAPL\",\"population\":16,\"generations\":4,\"seed\":9,"
            + "\"allow_short\":true,\"seeds\":[\"EMACrossoverSeed\",\"RSIFilterSeed\"],\"save_best\":false}";

    @TempDir
    Path temp;

    @Test
    void aServiceKilledAndStartedAgainResumesItsRunningAndQueuedRunsToTheUninterruptedResults() throws Exception {
        // the reference: both runs on an uninterrupted service
        List<JsonNode> reference = new ArrayList<>();
        Path refDir = Files.createDirectories(temp.resolve("reference"));
        try (Store refStore = Stores.open(StorageConfig.shared(refDir));
                SeedgridService uninterrupted = SeedgridServices.start(
                        ServiceConfig.builder()
                                .port(0)
                                .apiToken(ServiceTest.TOKEN)
                                .maxRunningRuns(1)
                                .evaluationThreads(1)
                                .build(),
                        refStore)) {
            Http h = new Http(uninterrupted.url());
            String a = submit(h, LONG);
            String b = submit(h, SHORT);
            reference.add(until(h, a, ServiceRestartTest::completed, 300));
            reference.add(until(h, b, ServiceRestartTest::completed, 300));
        }

        Path dir = Files.createDirectories(temp.resolve("killed"));
        String running;
        String queued;
        try (Store store = Stores.open(StorageConfig.shared(dir))) {
            Process first = startService(dir, "first");
            Http h = new Http(url(dir, "first", first));
            running = submit(h, LONG);
            queued = submit(h, SHORT);
            assertEquals("QUEUED", h.get("/runs/" + queued).json().get("status").asText(), "stored before the 202");
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(300);
            while (store.runs().generations(running).size() < 3) {
                assertTrue(
                        first.isAlive() && System.nanoTime() < deadline,
                        "the run should make progress: " + log(dir, "first"));
                Thread.sleep(20);
            }
            first.destroyForcibly(); // SIGKILL: no shutdown hook, no goodbye
            assertTrue(first.waitFor(30, TimeUnit.SECONDS));
            RunRecord dead = store.runs().findRun(running).orElseThrow();
            int done = store.runs().generations(running).size();
            assertTrue(done < 16, "killed too late (" + done + " generations): make the run longer");
            assertEquals(RunStatus.RUNNING, dead.status(), "killed as it ran");
            assertFalse(
                    LeaseTerms.DEFAULT.held(dead, Instant.now()),
                    "but no one holds it: " + LeaseTerms.DEFAULT.why(dead, Instant.now()));
            assertEquals(
                    RunStatus.QUEUED, store.runs().findRun(queued).orElseThrow().status(), "the queued run is kept");

            Process second = startService(dir, "second");
            try {
                Http again = new Http(url(dir, "second", second));
                JsonNode resumed = until(again, running, ServiceRestartTest::completed, 300);
                JsonNode ranLater = until(again, queued, ServiceRestartTest::completed, 300);
                assertSameRun(reference.get(0), resumed);
                assertSameRun(reference.get(1), ranLater);
                assertEquals(16, store.runs().generations(running).size());
                assertTrue(
                        log(dir, "second").contains("run " + running + " resumes (after generation " + done),
                        log(dir, "second"));

                // SIGTERM: the running run is INTERRUPTED, the queued one stays QUEUED, and both go on next start
                String runningAtStop = submit(again, LONG);
                String queuedAtStop = submit(again, SHORT);
                while (store.runs().generations(runningAtStop).size() < 2) {
                    assertTrue(second.isAlive() && System.nanoTime() < deadline, log(dir, "second"));
                    Thread.sleep(20);
                }
                second.destroy(); // SIGTERM
                assertTrue(second.waitFor(60, TimeUnit.SECONDS));
                assertEquals(
                        RunStatus.INTERRUPTED,
                        store.runs().findRun(runningAtStop).orElseThrow().status());
                assertEquals(
                        RunStatus.QUEUED,
                        store.runs().findRun(queuedAtStop).orElseThrow().status());
                Process third = startService(dir, "third");
                try {
                    Http last = new Http(url(dir, "third", third));
                    assertSameRun(reference.get(0), until(last, runningAtStop, ServiceRestartTest::completed, 300));
                    assertSameRun(reference.get(1), until(last, queuedAtStop, ServiceRestartTest::completed, 300));
                } finally {
                    third.destroyForcibly();
                    third.waitFor(30, TimeUnit.SECONDS);
                }
            } finally {
                second.destroyForcibly();
                second.waitFor(30, TimeUnit.SECONDS);
            }
        }
    }

    /** Same generations, same top strategies with the same metrics, and the same registration outcome. */
    static void assertSameRun(JsonNode expected, JsonNode actual) {
        assertEquals("COMPLETED", actual.get("status").asText(), actual.toString());
        assertEquals(expected.get("generations_total"), actual.get("generations_total"));
        JsonNode eg = expected.get("generations");
        JsonNode ag = actual.get("generations");
        assertEquals(eg.size(), ag.size());
        for (int g = 0; g < eg.size(); g++) {
            assertEquals(eg.get(g).get("best_fitness"), ag.get(g).get("best_fitness"), "generation " + (g + 1));
            assertEquals(eg.get(g).get("mean_fitness"), ag.get(g).get("mean_fitness"), "generation " + (g + 1));
            assertEquals(eg.get(g).get("evaluations"), ag.get(g).get("evaluations"), "generation " + (g + 1));
        }
        assertEquals(expected.get("results"), actual.get("results"), "the same top strategies and metrics");
        assertEquals(
                expected.get("saved_strategies").size(),
                actual.get("saved_strategies").size(),
                "registers what the uninterrupted run registers: " + actual.get("saved_strategies"));
    }

    static boolean completed(JsonNode run) {
        String status = run.get("status").asText();
        if (status.equals("FAILED")) {
            fail("run failed: " + run);
        }
        return status.equals("COMPLETED");
    }

    static String submit(Http h, String body) {
        Http.Answer a = h.post("/runs", body, ServiceTest.TOKEN);
        assertEquals(202, a.status(), a.body());
        return a.json().get("run_id").asText();
    }

    static JsonNode until(Http h, String runId, Predicate<JsonNode> done, int seconds) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (true) {
            JsonNode run = h.get("/runs/" + runId).json();
            if (done.test(run)) {
                return run;
            }
            if (System.nanoTime() > deadline) {
                fail("run " + runId + " still " + run.get("status") + " after " + seconds + " s: " + run);
            }
            Thread.sleep(50);
        }
    }

    /** A service JVM on {@code dir}: same java and classpath, this JVM's module and native-access flags. */
    private Process startService(Path dir, String name) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
                .filter(a -> a.startsWith("--add-opens")
                        || a.startsWith("--enable-native-access")
                        || a.startsWith("--sun-misc")
                        || a.startsWith("-Xmx"))
                .toList());
        command.addAll(List.of(
                "-cp",
                System.getProperty("java.class.path"),
                ServiceMain.class.getName(),
                dir.toString(),
                temp.resolve(name + ".url").toString()));
        return new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(temp.resolve(name + ".log").toFile())
                .start();
    }

    private String url(Path dir, String name, Process p) throws Exception {
        Path file = temp.resolve(name + ".url");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!Files.exists(file)) {
            assertTrue(p.isAlive() && System.nanoTime() < deadline, "the service should start: " + log(dir, name));
            Thread.sleep(20);
        }
        return Files.readString(file);
    }

    private String log(Path dir, String name) {
        try {
            return Files.readString(temp.resolve(name + ".log"));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }
}
