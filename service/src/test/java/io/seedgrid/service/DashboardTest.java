package io.seedgrid.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.seedgrid.evolution.run.EvolutionRun;
import io.seedgrid.evolution.run.RunConfig;
import io.seedgrid.runs.DataSource;
import io.seedgrid.runs.RunManifest;
import io.seedgrid.runs.RunRecorder;
import io.seedgrid.runs.SavePlan;
import io.seedgrid.seeds.Seeds;
import io.seedgrid.seeds.backtest.BacktestResult;
import io.seedgrid.seeds.backtest.BacktestSettings;
import io.seedgrid.seeds.bars.Bars;
import io.seedgrid.seeds.bars.BundledData;
import io.seedgrid.seeds.seed.SeedContext;
import io.seedgrid.storage.GenerationRecord;
import io.seedgrid.storage.RunStatus;
import io.seedgrid.storage.StorageConfig;
import io.seedgrid.storage.Store;
import io.seedgrid.storage.Stores;
import io.seedgrid.strategies.NewStrategy;
import io.seedgrid.strategies.RegisteredStrategy;
import io.seedgrid.strategies.StrategyDefinition;
import io.seedgrid.strategies.StrategyRegistries;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The dashboard's read endpoints on the real service and store: the page and its files, a run's report with charts
 * that agree with the backtest, a strategy's charts and live returns against an independent replay, the run form's
 * fields against the API's, validation reports without storage paths, what the cluster page knows, and the events
 * stream: pushed generations, a status change, the end of the run, refusals, and its bound outside the request
 * budget.
 */
class DashboardTest {
    static final String TOKEN = "dashboard-token-0123456789";
    static final Bars AAPL = BundledData.load("AAPL");

    @TempDir
    static Path temp;

    static Store store;
    static SeedgridService service;
    static Http http;

