package io.seedgrid.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.seedgrid.seeds.bars.Bars;
import io.seedgrid.storage.StorageConfig;
import io.seedgrid.storage.Store;
import io.seedgrid.storage.Stores;
import io.seedgrid.strategies.GateConfig;
import io.seedgrid.strategies.NewStrategy;
import io.seedgrid.strategies.RegisteredStrategy;
import io.seedgrid.strategies.StrategyRegistries;
import io.seedgrid.strategies.StrategyRegistry;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real service on loopback against clients that misbehave, over raw sockets: hundreds of slow bodies, stalled
 * heads and bodies, oversize bodies, wrong methods, requests Jetty refuses itself, duplicate keys, reads that must
 * not write. Small limits, so every bound is reached in seconds.
 */
class HostileClientsTest {
    static final String TOKEN = ServiceTest.TOKEN;
    static final HttpLimits LIMITS = HttpLimits.DEFAULT
            .withIdleTimeout(Duration.ofSeconds(1))
            .withBodyTimeout(Duration.ofSeconds(2))
            .withMaxBodyBytes(64 * 1024)
            .withMaxBodyReads(4)
            .withMaxRequests(16)
            .withQueueTimeout(Duration.ofSeconds(5));
    /** What /health must answer within, however many slow clients are connected (measured p99: under 0.1 s). */
    static final Duration HEALTH_BOUND = Duration.ofSeconds(2);

    @TempDir
    static Path temp;

    static Store store;
    static SeedgridService service;
    static Http http;
    static StrategyRegistry registry;

    @BeforeAll
    static void start() {
        store = Stores.open(StorageConfig.local(temp.resolve("hostile.duckdb")));
        service = SeedgridServices.start(
                ServiceConfig.builder()
                        .port(0)
                        .apiToken(TOKEN)
                        .evaluationThreads(1)
                        .limits(LIMITS)
                        .build(),
                store);
        http = new Http(service.url());
        registry = StrategyRegistries.open(store, Clock.systemUTC(), GateConfig.DEFAULT);
    }

    @AfterAll
    static void stop() {
        if (service != null) {
            service.close();
        }
        if (store != null) {
            store.close();
        }
    }

    static String runHead(long contentLength) {
        return "POST /runs HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer " + TOKEN
                + "\r\nContent-Type: application/json\r\nContent-Length: " + contentLength + "\r\n\r\n";
    }

    // ---------------------------------------------------------------- slow clients

