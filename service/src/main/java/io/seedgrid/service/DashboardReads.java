package io.seedgrid.service;

import io.seedgrid.seeds.bars.Bars;
import io.seedgrid.seeds.bars.Timeframe;
import io.seedgrid.storage.GenerationRecord;
import io.seedgrid.storage.ReportRecord;
import io.seedgrid.storage.RunRecord;
import io.seedgrid.storage.Store;
import io.seedgrid.storage.StrategyRecord;
import io.seedgrid.storage.SymbolSummary;
import io.seedgrid.strategies.LiveReturns;
import io.seedgrid.strategies.RegisteredStrategy;
import io.seedgrid.strategies.RunStrategy;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Every read of the store the dashboard makes, in one place: the store's interface is being split into roles, and a
 * rename then touches this class only. Reads only: the dashboard's pages never write.
 */
final class DashboardReads {
    private final Store store;

    DashboardReads(Store store) {
        this.store = store;
    }

    Optional<RunRecord> run(String runId) {
        return store.runs().findRun(runId);
    }

    List<RunRecord> runs(int limit) {
        return store.runs().listRuns(limit);
    }

    List<GenerationRecord> generations(String runId) {
        return store.runs().generations(runId);
    }

    List<StrategyRecord> results(String runId) {
        return store.runs().results(runId);
    }

    List<ReportRecord> reports(int limit) {
        return store.reports().reports(limit);
    }

    Bars bars(String symbol, Timeframe timeframe, Instant fromInclusive) {
        return store.bars().readBars(symbol, timeframe, fromInclusive, null);
    }

    List<SymbolSummary> symbols() {
        return store.bars().listSymbols();
    }

    /** A completed run's strategy of {@code rank} with the bars it reproduces on. */
    RunStrategy runStrategy(String runId, int rank) {
        return RunStrategy.of(store, runId, rank);
    }

    /** The bars a registered strategy was evolved on. */
    Bars evolvedOn(RegisteredStrategy s) {
        return s.evolvedOn().locate(store);
    }

    LiveReturns liveReturns(RegisteredStrategy s) {
        return LiveReturns.of(store, s);
    }
}
