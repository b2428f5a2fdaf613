package io.seedgrid.strategies;

import io.seedgrid.seeds.bars.Timeframe;
import java.util.List;
import java.util.Objects;

/**
 * What one incremental signal computation did.
 *
 * @param strategyId       the strategy
 * @param symbol           the symbol its signals were computed for
 * @param timeframe        the bars' timeframe (the strategy's)
 * @param bars             stored bars of the symbol, or -1 when nothing was new (they were not all read)
 * @param alreadySignalled bars that had a stored signal before
 * @param stored           signals written now (new ones; 0 when nothing was new)
 * @param added            the new signals, in time order
 * @param computeMillis    time spent computing, reading and writing
 */
public record SignalUpdate(
        String strategyId,
        String symbol,
        Timeframe timeframe,
        int bars,
        int alreadySignalled,
        int stored,
        List<LiveSignal> added,
        long computeMillis) {
    public SignalUpdate {
        Objects.requireNonNull(strategyId, "strategyId");
        Objects.requireNonNull(symbol, "symbol");
        Objects.requireNonNull(timeframe, "timeframe");
        added = List.copyOf(added);
    }
}
