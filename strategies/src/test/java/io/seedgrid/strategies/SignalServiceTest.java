package io.seedgrid.strategies;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.seedgrid.seeds.backtest.Backtest;
import io.seedgrid.seeds.backtest.BacktestSettings;
import io.seedgrid.seeds.backtest.Fill;
import io.seedgrid.seeds.bars.Bars;
import io.seedgrid.seeds.bars.BundledData;
import io.seedgrid.seeds.seed.SeedContext;
import io.seedgrid.seeds.strategy.BlendedStrategy;
import io.seedgrid.storage.SignalPoint;
import io.seedgrid.storage.StorageConfig;
import io.seedgrid.storage.Store;
import io.seedgrid.storage.Stores;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Live signals: incremental, idempotent, and equal to what the backtest used, bar for bar. */
class SignalServiceTest {
    static final Bars AAPL = BundledData.load("AAPL");
    static final Bars BTC = BundledData.load("BTCUSD");

    @TempDir
    Path temp;

    Store store;
    StrategyRegistry registry;
    SignalService signals;

    @BeforeEach
    void open() {
        store = Stores.open(StorageConfig.local(temp.resolve("signals.duckdb")));
        registry = StrategyRegistries.open(store);
        signals = SignalServices.open(store, registry);
    }

    @AfterEach
    void close() {
        store.close();
    }

    /** A blend of a trend seed, a volatility seed and an ML seed (walk-forward refits): the hardest case. */
    static StrategyDefinition blendWithMl() {
        return new StrategyDefinition(
                List.of(
                        Fixtures.component("EMACrossoverSeed", 0.5, Map.of("fast", 5.0, "slow", 20.0)),
                        Fixtures.component("BollingerBandsSeed", 0.3, Map.of("period", 20.0, "k", 2.0)),
                        Fixtures.component(
                                "PCATreeQuantileSeed",
                                0.4,
                                Map.of(
                                        "trainWindow",
                                        120.0,
                                        "retrainEvery",
                                        25.0,
                                        "lags",
                                        5.0,
                                        "horizon",
                                        3.0,
                                        "components",
                                        3.0,
                                        "quantiles",
                                        5.0,
                                        "maxDepth",
                                        3.0))),
                0.25,
                0.0,
                BacktestSettings.DEFAULT);
    }

