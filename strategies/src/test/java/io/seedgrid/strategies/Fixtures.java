package io.seedgrid.strategies;

import io.seedgrid.evolution.run.EvolutionRun;
import io.seedgrid.evolution.run.RunConfig;
import io.seedgrid.evolution.run.RunResult;
import io.seedgrid.runs.BarRange;
import io.seedgrid.runs.DataSource;
import io.seedgrid.runs.RunManifest;
import io.seedgrid.runs.RunRecorder;
import io.seedgrid.runs.SavePlan;
import io.seedgrid.seeds.Seeds;
import io.seedgrid.seeds.backtest.BacktestSettings;
import io.seedgrid.seeds.bars.Bars;
import io.seedgrid.seeds.seed.SeedContext;
import io.seedgrid.seeds.strategy.BlendedStrategy;
import io.seedgrid.storage.RunStatus;
import io.seedgrid.storage.Store;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;

/** What the registry tests share: a settable clock, hand-made and evolved strategies, runs recorded as the front ends do. */
final class Fixtures {
    static final String QUICK_SEEDS = "EMACrossoverSeed,RSIFilterSeed,SMATrendFilterSeed,BollingerBandsSeed";

    private Fixtures() {}

    /** A clock tests set by hand. */
    static final class SettableClock extends Clock {
        private volatile Instant now;

        SettableClock(Instant now) {
            this.now = now;
        }

        void set(Instant instant) {
            now = instant;
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

    static StrategyDefinition.Component component(String seed, double weight, Map<String, Double> genes) {
        return new StrategyDefinition.Component(seed, weight, genes);
    }

    /** EMA crossover 5/20 blended with an RSI filter: trades often enough on AAPL 2013. */
    static StrategyDefinition emaRsi() {
        return new StrategyDefinition(
                List.of(
                        component("EMACrossoverSeed", 0.7, Map.of("fast", 5.0, "slow", 20.0)),
                        component("RSIFilterSeed", 0.3, Map.of("period", 14.0, "oversold", 30.0, "overbought", 70.0))),
                0.3,
                0.0,
                BacktestSettings.DEFAULT);
    }

    /** A single EMA crossover with the given periods. */
    static StrategyDefinition ema(int fast, int slow) {
        return new StrategyDefinition(
                List.of(component("EMACrossoverSeed", 1.0, Map.of("fast", (double) fast, "slow", (double) slow))),
                0.3,
                0.0,
                BacktestSettings.DEFAULT);
    }

    /** A real, short evolution (population 10, 2 generations, the four quick seeds). */
    static RunResult evolve(Bars bars, long seed) {
        return EvolutionRun.builder(bars)
                .seeds(Seeds.parse(QUICK_SEEDS))
                .config(RunConfig.DEFAULT
                        .withPopulationSize(10)
                        .withGenerations(2)
                        .withRandomSeed(seed))
                .build()
                .run(g -> {});
    }

    /**
     * Records a finished run on {@code bars} (stored) the way every front end does: through the run recorder, with
     * its manifest and top strategies.
     */
    static void recordRun(Store store, String runId, Bars bars, RunResult result) {
        recordRun(store, runId, bars, result, UnaryOperator.identity());
    }

    /** As {@link #recordRun(Store, String, Bars, RunResult)}, with the manifest changed by {@code change}. */
    static void recordRun(Store store, String runId, Bars bars, RunResult result, UnaryOperator<RunManifest> change) {
        RunManifest manifest = change.apply(new RunManifest(
                RunManifest.Origin.CLI,
                result.config(),
                result.spec(),
                result.acceptance(),
                DataSource.stored(bars.symbol(), bars.timeframe()),
                BarRange.of(bars),
                Optional.empty(),
                SavePlan.DEFAULT));
        try (RunRecorder recorder = RunRecorder.builder(store.runs()).create(runId, manifest, RunStatus.RUNNING)) {
            recorder.results(result.top());
            recorder.completed();
        }
    }

    /** {@code bars} with bar {@code i}'s close (and high, if needed) multiplied by {@code factor}: a data correction. */
    static Bars corrected(Bars bars, int i, double factor) {
        int n = bars.size();
        double[] o = new double[n], h = new double[n], l = new double[n], c = new double[n], v = new double[n];
        for (int k = 0; k < n; k++) {
            o[k] = bars.open(k);
            h[k] = bars.high(k);
            l[k] = bars.low(k);
            c[k] = bars.close(k);
            v[k] = bars.volume(k);
        }
        c[i] *= factor;
        h[i] = Math.max(h[i], c[i]);
        l[i] = Math.min(l[i], c[i]);
        return Bars.of(bars.symbol(), bars.timeframe(), bars.endEpochMillis(), o, h, l, c, v);
    }

    /**
     * {@code history} followed by {@code count} daily bars of a market that punishes the strategy: after each bar,
     * the price falls 3% if the strategy is long, rises 2% if it is flat (luring a trend follower in). Built bar by bar
     * from the strategy's own signals over everything so far, as it would trade live.
     */
    static Bars adversarial(Bars history, StrategyDefinition def, int count) {
        Bars bars = history;
        BlendedStrategy strategy = def.strategy();
        for (int k = 0; k < count; k++) {
            double[] signals = strategy.signals(SeedContext.of(bars));
            int[] positions = def.positionRule().decide(signals);
            int n = bars.size();
            double last = bars.close(n - 1);
            double next = last * (positions[n - 1] > 0 ? 0.97 : 1.02);
            long[] t = bars.endEpochMillis();
            long[] t2 = Arrays.copyOf(t, n + 1);
            t2[n] = t[n - 1] + bars.timeframe().duration().toMillis();
            double[] o = new double[n + 1],
                    h = new double[n + 1],
                    l = new double[n + 1],
                    c = new double[n + 1],
                    v = new double[n + 1];
            for (int i = 0; i < n; i++) {
                o[i] = bars.open(i);
                h[i] = bars.high(i);
                l[i] = bars.low(i);
                c[i] = bars.close(i);
                v[i] = bars.volume(i);
            }
            o[n] = last;
            c[n] = next;
            h[n] = Math.max(last, next);
            l[n] = Math.min(last, next);
            v[n] = 1_000_000;
            bars = Bars.of(bars.symbol(), bars.timeframe(), t2, o, h, l, c, v);
        }
        return bars;
    }
}
