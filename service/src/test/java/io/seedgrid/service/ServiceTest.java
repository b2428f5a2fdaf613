package io.seedgrid.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import io.seedgrid.evolution.run.EvolutionRun;
import io.seedgrid.evolution.run.RunConfig;
import io.seedgrid.runs.Coordinator;
import io.seedgrid.runs.DataSource;
import io.seedgrid.runs.RunJson;
import io.seedgrid.runs.RunManifest;
import io.seedgrid.runs.SavePlan;
import io.seedgrid.seeds.Seeds;
import io.seedgrid.seeds.backtest.BacktestSettings;
import io.seedgrid.seeds.bars.Bars;
import io.seedgrid.seeds.bars.BundledData;
import io.seedgrid.seeds.bars.Timeframe;
import io.seedgrid.seeds.market.SimulatedMarket;
import io.seedgrid.seeds.seed.SeedContext;
import io.seedgrid.storage.RunLease;
import io.seedgrid.storage.RunRecord;
import io.seedgrid.storage.RunStatus;
import io.seedgrid.storage.StorageConfig;
import io.seedgrid.storage.Store;
import io.seedgrid.storage.Stores;
import io.seedgrid.strategies.GateConfig;
import io.seedgrid.strategies.NewStrategy;
import io.seedgrid.strategies.RegisteredStrategy;
import io.seedgrid.strategies.StrategyDefinition;
import io.seedgrid.strategies.StrategyRegistries;
import io.seedgrid.strategies.StrategyRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real service (Javalin on 127.0.0.1, an ephemeral port) on a real DuckDB store, driven by a real HTTP client:
 * every endpoint, authentication, bad input, each promotion gate refusing, a rollback, runs, promtool and 50
 * concurrent clients.
 */
class ServiceTest {
    static final String TOKEN = "test-token-0123456789abcdef";
    static final Bars AAPL = BundledData.load("AAPL");

    @TempDir
    static Path temp;

    static Store store;
    static SettableClock clock;
    static SeedgridService service;
    static Http http;
    static StrategyRegistry registry; // the test's own hand on the same store, for set-up

    /** A clock the tests move. */
    static final class SettableClock extends Clock {
        volatile Instant now;

