package io.seedgrid.strategies;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.seedgrid.evolution.run.RankedStrategy;
import io.seedgrid.evolution.run.RunResult;
import io.seedgrid.runs.DataSource;
import io.seedgrid.runs.RunManifest;
import io.seedgrid.runs.SavePlan;
import io.seedgrid.runs.WalkForwardPlan;
import io.seedgrid.seeds.backtest.BacktestResult;
import io.seedgrid.seeds.bars.Bars;
import io.seedgrid.seeds.bars.BundledData;
import io.seedgrid.seeds.bars.Timeframe;
import io.seedgrid.seeds.seed.SeedContext;
import io.seedgrid.storage.StorageConfig;
import io.seedgrid.storage.Store;
import io.seedgrid.storage.Stores;
import io.seedgrid.storage.StrategyEventRecord;
import io.seedgrid.storage.StrategyEventRecord.Kind;
import io.seedgrid.storage.StrategyStage;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The registry contract, run on every storage backend (DuckDB file, shared directory, PostgreSQL): versions, lineage,
 * the lifecycle with every gate refusing once, a canary on real continuation data, rollback, archive, drift and
 * concurrent promotions. Data: the bundled AAPL (252 daily bars) and BTCUSD (9,603 one-minute bars).
 */
abstract class StrategyRegistryContractTest {
    static final Bars AAPL = BundledData.load("AAPL");
    static final Bars BTC = BundledData.load("BTCUSD");
    /** Gates that pass every STAGING check, for tests about other gates. */
    static final GateConfig OPEN = GateConfig.builder()
            .minOutOfSampleSharpe(-1000)
            .maxDrawdown(1)
            .requireDataSufficiency(false)
            .outOfSampleConfidence(0)
            .minOutOfSampleTrades(0)
            .requireRobustness(false)
            .build();
    /** The default gates without the out-of-sample evidence ones: for tests of the Sharpe, drawdown and data gates. */
    static final GateConfig CLASSIC = GateConfig.DEFAULT.toBuilder()
            .outOfSampleConfidence(0)
            .minOutOfSampleTrades(0)
            .requireRobustness(false)
            .build();

    @TempDir
    Path temp;

    Store store;
    Fixtures.SettableClock clock;

    abstract StorageConfig freshConfig() throws Exception;

    @BeforeEach
    void open() throws Exception {
        store = Stores.open(freshConfig());
        clock = new Fixtures.SettableClock(Instant.parse("2024-06-01T12:00:00Z"));
    }

    @AfterEach
    void close() {
        store.close();
    }

    StrategyRegistry registry(GateConfig gates) {
        return StrategyRegistries.open(store, clock, gates);
    }

    RegisteredStrategy save(StrategyRegistry r, String name, StrategyDefinition def, Bars bars) {
        return r.save(new NewStrategy(name, def, bars, null, 0, "test"));
    }

    // ---------------------------------------------------------------- versions

    @Test
    void versionsBumpSemanticallyAndKeepTheirLineage() {
        StrategyRegistry r = registry(GateConfig.DEFAULT);
        RegisteredStrategy v1 = save(r, "aapl-trend", Fixtures.emaRsi(), AAPL);
        assertEquals("aapl-trend@1.0.0", v1.id());
        assertEquals(StrategyStage.DRAFT, v1.stage());
        assertTrue(v1.parentId().isEmpty());
        BacktestResult expected =
                Fixtures.emaRsi().backtest().run(Fixtures.emaRsi().strategy(), SeedContext.of(AAPL));
        assertEquals(expected.inSample(), v1.inSample(), "metrics are the definition's backtest on the bars");
        assertEquals(expected.outOfSample(), v1.outOfSample());
        assertEquals(
                new EvolvedOn(
                        "AAPL",
                        AAPL.timeframe(),
                        252,
                        AAPL.endTime(0),
                        AAPL.endTime(251),
                        expected.splitIndex(),
                        AAPL.endTime(expected.splitIndex())),
                v1.evolvedOn());
        assertEquals(Fixtures.emaRsi(), v1.definition(), "the definition round-trips exactly");

        clock.set(clock.instant().plusSeconds(60));
        RegisteredStrategy patch = save(r, "aapl-trend", Fixtures.emaRsi(), AAPL.head(200));
        assertEquals("1.0.1", patch.version().toString(), "same definition, new data: patch");
        assertEquals("aapl-trend@1.0.0", patch.parentId().orElseThrow());
        RegisteredStrategy minor = save(
                r,
                "aapl-trend",
                new StrategyDefinition(
                        Fixtures.emaRsi().components(),
                        0.4,
                        0.0,
                        Fixtures.emaRsi().settings()),
                AAPL);
        assertEquals("1.1.0", minor.version().toString(), "same seeds, other thresholds: minor");
        RegisteredStrategy major = save(r, "aapl-trend", Fixtures.ema(5, 20), AAPL);
        assertEquals("2.0.0", major.version().toString(), "other seeds: major");
        assertEquals("aapl-trend@1.1.0", major.parentId().orElseThrow());
        RegisteredStrategy other = save(r, "other", Fixtures.ema(5, 20), AAPL);
        assertEquals("other@1.0.0", other.id());

        assertEquals("aapl-trend@2.0.0", r.get("aapl-trend").id(), "a name finds its newest version");
        assertEquals("aapl-trend@1.0.1", r.get("aapl-trend@1.0.1").id());
        assertEquals(
                List.of("aapl-trend@1.0.0", "aapl-trend@1.0.1", "aapl-trend@1.1.0", "aapl-trend@2.0.0", "other@1.0.0"),
                r.list().stream().map(RegisteredStrategy::id).toList());
        List<StrategyEventRecord> log = r.history("aapl-trend@1.0.0");
        assertEquals(1, log.size());
        assertEquals(Kind.CREATED, log.get(0).kind());
        assertEquals("test", log.get(0).actor());
        assertEquals(Instant.parse("2024-06-01T12:00:00Z"), log.get(0).at(), "the injected clock");
        assertThrows(UnknownStrategyException.class, () -> r.get("nope"));
        assertThrows(UnknownStrategyException.class, () -> r.get("aapl-trend@9.9.9"));
        assertTrue(r.find("aapl-trend@9.9.9").isEmpty());
        IllegalArgumentException bad =
                assertThrows(IllegalArgumentException.class, () -> save(r, "bad name!", Fixtures.emaRsi(), AAPL));
        assertTrue(bad.getMessage().contains("'bad name!'"), bad.getMessage());
    }