    @Test
    void threeHundredSlowBodiesNeitherHangTheServiceNorFillTheLog() throws Exception {
        int clients = 300;
        List<Raw> slow = new CopyOnWriteArrayList<>();
        List<Long> health = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        Map<Integer, Integer> answers = new TreeMap<>();
        ScheduledExecutorService dribble = Executors.newSingleThreadScheduledExecutor();
        List<String> log;
        List<String> traces;
        try (CapturedErr err = CapturedErr.start()) {
            try {
                Http probe = new Http(service.url());
                assertEquals(200, probe.get("/health").status()); // a warm client: its first request is slower
                dribble.scheduleAtFixedRate(() -> slow.forEach(r -> r.send(" ")), 200, 200, TimeUnit.MILLISECONDS);
                for (int i = 0; i < clients; i++) {
                    Raw r = new Raw(service.port());
                    r.send(runHead(50_000) + "{");
                    slow.add(r);
                }
                long started = System.nanoTime();
                while (System.nanoTime() - started < TimeUnit.SECONDS.toNanos(4)) {
                    long t0 = System.nanoTime();
                    try {
                        Http.Answer a = probe.send(
                                HttpRequest.newBuilder(URI.create(service.url() + "/health")), Duration.ofSeconds(10));
                        if (a.status() != 200) {
                            problems.add("/health " + a.status() + " " + a.body());
                        }
                    } catch (UncheckedIOException e) {
                        problems.add("/health " + e.getCause());
                    }
                    health.add(System.nanoTime() - t0);
                    Thread.sleep(50);
                }
                // by now every slow client has its answer: 408 (too slow) or 503 (no body slot)
                for (Raw r : slow) {
                    Raw.Answer a = r.read(Duration.ofSeconds(3));
                    answers.merge(a.status(), 1, Integer::sum);
                    if (a.status() == 408 || a.status() == 503) {
                        assertEquals(a.status(), a.json().get("status").asInt(), a.body());
                        assertEquals(
                                a.status() == 503 ? "5" : null,
                                a.header("Retry-After"),
                                a.headers().toString());
                        assertTrue(
                                a.json()
                                        .get("error")
                                        .asText()
                                        .startsWith(
                                                a.status() == 503 ? "busy" : "the body did not arrive within 2.0 s"),
                                a.body());
                    }
                }
            } finally {
                dribble.shutdownNow();
                slow.forEach(Raw::close);
            }
            log = err.lines().stream()
                    .filter(l -> l.contains(" dropped: POST /runs"))
                    .toList();
            traces = err.stackTraceLines();
        }
        List<Long> sorted = new ArrayList<>(health);
        Collections.sort(sorted);
        System.out.printf(
                Locale.ROOT,
                "/health under %d slow-body clients: %d probes, p50 %.1f ms, p99 %.1f ms,"
                        + " max %.1f ms; slow clients answered %s; %d log lines about them%n",
                clients,
                sorted.size(),
                sorted.get(sorted.size() / 2) / 1e6,
                sorted.get(sorted.size() * 99 / 100) / 1e6,
                sorted.get(sorted.size() - 1) / 1e6,
                answers,
                log.size());
        assertEquals(List.of(), problems);
        assertTrue(sorted.get(sorted.size() - 1) < HEALTH_BOUND.toNanos(), "every /health within " + HEALTH_BOUND);
        int timedOut = answers.getOrDefault(408, 0);
        assertEquals(clients, timedOut + answers.getOrDefault(503, 0), "each is answered 408 or 503: " + answers);
        assertTrue(timedOut >= 1, "some bodies were read, until the body timeout: " + answers);
        assertEquals(timedOut, log.size(), "one line per dropped client:\n" + String.join("\n", log));
        assertEquals(List.of(), traces, "no stack traces in the log");
    }

    @Test
    void aClientThatStopsSendingItsBodyIsDroppedAtTheIdleTimeoutInOneLine() {
        try (CapturedErr err = CapturedErr.start();
                Raw r = new Raw(service.port())) {
            r.send(runHead(1000) + "{\"symbol\"");
            long t0 = System.nanoTime();
            Raw.Answer a = r.read(Duration.ofSeconds(5));
            double seconds = (System.nanoTime() - t0) / 1e9;
            assertTrue(seconds < LIMITS.idleTimeout().toSeconds() + 2, "dropped after " + seconds + " s");
            if (a.status() != -1) { // Jetty may still have written the answer before closing
                assertEquals(400, a.status(), a.body());
                assertEquals("body", a.json().get("field").asText());
            }
            String client = ":" + r.socket.getLocalPort() + " dropped: POST /runs stopped sending its body";
            List<String> lines = waitForLines(err, client);
            assertEquals(1, lines.size(), "one line: " + err.lines());
            assertTrue(lines.get(0).contains("9 of 1000 bytes"), lines.get(0));
            assertEquals(List.of(), err.stackTraceLines());
        }
    }