        SettableClock(Instant now) {
            this.now = now;
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    /**
     * The default gates without the out-of-sample evidence ones (significance, trades, stress tests), which AAPL 2013's
     * 76 held-out days cannot pass: the lifecycle tests move strategies through them; the evidence gates are shown
     * refusing over HTTP in {@code eachGateRefusesAPromotionAndSaysWhich}.
     */
    static final GateConfig CLASSIC = GateConfig.DEFAULT.toBuilder()
            .outOfSampleConfidence(0)
            .minOutOfSampleTrades(0)
            .requireRobustness(false)
            .build();

    @BeforeAll
    static void start() {
        store = Stores.open(StorageConfig.local(temp.resolve("service.duckdb")));
        clock = new SettableClock(Instant.parse("2014-01-01T00:00:00Z"));
        service = SeedgridServices.start(
                ServiceConfig.builder()
                        .port(0)
                        .apiToken(TOKEN)
                        .evaluationThreads(2)
                        .clock(clock)
                        .gates(CLASSIC)
                        .build(),
                store);
        http = new Http(service.url());
        registry = StrategyRegistries.open(store, clock, CLASSIC);
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

    static RegisteredStrategy save(String name, StrategyDefinition def, Bars bars) {
        return registry.save(new NewStrategy(name, def, bars, null, 0, "test"));
    }

    static String path(String id) {
        return "/strategies/" + URLEncoder.encode(id, StandardCharsets.UTF_8);
    }

    // ---------------------------------------------------------------- health, listing, reading

    @Test
    void healthAnswersAndTheDetailedOneLooksAtEverything() {
        Http.Answer h = http.get("/health");
        assertEquals(200, h.status());
        assertEquals("UP", h.json().get("status").asText());
        assertTrue(service.url().startsWith("http://127.0.0.1:"), service.url());
        Http.Answer d = http.get("/health/detailed");
        assertEquals(200, d.status(), d.body());
        JsonNode j = d.json();
        assertEquals("HEALTHY", j.at("/storage/status").asText(), d.body());
        assertEquals("local", j.at("/storage/backend").asText());
        assertEquals("local", j.at("/grid/mode").asText());
        assertEquals(2, j.at("/grid/evaluation_threads").asInt());
        assertTrue(j.at("/strategies/by_stage").has("PRODUCTION"), d.body());
        assertTrue(j.get("drift").isArray());
    }

    @Test
    void strategiesAreListedAndShownByIdOrName() {
        RegisteredStrategy s = save("listed", ema(5, 20), AAPL);
        Http.Answer list = http.get("/strategies");
        assertEquals(200, list.status());
        assertTrue(
                StreamSupport.stream(list.json().spliterator(), false)
                        .anyMatch(n -> n.get("id").asText().equals("listed@1.0.0")),
                list.body());
        Http.Answer one = http.get(path(s.id()));
        assertEquals(200, one.status(), one.body());
        JsonNode j = one.json();
        assertEquals("DRAFT", j.get("stage").asText());
        assertEquals("1.0.0", j.get("version").asText());
        assertEquals("EMACrossoverSeed", j.at("/definition/seeds/0/seed").asText());
        assertEquals(20.0, j.at("/definition/seeds/0/genes/slow").asDouble(), 0);
        assertEquals(s.outOfSample().sharpe(), j.at("/out_of_sample/sharpe").asDouble(), 0);
        assertEquals("CREATED", j.at("/history/0/kind").asText());
        assertEquals(0, j.get("next_gates").size(), "DRAFT -> TESTING has no gates");
        assertEquals(
                "listed@1.0.0", http.get("/strategies/listed").json().get("id").asText(), "by name");
        Http.Answer missing = http.get("/strategies/no-such-strategy");
        assertEquals(404, missing.status());
        assertEquals("id", missing.json().get("field").asText());
        assertTrue(missing.json().get("error").asText().contains("no-such-strategy"));
        Http.Answer route = http.get("/nowhere");
        assertEquals(404, route.status());
        assertTrue(route.json().get("error").asText().contains("no such endpoint"), route.body());
    }

    @Test
    void signalsAreComputedIncrementallyAndServed() {
        Bars bars = AAPL.withSymbol("SIG"); // a symbol of its own: other tests store other AAPL bars
        store.bars().writeBars(bars.head(200));
        RegisteredStrategy s = save("signals", ema(5, 20), bars);
        Http.Answer first = http.get(path(s.id()) + "/signals?symbol=SIG", TOKEN); // the token: compute them
        assertEquals(200, first.status(), first.body());
        assertEquals(200, first.json().get("count").asInt());
        store.bars().writeBars(bars);
        JsonNode all = http.get(path(s.id()) + "/signals", TOKEN).json(); // symbol defaults to the strategy's
        assertEquals(252, all.get("count").asInt());
        assertEquals("1d", all.get("timeframe").asText());
        assertEquals("SIG", all.get("symbol").asText());
        double[] expected = s.definition().strategy().signals(SeedContext.of(bars));
        for (int t = 0; t < 252; t++) {
            JsonNode p = all.get("signals").get(t);
            assertEquals(bars.endTime(t).toString(), p.get("time").asText());
            assertEquals(expected[t], p.get("signal").asDouble(), 0.0, "bar " + t + " equals the backtest's signal");
        }
        JsonNode since = http.get(path(s.id()) + "/signals?symbol=SIG&since=" + bars.endTime(250))
                .json();
        assertEquals(2, since.get("count").asInt());
        assertEquals(
                countSince(Instant.parse("2013-10-17T00:00:00Z")),
                http.get(path(s.id()) + "/signals?since=2013-10-17")
                        .json()
                        .get("count")
                        .asInt());
        Http.Answer badSince = http.get(path(s.id()) + "/signals?since=yesterday");
        assertEquals(400, badSince.status());
        assertEquals("since", badSince.json().get("field").asText());
        Http.Answer noBars = http.get(path(s.id()) + "/signals?symbol=MSFT");
        assertEquals(404, noBars.status(), noBars.body());
        assertEquals("symbol", noBars.json().get("field").asText());
        assertEquals(404, http.get("/strategies/nope/signals").status());
        assertTrue(metric("seedgrid_signals_served_total") >= 254, "served signals are counted");
    }

    static int countSince(Instant since) {
        int n = 0;
        for (int t = 0; t < AAPL.size(); t++) {
            n += AAPL.endTime(t).isBefore(since) ? 0 : 1;
        }
        return n;
    }

    // ---------------------------------------------------------------- writes: auth, gates, rollback

    @Test
    void writesNeedTheBearerToken() throws Exception {
        RegisteredStrategy s = save("auth", ema(5, 20), AAPL);
        Http.Answer none = http.post(path(s.id()) + "/promote", null, null);
        assertEquals(401, none.status());
        assertTrue(none.header("WWW-Authenticate").startsWith("Bearer"), none.body());
        assertEquals(
                401,
                http.post(path(s.id()) + "/promote", null, "wrong-token-0123456789")
                        .status());
        assertEquals(401, http.post("/runs", "{\"symbol\":\"AAPL\"}", null).status());
        assertEquals(
                401,
                http.post(path(s.id()) + "/archive", null, TOKEN.substring(1)).status());
        assertEquals("DRAFT", http.get(path(s.id())).json().get("stage").asText(), "nothing changed");
        Http.Answer ok = http.post(path(s.id()) + "/promote", null, TOKEN);
        assertEquals(200, ok.status(), ok.body());
        assertEquals("TESTING", ok.json().get("stage").asText());
        assertEquals("api", registry.history(s.id()).get(1).actor());
        // a service started without a token refuses every write
        try (SeedgridService readOnly =
                SeedgridServices.start(ServiceConfig.builder().port(0).build(), store)) {
            Http.Answer refused = new Http(readOnly.url()).post(path(s.id()) + "/promote", null, TOKEN);
            assertEquals(401, refused.status());
            assertTrue(refused.json().get("error").asText().contains("SEEDGRID_API_TOKEN"), refused.body());
        }
    }

    @Test
    void eachGateRefusesAPromotionAndSaysWhich() {
        // out-of-sample Sharpe: a fast EMA crossover has about 0.14 on AAPL 2013, the default gate wants > 1
        RegisteredStrategy weak = save("weak", ema(2, 8), AAPL);
        assertEquals(List.of("out_of_sample_sharpe"), refusedAtStaging(weak));
        assertTrue(
                weak.outOfSample().sharpe() < 1,
                "below the default 1.0: " + weak.outOfSample().sharpe());
        // data sufficiency: a 187-bar slow EMA evolved on 180 bars
        RegisteredStrategy longGenes = save("long-genes", ema(38, 187), AAPL.head(180));
        List<String> failed = refusedAtStaging(longGenes);
        assertTrue(failed.contains("data_sufficiency"), failed.toString());
        // maximum drawdown: the strategy that passes the defaults, against a service with a 3% limit
        RegisteredStrategy good = save("dd", ema(5, 20), AAPL);
        try (SeedgridService strict = SeedgridServices.start(
                ServiceConfig.builder()
                        .port(0)
                        .apiToken(TOKEN)
                        .gates(CLASSIC.toBuilder().maxDrawdown(0.03).build())
                        .build(),
                store)) {
            Http h = new Http(strict.url());
            assertEquals(200, h.post(path(good.id()) + "/promote", null, TOKEN).status());
            Http.Answer dd = h.post(path(good.id()) + "/promote", null, TOKEN);
            assertEquals(409, dd.status(), dd.body());
            assertEquals("[\"max_drawdown\"]", dd.json().get("failed_gates").toString());
        }
        // the out-of-sample evidence gates of the defaults: one held-out trade is no evidence
        RegisteredStrategy thin = save("thin", ema(5, 20), AAPL);
        try (SeedgridService defaults = SeedgridServices.start(
                ServiceConfig.builder().port(0).apiToken(TOKEN).build(), store)) {
            Http h = new Http(defaults.url());
            assertEquals(200, h.post(path(thin.id()) + "/promote", null, TOKEN).status());
            Http.Answer evidence = h.post(path(thin.id()) + "/promote", null, TOKEN);
            assertEquals(409, evidence.status(), evidence.body());
            assertTrue(
                    evidence.json().get("failed_gates").toString().contains("out_of_sample_trades"), evidence.body());
        }
        assertEquals(200, http.post(path(good.id()) + "/promote", null, TOKEN).status(), "passes the classic gates");

        // canary: no live bars yet, then live returns significantly worse than the backtest's
        Bars history = AAPL.withSymbol("HOSTILE");
        store.bars().writeBars(history);
        RegisteredStrategy canary = save("canary", ema(5, 20), history);
        http.get(path(canary.id()) + "/signals", TOKEN); // history before the canary: not live
        for (int i = 0; i < 3; i++) {
            clock.now = AAPL.endTime(251).plusSeconds(1);
            assertEquals(
                    200, http.post(path(canary.id()) + "/promote", null, TOKEN).status());
        }
        Http.Answer early = http.post(path(canary.id()) + "/promote", null, TOKEN);
        assertEquals(409, early.status());
        assertEquals("[\"canary_period\"]", early.json().get("failed_gates").toString(), early.body());
        Bars hostile = Hostile.after(history, canary.definition(), 40);
        store.bars().writeBars(hostile);
        assertEquals(
                292,
                http.get(path(canary.id()) + "/signals", TOKEN)
                        .json()
                        .get("count")
                        .asInt());
        Http.Answer worse = http.post(path(canary.id()) + "/promote", null, TOKEN);
        assertEquals(409, worse.status());
        assertEquals(
                "[\"canary_returns\",\"canary_drawdown\",\"drift\"]",
                worse.json().get("failed_gates").toString(),
                worse.body());
        assertTrue(worse.json().at("/gates/1/detail").asText().contains("significantly worse"), worse.body());
        JsonNode shown = http.get(path(canary.id())).json();
        assertEquals("CANARY", shown.get("stage").asText());
        assertEquals(
                "REFUSED",
                shown.at("/history/" + (shown.get("history").size() - 1) + "/kind")
                        .asText());
        // and drift shows in health once checked
        JsonNode health = http.get("/health/detailed").json();
        JsonNode row = StreamSupport.stream(health.get("drift").spliterator(), false)
                .filter(n -> n.get("strategy_id").asText().equals(canary.id()))
                .findFirst()
                .orElseThrow();
        assertEquals("DRIFTING", row.get("status").asText(), row.toString());
        assertEquals("DEGRADED", health.get("status").asText());
        assertTrue(http.get(path(canary.id())).json().get("drifting").asBoolean(), "visible on the strategy");
    }

    /** Promotes DRAFT -> TESTING, then tries STAGING and returns the failed gates of the 409. */
    static List<String> refusedAtStaging(RegisteredStrategy s) {
        assertEquals(200, http.post(path(s.id()) + "/promote", null, TOKEN).status());
        Http.Answer a = http.post(path(s.id()) + "/promote", null, TOKEN);
        assertEquals(409, a.status(), a.body());
        assertEquals("TESTING", a.json().get("from").asText());
        assertEquals("STAGING", a.json().get("to").asText());
        List<String> failed = new ArrayList<>();
        a.json().get("failed_gates").forEach(n -> failed.add(n.asText()));
        assertTrue(a.json().get("error").asText().contains("refused"), a.body());
        return failed;
    }

    @Test
    void aRollbackPutsThePreviousProductionVersionBack() throws Exception {
        // a store of its own: real AAPL bars arrive in three steps, each version has its own canary, of one step
        // (all the capital at once: the ramp is LifeOfAStrategyTest's) and drift not judged (v2's 52 live days drift
        // from its backtest's, KS p = 0.005, which would refuse it: drift as a gate is tested there too)
        GateConfig oneStep = CLASSIC.toBuilder()
                .canarySteps(List.of(1.0))
                .minDriftBars(1000)
                .driftWindow(1000)
                .build();
        try (Store own = Stores.open(StorageConfig.local(temp.resolve("rollback.duckdb")));
                SeedgridService svc = SeedgridServices.start(
                        ServiceConfig.builder()
                                .port(0)
                                .apiToken(TOKEN)
                                .clock(clock)
                                .gates(oneStep)
                                .build(),
                        own)) {
            Http h = new Http(svc.url());
            StrategyRegistry reg = StrategyRegistries.open(own, clock, oneStep);
            own.bars().writeBars(AAPL.head(150));
            RegisteredStrategy v1 = reg.save(new NewStrategy("aapl", ema(5, 20), AAPL.head(150), null, 0, "t"));
            h.get(path(v1.id()) + "/signals", TOKEN);
            clock.now = AAPL.endTime(149).plusSeconds(1);
            for (int i = 0; i < 3; i++) {
                assertEquals(
                        200, h.post(path(v1.id()) + "/promote", null, TOKEN).status());
            }
            own.bars().writeBars(AAPL.head(200));
            h.get(path(v1.id()) + "/signals", TOKEN);
            Http.Answer p1 = h.post(path(v1.id()) + "/promote", null, TOKEN);
            assertEquals(200, p1.status(), p1.body());
            assertEquals("PRODUCTION", p1.json().get("stage").asText());

            RegisteredStrategy v2 = reg.save(new NewStrategy("aapl", ema(5, 20), AAPL.head(200), null, 0, "t"));
            assertEquals("aapl@1.0.1", v2.id());
            h.get(path(v2.id()) + "/signals", TOKEN);
            clock.now = AAPL.endTime(199).plusSeconds(1);
            for (int i = 0; i < 3; i++) {
                assertEquals(
                        200, h.post(path(v2.id()) + "/promote", null, TOKEN).status());
            }
            own.bars().writeBars(AAPL);
            h.get(path(v2.id()) + "/signals", TOKEN);
            Http.Answer p2 = h.post(path(v2.id()) + "/promote", null, TOKEN);
            assertEquals(200, p2.status(), p2.body());
            assertEquals("ARCHIVED", h.get(path(v1.id())).json().get("stage").asText(), "v1 retired");

            Http.Answer back = h.post("/strategies/aapl/rollback", null, TOKEN);
            assertEquals(200, back.status(), back.body());
            assertEquals(v1.id(), back.json().get("id").asText());
            assertEquals("PRODUCTION", back.json().get("stage").asText());
            assertEquals("ARCHIVED", h.get(path(v2.id())).json().get("stage").asText());
            Http.Answer again = h.post("/strategies/aapl/rollback", null, TOKEN);
            assertEquals(409, again.status());
            assertTrue(again.json().get("error").asText().contains("first PRODUCTION version"), again.body());
            Http.Answer archived = h.post(path(v2.id()) + "/promote", null, TOKEN);
            assertEquals(409, archived.status());
            assertEquals(200, h.post(path(v1.id()) + "/archive", null, TOKEN).status());
            assertEquals(409, h.post(path(v1.id()) + "/archive", null, TOKEN).status());
            assertEquals(
                    v1.definition().describe(),
                    h.get(path(v1.id())).json().at("/definition/text").asText(),
                    "archived stays readable");
        }
    }

    // ---------------------------------------------------------------- runs

    @Test
    void runsAreCheckedLaunchedAndFollowed() throws Exception {
        store.bars().writeBars(AAPL.head(30).withSymbol("TINY")); // too few bars for an ML seed
        String[][] bad = {
            {"", "body"},
            {"[1,2]", "body"},
            {"{not json", "body"},
            {"{}", "symbol"},
            {"{\"symbol\": 7}", "symbol"},
            {"{\"symbol\":\"AAPL\",\"population\":\"many\"}", "population"},
            {"{\"symbol\":\"AAPL\",\"population\":1}", "population"},
            {"{\"symbol\":\"AAPL\",\"generations\":100000}", "generations"},
            {"{\"symbol\":\"AAPL\",\"oos_fraction\":1.5}", "oos_fraction"},
            {"{\"symbol\":\"AAPL\",\"seeds\":[\"NoSuchSeed\"]}", "seeds"},
            {"{\"symbol\":\"AAPL\",\"colour\":\"red\"}", "colour"},
            {"{\"symbol\":\"NOPE\"}", "symbol"},
            {"{\"symbol\":\"AAPL\",\"timeframe\":\"3w\"}", "timeframe"},
            {"{\"symbol\":\"AAPL\",\"timeframe\":\"1m\"}", "timeframe"},
            {"{\"symbol\":\"AAPL\",\"name\":\"bad name\"}", "name"},
            {"{\"symbol\":\"TINY\",\"seeds\":\"LinearSVCClassifierSeed\",\"population\":4}", "seeds"},
        };
        for (String[] c : bad) {
            Http.Answer a = http.post("/runs", c[0], TOKEN);
            assertEquals(400, a.status(), c[0] + " -> " + a.body());
            assertEquals(c[1], a.json().get("field").asText(), c[0] + " -> " + a.body());
        }
        // a market with a planted, tradable trend, so that a short run finds a strategy it accepts
        store.bars().writeBars(SimulatedMarket.plantedTrend(3, 2500, Timeframe.H1, 10));
        Http.Answer submitted = http.post(
                "/runs",
                "{\"symbol\":\"SIM-TREND\",\"population\":20,\"generations\":3,"
                        + "\"seed\":1,\"allow_short\":true,\"seeds\":[\"EMACrossoverSeed\"],"
                        + "\"name\":\"api-trend\"}",
                TOKEN);
        assertEquals(202, submitted.status(), submitted.body());
        String runId = submitted.json().get("run_id").asText();
        assertEquals("/runs/" + runId, submitted.header("Location"));
        JsonNode run = waitFor(runId);
        assertEquals("COMPLETED", run.get("status").asText(), run.toString());
        assertEquals(3, run.get("generations_done").asInt());
        assertEquals(3, run.get("generations_total").asInt());
        assertEquals(1.0, run.get("progress").asDouble(), 0);
        assertEquals("api", run.get("source").asText());
        assertTrue(run.get("results").size() >= 1);
        assertEquals(
                "[\"api-trend@1.0.0\"]", run.get("saved_strategies").toString(), "the best accepted is saved: " + run);
        RegisteredStrategy saved = registry.get("api-trend@1.0.0");
        assertEquals(runId, saved.runId().orElseThrow());
        // the stored run reproduces: saving its rank 2 from storage checks the backtest again
        assertEquals(
                "api-trend@1.0.1",
                registry.saveFromRun(runId, saved.rank(), "api-trend", "test").id());
        assertTrue(metric("seedgrid_evaluations_total") >= 10);
        assertTrue(metric("seedgrid_generations_total") >= 3);
        assertTrue(metric("seedgrid_evaluation_duration_seconds_count") >= 10);
        assertEquals(404, http.get("/runs/no-such-run").status());
        JsonNode recent = http.get("/runs?limit=5").json();
        assertEquals(runId, recent.get(0).get("run_id").asText());
        assertEquals("limit", http.get("/runs?limit=0").json().get("field").asText());
    }

    @Test
    void aFullQueueAnswers429AndStoppingInterruptsRunningRuns() throws Exception {
        try (Store own = Stores.open(StorageConfig.local(temp.resolve("busy.duckdb")))) {
            String longRun = "{\"symbol\":\"BTCUSD\",\"population\":200,\"generations\":200,"
                    + "\"seeds\":[\"EMACrossoverSeed\"]}";
            String runId;
            try (SeedgridService busy = SeedgridServices.start(
                    ServiceConfig.builder()
                            .port(0)
                            .apiToken(TOKEN)
                            .maxRunningRuns(1)
                            .maxQueuedRuns(0)
                            .evaluationThreads(1)
                            .build(),
                    own)) {
                Http h = new Http(busy.url());
                Http.Answer first = h.post("/runs", longRun, TOKEN);
                assertEquals(202, first.status(), first.body());
                runId = first.json().get("run_id").asText();
                Http.Answer second = h.post("/runs", longRun, TOKEN);
                assertEquals(429, second.status(), second.body());
                assertEquals("30", second.header("Retry-After"), "when to try again");
                assertTrue(second.json().get("error").asText().startsWith("busy"), second.body());
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
                while (h.get("/runs/" + runId).json().get("generations_done").asInt() < 1) {
                    assertTrue(System.nanoTime() < deadline, "the run should make progress");
                    Thread.sleep(50);
                }
                JsonNode progress = h.get("/runs/" + runId).json();
                assertEquals("RUNNING", progress.get("status").asText());
                assertTrue(progress.get("progress").asDouble() < 1);
                assertTrue(h.get("/metrics").body().contains("seedgrid_runs_total{outcome=\"rejected\"} 1.0"));
            }
            assertEquals(
                    "INTERRUPTED",
                    own.runs().findRun(runId).orElseThrow().status().name());
        }
    }

    /** "RUNNING" means running: a run whose coordinator's process has ended reads INTERRUPTED, with the reason. */
    @Test
    void aRunWhoseCoordinatorIsGoneDoesNotReadAsRunning() {
        EvolutionRun run = EvolutionRun.builder(AAPL)
                .seeds(Seeds.parse("EMACrossoverSeed"))
                .config(RunConfig.DEFAULT.withPopulationSize(4).withGenerations(2))
                .build();
        RunManifest manifest = RunManifest.of(
                RunManifest.Origin.CLI,
                run,
                DataSource.bundled("AAPL", Timeframe.D1),
                AAPL,
                Optional.empty(),
                SavePlan.DEFAULT);
        Coordinator here = Coordinator.inThisProcess();
        Coordinator dead = new Coordinator(here.host(), Long.MAX_VALUE, 0, "dead"); // no process has this pid
        Instant now = Instant.now();
        store.runs()
                .saveRun(new RunRecord(
                        "orphan-run",
                        now,
                        "AAPL",
                        Timeframe.D1,
                        42,
                        RunStatus.RUNNING,
                        RunJson.manifest(manifest),
                        RunLease.first(dead.id(), now)));
        JsonNode orphan = http.get("/runs/orphan-run").json();
        assertEquals("INTERRUPTED", orphan.get("status").asText(), orphan.toString());
        assertTrue(
                orphan.get("message")
                        .asText()
                        .contains("recorded as RUNNING but no one is working on it: the"
                                + " process of its coordinator " + dead.id() + " has ended"),
                orphan.toString());
        assertEquals(dead.id(), orphan.get("coordinator").asText());
        assertEquals("cli", orphan.get("source").asText());
        assertEquals(2, orphan.get("generations_total").asInt());
        // the dashboard reads it the same way, its settings from the manifest
        JsonNode report = http.get("/runs/orphan-run/report").json();
        assertEquals("INTERRUPTED", report.get("status").asText(), report.toString());
        assertEquals("cli", report.get("source").asText());
        assertEquals(4, report.path("settings").path("population").asInt());
        assertEquals(AAPL.size(), report.path("data").path("count").asInt());
        assertEquals(
                "charts come when the run has completed",
                report.get("best_note").asText());
    }

    static JsonNode waitFor(String runId) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (true) {
            Http.Answer a = http.get("/runs/" + runId);
            assertEquals(200, a.status(), a.body());
            String status = a.json().get("status").asText();
            if (!List.of("QUEUED", "RUNNING").contains(status)) {
                return a.json();
            }
            if (System.nanoTime() > deadline) {
                fail("run " + runId + " still " + status);
            }
            Thread.sleep(50);
        }
    }

    // ---------------------------------------------------------------- metrics

    static double metric(String name) {
        String body = http.get("/metrics").body();
        double sum = 0;
        boolean found = false;
        for (String line : body.split("\n")) {
            if (line.startsWith(name + " ") || line.startsWith(name + "{")) {
                sum += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
                found = true;
            }
        }
        assertTrue(found, name + " is exposed");
        return sum;
    }

    /** promtool from the PATH, else /usr/bin; scripts/test installs it (Debian's prometheus package) when missing. */
    static Path promtool() {
        for (String dir : (System.getenv().getOrDefault("PATH", "") + ":/usr/bin").split(":")) {
            Path p = Path.of(dir.isEmpty() ? "." : dir, "promtool");
            if (Files.isExecutable(p)) {
                return p;
            }
        }
        return fail("promtool not found on the PATH or in /usr/bin: install Debian's prometheus package"
                + " (apt-get install -y prometheus) to check the /metrics exposition");
    }

    @Test
    void metricsAreValidPrometheusTextAcceptedByPromtool() throws Exception {
        http.get("/health");
        http.get("/strategies");
        http.get("/nowhere");
        Http.Answer m = http.get("/metrics");
        assertEquals(200, m.status());
        assertTrue(m.header("Content-Type").startsWith("text/plain; version=0.0.4"), m.header("Content-Type"));
        for (String name : List.of(
                "seedgrid_evaluations_total",
                "seedgrid_evaluation_duration_seconds_bucket",
                "seedgrid_generations_total",
                "seedgrid_signals_served_total",
                "seedgrid_errors_total",
                "seedgrid_http_requests_total",
                "seedgrid_strategies",
                "seedgrid_runs_active")) {
            assertTrue(m.body().contains("\n" + name) || m.body().startsWith(name), name + " in\n" + m.body());
        }
        assertTrue(m.body().contains("route=\"/strategies\""), m.body());
        Path file = temp.resolve("metrics.txt");
        Files.writeString(file, m.body());
        Process p = new ProcessBuilder(promtool().toString(), "check", "metrics")
                .redirectErrorStream(true)
                .redirectInput(file.toFile())
                .start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(30, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), "promtool check metrics:\n" + out);
        assertEquals("", out.strip(), "promtool has nothing to say about the exposition:\n" + out);
    }