    @Test
    void aRunsStrategyIsSavedOnlyWhereItsBacktestReproduces() {
        Bars bars = AAPL.head(200);
        store.bars().writeBars(bars);
        RunResult run = Fixtures.evolve(bars, 7);
        Fixtures.recordRun(store, "run-aapl", bars, run);
        StrategyRegistry r = registry(GateConfig.DEFAULT);
        RegisteredStrategy s = r.saveFromRun("run-aapl", 2, null, "test");
        assertEquals("AAPL-1d@1.0.0", s.id(), "default name: symbol and timeframe");
        assertEquals("run-aapl", s.runId().orElseThrow());
        assertEquals(2, s.rank());
        RankedStrategy second = run.top().get(1);
        assertEquals(second.fitness().outOfSample(), s.outOfSample());
        assertEquals(second.strategy().toString(), s.definition().describe());
        assertEquals(200, s.evolvedOn().bars());
        RegisteredStrategy named = r.saveFromRun("run-aapl", 1, "mine", "test");
        assertEquals("mine@1.0.0", named.id());

        assertThrows(UnknownStrategyException.class, () -> r.saveFromRun("run-aapl", 99, null, "test"));
        assertThrows(UnknownStrategyException.class, () -> r.saveFromRun("no-such-run", 1, null, "test"));
        // the stored bars changed since the run: the recorded results no longer reproduce, nothing is saved
        Bars corrected = bars;
        for (int i = 20; i < 200; i += 10) {
            corrected = Fixtures.corrected(corrected, i, 1.04);
        }
        store.bars().writeBars(corrected);
        int before = r.list().size();
        RegistryException changed =
                assertThrows(RegistryException.class, () -> r.saveFromRun("run-aapl", 1, null, "test"));
        assertTrue(changed.getMessage().contains("do not reproduce"), changed.getMessage());
        assertFalse(changed instanceof ConcurrentChangeException, "changed data, not a lost race");
        assertEquals(before, r.list().size());
    }

    /** saveFromRun reads the run's manifest, whichever front end recorded it, and refuses what cannot be saved. */
    @Test
    void runsOfEitherFrontEndAreSavedFromTheirManifest() {
        Bars bars = AAPL.head(200);
        store.bars().writeBars(bars);
        RunResult run = Fixtures.evolve(bars, 7);
        Fixtures.recordRun(
                store,
                "api-run",
                bars,
                run,
                m -> new RunManifest(
                        RunManifest.Origin.API,
                        m.ga(),
                        m.spec(),
                        m.acceptance(),
                        m.data(),
                        m.bars(),
                        m.walkForward(),
                        SavePlan.NONE));
        StrategyRegistry r = registry(GateConfig.DEFAULT);
        RegisteredStrategy s = r.saveFromRun("api-run", 1, "from-api", "test");
        assertEquals(run.top().get(0).fitness().outOfSample(), s.outOfSample());
        assertEquals(run.spec().settings(), s.definition().settings(), "the run's backtest settings, whole");

        Fixtures.recordRun(
                store,
                "walk-run",
                bars,
                run,
                m -> new RunManifest(
                        m.origin(),
                        m.ga(),
                        m.spec(),
                        m.acceptance(),
                        m.data(),
                        m.bars(),
                        Optional.of(new WalkForwardPlan(3, false)),
                        m.save()));
        IllegalArgumentException walk =
                assertThrows(IllegalArgumentException.class, () -> r.saveFromRun("walk-run", 1, null, "test"));
        assertTrue(walk.getMessage().contains("walk-forward"), walk.getMessage());

        Fixtures.recordRun(
                store,
                "window-run",
                bars,
                run,
                m -> new RunManifest(
                        m.origin(),
                        m.ga(),
                        m.spec().withSettings(m.spec().settings().withInSampleWindow(20, 150)),
                        m.acceptance(),
                        m.data(),
                        m.bars(),
                        m.walkForward(),
                        m.save()));
        IllegalArgumentException window =
                assertThrows(IllegalArgumentException.class, () -> r.saveFromRun("window-run", 1, null, "test"));
        assertTrue(window.getMessage().contains("explicit in-sample window"), window.getMessage());

        Fixtures.recordRun(
                store,
                "file-run",
                bars,
                run,
                m -> new RunManifest(
                        m.origin(),
                        m.ga(),
                        m.spec(),
                        m.acceptance(),
                        DataSource.file(temp.resolve("gone.csv"), "AAPL", Timeframe.D1, false),
                        m.bars(),
                        m.walkForward(),
                        m.save()));
        RegistryException gone =
                assertThrows(RegistryException.class, () -> r.saveFromRun("file-run", 1, null, "test"));
        assertTrue(
                gone.getMessage().contains("cannot be loaded")
                        && gone.getMessage().contains("gone.csv"),
                gone.getMessage());
    }

    // ---------------------------------------------------------------- lifecycle with real data

