package io.seedgrid.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import io.seedgrid.alerts.Webhook;
import io.seedgrid.evolution.acceptance.AcceptanceCriteria;
import io.seedgrid.evolution.run.RunConfig;
import io.seedgrid.seeds.Seeds;
import io.seedgrid.seeds.backtest.BacktestSettings;
import io.seedgrid.seeds.bars.Bars;
import io.seedgrid.seeds.bars.BundledData;
import io.seedgrid.storage.StorageConfig;
import io.seedgrid.storage.Store;
import io.seedgrid.storage.Stores;
import io.seedgrid.storage.StrategyEventRecord.Kind;
import io.seedgrid.storage.StrategyStage;
import io.seedgrid.strategies.CanaryReview;
import io.seedgrid.strategies.GateConfig;
import io.seedgrid.strategies.GateResult;
import io.seedgrid.strategies.NewStrategy;
import io.seedgrid.strategies.RegisteredStrategy;
import io.seedgrid.strategies.SignalService;
import io.seedgrid.strategies.SignalServices;
import io.seedgrid.strategies.StrategyDefinition;
import io.seedgrid.strategies.StrategyRegistries;
import io.seedgrid.strategies.StrategyRegistry;
import io.seedgrid.strategies.live.LiveLoop;
import io.seedgrid.strategies.live.LoopSettings;
import io.seedgrid.strategies.live.Reevolution;
import io.seedgrid.strategies.live.Replay;
import io.seedgrid.strategies.live.ReplayClock;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.UnaryOperator;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Lives of strategies replayed on the bundled real data (AAPL 2013, one bar at a time through the live loop) with a
 * real service on the replay store and a real HTTP receiver for the webhook, on every storage backend.
 */
abstract class LifeOfAStrategyTest {
    static final String TOKEN = "life-token-0123456789abcdef";
    static final Bars AAPL = BundledData.load("AAPL");
    /** Open STAGING gates (AAPL's 2013 held-out days prove nothing), the default drift and drawdown, 5-bar steps. */
    static final GateConfig GATES = GateConfig.DEFAULT.toBuilder()
            .minOutOfSampleSharpe(-1000)
            .requireDataSufficiency(false)
            .outOfSampleConfidence(0)
            .minOutOfSampleTrades(0)
            .requireRobustness(false)
            .minCanaryBars(5)
            .minShadowBars(5)
            .build();

    @TempDir
    Path temp;

    Store store;
    HttpServer receiver;
    final List<JsonNode> posts = new CopyOnWriteArrayList<>();

    abstract StorageConfig freshConfig() throws Exception;