    @Test
    @Tag("slow") // scripts/test --quick leaves it out: a Prometheus server process
    void aRealPrometheusScrapesTheService() throws Exception {
        Path binary = Path.of("/usr/bin/prometheus");
        Assumptions.assumeTrue(
                Files.isExecutable(binary),
                "Prometheus is not installed (Debian's prometheus package); promtool is checked above");
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        Path dir = Files.createDirectories(temp.resolve("prometheus"));
        Path config = Files.writeString(dir.resolve("prometheus.yml"), """
                global:
                  scrape_interval: 1s
                  scrape_timeout: 1s
                scrape_configs:
                  - job_name: seedgrid
                    static_configs:
                      - targets: ['127.0.0.1:%d']
                """.formatted(service.port()));
        Process prometheus = new ProcessBuilder(
                        binary.toString(),
                        "--config.file=" + config,
                        "--storage.tsdb.path=" + dir.resolve("data"),
                        "--web.listen-address=127.0.0.1:" + port)
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("prometheus.log").toFile())
                .start();
        try {
            Http api = new Http("http://127.0.0.1:" + port);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(40);
            JsonNode target = null;
            while (System.nanoTime() < deadline) {
                try {
                    Http.Answer a = api.get("/api/v1/targets");
                    if (a.status() == 200) {
                        JsonNode t = a.json().at("/data/activeTargets/0");
                        if (!t.isMissingNode() && t.get("health").asText().equals("up")) {
                            target = t;
                            break;
                        }
                    }
                } catch (UncheckedIOException notYet) {
                    // Prometheus is still starting
                }
                Thread.sleep(250);
            }
            assertNotNull(
                    target,
                    "Prometheus never scraped the service up; its log:\n"
                            + Files.readString(dir.resolve("prometheus.log")));
            assertEquals("", target.get("lastError").asText());
            JsonNode q = api.get("/api/v1/query?query="
                            + URLEncoder.encode(
                                    "seedgrid_http_requests_total{route=\"/metrics\"}", StandardCharsets.UTF_8))
                    .json();
            assertEquals("success", q.get("status").asText(), q.toString());
            assertTrue(q.at("/data/result").size() >= 1, "Prometheus stored the service's own counters: " + q);
        } finally {
            prometheus.destroy();
            if (!prometheus.waitFor(10, TimeUnit.SECONDS)) {
                prometheus.destroyForcibly();
            }
        }
    }