    @Test
    void aRealStrategyGoesToProductionThroughARealCanaryAndIsRolledBack() {
        Bars first = BTC.head(5000);
        store.bars().writeBars(first);
        RunResult run = Fixtures.evolve(first, 1);
        Fixtures.recordRun(store, "btc-run", first, run);
        // the classic gates: a short evolution on 5,000 minute bars yields no strategy with significant out-of-sample
        // evidence (the evidence gates are tested on their own below); this test is about the canary and rollback,
        // with a canary of one step (all the capital at once: the ramp is aCanaryRampsStepByStep...)
        StrategyRegistry r =
                registry(CLASSIC.toBuilder().canarySteps(List.of(1.0)).build());
        SignalService signals = SignalServices.open(store, r);
        int rank = run.top().stream()
                .filter(t -> t.fitness().outOfSample().sharpe() > 1
                        && t.fitness().outOfSample().maxDrawdown() < 0.2)
                .findFirst()
                .orElseThrow()
                .rank();
        RegisteredStrategy v1 = r.saveFromRun("btc-run", rank, "btc", "alice");

        assertEquals(StrategyStage.TESTING, r.promote(v1.id(), "alice").stage());
        RegisteredStrategy staged = r.promote(v1.id(), "alice");
        assertEquals(StrategyStage.STAGING, staged.stage(), "the classic STAGING gates pass: " + r.history(v1.id()));
        clock.set(first.endTime(first.size() - 1).plusSeconds(1));
        assertEquals(StrategyStage.CANARY, r.promote(v1.id(), "alice").stage());

        PromotionRefusedException early =
                assertThrows(PromotionRefusedException.class, () -> r.promote(v1.id(), "alice"));
        assertEquals(
                List.of("canary_period"),
                early.failed().stream().map(GateResult::gate).toList());
        assertTrue(early.getMessage().contains("0 bars of BTCUSD 1m with live signals"), early.getMessage());

        store.bars().writeBars(BTC.head(7000)); // the canary period: 2,000 new real bars
        SignalUpdate u = signals.update(v1.id(), null);
        assertEquals(7000, u.bars());
        assertEquals(7000, u.stored(), "first update signals every stored bar");
        clock.set(BTC.endTime(6999).plusSeconds(1));
        RegisteredStrategy prod1 = r.promote(v1.id(), "alice");
        assertEquals(StrategyStage.PRODUCTION, prod1.stage(), String.valueOf(r.history(v1.id())));
        StrategyEventRecord promoted = r.history(v1.id()).get(r.history(v1.id()).size() - 1);
        assertTrue(promoted.detailsJson().contains("canary_returns"), promoted.detailsJson());
        DriftReport drift = r.checkDrift(v1.id(), "monitor");
        assertTrue(
                drift.status() == DriftReport.Status.OK || drift.status() == DriftReport.Status.DRIFTING,
                drift.message());
        assertTrue(r.get(v1.id()).drift().isPresent(), "the verdict is visible on the strategy");

        // v2: the same strategy saved again on more data goes live after its own canary and retires v1
        RegisteredStrategy v2 = save(r, "btc", v1.definition(), BTC.head(7000));
        assertEquals("btc@1.0.1", v2.id());
        assertEquals(v1.id(), v2.parentId().orElseThrow());
        r.promote(v2.id(), "bob");
        r.promote(v2.id(), "bob");
        r.promote(v2.id(), "bob");
        store.bars().writeBars(BTC);
        assertEquals(BTC.size(), signals.update(v2.id(), null).stored());
        clock.set(BTC.endTime(BTC.size() - 1).plusSeconds(1));
        // drift is a canary gate: v2's last 100 live minutes (BTC falling on 1 Dec 2013) drift from its backtest's
        PromotionRefusedException drifting =
                assertThrows(PromotionRefusedException.class, () -> r.promote(v2.id(), "bob"));
        assertEquals(
                List.of("drift"),
                drifting.failed().stream().map(GateResult::gate).toList(),
                drifting.getMessage());
        // judged without drift (its window longer than the canary), it goes to PRODUCTION and retires v1
        StrategyRegistry noDrift = registry(CLASSIC.toBuilder()
                .canarySteps(List.of(1.0))
                .minDriftBars(5000)
                .driftWindow(5000)
                .build());
        assertEquals(
                StrategyStage.PRODUCTION, noDrift.promote(v2.id(), "bob").stage(), String.valueOf(r.history(v2.id())));
        RegisteredStrategy retired = r.get(v1.id());
        assertEquals(StrategyStage.ARCHIVED, retired.stage(), "one PRODUCTION version per name");
        assertEquals(
                Kind.RETIRED,
                r.history(v1.id()).get(r.history(v1.id()).size() - 1).kind());
        assertEquals(v1.definition(), retired.definition(), "archived stays readable");

        RegisteredStrategy restored = r.rollback("btc", "carol");
        assertEquals(v1.id(), restored.id());
        assertEquals(StrategyStage.PRODUCTION, restored.stage());
        assertEquals(StrategyStage.ARCHIVED, r.get(v2.id()).stage());
        assertEquals(
                Kind.ROLLED_BACK,
                r.history(v2.id()).get(r.history(v2.id()).size() - 1).kind());
        assertEquals(
                "carol", r.history(v1.id()).get(r.history(v1.id()).size() - 1).actor());
        LifecycleException none = assertThrows(LifecycleException.class, () -> r.rollback("btc", "carol"));
        assertTrue(none.getMessage().contains("first PRODUCTION version"), none.getMessage());
        assertThrows(LifecycleException.class, () -> r.promote(v2.id(), "bob"), "archived is final");
        assertThrows(LifecycleException.class, () -> r.promote(v1.id(), "bob"), "PRODUCTION is the last stage");
    }

    // ---------------------------------------------------------------- shadow, canary steps, shares