    @ParameterizedTest
    @EnumSource(Fill.class)
    void liveSignalsEqualTheBacktestsSignalsBarForBar(Fill fill) {
        StrategyDefinition base = blendWithMl();
        StrategyDefinition def = new StrategyDefinition(
                base.components(), base.entry(), base.exit(), base.settings().withFill(fill));
        RegisteredStrategy s = registry.save(new NewStrategy("blend-" + fill.label(), def, AAPL, null, 0, "t"));
        assertEquals(fill, s.definition().settings().fill(), "the registry keeps the fill");
        store.bars().writeBars(AAPL.head(200));
        SignalUpdate first = signals.update(s.id(), "AAPL");
        assertEquals(200, first.stored());
        assertEquals(0, first.alreadySignalled());
        // then bar by bar, as a live feed would bring them: each update sees only the bars up to its bar
        for (int t = 200; t < AAPL.size(); t++) {
            store.bars().writeBars(AAPL.slice(t, t + 1));
            SignalUpdate u = signals.update(s.id(), "AAPL");
            assertEquals(1, u.stored(), "bar " + t);
            assertEquals(AAPL.endTime(t), u.added().get(0).time());
        }
        BlendedStrategy strategy = def.strategy();
        double[] backtestSignals = strategy.signals(SeedContext.of(AAPL)); // what Backtest.run(strategy, ...) uses
        List<SignalPoint> stored = store.signals().readSignals(s.id(), "AAPL", null);
        assertEquals(AAPL.size(), stored.size());
        int nonZero = 0;
        for (int t = 0; t < AAPL.size(); t++) {
            assertEquals(AAPL.endTime(t), stored.get(t).time());
            assertEquals(backtestSignals[t], stored.get(t).value(), 0.0, "bar " + t + ": bit for bit");
            nonZero += stored.get(t).value() != 0 ? 1 : 0;
        }
        assertTrue(nonZero > 100, "the blend speaks on most bars: " + nonZero);

        // trading the stored signals earns exactly the backtest's per-bar returns, and the served positions agree
        Backtest backtest = def.backtest();
        SeedContext ctx = SeedContext.of(AAPL);
        double[] expected = backtest.netReturns(strategy, ctx);
        double[] live = new double[AAPL.size()];
        backtest.run(
                stored.stream().mapToDouble(SignalPoint::value).toArray(),
                def.entry(),
                def.exit(),
                strategy.warmup(),
                ctx,
                live);
        List<LiveSignal> served = signals.signals(s.id(), "AAPL", null);
        double cost = backtest.costs().perUnitTurnover();
        for (int t = 2; t < AAPL.size(); t++) {
            assertEquals(expected[t], live[t], 0.0, "realised return at bar " + t);
            // the position served at bar t is decided at its close; the fill says when it is taken
            int decided = served.get(t).position();
            int before = served.get(t - 1).position();
            int earlier = served.get(t - 2).position();
            double fromPositions = switch (fill) {
                case CLOSE -> before * ctx.returns()[t] - cost * Math.abs(decided - before);
                case NEXT_CLOSE -> earlier * ctx.returns()[t] - cost * Math.abs(before - earlier);
                case NEXT_OPEN ->
                    (1 + earlier * ctx.gapReturns()[t])
                                    * (1 - cost * Math.abs(before - earlier))
                                    * (1 + before * ctx.intradayReturns()[t])
                            - 1;
            };
            assertEquals(expected[t], fromPositions, 1e-15, fill + ": position-implied return at bar " + t);
        }
        // the canary and drift checks realise the stored signals with the stored fill: the backtest's returns again
        double[] realised = LiveReturns.realised(
                store, store.strategies().findStrategy(s.id()).orElseThrow(), s.definition(), AAPL.endTime(0));
        assertArrayEquals(Arrays.copyOfRange(expected, 1, AAPL.size()), realised, 0.0);
    }

