package io.seedgrid.strategies;

import com.fasterxml.jackson.databind.JsonNode;
import io.seedgrid.seeds.backtest.BacktestResult;
import io.seedgrid.seeds.backtest.Metrics;
import io.seedgrid.seeds.bars.Bars;
import io.seedgrid.seeds.seed.SeedContext;
import io.seedgrid.storage.RunRecord;
import io.seedgrid.storage.RunStatus;
import io.seedgrid.storage.Store;
import io.seedgrid.storage.StrategyRecord;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * One of a completed run's top strategies, ready to replay: its definition (seeds, genes, thresholds and the run's
 * backtest settings) and the bars it was evolved on, found in the store or the bundled data and checked to reproduce
 * the metrics the run recorded. What registering a run's strategy and drawing its charts both start from.
 *
 * @param run        the run
 * @param result     the stored result of that rank
 * @param results    how many top strategies the run stored (the number judged out of sample)
 * @param definition the strategy with the run's backtest settings
 * @param bars       the bars the run was evolved on
 */
public record RunStrategy(RunRecord run, StrategyRecord result, int results, StrategyDefinition definition,
        Bars bars) {

    public RunStrategy {
        Objects.requireNonNull(run, "run");
        Objects.requireNonNull(result, "result");
        Objects.requireNonNull(definition, "definition");
        Objects.requireNonNull(bars, "bars");
    }

    /**
     * The strategy ranked {@code rank} in the completed, ordinary (not walk-forward) run {@code runId}.
     *
     * @throws UnknownStrategyException when the run or the rank does not exist
     * @throws IllegalArgumentException when the run is not completed, is a walk-forward run or used an explicit
     *                                  in-sample window
     * @throws RegistryException        when the run's bars cannot be found or do not reproduce its results
     */
    public static RunStrategy of(Store store, String runId, int rank) {
        RunRecord run = store.runs().findRun(runId)
                .orElseThrow(() -> new UnknownStrategyException("no run with id '" + runId + "'"));
        if (run.status() != RunStatus.COMPLETED) {
            throw new IllegalArgumentException("run " + runId + " is " + run.status()
                    + ": only completed runs have results to save");
        }
        List<StrategyRecord> results = store.runs().results(runId);
        StrategyRecord result = results.stream().filter(r -> r.rank() == rank).findFirst()
                .orElseThrow(() -> new UnknownStrategyException("run " + runId + " has no strategy ranked " + rank
                        + "; its ranks are " + results.stream().map(StrategyRecord::rank).toList()));
        JsonNode config = Codec.tree("the run's configuration", run.configJson());
        JsonNode walk = config.path("walk_forward");
        if (!walk.isMissingNode() && !walk.isNull()) {
            throw new IllegalArgumentException("run " + runId + " is a walk-forward run: its results are fold winners"
                    + " judged on different windows; save strategies from ordinary runs");
        }
        StrategyDefinition def = Codec.definition(Codec.tree("the run's strategy", result.genesJson()),
                Codec.settingsOfRun(config));
        Bars bars = RunBars.locate(store.bars(), run, config);
        verifyReproduces(runId, result, def, bars);
        return new RunStrategy(run, result, Math.max(1, results.size()), def, bars);
    }

    /** The run's recorded metrics must come out again on these bars, or they are not the bars it was evolved on. */
    private static void verifyReproduces(String runId, StrategyRecord result, StrategyDefinition def, Bars bars) {
        BacktestResult again = def.backtest().run(def.strategy(), SeedContext.of(bars));
        for (String[] part : new String[][] {{"in-sample", result.inSampleJson()},
                {"out-of-sample", result.outOfSampleJson()}}) {
            if (part[1] == null) {
                continue;
            }
            Metrics recorded = Codec.metrics(Codec.tree(part[0] + " metrics", part[1]));
            Metrics now = part[0].equals("in-sample") ? again.inSample() : again.outOfSample();
            if (recorded.bars() != now.bars() || recorded.trades() != now.trades()
                    || !close(recorded.sharpe(), now.sharpe()) || !close(recorded.totalReturn(), now.totalReturn())) {
                throw new RegistryException(String.format(Locale.ROOT, "the bars found for run %s (%s) do not"
                        + " reproduce its recorded %s backtest (Sharpe %.6f over %d bars, %d trades, against %.6f over"
                        + " %d bars, %d trades recorded): the data changed since the run", runId, bars, part[0],
                        now.sharpe(), now.bars(), now.trades(), recorded.sharpe(), recorded.bars(), recorded.trades()));
            }
        }
    }

    private static boolean close(double a, double b) {
        return Math.abs(a - b) <= 1e-9 * Math.max(1, Math.max(Math.abs(a), Math.abs(b)));
    }
}