    /**
     * Gates for the life tests: open STAGING gates but for a 20% drawdown limit, 5 bars per canary step and shadow,
     * drift not judged (200 bars).
     */
    static final GateConfig LIFE = OPEN.toBuilder()
            .maxDrawdown(0.2)
            .minCanaryBars(5)
            .minShadowBars(5)
            .minDriftBars(200)
            .driftWindow(200)
            .build();

    /** Registers {@code def} on {@code bars} and puts it in PRODUCTION through a one-step canary of 2 live bars. */
    RegisteredStrategy inProduction(String name, StrategyDefinition def, Bars history, Bars live) {
        StrategyRegistry quick = registry(
                LIFE.toBuilder().canarySteps(List.of(1.0)).minCanaryBars(2).build());
        SignalService signals = SignalServices.open(store, quick);
        store.bars().writeBars(history);
        RegisteredStrategy s = save(quick, name, def, history);
        quick.promote(s.id(), "t");
        quick.promote(s.id(), "t");
        clock.set(history.endTime(history.size() - 1));
        quick.promote(s.id(), "t");
        store.bars().writeBars(live);
        signals.update(s.id(), null);
        clock.set(live.endTime(live.size() - 1));
        assertEquals(
                StrategyStage.PRODUCTION, quick.promote(s.id(), "t").stage(), String.valueOf(quick.history(s.id())));
        return quick.get(s.id());
    }

    /** Stores bar {@code i} of {@code bars}, signals every version given, moves the clock to its end. */
    void feed(Bars bars, int i, SignalService signals, RegisteredStrategy... versions) {
        store.bars().writeBars(bars.slice(i, i + 1));
        for (RegisteredStrategy v : versions) {
            signals.update(v.id(), null);
        }
        clock.set(bars.endTime(i));
    }

    @Test
    void aCanaryRampsStepByStepCarryingItsShareThenRetiresProduction() {
        RegisteredStrategy v1 = inProduction("ramp", Fixtures.ema(5, 20), AAPL.head(150), AAPL.head(152));
        StrategyRegistry r = registry(LIFE);
        SignalService signals = SignalServices.open(store, r);
        RegisteredStrategy v2 = save(r, "ramp", Fixtures.ema(3, 10), AAPL.head(152));
        r.promote(v2.id(), "t");
        r.promote(v2.id(), "t");
        RegisteredStrategy canary = r.promote(v2.id(), "t");
        assertEquals(StrategyStage.CANARY, canary.stage());
        assertEquals(0.10, canary.share(), 1e-12, "the first step's share");
        assertEquals(0.90, r.get(v1.id()).share(), 1e-12, "production holds the rest");
        assertEquals(Map.of(v1.id(), 0.9, v2.id(), 0.1), r.allocation("ramp").shares());
        LifecycleException second = assertThrows(LifecycleException.class, () -> {
            RegisteredStrategy v3 = save(r, "ramp", Fixtures.ema(8, 21), AAPL.head(152));
            r.promote(v3.id(), "t");
            r.promote(v3.id(), "t");
            r.promote(v3.id(), "t");
        });
        assertTrue(second.getMessage().contains("one canary per name"), second.getMessage());

        List<CanaryReview.Outcome> outcomes = new ArrayList<>();
        List<Double> shares = new ArrayList<>();
        for (int i = 152; i < AAPL.size() && r.get(v2.id()).stage() == StrategyStage.CANARY; i++) {
            feed(AAPL, i, signals, v1, v2);
            CanaryReview review = r.reviewCanary(v2.id(), "loop");
            if (review.outcome() != CanaryReview.Outcome.WAITING) {
                outcomes.add(review.outcome());
                shares.add(review.shareAfter());
                assertTrue(
                        review.gates().stream().allMatch(GateResult::passed),
                        review.gates().toString());
                assertEquals(5, review.gates().get(0).measured(), 0, "each step after exactly 5 bars at it");
            }
        }
        assertEquals(
                List.of(
                        CanaryReview.Outcome.STEPPED,
                        CanaryReview.Outcome.STEPPED,
                        CanaryReview.Outcome.STEPPED,
                        CanaryReview.Outcome.PROMOTED),
                outcomes);
        assertEquals(List.of(0.25, 0.5, 1.0, 1.0), shares);
        assertEquals(StrategyStage.PRODUCTION, r.get(v2.id()).stage());
        assertEquals(StrategyStage.ARCHIVED, r.get(v1.id()).stage(), "the old production version retired");
        assertEquals(Kind.RETIRED, last(r, v1.id()).kind());
        // the first review records its drift verdict (not judged yet: too few bars), as a drift check does
        assertEquals(
                List.of(
                        Kind.CREATED,
                        Kind.PROMOTED,
                        Kind.PROMOTED,
                        Kind.PROMOTED,
                        Kind.DRIFT,
                        Kind.STEPPED,
                        Kind.STEPPED,
                        Kind.STEPPED,
                        Kind.PROMOTED),
                r.history(v2.id()).stream().map(StrategyEventRecord::kind).toList());

        // the capital over time, and each signal carrying the share in force when it was decided
        List<Map<String, Double>> allocations =
                r.allocations("ramp").stream().map(Allocation::shares).toList();
        assertEquals(
                List.of(
                        Map.of(v1.id(), 1.0),
                        Map.of(v1.id(), 0.9, v2.id(), 0.1),
                        Map.of(v1.id(), 0.75, v2.id(), 0.25),
                        Map.of(v1.id(), 0.5, v2.id(), 0.5),
                        Map.of(v2.id(), 1.0)),
                allocations);
        List<Allocation> history = r.allocations("ramp");
        for (LiveSignal p : signals.signals(v2.id(), null, AAPL.endTime(150))) {
            double expected = 0;
            for (Allocation a : history) {
                if (a.at().isBefore(p.time())) {
                    expected = a.share(v2.id());
                }
            }
            assertEquals(expected, p.share(), 1e-12, "share of the signal at " + p.time());
        }
        List<Double> signalShares = signals.signals(v2.id(), null, null).stream()
                .map(LiveSignal::share)
                .distinct()
                .toList();
        assertEquals(List.of(0.0, 0.1, 0.25, 0.5, 1.0), signalShares, "0 before CANARY, then each step's share");
    }