    @BeforeEach
    void open() throws Exception {
        store = Stores.open(freshConfig());
        receiver = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        receiver.createContext("/hook", exchange -> {
            posts.add(Http.JSON.readTree(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8)));
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        receiver.start();
    }

    @AfterEach
    void close() {
        receiver.stop(0);
        store.close();
    }

    /** A replayed life: its clock, registry, loop, service and client. */
    record Life(ReplayClock clock, StrategyRegistry registry, LiveLoop loop, SeedgridService service, Http http)
            implements AutoCloseable {
        @Override
        public void close() {
            service.close();
        }
    }

    Life start(Bars history, LoopSettings settings, boolean reevolve) {
        ReplayClock clock = new ReplayClock(history.endTime(history.size() - 1));
        store.bars().writeBars(history);
        StrategyRegistry registry = StrategyRegistries.open(store, clock, GATES);
        LiveLoop.Builder b = LiveLoop.builder(store, registry, clock)
                .settings(settings)
                .webhook(new Webhook(
                        URI.create("http://127.0.0.1:" + receiver.getAddress().getPort() + "/hook"),
                        Duration.ofSeconds(10)));
        if (reevolve) {
            b.reevolution(new Reevolution(store, registry, clock, UnaryOperator.identity(), "lifecycle"));
        }
        LiveLoop loop = b.build();
        SeedgridService service = SeedgridServices.start(
                ServiceConfig.builder()
                        .port(0)
                        .apiToken(TOKEN)
                        .evaluationThreads(1)
                        .clock(clock)
                        .gates(GATES)
                        .monitor(new LifecycleMonitor(loop, Optional.empty(), HttpAlerts.DEFAULT))
                        .build(),
                store);
        return new Life(clock, registry, loop, service, new Http(service.url()));
    }

    static StrategyDefinition ema(int fast, int slow) {
        return new StrategyDefinition(
                List.of(new StrategyDefinition.Component(
                        "EMACrossoverSeed", 1.0, Map.of("fast", (double) fast, "slow", (double) slow))),
                0.3,
                0.0,
                BacktestSettings.DEFAULT);
    }

    static String path(String id) {
        return "/strategies/" + URLEncoder.encode(id, StandardCharsets.UTF_8);
    }

    /** Registers {@code def} on {@code bars}, promotes it to STAGING and puts it in SHADOW over HTTP. */
    static RegisteredStrategy intoShadow(Life life, String name, StrategyDefinition def, Bars bars) {
        RegisteredStrategy s = life.registry().save(new NewStrategy(name, def, bars, null, 0, "test"));
        life.registry().promote(s.id(), "test");
        life.registry().promote(s.id(), "test");
        Http.Answer a = life.http().post(path(s.id()) + "/shadow", null, TOKEN);
        assertEquals(200, a.status(), a.body());
        assertEquals("SHADOW", a.json().get("stage").asText());
        return life.registry().get(s.id());
    }

    /**
     * Puts a STAGING (or SHADOW) version in PRODUCTION through a one-step canary of 2 bars of {@code source} from
     * {@code from} (a SHADOW judged over 2 bars before): a quick start for lives that are about what comes after.
     */
    RegisteredStrategy inProduction(Life life, RegisteredStrategy staged, Bars source, int from) {
        StrategyRegistry quick = StrategyRegistries.open(
                store,
                life.clock(),
                GATES.toBuilder()
                        .canarySteps(List.of(1.0))
                        .minCanaryBars(2)
                        .minShadowBars(2)
                        .build());
        SignalService signals = SignalServices.open(store, quick);
        int next = from;
        if (quick.get(staged.id()).stage() == StrategyStage.SHADOW) { // its shadow gates first, over 2 bars
            for (; next < from + 2; next++) {
                store.bars().writeBars(source.slice(next, next + 1));
                signals.update(staged.id(), null);
                life.clock().set(source.endTime(next));
            }
        }
        quick.promote(staged.id(), "test");
        for (int i = next; i < next + 2; i++) {
            store.bars().writeBars(source.slice(i, i + 1));
            signals.update(staged.id(), null);
            life.clock().set(source.endTime(i));
        }
        RegisteredStrategy p = quick.promote(staged.id(), "test");
        assertEquals(StrategyStage.PRODUCTION, p.stage(), String.valueOf(quick.history(p.id())));
        return life.registry().get(p.id());
    }

    /** The webhook bodies of {@code rule}, as "state subject" lines, in the order they came. */
    List<String> told(String rule) {
        return posts.stream()
                .filter(p -> p.get("rule").asText().equals(rule))
                .map(p -> p.get("state").asText() + " " + p.get("subject").asText())
                .toList();
    }

    static List<Double> distinctShares(JsonNode signals) {
        List<Double> out = new ArrayList<>();
        for (JsonNode p : signals.get("signals")) {
            double s = p.get("share").asDouble();
            if (out.isEmpty() || out.get(out.size() - 1) != s) {
                out.add(s);
            }
        }
        return out;
    }

    @Test
    void aVersionLivesFromShadowThroughEveryCanaryStepToProductionAndRetiresTheOldOne() throws Exception {
        try (Life life = start(
                AAPL.head(100), LoopSettings.builder().promoteShadows(true).build(), false)) {
            RegisteredStrategy v1 = intoShadow(life, "life", ema(5, 20), AAPL.head(100));
            RegisteredStrategy[] v2 = {null};
            Replay replay = Replay.builder(AAPL, store, life.clock(), life.loop())
                    .from(AAPL.endTime(100))
                    .build();
            List<String> lines = new ArrayList<>();
            Replay[] self = {replay};
            replay.run(t -> {
                t.reviews().forEach(r -> lines.add(t.at() + " " + r.message()));
                t.shadowsMoved().forEach(m -> lines.add(t.at() + " " + m + " CANARY"));
                if (v2[0] == null && life.registry().get(v1.id()).stage() == StrategyStage.PRODUCTION) {
                    v2[0] = intoShadow(life, "life", ema(8, 21), store.bars().readBars("AAPL", AAPL.timeframe()));
                    lines.add(t.at() + " " + v2[0].id() + " SHADOW");
                }
                if (v2[0] != null && life.registry().get(v2[0].id()).stage() == StrategyStage.PRODUCTION) {
                    self[0].stop();
                }
            });
            RegisteredStrategy second = life.registry().get(v2[0].id());
            assertEquals(StrategyStage.PRODUCTION, second.stage(), lines.toString());
            assertEquals(StrategyStage.ARCHIVED, life.registry().get(v1.id()).stage(), "the old version retired");
            for (RegisteredStrategy v : List.of(v1, second)) {
                List<String> path = life.registry().history(v.id()).stream()
                        .filter(e -> e.kind() != Kind.DRIFT)
                        .map(e -> e.kind() + " " + e.stage())
                        .toList();
                assertEquals(
                        List.of(
                                "CREATED DRAFT",
                                "PROMOTED TESTING",
                                "PROMOTED STAGING",
                                "PROMOTED SHADOW",
                                "PROMOTED CANARY",
                                "STEPPED CANARY",
                                "STEPPED CANARY",
                                "STEPPED CANARY",
                                "PROMOTED PRODUCTION"),
                        path.subList(0, 9),
                        v.id() + ": " + path);
            }
            assertEquals(
                    "RETIRED ARCHIVED",
                    life.registry().history(v1.id()).stream()
                            .filter(e -> e.kind() != Kind.DRIFT)
                            .map(e -> e.kind() + " " + e.stage())
                            .toList()
                            .get(9));
            // the shadow beat production by the gates' standard over their common bars
            JsonNode toCanary = Http.JSON.readTree(life.registry().history(second.id()).stream()
                    .filter(e -> e.kind() == Kind.PROMOTED && e.stage() == StrategyStage.CANARY)
                    .findFirst()
                    .orElseThrow()
                    .detailsJson());
            List<String> shadowGates = new ArrayList<>();
            toCanary.get("gates").forEach(g -> shadowGates.add(g.get("gate").asText() + " " + g.get("passed")));
            assertEquals(
                    List.of("shadow_period true", "shadow_sharpe true", "shadow_returns true", "shadow_drawdown true"),
                    shadowGates);
            // signals carry each version's share: a consumer trades share x position
            JsonNode s2 = life.http().get(path(second.id()) + "/signals").json();
            assertEquals(List.of(0.0, 0.1, 0.25, 0.5, 1.0), distinctShares(s2));
            JsonNode s1 = life.http().get(path(v1.id()) + "/signals").json();
            assertEquals(
                    List.of(0.0, 0.1, 0.25, 0.5, 1.0, 0.9, 0.75, 0.5, 0.0),
                    distinctShares(s1),
                    "v1's own ramp, then the rest of v2's");
            Map<String, Double> byTime = new HashMap<>();
            s1.get("signals")
                    .forEach(p ->
                            byTime.put(p.get("time").asText(), p.get("share").asDouble()));
            for (JsonNode p : s2.get("signals")) {
                double sum = p.get("share").asDouble()
                        + byTime.getOrDefault(p.get("time").asText(), 0.0);
                assertTrue(sum <= 1 + 1e-12, "shares of one bar add up to at most 1: " + p);
            }
            JsonNode shown = life.http().get(path("life")).json();
            assertEquals(second.id(), shown.get("id").asText());
            assertEquals(1.0, shown.get("share").asDouble());
            assertEquals(
                    Map.of(second.id(), 1.0),
                    Map.of(
                            second.id(),
                            shown.at("/allocation/shares/"
                                            + second.id().replace("~", "~0").replace("/", "~1"))
                                    .asDouble()));
            JsonNode compare =
                    life.http().get(path(second.id()) + "/compare/" + v1.id()).json();
            assertTrue(compare.get("common_bars").asInt() >= 25, compare.toString());
            assertTrue(compare.get("position_agreement").asDouble() >= 0, compare.toString());
            assertTrue(compare.at("/difference/p_two_sided").isNumber(), compare.toString());
            String metrics = life.http().get("/metrics").body();
            assertTrue(
                    metrics.contains("seedgrid_strategy_share{name=\"life\",stage=\"PRODUCTION\",strategy=\""
                            + second.id() + "\"} 1.0"),
                    metrics);
            assertEquals(List.of(), told("canary_rollback"), "nothing was rolled back");
        }
    }

    @Test
    void aCanaryBuiltToLoseIsRolledBackAtItsStepWithAnAlert() throws Exception {
        try (Life life = start(AAPL.head(200), LoopSettings.DEFAULT, false)) {
            RegisteredStrategy v1 =
                    life.registry().save(new NewStrategy("loss", ema(3, 10), AAPL.head(200), null, 0, "test"));
            life.registry().promote(v1.id(), "test");
            life.registry().promote(v1.id(), "test");
            inProduction(life, life.registry().get(v1.id()), AAPL, 200);
            StrategyDefinition loser = ema(5, 20);
            // from the canary's first bar on, a market that punishes it: down 3% whenever it is long, up 2% when flat
            Bars source = Hostile.after(AAPL.head(202), loser, 30);
            RegisteredStrategy v2 =
                    life.registry().save(new NewStrategy("loss", loser, AAPL.head(202), null, 0, "test"));
            for (int i = 0; i < 3; i++) {
                assertEquals(
                        200,
                        life.http()
                                .post(path(v2.id()) + "/promote", null, TOKEN)
                                .status());
            }
            assertEquals(0.1, life.registry().get(v2.id()).share(), 1e-12);
            assertEquals(0.9, life.registry().get(v1.id()).share(), 1e-12);
            Replay replay = Replay.builder(source, store, life.clock(), life.loop())
                    .from(source.endTime(202))
                    .build();
            List<CanaryReview> reviews = new ArrayList<>();
            Replay[] self = {replay};
            replay.run(t -> {
                reviews.addAll(t.reviews());
                if (t.reviews().stream().anyMatch(r -> r.outcome() == CanaryReview.Outcome.ROLLED_BACK)) {
                    self[0].stop();
                }
            });
            // held first (returns significantly worse at its 5th bar), rolled back when its drawdown passed 20%
            assertEquals(
                    List.of(CanaryReview.Outcome.HELD, CanaryReview.Outcome.ROLLED_BACK),
                    reviews.stream().map(CanaryReview::outcome).toList());
            CanaryReview rollback = reviews.get(1);
            assertEquals(0.1, rollback.shareBefore(), 1e-12, "rolled back at its step: 10%");
            GateResult drawdown = rollback.failed().stream()
                    .filter(g -> g.gate().equals("canary_drawdown"))
                    .findFirst()
                    .orElseThrow();
            assertTrue(drawdown.measured() > 0.2, drawdown.toString());
            JsonNode shown = life.http().get(path(v2.id())).json();
            assertEquals("ARCHIVED", shown.get("stage").asText());
            JsonNode last = shown.at("/history/" + (shown.get("history").size() - 1));
            if (last.get("kind").asText().equals("DRIFT")) { // the verdict recorded after the decision, if it changed
                last = shown.at("/history/" + (shown.get("history").size() - 2));
            }
            assertEquals("ROLLED_BACK", last.get("kind").asText(), shown.toString());
            assertTrue(last.at("/details/automatic").asBoolean(), last.toString());
            assertEquals("canary_drawdown", last.at("/details/cause").asText());
            assertEquals(
                    drawdown.measured(),
                    StreamSupport.stream(last.at("/details/gates").spliterator(), false)
                            .filter(g -> g.get("gate").asText().equals("canary_drawdown"))
                            .findFirst()
                            .orElseThrow()
                            .get("measured")
                            .asDouble(),
                    0,
                    "the evidence, in the log");
            JsonNode production = life.http().get(path(v1.id())).json();
            assertEquals("PRODUCTION", production.get("stage").asText());
            assertEquals(1.0, production.get("share").asDouble(), "production holds everything again");

            // told once each: the held step (cleared by the rollback), the rollback
            assertEquals(List.of("firing " + v2.id(), "resolved " + v2.id()), told("canary_gate"));
            assertEquals(List.of("firing loss"), told("canary_rollback"));
            JsonNode alert = posts.stream()
                    .filter(p -> p.get("rule").asText().equals("canary_rollback"))
                    .findFirst()
                    .orElseThrow();
            assertEquals(drawdown.measured(), alert.get("value").asDouble(), 0);
            assertEquals(0.2, alert.get("threshold").asDouble(), 0);
            assertEquals(life.service().url() + path(v2.id()), alert.get("link").asText());
            assertEquals(
                    rollback.message().length() > 0,
                    alert.get("message").asText().contains(v2.id()));
            assertTrue(life.http()
                    .get("/metrics")
                    .body()
                    .contains("seedgrid_alert_firing{rule=\"canary_rollback\",subject=\"loss\"} 1.0"));
            JsonNode alerts = life.http().get("/alerts").json();
            assertEquals("canary_rollback", alerts.at("/active/0/rule").asText(), alerts.toString());
            // the name's next canary clears the rollback alert
            RegisteredStrategy v3 =
                    life.registry().save(new NewStrategy("loss", ema(8, 21), AAPL.head(202), null, 0, "test"));
            for (int i = 0; i < 3; i++) {
                assertEquals(
                        200,
                        life.http()
                                .post(path(v3.id()) + "/promote", null, TOKEN)
                                .status());
            }
            life.loop().tick();
            assertEquals(List.of("firing loss", "resolved loss"), told("canary_rollback"));
            assertEquals(
                    List.of(), life.http().get("/alerts").json().get("active").findValuesAsText("rule"));
        }
    }

    @Test
    void driftOnAChangedMarketReevolvesTheStrategyIntoShadowWithItsLineage() throws Exception {
        try (Life life = start(AAPL.head(150), LoopSettings.DEFAULT, true)) {
            // the first version comes from an evolution recorded as a run, whose settings a re-evolution repeats
            Reevolution.Outcome first = life.loop()
                    .reevolution()
                    .orElseThrow()
                    .first(
                            "drifty",
                            "AAPL",
                            AAPL.timeframe(),
                            150,
                            b -> b.seeds(Seeds.parse(QUICK_SEEDS))
                                    .config(RunConfig.DEFAULT
                                            .withPopulationSize(10)
                                            .withGenerations(2)
                                            .withRandomSeed(2))
                                    .acceptance(LENIENT));
            assertEquals(Reevolution.Status.SHADOW, first.status(), first.message());
            RegisteredStrategy v1 = inProduction(life, first.version().orElseThrow(), AAPL, 150);
            // then the market turns against it: down 3% whenever it is long, up 2% when it is flat
            Bars source = Hostile.after(AAPL.head(154), v1.definition(), 40);
            Replay replay = Replay.builder(source, store, life.clock(), life.loop())
                    .from(source.endTime(154))
                    .build();
            List<Reevolution.Outcome> outcomes = new ArrayList<>();
            List<Map<String, Reevolution.Trigger>> started = new ArrayList<>();
            Replay[] self = {replay};
            replay.run(t -> {
                outcomes.addAll(t.finished());
                if (!t.started().isEmpty()) {
                    started.add(t.started());
                    self[0].stop();
                }
            });
            assertEquals(List.of(Map.of("drifty", Reevolution.Trigger.DRIFT)), started);
            assertEquals(1, outcomes.size());
            Reevolution.Outcome o = outcomes.get(0);
            assertEquals(Reevolution.Status.SHADOW, o.status(), o.message());
            RegisteredStrategy v2 = o.version().orElseThrow();
            assertEquals(StrategyStage.SHADOW, life.registry().get(v2.id()).stage());
            assertEquals(Optional.of(v1.id()), v2.parentId(), "lineage: the version it succeeds");
            assertEquals(Optional.of("drift"), v2.trigger(), "lineage: why it was evolved");
            assertTrue(life.registry().get(v1.id()).drifting(), "the drift that triggered it is on record");
            assertEquals(StrategyStage.PRODUCTION, life.registry().get(v1.id()).stage(), "production as it was");
            JsonNode shown = life.http().get(path(v2.id())).json();
            assertEquals(v1.id(), shown.get("parent_id").asText());
            assertEquals("drift", shown.get("trigger").asText());
            assertEquals(o.runId().orElseThrow(), shown.get("run_id").asText());
            assertEquals("CREATED", shown.at("/history/0/kind").asText());
            assertEquals("drift", shown.at("/history/0/details/trigger").asText());
            JsonNode run = Http.JSON.readTree(
                    store.runs().findRun(o.runId().orElseThrow()).orElseThrow().configJson());
            assertEquals("drifty", run.at("/save/name").asText());
            assertEquals("drift", run.at("/save/trigger").asText());
            assertEquals(v1.id(), run.at("/save/parent").asText());
            assertEquals(150, run.at("/bars/count").asInt(), "as many bars as the version was evolved on");
            assertEquals(
                    source.endTime(store.bars()
                                            .readBars("AAPL", AAPL.timeframe())
                                            .size()
                                    - 1)
                            .toString(),
                    run.at("/bars/last_bar").asText(),
                    "ending at the newest stored bar");
            assertEquals(10, run.at("/ga/population_size").asInt(), "its stored settings: the first run's");
            // the drift was told once; it clears when the drifting version leaves PRODUCTION
            assertEquals(List.of("firing " + v1.id()), told("drift"));
            assertEquals(
                    200,
                    life.http().post(path(v1.id()) + "/archive", null, TOKEN).status());
            life.loop().tick();
            assertEquals(List.of("firing " + v1.id(), "resolved " + v1.id()), told("drift"));
        }
    }

    @Test
    void validationRunsAndStaleBarsAlertOnceAndClear() throws Exception {
        try (Life life = start(AAPL.head(150), LoopSettings.DEFAULT, true)) {
            Reevolution reevolution = life.loop().reevolution().orElseThrow();
            // a run that fails: nothing stored to evolve on
            Reevolution.Outcome failed = reevolution.first(
                    "thin",
                    "THIN",
                    AAPL.timeframe(),
                    0,
                    b -> b.seeds(Seeds.parse(QUICK_SEEDS))
                            .config(RunConfig.DEFAULT.withPopulationSize(10).withGenerations(2))
                            .acceptance(LENIENT));
            assertEquals(Reevolution.Status.FAILED, failed.status(), failed.message());
            life.loop().tick();
            assertEquals(List.of("firing thin"), told("run_failed"));
            life.loop().tick();
            assertEquals(List.of("firing thin"), told("run_failed"), "no repeat while it fires");
            store.bars().writeBars(AAPL.head(150).withSymbol("THIN"));
            Reevolution.Outcome ok = reevolution.first(
                    "thin",
                    "THIN",
                    AAPL.timeframe(),
                    0,
                    b -> b.seeds(Seeds.parse(QUICK_SEEDS))
                            .config(RunConfig.DEFAULT
                                    .withPopulationSize(10)
                                    .withGenerations(2)
                                    .withRandomSeed(2))
                            .acceptance(LENIENT));
            assertEquals(Reevolution.Status.SHADOW, ok.status(), ok.message());
            life.loop().tick();
            assertEquals(List.of("firing thin", "resolved thin"), told("run_failed"));

            // a validation report that says not ready, then one that says ready (as 'seedgrid validate' stores them)
            store.reports()
                    .saveReport(
                            "v1",
                            life.clock().instant(),
                            "{\"production_ready\":false,"
                                    + "\"business_value_score\":72.5,\"not_ready_because\":[\"score 72.5 < 90\"]}");
            life.loop().tick();
            assertEquals(List.of("firing deployment"), told("validation_not_ready"));
            store.reports()
                    .saveReport(
                            "v2",
                            life.clock().instant().plusSeconds(1),
                            "{\"production_ready\":true," + "\"business_value_score\":100.0,\"not_ready_because\":[]}");
            life.loop().tick();
            assertEquals(List.of("firing deployment", "resolved deployment"), told("validation_not_ready"));
            JsonNode body = posts.stream()
                    .filter(p -> p.get("rule").asText().equals("validation_not_ready"))
                    .findFirst()
                    .orElseThrow();
            assertEquals(72.5, body.get("value").asDouble(), 0);
            assertEquals(90, body.get("threshold").asDouble(), 0);

            // no new THIN bar for longer than 5 daily bars while its shadow watches it, then one arrives
            life.clock().set(AAPL.endTime(149).plus(Duration.ofDays(6)));
            life.loop().tick();
            assertEquals(List.of("firing THIN/1d"), told("stale_bars"));
            JsonNode stale = posts.stream()
                    .filter(p -> p.get("rule").asText().equals("stale_bars"))
                    .findFirst()
                    .orElseThrow();
            assertEquals(6 * 86400, stale.get("value").asDouble(), 0);
            assertEquals(5 * 86400, stale.get("threshold").asDouble(), 0);
            Bars next = AAPL.slice(150, 151).withSymbol("THIN");
            life.loop()
                    .ingest(Bars.of(
                            "THIN",
                            AAPL.timeframe(),
                            new long[] {life.clock().instant().toEpochMilli()},
                            new double[] {next.open(0)},
                            new double[] {next.high(0)},
                            new double[] {next.low(0)},
                            new double[] {next.close(0)},
                            new double[] {next.volume(0)}));
            assertEquals(List.of("firing THIN/1d", "resolved THIN/1d"), told("stale_bars"));
            String metrics = life.http().get("/metrics").body();
            for (String rule : List.of(
                    "run_failed",
                    "validation_not_ready",
                    "stale_bars",
                    "drift",
                    "canary_gate",
                    "canary_rollback",
                    "node_lost",
                    "http_error_rate",
                    "http_latency")) {
                assertTrue(metrics.contains("seedgrid_alert_subjects_firing{rule=\"" + rule + "\"}"), rule);
            }
            assertTrue(metrics.contains("seedgrid_alerts_fired_total{rule=\"stale_bars\"} 1.0"), metrics);
        }
    }

    static final String QUICK_SEEDS = "EMACrossoverSeed,RSIFilterSeed,SMATrendFilterSeed,BollingerBandsSeed";
    /** Acceptance that takes what AAPL's 2013 held-out days can show: these lives are about what comes after. */
    static final AcceptanceCriteria LENIENT = AcceptanceCriteria.builder()
            .minOutOfSampleSharpe(-100)
            .confidence(0)
            .minOutOfSampleTrades(0)
            .requireDelayRobust(false)
            .costFactor(1)
            .beatBuyAndHold(false)
            .build();
}