    @BeforeAll
    static void start() {
        store = Stores.open(StorageConfig.local(temp.resolve("dashboard.duckdb")));
        store.bars().writeBars(AAPL);
        // a budget of 2 requests: event streams must not take it
        service = SeedgridServices.start(
                ServiceConfig.builder()
                        .port(0)
                        .apiToken(TOKEN)
                        .evaluationThreads(2)
                        .limits(HttpLimits.DEFAULT.withMaxRequests(2))
                        .build(),
                store);
        http = new Http(service.url());
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

    static StrategyDefinition ema(int fast, int slow) {
        return new StrategyDefinition(
                List.of(new StrategyDefinition.Component(
                        "EMACrossoverSeed", 1.0, Map.of("fast", (double) fast, "slow", (double) slow))),
                0.3,
                0.0,
                BacktestSettings.DEFAULT);
    }

    @Test
    void thePageAndItsFilesComeFromTheJarWithAStrictPolicy() {
        Http.Answer page = http.get("/");
        assertEquals(200, page.status());
        assertTrue(page.header("Content-Type").startsWith("text/html"));
        assertTrue(
                page.body().contains("/dashboard/assets/uPlot.iife.min.js")
                        && !page.body().contains("http"),
                "nothing from elsewhere");
        assertTrue(page.header("Content-Security-Policy").contains("default-src 'self'"));
        for (String file :
                List.of("uPlot.iife.min.js", "uPlot.min.css", "charts.js", "dashboard.js", "dashboard.css")) {
            Http.Answer a = http.get("/dashboard/assets/" + file);
            assertEquals(200, a.status(), file);
            assertTrue(a.body().length() > 1000, file);
        }
        Http.Answer missing = http.get("/dashboard/assets/secret.txt");
        assertEquals(404, missing.status());
        assertEquals("file", missing.json().path("field").asText());
        assertEquals(404, http.get("/dashboard/assets/..%2F..%2Fpom.xml").status());
    }

    @Test
    void theRunFormOffersEveryFieldOfTheApiAndNoOther() {
        JsonNode o = http.get("/dashboard/run-options").json();
        Set<String> fields = new HashSet<>();
        o.path("fields").forEach(f -> fields.add(f.path("name").asText()));
        assertEquals(RunRequest.FIELDS, fields);
        assertTrue(o.path("symbols").toString().contains("\"AAPL\""));
        assertEquals(10, o.path("seeds").size());
    }

    @Test
    void aRunsReportDrawsItsBestStrategyAsTheBacktestSeesIt() throws Exception {
        Http.Answer submitted = http.post(
                "/runs",
                "{\"symbol\":\"AAPL\",\"seeds\":[\"EMACrossoverSeed\","
                        + "\"RSIFilterSeed\"],\"population\":16,\"generations\":3,\"seed\":11,\"save_best\":false}",
                TOKEN);
        assertEquals(202, submitted.status(), submitted.body());
        String id = submitted.json().path("run_id").asText();
        Browser.await(
                "the run",
                Duration.ofMinutes(2),
                () -> "COMPLETED"
                        .equals(http.get("/runs/" + id).json().path("status").asText()));

        JsonNode list = http.get("/dashboard/runs").json();
        JsonNode row = null;
        for (JsonNode r : list) {
            if (r.path("run_id").asText().equals(id)) {
                row = r;
            }
        }
        assertNotNull(row, list.toString());
        assertEquals(
                List.of("EMACrossoverSeed", "RSIFilterSeed"),
                List.of(
                        row.path("seeds").get(0).asText(),
                        row.path("seeds").get(1).asText()));
        JsonNode stored = http.get("/runs/" + id).json().path("results").get(0);
        assertEquals(
                stored.path("in_sample").path("sharpe").asDouble(),
                row.path("best_in_sample_sharpe").asDouble());

        JsonNode report = http.get("/runs/" + id + "/report").json();
        assertEquals(3, report.path("generations").size());
        assertEquals(1, report.path("nodes").size());
        long evaluations = 0;
        for (JsonNode g : report.path("generations")) {
            evaluations += g.path("evaluations").asLong();
        }
        assertEquals(
                evaluations, report.path("nodes").get(0).path("evaluations").asLong(), "all on local threads");
        JsonNode top = report.path("top").get(0);
        assertTrue(top.path("criteria").size() >= 7, "every criterion: " + top.path("criteria"));
        boolean accepted = true;
        for (JsonNode c : top.path("criteria")) {
            accepted &= c.path("passed").asBoolean();
        }
        assertEquals(top.path("accepted").asBoolean(), accepted, "judged again, the verdict is the run's");

        JsonNode best = report.path("best");
        int n = best.path("time").size();
        assertEquals(AAPL.size(), n);
        assertEquals(AAPL.endEpochMilli(0) / 1000.0, best.path("time").get(0).asDouble());
        JsonNode m = best.path("metrics");
        double expected = (1 + m.path("in_sample").path("total_return").asDouble())
                * (1 + m.path("out_of_sample").path("total_return").asDouble());
        assertEquals(expected, best.path("equity").get(n - 1).asDouble(), 1e-5, "equity ends where the metrics do");
        int measuredFrom = best.path("measured_from").asInt();
        int opened = 0;
        for (JsonNode t : best.path("trades")) {
            assertTrue(t.path("exit_index").asInt() >= t.path("entry_index").asInt());
            if (t.path("entry_index").asInt() >= measuredFrom) {
                opened++;
            }
        }
        assertEquals(
                m.path("in_sample").path("trades").asInt()
                        + m.path("out_of_sample").path("trades").asInt(),
                opened,
                "one listed trade per trade the backtest counted");
        assertEquals(
                AAPL.endTime(best.path("split_index").asInt()).toString(),
                best.path("split_time").asText());
        double worst = 0;
        for (JsonNode d : best.path("drawdown")) {
            worst = Math.min(worst, d.asDouble());
        }
        assertTrue(worst <= 0 && -worst <= 1);

        JsonNode heat = report.path("heat_map");
        assertFalse(heat.isMissingNode() || heat.isNull(), "a heat map of two genes");
        int x = indexOf(heat.path("x"), heat.path("chosen_x").asDouble());
        int y = indexOf(heat.path("y"), heat.path("chosen_y").asDouble());
        assertTrue(x >= 0 && y >= 0, "the evolved genes are on the grid");
        assertEquals(
                m.path("in_sample").path("sharpe").asDouble(),
                heat.path("in_sample_sharpe").get(y).get(x).asDouble(),
                1e-9,
                "its own cell is the strategy");
        assertEquals(
                m.path("out_of_sample").path("sharpe").asDouble(),
                heat.path("out_of_sample_sharpe").get(y).get(x).asDouble(),
                1e-9);
    }

    static int indexOf(JsonNode values, double v) {
        for (int i = 0; i < values.size(); i++) {
            if (values.get(i).asDouble() == v) {
                return i;
            }
        }
        return -1;
    }

    @Test
    void aStrategysLiveReturnsAreItsSignalsReplayed() {
        Bars history = AAPL.head(200); // registered on 200 bars; the 52 later ones are its live bars
        RegisteredStrategy s =
                StrategyRegistries.open(store).save(new NewStrategy("dash-live", ema(8, 21), history, null, 0, "test"));
        String path = "/strategies/" + URLEncoder.encode(s.id(), StandardCharsets.UTF_8);
        assertEquals(200, http.get(path + "/signals", TOKEN).status()); // computes the signals of every stored bar
        JsonNode c = http.get(path + "/chart").json();
        assertEquals(200, c.path("chart").path("time").size(), "charted on the bars it was evolved on");
        JsonNode live = c.path("live");
        assertEquals(AAPL.size() - 1, live.path("bars").asInt(), "every stored bar after the first has a live return");
        // independent: the definition's own backtest over all 252 bars, compounded
        double[] returns = new double[AAPL.size()];
        BacktestResult r = s.definition()
                .backtest()
                .run(
                        s.definition().strategy().signals(SeedContext.of(AAPL)),
                        0.3,
                        0.0,
                        s.definition().strategy().warmup(),
                        SeedContext.of(AAPL),
                        returns);
        assertNotNull(r);
        double e = 1;
        for (int t = 1; t < returns.length; t++) {
            e *= 1 + returns[t];
        }
        JsonNode equity = live.path("equity");
        assertEquals(e, equity.get(equity.size() - 1).asDouble(), 1e-9);
        assertEquals(20, live.path("latest_signals").size());
        assertEquals(
                AAPL.endTime(AAPL.size() - 1).toString(),
                live.path("latest_signals").get(0).path("time").asText());
    }

    @Test
    void validationReportsAreServedWithoutStoragePaths() {
        store.reports()
                .saveReport(
                        "validation-dash-1",
                        Instant.parse("2014-02-03T04:05:06Z"),
                        DashboardBrowserTest.VALIDATION_REPORT);
        Http.Answer a = http.get("/validation/reports");
        assertEquals(200, a.status());
        assertFalse(a.body().contains("/secret/path.duckdb"), a.body());
        JsonNode r = a.json().get(0);
        assertEquals("validation-dash-1", r.path("id").asText());
        assertEquals(72.5, r.path("business_value_score").asDouble());
        assertEquals(2, r.path("checks").size());
        assertEquals(400, http.get("/validation/reports?limit=0").status());
    }

    @Test
    void theEventsStreamPushesGenerationsAndTheEndAndIsBoundedOutsideTheRequestBudget() throws Exception {
        String id = "sse-run-1";
        // a run recorded as running by a coordinator beating its lease (seedgrid evolve on shared storage, say): the
        // service follows it from storage
        EvolutionRun evolving = EvolutionRun.builder(AAPL)
                .seeds(Seeds.parse("EMACrossoverSeed"))
                .config(RunConfig.DEFAULT.withPopulationSize(4).withGenerations(3))
                .build();
        RunRecorder recorder = RunRecorder.builder(store.runs())
                .create(
                        id,
                        RunManifest.of(
                                RunManifest.Origin.CLI,
                                evolving,
                                DataSource.bundled("AAPL", AAPL.timeframe()),
                                AAPL,
                                Optional.empty(),
                                SavePlan.NONE),
                        RunStatus.RUNNING);
        // a checkpoint as evolve --mode cluster writes it: the generation's batch says where its backtests ran
        store.runs()
                .saveGeneration(
                        id,
                        new GenerationRecord(
                                1,
                                0.5,
                                0.1,
                                50,
                                12,
                                "{\"stats\":{\"generation\":1,"
                                        + "\"batch\":{\"evaluations_per_node\":{\"node-a\":30,\"node-b\":20},\"wall_millis\":12}}}"));

        assertEquals(406, http.get("/runs/" + id + "/events").status());
        assertEquals(404, events("/runs/no-such-run/events").status());

        try (recorder;
                Events first = open("/runs/" + id + "/events")) {
            Event g1 = first.next("generation");
            assertEquals("1", g1.id());
            assertEquals(
                    Map.of("node-a", 30, "node-b", 20),
                    Http.JSON.convertValue(Http.JSON.readTree(g1.data()).path("evaluations_per_node"), Map.class));
            assertEquals(
                    "RUNNING",
                    Http.JSON
                            .readTree(first.next("status").data())
                            .path("status")
                            .asText());

            // streams do not count against the request budget of 2: three open, and the API still answers
            List<Events> more = new ArrayList<>();
            try {
                more.add(open("/runs/" + id + "/events?after=1"));
                more.add(open("/runs/" + id + "/events?after=1"));
                assertEquals(200, http.get("/runs").status());
                assertEquals(200, http.get("/dashboard/runs").status());
                for (int i = more.size() + 1; i < DashboardRoutes.MAX_STREAMS; i++) {
                    more.add(open("/runs/" + id + "/events?after=1"));
                }
                Http.Answer refused = events("/runs/" + id + "/events");
                assertEquals(503, refused.status(), "beyond " + DashboardRoutes.MAX_STREAMS + " streams");
                assertNotNull(refused.header("Retry-After"));
                assertEquals(200, http.get("/cluster").status());
                assertEquals(
                        DashboardRoutes.MAX_STREAMS,
                        http.get("/cluster")
                                .json()
                                .path("service")
                                .path("event_streams")
                                .asInt());
            } finally {
                more.forEach(Events::close);
            }

            store.runs().saveGeneration(id, new GenerationRecord(2, 0.6, 0.2, 40, 11, null));
            Event g2 = first.next("generation");
            assertEquals("2", g2.id());
            assertEquals(0.6, Http.JSON.readTree(g2.data()).path("best_fitness").asDouble());
            recorder.failed(new IllegalStateException("stopped by the test"));
            recorder.close();
            Event done = first.next("done");
            assertEquals(
                    "FAILED", Http.JSON.readTree(done.data()).path("status").asText());
            assertTrue(first.ended(Duration.ofSeconds(5)), "the stream closes after done");
        }
        // a slot of each closed stream is free again
        Browser.await(
                "the slots to be given back",
                Duration.ofSeconds(15),
                () -> http.get("/cluster")
                                .json()
                                .path("service")
                                .path("event_streams")
                                .asInt()
                        == 0);
        JsonNode cluster = http.get("/cluster").json();
        assertFalse(cluster.path("grid_attached").asBoolean());
        assertTrue(cluster.path("grid_nodes").toString().contains("node-a"), cluster.toString());
        JsonNode report = http.get("/runs/" + id + "/report").json();
        assertEquals("node-a", report.path("nodes").get(0).path("node").asText());
        assertEquals(30, report.path("nodes").get(0).path("evaluations").asInt());
    }

    /** One server-sent event. */
    record Event(String name, String data, String id) {}

    /** A client following an events stream on its own thread (java.net.http, line by line). */
    static final class Events implements AutoCloseable {
        final BlockingQueue<Object> events = new LinkedBlockingQueue<>();
        final InputStream body;
        final Thread reader;

        Events(HttpResponse<InputStream> response) {
            body = response.body();
            reader = new Thread(
                    () -> {
                        String name = "message";
                        StringBuilder data = new StringBuilder();
                        String id = null;
                        try (Stream<String> lines =
                                new BufferedReader(new InputStreamReader(body, StandardCharsets.UTF_8)).lines()) {
                            for (String line : (Iterable<String>) lines::iterator) {
                                if (line.isEmpty()) {
                                    if (!data.isEmpty()) {
                                        events.add(new Event(name, data.toString(), id));
                                    }
                                    name = "message";
                                    data.setLength(0);
                                    id = null;
                                } else if (line.startsWith("event:")) {
                                    name = line.substring(6).strip();
                                } else if (line.startsWith("data:")) {
                                    data.append(line.substring(5).strip());
                                } else if (line.startsWith("id:")) {
                                    id = line.substring(3).strip();
                                }
                            }
                        } catch (RuntimeException closed) {
                            // the test closed it
                        }
                        events.add("end");
                    },
                    "sse-test-reader");
            reader.setDaemon(true);
            reader.start();
        }

        Event next(String name) throws InterruptedException {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            while (System.nanoTime() < deadline) {
                Object e = events.poll(200, TimeUnit.MILLISECONDS);
                if (e instanceof Event ev && ev.name().equals(name)) {
                    return ev;
                }
                if ("end".equals(e)) {
                    throw new AssertionError("the stream ended before a '" + name + "' event");
                }
            }
            throw new AssertionError("no '" + name + "' event within 20 s");
        }

        boolean ended(Duration within) throws InterruptedException {
            long deadline = System.nanoTime() + within.toNanos();
            while (System.nanoTime() < deadline) {
                if ("end".equals(events.poll(200, TimeUnit.MILLISECONDS))) {
                    return true;
                }
            }
            return false;
        }

        @Override
        public void close() {
            try {
                body.close();
            } catch (IOException e) {
                // gone already
            }
        }
    }

    static final HttpClient STREAMS = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();

    static Events open(String path) throws IOException, InterruptedException {
        HttpResponse<InputStream> r = STREAMS.send(
                HttpRequest.newBuilder(URI.create(service.url() + path))
                        .header("Accept", "text/event-stream")
                        .GET()
                        .build(),
                HttpResponse.BodyHandlers.ofInputStream());
        assertEquals(200, r.statusCode(), path);
        assertTrue(r.headers().firstValue("Content-Type").orElse("").startsWith("text/event-stream"));
        return new Events(r);
    }

    /** A stream request answered with an error (read whole). */
    static Http.Answer events(String path) {
        return http.send(
                HttpRequest.newBuilder(URI.create(service.url() + path))
                        .header("Accept", "text/event-stream")
                        .GET(),
                Duration.ofSeconds(10));
    }
}