    @Test
    void aCanaryThatFailsHardIsRolledBackAtItsStepAndProductionKeepsEverything() {
        RegisteredStrategy v1 = inProduction("hard", Fixtures.ema(3, 10), AAPL.head(200), AAPL.head(202));
        StrategyRegistry r = registry(LIFE);
        SignalService signals = SignalServices.open(store, r);
        StrategyDefinition loser = Fixtures.ema(5, 20);
        // a market that punishes the canary: down 3% on every bar it is long, up 2% when it is flat
        Bars hostile = Fixtures.adversarial(AAPL.head(202), loser, 40);
        store.bars().writeBars(hostile.head(202));
        RegisteredStrategy v2 = save(r, "hard", loser, AAPL.head(202));
        r.promote(v2.id(), "t");
        r.promote(v2.id(), "t");
        r.promote(v2.id(), "t");
        CanaryReview review = null;
        int held = 0;
        for (int i = 202; i < hostile.size(); i++) {
            feed(hostile, i, signals, v1, v2);
            review = r.reviewCanary(v2.id(), "loop");
            held += review.outcome() == CanaryReview.Outcome.HELD && review.recorded() ? 1 : 0;
            if (review.outcome() == CanaryReview.Outcome.ROLLED_BACK) {
                break;
            }
            // flat on its first bars (the market rises 2% then), the canary has nothing against it yet
            assertFalse(review.outcome() == CanaryReview.Outcome.PROMOTED, review.message());
        }
        assertEquals(CanaryReview.Outcome.ROLLED_BACK, review.outcome(), review.message());
        double at = review.shareBefore();
        assertTrue(at < 1, "rolled back at a step below 100%: " + at);
        assertTrue(
                last(r, v2.id()).message().contains("rolled back automatically at " + Math.round(at * 100) + "%"),
                last(r, v2.id()).message());
        GateResult cause = review.failed().stream()
                .filter(g -> g.gate().equals("canary_drawdown"))
                .findFirst()
                .orElseThrow(() -> new AssertionError("the drawdown gate failed: " + r.history(v2.id())));
        assertTrue(cause.measured() >= 0.2, "drawdown " + cause.measured());
        assertEquals(1, held, "held once (returns significantly worse), then rolled back (drawdown)");
        StrategyEventRecord rolledBack = last(r, v2.id());
        assertEquals(Kind.ROLLED_BACK, rolledBack.kind());
        assertEquals(StrategyStage.ARCHIVED, rolledBack.stage());
        assertTrue(rolledBack.detailsJson().contains("\"automatic\":true"), rolledBack.detailsJson());
        assertTrue(rolledBack.detailsJson().contains("\"cause\":\"canary_drawdown\""), rolledBack.detailsJson());
        assertEquals(StrategyStage.PRODUCTION, r.get(v1.id()).stage(), "production untouched");
        assertEquals(Map.of(v1.id(), 1.0), r.allocation("hard").shares());
        assertEquals(
                CanaryReview.Outcome.NOT_CANARY, r.reviewCanary(v2.id(), "loop").outcome());
    }

    private static StrategyEventRecord last(StrategyRegistry r, String id) {
        List<StrategyEventRecord> log = r.history(id);
        return log.get(log.size() - 1);
    }

    @Test
    void aShadowTradesNothingGoesOnlyToCanaryAndIsJudgedAgainstProduction() {
        RegisteredStrategy v1 = inProduction("shade", Fixtures.ema(5, 20), AAPL.head(150), AAPL.head(152));
        StrategyRegistry r = registry(LIFE);
        SignalService signals = SignalServices.open(store, r);
        RegisteredStrategy twin = save(r, "shade", Fixtures.ema(5, 20), AAPL.head(152));
        assertThrows(LifecycleException.class, () -> r.shadow(twin.id(), "t"), "DRAFT is not STAGING");
        r.promote(twin.id(), "t");
        r.promote(twin.id(), "t");
        RegisteredStrategy shadow = r.shadow(twin.id(), "t");
        assertEquals(StrategyStage.SHADOW, shadow.stage());
        assertEquals(0, shadow.share(), "a shadow carries no capital");
        PromotionRefusedException early =
                assertThrows(PromotionRefusedException.class, () -> r.promote(twin.id(), "t"));
        assertEquals(
                List.of("shadow_period"),
                early.failed().stream().map(GateResult::gate).toList());
        for (int i = 152; i < 160; i++) {
            feed(AAPL, i, signals, v1, twin);
        }
        // the same definition as production: the same returns bar for bar
        Comparison c = r.compare(twin.id(), v1.id());
        assertEquals(8, c.bars(), "the bars after both went live");
        assertEquals(1.0, c.agreement(), 0, "the same positions");
        assertEquals(0, c.meanDifference(), 0);
        assertEquals(c.sharpeB(), c.sharpeA(), 0);
        assertEquals(c.returnB(), c.returnA(), 0);
        assertEquals(1.0, c.pAWorse(), 0, "no difference: not worse");
        assertTrue(
                signals.signals(twin.id(), null, null).stream().allMatch(p -> p.share() == 0),
                "a shadow's signals carry no share");
        List<GateResult> gates = r.preview(twin.id());
        assertEquals(
                List.of("shadow_period", "shadow_sharpe", "shadow_returns", "shadow_drawdown"),
                gates.stream().map(GateResult::gate).toList());
        assertTrue(gates.stream().allMatch(GateResult::passed), gates.toString());
        RegisteredStrategy canary = r.promote(twin.id(), "t");
        assertEquals(StrategyStage.CANARY, canary.stage(), "from SHADOW on to CANARY only");
        assertEquals(0.10, canary.share(), 1e-12);

        // another shadow, another definition: the gate's verdict is the comparison's
        RegisteredStrategy other = save(r, "shade", Fixtures.ema(3, 10), AAPL.head(160));
        r.promote(other.id(), "t");
        r.promote(other.id(), "t");
        r.shadow(other.id(), "t");
        for (int i = 160; i < 170; i++) {
            feed(AAPL, i, signals, v1, twin, other);
        }
        Comparison o = r.compare(other.id(), v1.id());
        assertEquals(10, o.bars());
        assertTrue(o.agreement() >= 0 && o.agreement() <= 1, "agreement " + o.agreement());
        assertTrue(o.pTwoSided() >= 0 && o.pTwoSided() <= 1 && Double.isFinite(o.t()), o.toString());
        List<GateResult> judged = r.preview(other.id());
        boolean beats = o.sharpeA() >= o.sharpeB() && o.pAWorse() >= LIFE.canaryAlpha();
        assertEquals(
                beats,
                judged.stream().filter(g -> !g.gate().equals("shadow_drawdown")).allMatch(GateResult::passed),
                o + " vs " + judged);
        LifecycleException busy =
                assertThrows(LifecycleException.class, () -> r.promote(other.id(), "t"), "one canary per name");
        assertTrue(busy.getMessage().contains(twin.id()), busy.getMessage());
    }

