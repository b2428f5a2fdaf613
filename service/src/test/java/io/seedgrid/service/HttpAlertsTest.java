package io.seedgrid.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import io.seedgrid.alerts.AlertRule;
import io.seedgrid.alerts.Webhook;
import io.seedgrid.seeds.bars.BundledData;
import io.seedgrid.storage.StorageConfig;
import io.seedgrid.storage.Store;
import io.seedgrid.storage.Stores;
import io.seedgrid.strategies.StrategyRegistries;
import io.seedgrid.strategies.StrategyRegistry;
import io.seedgrid.strategies.live.LiveLoop;
import io.seedgrid.strategies.live.ReplayClock;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The service's own alert rules on real requests, with a real webhook receiver: 5xx answers (no body slot free) fire
 * {@code http_error_rate}, bodies that take a second to arrive fire {@code http_latency}, and quick good requests
 * clear both; and the Prometheus rules file in docs/, which promtool checks and unit-tests, names every rule.
 */
class HttpAlertsTest {
    static final String TOKEN = "alerts-token-0123456789abcdef";

    @TempDir
    Path temp;

    @Test
    void errorsAndSlowRequestsAlertOnceAndClear() throws Exception {
        List<JsonNode> posts = new CopyOnWriteArrayList<>();
        HttpServer receiver = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        receiver.createContext("/hook", exchange -> {
            posts.add(Http.JSON.readTree(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8)));
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        receiver.start();
        ReplayClock clock = new ReplayClock(BundledData.load("AAPL").endTime(0));
        HttpLimits limits = HttpLimits.DEFAULT.withMaxBodyReads(1).withBodyTimeout(Duration.ofSeconds(1));
        try (Store store = Stores.open(StorageConfig.local(temp.resolve("alerts.duckdb")))) {
            StrategyRegistry registry = StrategyRegistries.open(store, clock, LifeOfAStrategyTest.GATES);
            LiveLoop loop = LiveLoop.builder(store, registry, clock)
                    .webhook(new Webhook(
                            URI.create(
                                    "http://127.0.0.1:" + receiver.getAddress().getPort() + "/hook"),
                            Duration.ofSeconds(10)))
                    .build();
            HttpAlerts thresholds = new HttpAlerts(0.2, 0.5, 10, 5);
            try (SeedgridService service = SeedgridServices.start(
                    ServiceConfig.builder()
                            .port(0)
                            .apiToken(TOKEN)
                            .clock(clock)
                            .limits(limits)
                            .monitor(new LifecycleMonitor(loop, Optional.empty(), thresholds))
                            .build(),
                    store)) {
                Http http = new Http(service.url());
                // one client holds the only body slot, sending a byte now and then: every other body is refused, 503
                try (Raw holder = new Raw(service.port())) {
                    holder.send(HostileClientsTest.runHead(1000).replace(HostileClientsTest.TOKEN, TOKEN) + "{");
                    Thread.sleep(100);
                    dribble(holder);
                    for (int i = 0; i < 6; i++) {
                        Http.Answer busy = http.post("/runs", "{\"symbol\": \"AAPL\"}", TOKEN);
                        assertEquals(503, busy.status(), busy.body());
                    }
                    loop.tick();
                    assertEquals(List.of("http_error_rate firing"), told(posts));
                    assertEquals(408, holder.read(Duration.ofSeconds(5)).status(), "the holder times out");
                }
                // a second body that takes a second to arrive: two slow requests of 8, the 95th percentile is slow
                try (Raw slow = new Raw(service.port())) {
                    slow.send(HostileClientsTest.runHead(1000).replace(HostileClientsTest.TOKEN, TOKEN) + "{");
                    dribble(slow);
                    assertEquals(408, slow.read(Duration.ofSeconds(5)).status());
                }
                loop.tick();
                assertEquals(List.of("http_error_rate firing", "http_latency firing"), told(posts));
                loop.tick();
                assertEquals(2, posts.size(), "no repeat while they fire");
                JsonNode latency = posts.get(1);
                assertTrue(latency.get("value").asDouble() >= 0.9, latency.toString());
                assertEquals(0.5, latency.get("threshold").asDouble(), 0);
                assertEquals(service.url() + "/metrics", latency.get("link").asText());
                String metrics = http.get("/metrics").body();
                assertTrue(
                        metrics.contains("seedgrid_alert_firing{rule=\"http_error_rate\",subject=\"http\"} 1.0"),
                        metrics);
                assertTrue(metrics.contains("seedgrid_alerts_fired_total{rule=\"http_latency\"} 1.0"), metrics);
                // ten quick good requests: the window holds only them
                for (int i = 0; i < 10; i++) {
                    assertEquals(200, http.get("/health").status());
                }
                loop.tick();
                assertEquals(
                        List.of(
                                "http_error_rate firing",
                                "http_latency firing",
                                "http_error_rate resolved",
                                "http_latency resolved"),
                        told(posts));
                JsonNode alerts = http.get("/alerts").json();
                assertEquals(0, alerts.get("active").size(), alerts.toString());
                List<String> rules = new ArrayList<>();
                alerts.get("rules")
                        .forEach(r -> rules.add(
                                r.get("rule").asText() + " " + r.get("fired").asLong()));
                assertTrue(rules.contains("http_error_rate 1") && rules.contains("http_latency 1"), rules.toString());
            }
        } finally {
            receiver.stop(0);
        }
    }

    /** Sends a space every 200 ms until the server closes: a body that keeps coming, too slowly. */
    private static void dribble(Raw client) {
        Thread t = new Thread(
                () -> {
                    while (client.send(" ")) {
                        try {
                            Thread.sleep(200);
                        } catch (InterruptedException e) {
                            return;
                        }
                    }
                },
                "dribble");
        t.setDaemon(true);
        t.start();
    }

    private static List<String> told(List<JsonNode> posts) {
        return posts.stream()
                .map(p -> p.get("rule").asText() + " " + p.get("state").asText())
                .toList();
    }

    @Test
    void thePrometheusRulesFilePassesPromtoolAndNamesEveryAlertRule() throws Exception {
        Path docs =
                Path.of("..", "docs", "prometheus-alerts.yml").toAbsolutePath().normalize();
        assertTrue(Files.isRegularFile(docs), docs.toString());
        Path dir = Files.createDirectories(temp.resolve("rules"));
        Files.copy(docs, dir.resolve("prometheus-alerts.yml"));
        try (InputStream in = HttpAlertsTest.class.getResourceAsStream("prometheus-alerts-test.yml")) {
            Files.copy(in, dir.resolve("prometheus-alerts-test.yml"));
        }
        String check = promtool(dir, "check", "rules", "prometheus-alerts.yml");
        assertTrue(check.contains("SUCCESS"), check);
        String test = promtool(dir, "test", "rules", "prometheus-alerts-test.yml");
        assertTrue(test.contains("SUCCESS"), test);
        // every rule the service judges has its Prometheus alert
        String text = Files.readString(docs);
        try (Store store = Stores.open(StorageConfig.local(temp.resolve("names.duckdb")))) {
            ReplayClock clock = new ReplayClock(Instant.EPOCH);
            LiveLoop loop = LiveLoop.builder(
                            store, StrategyRegistries.open(store, clock, LifeOfAStrategyTest.GATES), clock)
                    .build();
            List<String> names = new ArrayList<>(
                    loop.alerts().rules().stream().map(AlertRule::name).toList());
            new RequestWindow(HttpAlerts.DEFAULT).rules().forEach(r -> names.add(r.name()));
            assertEquals(9, names.size(), names.toString());
            for (String name : names) {
                assertTrue(text.contains(name), name + " in " + docs);
            }
        }
    }

    private static String promtool(Path dir, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(ServiceTest.promtool().toString()));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command)
                .directory(dir.toFile())
                .redirectErrorStream(true)
                .start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), String.join(" ", command) + ":\n" + out);
        return out;
    }
}
