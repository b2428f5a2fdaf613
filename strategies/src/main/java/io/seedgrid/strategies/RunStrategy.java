package io.seedgrid.strategies;

import io.seedgrid.runs.DataSource;
import io.seedgrid.runs.RecordedResult;
import io.seedgrid.runs.RunJson;
import io.seedgrid.runs.RunManifest;
import io.seedgrid.seeds.backtest.BacktestResult;
import io.seedgrid.seeds.backtest.BacktestSettings;
import io.seedgrid.seeds.backtest.Metrics;
import io.seedgrid.seeds.bars.Bars;
import io.seedgrid.seeds.bars.BarsFormatException;
import io.seedgrid.seeds.seed.SeedContext;
import io.seedgrid.storage.BarStore;
import io.seedgrid.storage.RunRecord;
import io.seedgrid.storage.RunStatus;
import io.seedgrid.storage.Store;
import io.seedgrid.storage.StrategyRecord;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * One of a completed run's top strategies, ready to replay: its definition (seeds, genes, thresholds and the run's
 * backtest settings) and the bars it was evolved on, loaded again from the run's data source and checked to
 * reproduce the metrics the run recorded. The run is read through its manifest and results ({@link RunJson}). What
 * registering a run's strategy and drawing its charts both start from.
 *
 * @param run        the run
 * @param manifest   how it was made
 * @param result     its stored result of that rank, read back
 * @param results    how many top strategies the run stored (the number judged out of sample)
 * @param definition the strategy with the run's backtest settings
 * @param bars       the bars the run was evolved on
 */
public record RunStrategy(
        RunRecord run,
        RunManifest manifest,
        RecordedResult result,
        int results,
        StrategyDefinition definition,
        Bars bars) {

    public RunStrategy {
        Objects.requireNonNull(run, "run");
        Objects.requireNonNull(manifest, "manifest");
        Objects.requireNonNull(result, "result");
        Objects.requireNonNull(definition, "definition");
        Objects.requireNonNull(bars, "bars");
    }

    /**
     * The strategy ranked {@code rank} in the completed, ordinary (not walk-forward) run {@code runId}.
     *
     * @throws UnknownStrategyException when the run or the rank does not exist
     * @throws IllegalArgumentException when the run is not completed, is a walk-forward run, used an explicit
     *                                  in-sample window or its records cannot be read
     * @throws RegistryException        when the run's bars cannot be loaded or do not reproduce its results
     */
    public static RunStrategy of(Store store, String runId, int rank) {
        RunRecord run = store.runs()
                .findRun(runId)
                .orElseThrow(() -> new UnknownStrategyException("no run with id '" + runId + "'"));
        if (run.status() != RunStatus.COMPLETED) {
            throw new IllegalArgumentException(
                    "run " + runId + " is " + run.status() + ": only completed runs have results to save");
        }
        List<StrategyRecord> results = store.runs().results(runId);
        StrategyRecord result = results.stream()
                .filter(r -> r.rank() == rank)
                .findFirst()
                .orElseThrow(() -> new UnknownStrategyException(
                        "run " + runId + " has no strategy ranked " + rank + "; its ranks are "
                                + results.stream().map(StrategyRecord::rank).toList()));
        RunManifest manifest = RunJson.manifest(run);
        if (manifest.walkForward().isPresent()) {
            throw new IllegalArgumentException("run " + runId + " is a walk-forward run: its results are fold winners"
                    + " judged on different windows; save strategies from ordinary runs");
        }
        BacktestSettings settings = manifest.spec().settings();
        if (settings.split() >= 0 || settings.inSampleFrom() != 0) {
            throw new IllegalArgumentException("the run used an explicit in-sample window, which a strategy cannot"
                    + " carry; save strategies from ordinary runs");
        }
        RecordedResult recorded = RunJson.result(result);
        StrategyDefinition def = StrategyDefinition.of(recorded.strategy(), settings);
        Bars bars = runBars(store.bars(), runId, manifest);
        verifyReproduces(runId, recorded, def, bars);
        return new RunStrategy(run, manifest, recorded, Math.max(1, results.size()), def, bars);
    }

    /** The bars the run evolved on, from its data source (the caller checks they reproduce its results). */
    private static Bars runBars(BarStore store, String runId, RunManifest manifest) {
        try {
            return manifest.loadBars(store);
        } catch (IllegalStateException | IllegalArgumentException | UncheckedIOException | BarsFormatException e) {
            DataSource d = manifest.data();
            throw new RegistryException("the bars run " + runId + " was evolved on ("
                    + d.kind().label() + " "
                    + d.symbol() + " " + d.timeframe()
                    + d.path().map(p -> " " + p).orElse("") + ", "
                    + manifest.bars().count() + " bars from " + manifest.bars().first() + " to "
                    + manifest.bars().last()
                    + ") cannot be loaded: " + e.getMessage() + "; ingest them ('seedgrid ingest') and try again");
        }
    }

    /** The run's recorded metrics must come out again on these bars, or they are not the bars it was evolved on. */
    private static void verifyReproduces(String runId, RecordedResult result, StrategyDefinition def, Bars bars) {
        BacktestResult again = def.backtest().run(def.strategy(), SeedContext.of(bars));
        verifyReproduces(runId, "in-sample", result.inSample(), again.inSample(), bars);
        verifyReproduces(runId, "out-of-sample", result.outOfSample(), again.outOfSample(), bars);
    }

    private static void verifyReproduces(
            String runId, String part, Optional<Metrics> recordedMetrics, Metrics now, Bars bars) {
        if (recordedMetrics.isEmpty()) {
            return;
        }
        Metrics recorded = recordedMetrics.get();
        if (recorded.bars() != now.bars()
                || recorded.trades() != now.trades()
                || !close(recorded.sharpe(), now.sharpe())
                || !close(recorded.totalReturn(), now.totalReturn())) {
            throw new RegistryException(String.format(
                    Locale.ROOT,
                    "the bars found for run %s (%s) do not"
                            + " reproduce its recorded %s backtest (Sharpe %.6f over %d bars, %d trades, against %.6f over"
                            + " %d bars, %d trades recorded): the data changed since the run",
                    runId,
                    bars,
                    part,
                    now.sharpe(),
                    now.bars(),
                    now.trades(),
                    recorded.sharpe(),
                    recorded.bars(),
                    recorded.trades()));
        }
    }

    private static boolean close(double a, double b) {
        return Math.abs(a - b) <= 1e-9 * Math.max(1, Math.max(Math.abs(a), Math.abs(b)));
    }
}