    @Test
    void canaryStepsAreCheckedAndParsed() {
        assertEquals(List.of(0.1, 0.25, 0.5, 1.0), GateConfig.parseSteps("10,25,50,100"));
        assertEquals(List.of(0.1, 0.25, 0.5, 1.0), GateConfig.parseSteps("10% -> 25% -> 50% -> 100%"));
        assertEquals(List.of(0.5, 1.0), GateConfig.parseSteps("0.5,1"));
        for (String bad : new String[] {"", "10,5,100", "10,50", "0,100", "50,NaN,100", "x"}) {
            IllegalArgumentException e =
                    assertThrows(IllegalArgumentException.class, () -> GateConfig.parseSteps(bad), bad);
            assertTrue(e.getMessage().contains("canary steps"), e.getMessage());
        }
        assertThrows(
                IllegalArgumentException.class,
                () -> GateConfig.builder().canarySteps(List.of(0.3)).build());
        assertEquals(0.25, GateConfig.DEFAULT.stepAfter(0.1).orElseThrow(), 0);
        assertTrue(GateConfig.DEFAULT.stepAfter(1.0).isEmpty());
    }

    // ---------------------------------------------------------------- each gate refuses

    /** Promotes to STAGING through TESTING and returns the refusal (asserting there is one). */
    PromotionRefusedException refusedAtStaging(StrategyRegistry r, RegisteredStrategy s) {
        r.promote(s.id(), "test");
        PromotionRefusedException e = assertThrows(PromotionRefusedException.class, () -> r.promote(s.id(), "test"));
        assertEquals(StrategyStage.TESTING, r.get(s.id()).stage(), "a refused promotion leaves the stage");
        StrategyEventRecord last = r.history(s.id()).get(r.history(s.id()).size() - 1);
        assertEquals(Kind.REFUSED, last.kind());
        assertEquals(StrategyStage.TESTING, last.stage());
        assertTrue(last.detailsJson().contains("\"passed\":false"), last.detailsJson());
        return e;
    }

    @Test
    void theSharpeGateRefusesAStrategyBelowItsThreshold() {
        // a fast EMA crossover on AAPL 2013: out-of-sample Sharpe ratio below the default 1.0
        StrategyRegistry r = registry(CLASSIC);
        RegisteredStrategy s = save(r, "sharpe", Fixtures.ema(2, 8), AAPL);
        double sharpe = s.outOfSample().sharpe();
        assertTrue(sharpe < 1, "out-of-sample Sharpe " + sharpe);
        PromotionRefusedException e = refusedAtStaging(r, s);
        assertEquals(
                List.of("out_of_sample_sharpe"),
                e.failed().stream().map(GateResult::gate).toList());
        assertEquals(sharpe, e.failed().get(0).measured(), 0);
        assertEquals(1.0, e.failed().get(0).threshold(), 0);
        assertTrue(e.getMessage().contains("is not > 1.000"), e.getMessage());
        // a stricter setting refuses a better strategy too, a looser one lets this one through
        RegisteredStrategy better = save(r, "better", Fixtures.ema(5, 20), AAPL);
        r.promote(better.id(), "t");
        assertEquals(StrategyStage.STAGING, r.promote(better.id(), "t").stage(), "a Sharpe above 1 passes");
        StrategyRegistry loose =
                registry(CLASSIC.toBuilder().minOutOfSampleSharpe(-10).build());
        assertEquals(StrategyStage.STAGING, loose.promote(s.id(), "t").stage());
    }

