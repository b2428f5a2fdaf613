package io.seedgrid.validation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import io.seedgrid.alerts.Webhook;
import io.seedgrid.seeds.Seeds;
import io.seedgrid.storage.StorageConfig;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A schedule of real validations with a real HTTP receiver for the webhook. Between cycles the test breaks the
 * deployment (its DuckDB file replaced by a directory: storage unreachable) and then repairs it.
 */
class SchedulerTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path temp;

    private HttpServer receiver;
    private final List<Received> posts = new CopyOnWriteArrayList<>();

    record Received(String event, String contentType, JsonNode body) {}

    @BeforeEach
    void startReceiver() throws IOException {
        receiver = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        receiver.createContext("/hook", exchange -> {
            try (InputStream in = exchange.getRequestBody()) {
                String body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
                posts.add(new Received(
                        exchange.getRequestHeaders().getFirst("X-Seedgrid-Event"),
                        exchange.getRequestHeaders().getFirst("Content-Type"),
                        JSON.readTree(body)));
            }
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        receiver.start();
    }

    @AfterEach
    void stopReceiver() {
        receiver.stop(0);
    }

    private URI hook() {
        return URI.create("http://127.0.0.1:" + receiver.getAddress().getPort() + "/hook");
    }

    @Test
    void readinessLostAndRestoredRaiseAlertsAndPostTheReport() throws Exception {
        StorageConfig local = Deployments.localWithAapl(temp);
        Path db = local.duckdbPath();
        Path aside = temp.resolve("aside.duckdb");
        Runner runner = Runner.builder(List.of(local))
                .checks(List.of(Checks.storage(), Checks.seedRegistry(), Checks.dataSufficiency(), Checks.signals()))
                .build();
        List<String> events = Collections.synchronizedList(new ArrayList<>());
        List<Instant> wakes = new ArrayList<>();
        List<Instant> starts = new ArrayList<>();
        Scheduler.Sleeper breakThenRepair = wake -> {
            wakes.add(wake);
            try {
                if (wakes.size() == 1) { // after cycle 1: the storage becomes unreachable
                    Files.move(db, aside);
                    Files.createDirectory(db);
                } else { // after cycle 2: repaired
                    Files.delete(db);
                    Files.move(aside, db, StandardCopyOption.ATOMIC_MOVE);
                }
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        };
        Scheduler scheduler = Scheduler.builder(runner::run, Duration.ofHours(24))
                .cycles(3)
                .sleeper(breakThenRepair)
                .webhook(new Webhook(hook(), Duration.ofSeconds(10)))
                .listener(new Scheduler.Listener() {
                    @Override
                    public void cycleStarted(int cycle, Instant at) {
                        starts.add(at);
                    }

                    @Override
                    public void cycleFinished(int cycle, RunOutcome outcome) {
                        events.add(cycle + " " + (outcome.report().productionReady() ? "ready" : "not ready"));
                    }

                    @Override
                    public void alert(Scheduler.Alert alert) {
                        events.add(alert.cycle() + " alert " + alert.event());
                        events.add(alert.line());
                    }

                    @Override
                    public void webhook(Scheduler.Alert alert, Webhook.Delivery delivery) {
                        events.add(alert.cycle() + " webhook " + delivery.status());
                    }
                })
                .build();
        Scheduler.Summary summary = scheduler.run();

        assertEquals(3, summary.cycles());
        assertFalse(summary.stopped());
        assertEquals(
                List.of(
                        "1 ready",
                        "2 not ready",
                        "2 alert readiness.lost",
                        events.get(3),
                        "2 webhook 204",
                        "3 ready",
                        "3 alert readiness.restored",
                        events.get(7),
                        "3 webhook 204"),
                events);
        assertTrue(
                events.get(3).startsWith("ALERT ")
                        && events.get(3).contains("is NOT READY (was ready)")
                        && events.get(3).contains("failed: storage"),
                events.get(3));
        assertTrue(events.get(7).contains("is PRODUCTION READY again (was not ready)"), events.get(7));
        assertEquals(2, posts.size(), "one POST per change, none for cycle 1");
        assertEquals("readiness.lost", posts.get(0).event());
        assertTrue(posts.get(0).contentType().startsWith("application/json"));
        assertFalse(posts.get(0).body().get("production_ready").asBoolean());
        assertEquals(
                "storage",
                posts.get(0).body().get("failed_tests").get(0).get("check").asText());
        assertTrue(posts.get(1).body().get("production_ready").asBoolean());
        assertEquals("readiness.restored", posts.get(1).event());
        // Fixed rate: each wake-up is one period after the start of the cycle before it.
        assertEquals(2, wakes.size());
        assertEquals(starts.get(0).plus(Duration.ofHours(24)), wakes.get(0));
        assertEquals(starts.get(1).plus(Duration.ofHours(24)), wakes.get(1));
    }

    @Test
    void theFirstCycleComparesWithTheLastStoredReport() {
        StorageConfig local = Deployments.localWithAapl(temp);
        Runner notReady = Runner.builder(List.of(local))
                .checks(List.of(Checks.storage(), Checks.seedRegistry()))
                .seeds(List.of(Seeds.all().get(0)))
                .build();
        assertFalse(notReady.run().report().productionReady(), "one seed of ten: registry fails");
        Runner ready = notReady.toBuilder().seeds(Seeds.all()).build();
        List<Scheduler.Alert> alerts = new ArrayList<>();
        Scheduler.builder(ready::run, Duration.ofSeconds(1))
                .cycles(1)
                .webhook(new Webhook(hook(), Duration.ofSeconds(10)))
                .listener(new Scheduler.Listener() {
                    @Override
                    public void cycleFinished(int cycle, RunOutcome outcome) {}

                    @Override
                    public void alert(Scheduler.Alert alert) {
                        alerts.add(alert);
                    }
                })
                .build()
                .run();
        assertEquals(1, alerts.size());
        assertTrue(alerts.get(0).ready());
        assertEquals(1, posts.size());
    }

    @Test
    void stopInterruptsTheWaitAtOnce() throws Exception {
        StorageConfig local = Deployments.localWithAapl(temp);
        Runner runner =
                Runner.builder(List.of(local)).checks(List.of(Checks.storage())).build();
        CountDownLatch firstCycle = new CountDownLatch(1);
        Scheduler scheduler = Scheduler.builder(runner::run, Duration.ofHours(1))
                .listener(new Scheduler.Listener() {
                    @Override
                    public void cycleFinished(int cycle, RunOutcome outcome) {
                        firstCycle.countDown();
                    }

                    @Override
                    public void alert(Scheduler.Alert alert) {}
                })
                .build();
        var result = new CompletableFuture<Scheduler.Summary>();
        Thread loop = new Thread(() -> result.complete(scheduler.run()));
        loop.start();
        // Stop once the loop sleeps towards the second cycle: the first one finished and the thread waits, timed.
        assertTrue(firstCycle.await(60, TimeUnit.SECONDS), "the first cycle finishes");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (loop.getState() != Thread.State.TIMED_WAITING) {
            assertTrue(System.nanoTime() < deadline, "the loop never went to sleep: " + loop.getState());
            Thread.sleep(1);
        }
        long stopping = System.nanoTime();
        scheduler.stop();
        Scheduler.Summary summary = result.get(10, TimeUnit.SECONDS);
        assertTrue(summary.stopped());
        assertEquals(1, summary.cycles());
        assertTrue(System.nanoTime() - stopping < 5_000_000_000L, "did not wait out the hour");
    }

    @Test
    void periodsParseAsOperatorsWriteThem() {
        assertEquals(Duration.ofSeconds(2), Scheduler.parsePeriod("2s"));
        assertEquals(Duration.ofMinutes(15), Scheduler.parsePeriod("15m"));
        assertEquals(Duration.ofHours(24), Scheduler.parsePeriod("24h"));
        assertEquals(Duration.ofDays(7), Scheduler.parsePeriod("7d"));
        assertEquals(Duration.ofMinutes(15), Scheduler.parsePeriod("PT15M"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Scheduler.parsePeriod("500ms"))
                .getMessage()
                .contains("at least 1s"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Scheduler.parsePeriod("daily"))
                .getMessage()
                .contains("30s, 15m, 24h"));
        assertThrows(IllegalArgumentException.class, () -> Webhook.parse("ftp://example.org/x"));
        assertThrows(IllegalArgumentException.class, () -> Webhook.parse("not a url"));
        assertEquals("127.0.0.1", Webhook.parse("http://127.0.0.1:8080/hook").getHost());
    }
}