    /** The lines containing {@code text}, once there are any (the server logs after the client sees the close). */
    static List<String> waitForLines(CapturedErr err, String text) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (true) {
            List<String> lines =
                    err.lines().stream().filter(l -> l.contains(text)).toList();
            if (!lines.isEmpty() || System.nanoTime() > deadline) {
                return lines;
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return lines;
            }
        }
    }

    @Test
    void slowHeadsHoldNoThreadAndAStalledHeadIsClosedAtTheIdleTimeout() throws Exception {
        List<Raw> slow = new CopyOnWriteArrayList<>();
        List<Long> health = new ArrayList<>();
        ScheduledExecutorService dribble = Executors.newSingleThreadScheduledExecutor();
        try {
            assertEquals(200, http.get("/health").status()); // a warm client: its first request is slower
            dribble.scheduleAtFixedRate(() -> slow.forEach(r -> r.send("a")), 200, 200, TimeUnit.MILLISECONDS);
            for (int i = 0; i < 100; i++) {
                Raw r = new Raw(service.port());
                r.send("GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ");
                slow.add(r);
            }
            long started = System.nanoTime();
            while (System.nanoTime() - started < TimeUnit.SECONDS.toNanos(2)) {
                long t0 = System.nanoTime();
                assertEquals(
                        200,
                        http.send(HttpRequest.newBuilder(URI.create(service.url() + "/health")), Duration.ofSeconds(10))
                                .status());
                health.add(System.nanoTime() - t0);
                Thread.sleep(50);
            }
            dribble.shutdownNow();
            assertTrue(dribble.awaitTermination(5, TimeUnit.SECONDS));
            long stalled = System.nanoTime();
            for (Raw r : slow) { // closed (or answered 408) once idle for the idle timeout
                Raw.Answer a = r.read(Duration.ofSeconds(4));
                assertTrue(a.status() == -1 || a.status() == 408, a.toString());
                if (a.status() == 408) {
                    assertEquals(408, a.json().get("status").asInt());
                }
            }
            double seconds = (System.nanoTime() - stalled) / 1e9;
            Collections.sort(health);
            System.out.printf(
                    Locale.ROOT,
                    "/health under 100 slow heads: p50 %.1f ms, max %.1f ms; stalled heads" + " closed within %.1f s%n",
                    health.get(health.size() / 2) / 1e6,
                    health.get(health.size() - 1) / 1e6,
                    seconds);
            assertTrue(health.get(health.size() - 1) < HEALTH_BOUND.toNanos(), "every /health within " + HEALTH_BOUND);
            assertTrue(seconds < LIMITS.idleTimeout().toSeconds() + 2, "stalled heads closed after " + seconds + " s");
        } finally {
            dribble.shutdownNow();
            slow.forEach(Raw::close);
        }
    }

    @Test
    void requestsBeyondTheBudgetWaitWithoutAThreadButHealthDoesNot() throws Exception {
        HttpLimits tight = LIMITS.withMaxRequests(4)
                .withMaxBodyReads(4)
                .withBodyTimeout(Duration.ofSeconds(3))
                .withQueueTimeout(Duration.ofSeconds(1));
        List<Raw> slow = new CopyOnWriteArrayList<>();
        ScheduledExecutorService dribble = Executors.newSingleThreadScheduledExecutor();
        try (Store own = Stores.open(StorageConfig.local(temp.resolve("budget.duckdb")));
                SeedgridService busy = SeedgridServices.start(
                        ServiceConfig.builder()
                                .port(0)
                                .apiToken(TOKEN)
                                .limits(tight)
                                .build(),
                        own)) {
            Http h = new Http(busy.url());
            assertEquals(200, h.get("/health").status()); // warm: first requests are slower
            assertEquals(200, h.get("/strategies").status());
            dribble.scheduleAtFixedRate(() -> slow.forEach(r -> r.send(" ")), 200, 200, TimeUnit.MILLISECONDS);
            for (int i = 0; i < tight.maxRequests(); i++) { // every slot taken by a body that trickles in
                Raw r = new Raw(busy.port());
                r.send(runHead(50_000) + "{");
                slow.add(r);
            }
            Thread.sleep(300); // loopback: admitted within milliseconds
            long t0 = System.nanoTime();
            Http.Answer queued = h.get("/strategies");
            double waited = (System.nanoTime() - t0) / 1e9;
            assertEquals(503, queued.status(), queued.body());
            assertEquals(503, queued.json().get("status").asInt());
            assertEquals("5", queued.header("Retry-After"));
            assertTrue(waited >= 0.9, "it waited for a slot first: " + waited + " s");
            long t1 = System.nanoTime();
            assertEquals(200, h.get("/health").status());
            double health = (System.nanoTime() - t1) / 1e9;
            System.out.printf(
                    Locale.ROOT,
                    "budget full: /strategies queued %.2f s then 503; /health %.1f ms%n",
                    waited,
                    health * 1e3);
            assertTrue(health < HEALTH_BOUND.toSeconds(), "/health is outside the budget: " + health + " s");
            for (Raw r : slow) {
                assertEquals(408, r.read(Duration.ofSeconds(5)).status());
            }
            assertEquals(200, h.get("/strategies").status(), "served again once slots free");
        } finally {
            dribble.shutdownNow();
            slow.forEach(Raw::close);
        }
    }

    // ---------------------------------------------------------------- bodies

    @Test
    void aHugeKeyIsNotEchoedWhole() {
        String key = "k".repeat(10_000);
        Http.Answer a = http.post("/runs", "{\"symbol\":\"AAPL\",\"" + key + "\":1}", TOKEN);
        assertEquals(400, a.status());
        assertTrue(a.body().length() < 2_500, "the answer is " + a.body().length() + " characters");
        assertTrue(a.json().get("field").asText().endsWith("(9000 more characters)"), a.body());
        assertTrue(a.json().get("error").asText().contains("more characters)"), a.body());
    }

    @Test
    void anOversizeBodyIs413Json() {
        Raw.Answer declared = Raw.exchange(service.port(), runHead(2_000_000));
        assertEquals(413, declared.status(), declared.body());
        assertEquals("body", declared.json().get("field").asText());
        assertTrue(declared.json().get("error").asText().contains("at most 65536"), declared.body());
        assertEquals("application/json", declared.header("Content-Type"));
        // no length given: cut off once over the limit
        StringBuilder chunked = new StringBuilder("POST /runs HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer "
                + TOKEN + "\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n");
        for (int i = 0; i < 10; i++) {
            chunked.append("2000\r\n").append(" ".repeat(0x2000)).append("\r\n");
        }
        chunked.append("0\r\n\r\n");
        Raw.Answer streamed = Raw.exchange(service.port(), chunked.toString());
        assertEquals(413, streamed.status(), streamed.body());
        assertEquals(413, streamed.json().get("status").asInt());
    }

    @Test
    void duplicateKeysAreRefusedNamingTheKey() {
        Map<String, String> cases = new LinkedHashMap<>();
        cases.put("{\"symbol\":\"AAPL\",\"population\":4,\"generations\":1,\"symbol\":\"BTCUSD\"}", "symbol");
        cases.put("{\"symbol\":\"AAPL\",\"population\":4,\"generations\":1,\"population\":400}", "population");
        cases.put(
                "{\"symbol\":\"AAPL\",\"seeds\":[\"EMACrossoverSeed\"],\"generations\":1} {\"symbol\":\"X\"}", "body");
        for (Map.Entry<String, String> c : cases.entrySet()) {
            Http.Answer a = http.post("/runs", c.getKey(), TOKEN);
            assertEquals(400, a.status(), c.getKey() + " -> " + a.body());
            assertEquals(c.getValue(), a.json().get("field").asText(), c.getKey() + " -> " + a.body());
            if (!c.getValue().equals("body")) {
                assertTrue(a.json().get("error").asText().contains("'" + c.getValue() + "' twice"), a.body());
            }
        }
        assertEquals(0, store.runs().listRuns(10).size(), "no run was started");
    }

    // ---------------------------------------------------------------- methods and Jetty's own answers

    @Test
    void wrongMethodsAre405NamingTheAllowedOnes() {
        Map<String, String> cases = new LinkedHashMap<>();
        cases.put("DELETE /health", "GET, HEAD");
        cases.put("POST /strategies", "GET, HEAD");
        cases.put("PUT /runs", "GET, HEAD, POST");
        cases.put("GET /strategies/some-id/promote", "POST");
        cases.put("PATCH /runs/some-run", "GET, HEAD");
        for (Map.Entry<String, String> c : cases.entrySet()) {
            String[] mp = c.getKey().split(" ");
            Http.Answer a = http.request(mp[0], mp[1]);
            assertEquals(405, a.status(), c.getKey() + " -> " + a.body());
            assertEquals(c.getValue(), a.header("Allow"), c.getKey());
            assertEquals(405, a.json().get("status").asInt());
            assertTrue(a.json().get("error").asText().startsWith(mp[0] + " is not allowed"), a.body());
        }
        Http.Answer head = http.request("HEAD", "/health");
        assertEquals(200, head.status());
        assertEquals("", head.body());
        Http.Answer none = http.request("DELETE", "/nowhere");
        assertEquals(404, none.status());
        assertTrue(none.json().get("error").asText().contains("no such endpoint"), none.body());
    }

    @Test
    void jettysOwnRefusalsAreJsonToo() {
        Map<String, Integer> cases = new LinkedHashMap<>();
        cases.put("GARBAGE\r\n\r\n", 400);
        cases.put("GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\nBad Header\r\n\r\n", 400);
        cases.put("GET /health HTTP/1.1\r\n\r\n", 400); // no Host
        cases.put("GET /%2e%2e/health HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n", 400); // ambiguous path
        cases.put("GET /health%00 HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n", 400);
        cases.put("POST /runs HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 5\r\nContent-Length: 6\r\n\r\n", 400);
        cases.put("GET /" + "a".repeat(20_000) + " HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n", 414);
        cases.put("GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Big: " + "b".repeat(20_000) + "\r\n\r\n", 431);
        cases.put("GET /health HTTP/7.1\r\nHost: 127.0.0.1\r\n\r\n", 505);
        for (Map.Entry<String, Integer> c : cases.entrySet()) {
            String shown = c.getKey().length() > 80 ? c.getKey().substring(0, 80) + "..." : c.getKey();
            Raw.Answer a = Raw.exchange(service.port(), c.getKey());
            assertEquals(c.getValue(), a.status(), shown + " -> " + a);
            assertTrue(a.header("Content-Type").startsWith("application/json"), shown + " -> " + a);
            JsonNode j = a.json();
            assertEquals(c.getValue(), j.get("status").asInt(), a.body());
            assertFalse(j.get("error").asText().isBlank(), a.body());
            assertTrue(
                    a.body().length() < 500, "nothing echoed whole: " + a.body().length());
        }
    }

    // ---------------------------------------------------------------- reads do not write

    @Test
    void aSignalsReadWithoutTheTokenStoresNothing() {
        Bars bars = ServiceTest.AAPL.withSymbol("READ");
        store.bars().writeBars(bars.head(200));
        RegisteredStrategy s = registry.save(new NewStrategy("reader", ServiceTest.ema(5, 20), bars, null, 0, "test"));
        String signals = ServiceTest.path(s.id()) + "/signals";
        assertEquals(0, store.signals().readSignals(s.id(), "READ", null).size());
        Http.Answer read = http.get(signals);
        assertEquals(200, read.status(), read.body());
        assertEquals(0, read.json().get("count").asInt());
        assertEquals(0, read.json().get("computed").asInt());
        assertEquals(200, read.json().get("pending_bars").asInt());
        assertNotNull(read.json().get("pending_note"), read.body());
        assertEquals(0, store.signals().readSignals(s.id(), "READ", null).size(), "the read wrote nothing");
        assertEquals(401, http.get(signals, "wrong-token-0123456789").status());
        assertEquals(0, store.signals().readSignals(s.id(), "READ", null).size(), "nor did a wrong token");
        Http.Answer computed = http.get(signals, TOKEN);
        assertEquals(200, computed.status(), computed.body());
        assertEquals(200, computed.json().get("count").asInt());
        assertEquals(200, computed.json().get("computed").asInt());
        assertEquals(0, computed.json().get("pending_bars").asInt());
        assertEquals(
                200, store.signals().readSignals(s.id(), "READ", null).size(), "with the token it computes and stores");
        store.bars().writeBars(bars);
        Http.Answer stale = http.get(signals + "?since=" + bars.endTime(190));
        assertEquals(10, stale.json().get("count").asInt(), stale.body());
        assertEquals(bars.size() - 200, stale.json().get("pending_bars").asInt(), stale.body());
        assertEquals(
                200, store.signals().readSignals(s.id(), "READ", null).size(), "new bars stay unsignalled by reads");
        assertEquals(
                404,
                http.get(ServiceTest.path(s.id()) + "/signals?symbol=NOBARS").status());
        assertEquals(
                bars.size() - 200,
                http.get(signals, TOKEN).json().get("computed").asInt());
        assertEquals(
                bars.size(), store.signals().readSignals(s.id(), "READ", null).size());
    }
}