    @Test
    void theEvidenceGatesRefuseAStrategyWithTooFewTradesOrNoSignificanceOutOfSample() {
        // an EMA crossover on AAPL 2013 whose out-of-sample stretch holds one trade: its Sharpe ratio says little
        StrategyRegistry r = registry(OPEN.toBuilder()
                .minOutOfSampleTrades(5)
                .outOfSampleConfidence(0.95)
                .requireRobustness(true)
                .build());
        RegisteredStrategy s = save(r, "evidence", Fixtures.ema(5, 20), AAPL);
        assertTrue(
                s.outOfSample().trades() < 5,
                "out-of-sample trades: " + s.outOfSample().trades());
        OutOfSampleEvidence e = s.evidence().orElseThrow();
        assertEquals(1, e.judged(), "saved on its own: no Bonferroni correction");
        assertTrue(e.outOfSamplePsr() < 0.95, "PSR " + e.outOfSamplePsr());
        PromotionRefusedException refused = refusedAtStaging(r, s);
        List<String> failed = refused.failed().stream().map(GateResult::gate).toList();
        assertTrue(
                failed.containsAll(List.of("out_of_sample_trades", "out_of_sample_significance")), failed.toString());
        // buy-and-hold over the same bars is recorded beside it
        assertEquals(s.outOfSample().bars(), e.buyAndHoldOutOfSample().bars());
        assertTrue(e.buyAndHoldOutOfSample().totalReturn() > 0.1, "AAPL rose in the last months of 2013");
        // the same gates, each off, let it through
        StrategyRegistry open = registry(OPEN);
        assertEquals(StrategyStage.STAGING, open.promote(s.id(), "t").stage());
    }

    @Test
    void theDrawdownGateRefusesADeepDrawdown() {
        RegisteredStrategy s = save(registry(OPEN), "drawdown", Fixtures.ema(5, 20), AAPL);
        double dd = s.outOfSample().maxDrawdown();
        assertTrue(dd > 0, "the strategy loses at some point out of sample: " + dd);
        StrategyRegistry r = registry(OPEN.toBuilder().maxDrawdown(dd / 2).build());
        PromotionRefusedException e = refusedAtStaging(r, s);
        assertEquals(
                List.of("max_drawdown"),
                e.failed().stream().map(GateResult::gate).toList());
        assertEquals(dd, e.failed().get(0).measured(), 0);
    }

    @Test
    void theDataSufficiencyGateRefusesGenesLongerThanTheData() {
        // an EMA crossover whose slow EMA needs 187 bars, evolved on 180: its signal barely exists
        StrategyRegistry r =
                registry(OPEN.toBuilder().requireDataSufficiency(true).build());
        RegisteredStrategy s = save(r, "long-genes", Fixtures.ema(38, 187), AAPL.head(180));
        PromotionRefusedException e = refusedAtStaging(r, s);
        assertEquals(
                List.of("data_sufficiency"),
                e.failed().stream().map(GateResult::gate).toList());
        assertTrue(e.getMessage().contains("EMACrossoverSeed INSUFFICIENT_DATA"), e.getMessage());
        assertEquals(180, e.failed().get(0).measured(), 0);
        // the same genes on all 252 bars pass
        RegisteredStrategy enough = save(r, "long-genes", Fixtures.ema(38, 187), AAPL);
        r.promote(enough.id(), "test");
        assertEquals(StrategyStage.STAGING, r.promote(enough.id(), "test").stage());
    }

    @Test
    void theCanaryGatesRefuseTooShortACanaryAndLiveReturnsSignificantlyWorse() {
        StrategyRegistry r = registry(OPEN);
        SignalService signals = SignalServices.open(store, r);
        StrategyDefinition def = Fixtures.ema(5, 20);
        store.bars().writeBars(AAPL);
        RegisteredStrategy s = save(r, "canary", def, AAPL);
        r.promote(s.id(), "t");
        r.promote(s.id(), "t");
        signals.update(s.id(), null); // history signalled before the canary starts: not live
        clock.set(AAPL.endTime(251).plusSeconds(1));
        r.promote(s.id(), "t");
        // 40 bars of a market that punishes the strategy, ingested a few at a time with signals following
        Bars hostile = Fixtures.adversarial(AAPL, def, 40);
        store.bars().writeBars(hostile.head(252 + 10));
        signals.update(s.id(), null);
        PromotionRefusedException shortCanary =
                assertThrows(PromotionRefusedException.class, () -> r.promote(s.id(), "t"));
        assertEquals(
                List.of("canary_period"),
                shortCanary.failed().stream().map(GateResult::gate).toList());
        assertEquals(10, shortCanary.failed().get(0).measured(), 0, "10 live bars, 20 needed");
        store.bars().writeBars(hostile);
        assertEquals(30, signals.update(s.id(), null).stored());
        PromotionRefusedException worse = assertThrows(PromotionRefusedException.class, () -> r.promote(s.id(), "t"));
        assertEquals(
                List.of("canary_returns", "drift"),
                worse.failed().stream().map(GateResult::gate).toList(),
                worse.getMessage());
        assertTrue(
                worse.failed().get(0).measured() < 0.05,
                "p-value " + worse.failed().get(0).measured());
        assertEquals(StrategyStage.CANARY, r.get(s.id()).stage());

        DriftReport drift = r.checkDrift(s.id(), "monitor");
        assertEquals(DriftReport.Status.DRIFTING, drift.status(), drift.message());
        assertEquals(40, drift.liveBars());
        assertTrue(r.get(s.id()).drifting(), "visible on the strategy");
        int entries = r.history(s.id()).size();
        r.checkDrift(s.id(), "monitor");
        assertEquals(entries, r.history(s.id()).size(), "an unchanged verdict is not recorded again");
        assertEquals(
                1,
                r.history(s.id()).stream().filter(e -> e.kind() == Kind.DRIFT).count());
    }

    @Test
    void previewShowsTheNextGatesWithoutMoving() {
        StrategyRegistry r = registry(GateConfig.DEFAULT);
        RegisteredStrategy s = save(r, "p", Fixtures.emaRsi(), AAPL);
        assertEquals(List.of(), r.preview(s.id()), "DRAFT -> TESTING has no gates");
        r.promote(s.id(), "t");
        List<GateResult> gates = r.preview(s.id());
        assertEquals(
                List.of(
                        "out_of_sample_sharpe",
                        "max_drawdown",
                        "data_sufficiency",
                        "out_of_sample_trades",
                        "out_of_sample_significance",
                        "next_close_sharpe",
                        "stressed_cost_sharpe"),
                gates.stream().map(GateResult::gate).toList());
        assertEquals(StrategyStage.TESTING, r.get(s.id()).stage());
        assertEquals(2, r.history(s.id()).size());
    }

