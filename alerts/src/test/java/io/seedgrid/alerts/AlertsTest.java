package io.seedgrid.alerts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The engine with a real HTTP receiver for its webhook: a condition is told once when it begins (log line and POST)
 * and once when it clears, never while it holds; a subject the rule stops watching clears; a rule that throws leaves
 * its alerts as they were.
 */
class AlertsTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private HttpServer receiver;
    private final List<JsonNode> bodies = new CopyOnWriteArrayList<>();
    private final List<String> events = new CopyOnWriteArrayList<>();

    /** A rule over values the test sets: fires while a subject's value is above 1. */
    static final class Above implements AlertRule {
        final Map<String, Double> values = new LinkedHashMap<>();
        RuntimeException failure;

        @Override
        public String name() {
            return "above_one";
        }

        @Override
        public String description() {
            return "a value above 1";
        }

        @Override
        public List<Observation> observe(Instant now) {
            if (failure != null) {
                throw failure;
            }
            List<Observation> out = new ArrayList<>();
            values.forEach(
                    (subject, v) -> out.add(new Observation(subject, v > 1, v, 1, "value " + v, "/things/" + subject)));
            return out;
        }
    }

    @BeforeEach
    void startReceiver() throws IOException {
        receiver = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        receiver.createContext("/hook", exchange -> {
            bodies.add(JSON.readTree(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8)));
            events.add(exchange.getRequestHeaders().getFirst("X-Seedgrid-Event"));
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
    void eachConditionIsToldOnceWhenItBeginsAndOnceWhenItClears() {
        Above rule = new Above();
        List<String> lines = new CopyOnWriteArrayList<>();
        List<Integer> statuses = new CopyOnWriteArrayList<>();
        Clock clock = Clock.fixed(Instant.parse("2024-01-02T03:04:05Z"), ZoneOffset.UTC);
        Alerts alerts = Alerts.builder(clock)
                .rule(rule)
                .webhook(new Webhook(hook(), Duration.ofSeconds(10)))
                .baseUrl("http://svc:8080/")
                .listener(new Alerts.Listener() {
                    @Override
                    public void changed(Alert alert) {
                        lines.add(alert.line());
                    }

                    @Override
                    public void delivered(Alert alert, Webhook.Delivery delivery) {
                        statuses.add(delivery.status());
                    }
                })
                .build();
        rule.values.put("a", 0.5);
        rule.values.put("b", 0.5);
        assertEquals(List.of(), alerts.evaluate(), "nothing fires");
        rule.values.put("a", 2.0);
        List<Alert> first = alerts.evaluate();
        assertEquals(1, first.size());
        assertEquals(Alert.State.FIRING, first.get(0).state());
        assertEquals(List.of(), alerts.evaluate(), "no repeat while it fires");
        rule.values.put("a", 3.0);
        assertEquals(List.of(), alerts.evaluate(), "a new value of a firing condition is no new alert");
        assertEquals(List.of("a"), alerts.active().stream().map(Alert::subject).toList());
        rule.values.put("a", 0.2);
        List<Alert> cleared = alerts.evaluate();
        assertEquals(Alert.State.RESOLVED, cleared.get(0).state());
        assertEquals(0.2, cleared.get(0).value());
        assertEquals(List.of(), alerts.active());
        assertEquals(List.of("alert.firing", "alert.resolved"), events);
        assertEquals(List.of(204, 204), statuses);
        JsonNode fired = bodies.get(0);
        assertEquals("above_one", fired.get("rule").asText());
        assertEquals("a", fired.get("subject").asText());
        assertEquals("firing", fired.get("state").asText());
        assertEquals(2.0, fired.get("value").asDouble());
        assertEquals(1.0, fired.get("threshold").asDouble());
        assertEquals("2024-01-02T03:04:05Z", fired.get("time").asText());
        assertEquals("http://svc:8080/things/a", fired.get("link").asText(), "the evidence link, absolute");
        assertEquals("resolved", bodies.get(1).get("state").asText());
        assertEquals(2, lines.size());
        assertTrue(lines.get(0).startsWith("ALERT FIRING above_one a: value 2.0 (value 2, threshold 1)"), lines.get(0));
        assertEquals(Map.of("above_one", 1L), alerts.firedCounts());
    }

    @Test
    void aSubjectNoLongerWatchedClearsAndAFailingRuleKeepsItsAlerts() {
        Above rule = new Above();
        List<String> failures = new CopyOnWriteArrayList<>();
        Alerts alerts = Alerts.builder(Clock.systemUTC())
                .rule(rule)
                .listener(new Alerts.Listener() {
                    @Override
                    public void changed(Alert alert) {}

                    @Override
                    public void ruleFailed(AlertRule r, RuntimeException e) {
                        failures.add(r.name() + ": " + e.getMessage());
                    }
                })
                .build();
        rule.values.put("x", 5.0);
        assertEquals(1, alerts.evaluate().size());
        rule.failure = new IllegalStateException("storage down");
        assertEquals(List.of(), alerts.evaluate(), "a rule that cannot be judged changes nothing");
        assertEquals(1, alerts.active().size());
        assertEquals(List.of("above_one: storage down"), failures);
        rule.failure = null;
        rule.values.clear();
        List<Alert> gone = alerts.evaluate();
        assertEquals(Alert.State.RESOLVED, gone.get(0).state());
        assertEquals("no longer watched by the rule", gone.get(0).message());
    }

    @Test
    void aWebhookThatDoesNotAnswerIsReportedNotThrown() {
        Above rule = new Above();
        List<Webhook.Delivery> deliveries = new CopyOnWriteArrayList<>();
        receiver.stop(0);
        Alerts alerts = Alerts.builder(Clock.systemUTC())
                .rule(rule)
                .webhook(new Webhook(hook(), Duration.ofSeconds(2)))
                .listener(new Alerts.Listener() {
                    @Override
                    public void changed(Alert alert) {}

                    @Override
                    public void delivered(Alert alert, Webhook.Delivery delivery) {
                        deliveries.add(delivery);
                    }
                })
                .build();
        rule.values.put("x", 5.0);
        assertEquals(1, alerts.evaluate().size());
        assertEquals(1, deliveries.size());
        assertFalse(deliveries.get(0).ok(), deliveries.get(0).line());
        assertEquals(List.of(), alerts.evaluate(), "not repeated: deliveries are not retried");
    }

    @Test
    void namesAndObservationsAreChecked() {
        Above rule = new Above();
        IllegalArgumentException twice = assertThrows(
                IllegalArgumentException.class,
                () -> Alerts.builder(Clock.systemUTC()).rule(rule).rule(new Above()));
        assertTrue(twice.getMessage().contains("above_one"), twice.getMessage());
        AlertRule bad = new AlertRule() {
            @Override
            public String name() {
                return "Bad Name";
            }

            @Override
            public String description() {
                return "";
            }

            @Override
            public List<Observation> observe(Instant now) {
                return List.of();
            }
        };
        assertThrows(
                IllegalArgumentException.class,
                () -> Alerts.builder(Clock.systemUTC()).rule(bad));
        assertThrows(IllegalArgumentException.class, () -> new Observation("s", true, Double.NaN, 1, "m", "/"));
        assertThrows(IllegalArgumentException.class, () -> new Observation(" ", true, 1, 1, "m", "/"));
        assertThrows(
                IllegalArgumentException.class,
                () -> new Observation("s", true, 1, Double.POSITIVE_INFINITY, "m", "/"));
    }
}