    @Test
    void updatesAreIdempotentEvenWhenConcurrent() throws Exception {
        RegisteredStrategy s = registry.save(new NewStrategy("idem", Fixtures.ema(5, 20), AAPL, null, 0, "t"));
        store.bars().writeBars(AAPL);
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<SignalUpdate>> all = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                all.add(pool.submit(() -> signals.update(s.id(), null)));
            }
            int stored = 0;
            for (Future<SignalUpdate> f : all) {
                stored += f.get().stored();
            }
            assertEquals(AAPL.size(), stored, "each bar stored once across concurrent updates");
        } finally {
            pool.shutdownNow();
        }
        SignalUpdate again = signals.update(s.id(), null);
        assertEquals(0, again.stored());
        assertEquals(AAPL.size(), again.alreadySignalled());
        assertEquals(List.of(), again.added());
        assertEquals(
                AAPL.size(), store.signals().readSignals(s.id(), "AAPL", null).size());
        assertEquals(52, signals.signals(s.id(), null, AAPL.endTime(200)).size(), "since is inclusive");
        SignalSnapshot snapshot = signals.updateAndRead(s.id(), null, AAPL.endTime(200));
        assertEquals(signals.signals(s.id(), null, AAPL.endTime(200)), snapshot.signals());
        assertEquals(0, snapshot.update().stored());
    }

    @Test
    void otherSymbolsOfTheSameTimeframeWorkAndMissingBarsSaySo() {
        RegisteredStrategy s = registry.save(new NewStrategy("any", Fixtures.ema(5, 20), AAPL, null, 0, "t"));
        store.bars().writeBars(AAPL.withSymbol("AAPL-COPY").head(100));
        SignalSnapshot first = signals.updateAndRead(s.id(), "AAPL-COPY", null);
        assertEquals(100, first.update().stored());
        assertEquals(first.update().added(), first.signals(), "a first update adds what is stored");
        assertEquals(List.of(), signals.signals(s.id(), "AAPL", null), "per symbol");
        store.bars().writeBars(BTC.head(50));
        IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class, () -> signals.update(s.id(), "BTCUSD"));
        assertTrue(
                e.getMessage().contains("no stored 1d bars of BTCUSD")
                        && e.getMessage().contains("ingest"),
                e.getMessage());
        assertThrows(UnknownStrategyException.class, () -> signals.update("nope@1.0.0", "AAPL"));
        assertThrows(IllegalArgumentException.class, () -> signals.update(s.id(), " "));
    }

    @Test
    void followKeepsUpWithIngestedBars() throws Exception {
        RegisteredStrategy s = registry.save(new NewStrategy("follow", Fixtures.ema(5, 20), AAPL, null, 0, "t"));
        store.bars().writeBars(AAPL.head(240));
        List<SignalUpdate> seen = new ArrayList<>();
        AtomicInteger polls = new AtomicInteger();
        signals.follow(s.id(), null, Duration.ofMillis(1), seen::add, () -> {
            int p = polls.getAndIncrement();
            if (p < 12) {
                store.bars().writeBars(AAPL.slice(240 + p, 241 + p)); // a new bar arrives between polls
            }
            return p < 12;
        });
        assertEquals(13, seen.size(), "the backfill, then one update per new bar");
        assertEquals(240, seen.get(0).stored());
        assertTrue(seen.subList(1, 13).stream().allMatch(u -> u.stored() == 1));
        assertEquals(
                AAPL.size(), store.signals().readSignals(s.id(), "AAPL", null).size());
        assertThrows(
                IllegalArgumentException.class, () -> signals.follow(s.id(), null, Duration.ZERO, u -> {}, () -> true));
    }

    @Test
    void timingOnTheBiggestBundledSeries() {
        StrategyDefinition def = new StrategyDefinition(
                List.of(
                        Fixtures.component("EMACrossoverSeed", 0.6, Map.of("fast", 12.0, "slow", 26.0)),
                        Fixtures.component(
                                "RSIFilterSeed", 0.4, Map.of("period", 14.0, "oversold", 30.0, "overbought", 70.0)),
                        Fixtures.component("SMATrendFilterSeed", 0.5, Map.of("period", 50.0, "slope", 5.0)),
                        Fixtures.component("BollingerBandsSeed", 0.3, Map.of("period", 20.0, "k", 2.0))),
                0.3,
                0.0,
                BacktestSettings.DEFAULT);
        RegisteredStrategy s = registry.save(new NewStrategy("btc", def, BTC.head(2000), null, 0, "t"));
        store.bars().writeBars(BTC.head(BTC.size() - 1));
        long t0 = System.nanoTime();
        SignalUpdate backfill = signals.update(s.id(), null);
        long backfillMs = (System.nanoTime() - t0) / 1_000_000;
        store.bars().writeBars(BTC.slice(BTC.size() - 1, BTC.size()));
        long t1 = System.nanoTime();
        SignalUpdate one = signals.update(s.id(), null);
        long oneMs = (System.nanoTime() - t1) / 1_000_000;
        long t2 = System.nanoTime();
        SignalUpdate none = signals.update(s.id(), null);
        long noneMs = (System.nanoTime() - t2) / 1_000_000;
        assertEquals(BTC.size() - 1, backfill.stored());
        assertEquals(1, one.stored());
        assertEquals(0, none.stored());
        System.out.printf(
                Locale.ROOT,
                "signals on BTCUSD 1m (%d bars, 4-seed blend, DuckDB): backfill %d ms,"
                        + " one new bar %d ms, nothing new %d ms%n",
                BTC.size(),
                backfillMs,
                oneMs,
                noneMs);
        assertEquals(BTC.endTime(BTC.size() - 1), one.added().get(0).time());
        assertTrue(Instant.EPOCH.isBefore(one.added().get(0).time()));
    }
}