    // ---------------------------------------------------------------- archive and illegal moves

    @Test
    void archivedStrategiesStayReadableAndStill() {
        StrategyRegistry r = registry(OPEN);
        RegisteredStrategy s = save(r, "old", Fixtures.emaRsi(), AAPL);
        r.promote(s.id(), "t");
        clock.set(clock.instant().plusSeconds(5));
        RegisteredStrategy archived = r.archive(s.id(), "t");
        assertEquals(StrategyStage.ARCHIVED, archived.stage());
        assertEquals(clock.instant(), archived.stageSince());
        assertEquals(s.definition(), archived.definition());
        assertEquals(s.outOfSample(), archived.outOfSample());
        assertThrows(LifecycleException.class, () -> r.archive(s.id(), "t"));
        assertThrows(LifecycleException.class, () -> r.promote(s.id(), "t"));
        LifecycleException noProd = assertThrows(LifecycleException.class, () -> r.rollback("old", "t"));
        assertTrue(noProd.getMessage().contains("nothing to roll back"), noProd.getMessage());
        assertEquals(DriftReport.Status.NOT_LIVE, r.checkDrift(s.id(), "t").status());
        assertEquals(
                List.of(Kind.CREATED, Kind.PROMOTED, Kind.ARCHIVED),
                r.history(s.id()).stream().map(StrategyEventRecord::kind).toList());
    }

    @Test
    void concurrentPromotionsNeverSkipOrRepeatAStage() throws Exception {
        RegisteredStrategy s = save(registry(OPEN), "race", Fixtures.emaRsi(), AAPL);
        int writers = 6;
        ExecutorService pool = Executors.newFixedThreadPool(writers);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<String>> outcomes = new ArrayList<>();
        try {
            for (int w = 0; w < writers; w++) {
                StrategyRegistry own = registry(OPEN); // separate registries: only the store serialises them
                String actor = "w" + w;
                // A writer promotes, loses the race (the log changed meanwhile) or is refused the step to
                // PRODUCTION; anything else (a storage failure, another registry error) escapes and fails the test.
                Callable<String> promote = () -> {
                    start.await();
                    try {
                        return own.promote(s.id(), actor).stage().name();
                    } catch (ConcurrentChangeException e) {
                        return "lost";
                    } catch (PromotionRefusedException e) {
                        // the canary's first step (10% -> 25%) needs live bars
                        assertEquals(StrategyStage.CANARY, e.from(), e.getMessage());
                        assertEquals(StrategyStage.CANARY, e.to(), e.getMessage());
                        return "refused";
                    }
                };
                outcomes.add(pool.submit(promote));
            }
            start.countDown();
            int moved = 0;
            int refused = 0;
            for (Future<String> f : outcomes) {
                String outcome = f.get();
                moved += outcome.equals("lost") || outcome.equals("refused") ? 0 : 1;
                refused += outcome.equals("refused") ? 1 : 0;
            }
            List<StrategyEventRecord> log = registry(OPEN).history(s.id());
            StrategyStage stage = StrategyStage.DRAFT;
            int promotions = 0;
            for (StrategyEventRecord e : log.subList(1, log.size())) {
                if (e.kind() == Kind.REFUSED) {
                    // OPEN cannot open the canary's first step (no live bars): a writer that gets its turn after
                    // CANARY is refused, and the refusal is logged by design, leaving the stage where it was.
                    assertEquals(StrategyStage.CANARY, stage, "only the canary's step can be refused here");
                    assertEquals(StrategyStage.CANARY, e.stage(), "a refusal leaves the stage as it was");
                    assertEquals(
                            0.1,
                            Codec.JSON.readTree(e.detailsJson()).path("share").asDouble(),
                            0,
                            e.detailsJson());
                    continue;
                }
                assertEquals(Kind.PROMOTED, e.kind());
                assertEquals(StoreRegistry.next(stage).orElseThrow(), e.stage(), "each step is the next stage");
                stage = e.stage();
                promotions++;
            }
            assertEquals(moved, promotions, "every success is one promotion entry, every loser promoted nothing");
            assertEquals(
                    refused,
                    log.stream().filter(e -> e.kind() == Kind.REFUSED).count(),
                    "every refusal is one REFUSED entry");
            assertTrue(moved >= 1);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void definitionsAreCheckedAndRoundTrip() {
        assertThrows(IllegalArgumentException.class, () -> Fixtures.component("NoSuchSeed", 1, Map.of()));
        IllegalArgumentException missing = assertThrows(
                IllegalArgumentException.class, () -> Fixtures.component("EMACrossoverSeed", 1, Map.of("fast", 5.0)));
        assertTrue(missing.getMessage().contains("slow"), missing.getMessage());
        assertThrows(
                IllegalArgumentException.class,
                () -> Fixtures.component("EMACrossoverSeed", 1, Map.of("fast", 5.0, "slow", 500.0)));
        assertThrows(
                IllegalArgumentException.class,
                () -> Fixtures.component("EMACrossoverSeed", 1, Map.of("fast", 5.0, "slow", 20.0, "x", 1.0)));
        assertThrows(
                IllegalArgumentException.class,
                () -> Fixtures.component("EMACrossoverSeed", 1.5, Map.of("fast", 5.0, "slow", 20.0)));
        StrategyDefinition d = Fixtures.emaRsi();
        assertEquals(d, Codec.definition(Codec.tree("d", Codec.write(Codec.definition(d)))));
        assertEquals(d, StrategyDefinition.of(d.strategy(), d.settings()));
        assertNotNull(d.describe());
        assertFalse(d.describe().isBlank());
    }
}
