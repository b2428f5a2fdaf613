package io.seedgrid.strategies;

import io.seedgrid.seeds.bars.Bars;
import io.seedgrid.seeds.bars.Timeframe;
import io.seedgrid.seeds.seed.SeedContext;
import io.seedgrid.storage.SignalPoint;
import io.seedgrid.storage.Store;
import io.seedgrid.storage.StrategyVersionRecord;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The realised per-bar net returns of a strategy's stored live signals on its own symbol: the stored signals replace
 * the computed ones in the backtest's own accounting (position from the signal at the close of t-1 earns close t-1
 * to close t, position changes pay costs), so a live bar's return is exactly what trading those signals earned. A
 * bar counts when its signal and the previous bar's are stored and it ends after {@code since}.
 *
 * @param endEpochMillis each counted bar's end time
 * @param returns        its realised net return
 */
public record LiveReturns(long[] endEpochMillis, double[] returns) {

    public LiveReturns {
        Objects.requireNonNull(endEpochMillis, "endEpochMillis");
        Objects.requireNonNull(returns, "returns");
        if (endEpochMillis.length != returns.length) {
            throw new IllegalArgumentException("one time per return needed but had " + endEpochMillis.length
                    + " times for " + returns.length + " returns");
        }
        endEpochMillis = endEpochMillis.clone();
        returns = returns.clone();
    }

    /** Every live bar of {@code strategy} so far (all its stored signals on its own symbol). */
    public static LiveReturns of(Store store, RegisteredStrategy strategy) {
        return of(
                store,
                strategy.id(),
                strategy.evolvedOn().symbol(),
                strategy.evolvedOn().timeframe(),
                strategy.definition(),
                Instant.EPOCH);
    }

    @Override
    public long[] endEpochMillis() {
        return endEpochMillis.clone();
    }

    @Override
    public double[] returns() {
        return returns.clone();
    }

    static double[] realised(Store store, StrategyVersionRecord record, StrategyDefinition definition, Instant since) {
        return since(store, record, definition, since).returns;
    }

    /** The live bars of {@code record} that end after {@code since}. */
    static LiveReturns since(Store store, StrategyVersionRecord record, StrategyDefinition definition, Instant since) {
        return of(store, record.id(), record.symbol(), record.timeframe(), definition, since);
    }

    /** How many live bars there are. */
    public int size() {
        return returns.length;
    }

    /** The live bars ending after {@code since}. */
    public LiveReturns after(Instant since) {
        long after = since.toEpochMilli();
        int from = 0;
        while (from < endEpochMillis.length && endEpochMillis[from] <= after) {
            from++;
        }
        return new LiveReturns(
                Arrays.copyOfRange(endEpochMillis, from, endEpochMillis.length),
                Arrays.copyOfRange(returns, from, returns.length));
    }

    private static LiveReturns of(
            Store store, String id, String symbol, Timeframe timeframe, StrategyDefinition definition, Instant since) {
        Bars bars = store.bars().readBars(symbol, timeframe);
        List<SignalPoint> stored = store.signals().readSignals(id, symbol, null);
        int n = bars.size();
        if (n < 2 || stored.isEmpty()) {
            return new LiveReturns(new long[0], new double[0]);
        }
        Map<Long, Double> byTime = new HashMap<>(stored.size() * 2);
        for (SignalPoint p : stored) {
            byTime.put(p.time().toEpochMilli(), p.value());
        }
        double[] signal = new double[n];
        boolean[] has = new boolean[n];
        for (int t = 0; t < n; t++) {
            Double v = byTime.get(bars.endEpochMilli(t));
            if (v != null) {
                signal[t] = v;
                has[t] = true;
            }
        }
        double[] out = new double[n];
        definition
                .backtest()
                .run(
                        signal,
                        definition.entry(),
                        definition.exit(),
                        definition.strategy().warmup(),
                        SeedContext.of(bars),
                        out);
        double[] live = new double[n];
        long[] times = new long[n];
        int k = 0;
        long after = since.toEpochMilli();
        for (int t = 1; t < n; t++) {
            if (has[t] && has[t - 1] && bars.endEpochMilli(t) > after) {
                times[k] = bars.endEpochMilli(t);
                live[k++] = out[t];
            }
        }
        return new LiveReturns(Arrays.copyOf(times, k), Arrays.copyOf(live, k));
    }
}