    // ---------------------------------------------------------------- concurrency and exposure

    @Test
    @Tag("slow") // scripts/test --quick leaves it out: load
    void fiftyConcurrentClientsAreAnsweredWithoutErrors() throws Exception {
        store.bars().writeBars(AAPL);
        RegisteredStrategy s = save("busy", ema(5, 20), AAPL);
        http.get(path(s.id()) + "/signals", TOKEN);
        List<String> paths = List.of(
                "/health", "/strategies", path(s.id()), path(s.id()) + "/signals", "/metrics", "/health/detailed");
        int clients = 50;
        int perClient = 20;
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        List<Long> latencies = Collections.synchronizedList(new ArrayList<>());
        Map<String, List<Long>> byPath = new ConcurrentHashMap<>();
        try {
            List<Future<List<String>>> all = new ArrayList<>();
            long start = System.nanoTime();
            for (int c = 0; c < clients; c++) {
                int client = c;
                all.add(pool.submit(() -> {
                    Http own = new Http(service.url()); // one connection pool per client
                    List<String> problems = new ArrayList<>();
                    for (int i = 0; i < perClient; i++) {
                        String p = paths.get((client + i) % paths.size());
                        long t0 = System.nanoTime();
                        Http.Answer a = own.get(p);
                        long took = System.nanoTime() - t0;
                        latencies.add(took);
                        byPath.computeIfAbsent(p, k -> Collections.synchronizedList(new ArrayList<>()))
                                .add(took);
                        if (a.status() != 200) {
                            problems.add(p + " -> " + a.status() + " " + a.body());
                        }
                    }
                    return problems;
                }));
            }
            List<String> problems = new ArrayList<>();
            for (Future<List<String>> f : all) {
                problems.addAll(f.get(120, TimeUnit.SECONDS));
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            assertEquals(List.of(), problems);
            List<Long> sorted = new ArrayList<>(latencies);
            Collections.sort(sorted);
            System.out.printf(
                    Locale.ROOT,
                    "%d clients x %d requests: %.0f requests/s, p50 %.1f ms, p99 %.1f ms%n",
                    clients,
                    perClient,
                    clients * perClient / seconds,
                    sorted.get(sorted.size() / 2) / 1e6,
                    sorted.get(sorted.size() * 99 / 100) / 1e6);
            byPath.forEach((p, l) -> {
                List<Long> ls = new ArrayList<>(l);
                Collections.sort(ls);
                System.out.printf(
                        Locale.ROOT,
                        "  %-40s p50 %.1f ms, max %.1f ms%n",
                        p,
                        ls.get(ls.size() / 2) / 1e6,
                        ls.get(ls.size() - 1) / 1e6);
            });
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void nothingListensBeyondLoopbackByDefault() throws Exception {
        assertEquals("127.0.0.1", ServiceConfig.builder().build().host());
        assertTrue(ServiceConfig.builder().build().loopbackOnly());
        InetAddress outside = null;
        for (NetworkInterface ni : Collections.list(NetworkInterface.getNetworkInterfaces())) {
            for (InetAddress a : Collections.list(ni.getInetAddresses())) {
                if (!a.isLoopbackAddress() && a instanceof Inet4Address) {
                    outside = a;
                }
            }
        }
        Assumptions.assumeTrue(outside != null, "no non-loopback address on this machine");
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(outside, service.port()), 1000);
            fail("the service answered on " + outside + ", beyond loopback");
        } catch (IOException expected) {
            assertNotNull(expected.getMessage());
        }
        assertFalse(ServiceConfig.builder().host("0.0.0.0").build().loopbackOnly());
    }
}
