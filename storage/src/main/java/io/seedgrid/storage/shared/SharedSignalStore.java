package io.seedgrid.storage.shared;

import io.seedgrid.storage.SignalPoint;
import io.seedgrid.storage.SignalStore;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Signals as Parquet parts per strategy and symbol, see {@link PartTable}. */
final class SharedSignalStore implements SignalStore {
    private static final String[] SIGNAL_ID = {"strategy_id", "symbol"};
    private final SharedDir shared;

    SharedSignalStore(SharedDir shared) {
        this.shared = shared;
    }

    private PartTable signals(String strategyId, String symbol) {
        return new PartTable(
                shared.root()
                        .resolve("signals")
                        .resolve(Names.segment(strategyId))
                        .resolve(Names.segment(symbol)),
                SIGNAL_ID,
                new String[] {strategyId, symbol},
                "time_ms",
                "value");
    }

    @Override
    public int writeSignals(String strategyId, String symbol, List<SignalPoint> points) {
        long[] keys = new long[points.size()];
        double[] values = new double[points.size()];
        for (int i = 0; i < keys.length; i++) {
            keys[i] = points.get(i).time().toEpochMilli();
            values[i] = points.get(i).value();
        }
        return shared.withEngine(
                "write signals of " + strategyId + " " + symbol,
                () -> signals(strategyId, symbol).write(shared.engine(), keys, new double[][] {values}));
    }

    @Override
    public List<SignalPoint> readSignals(String strategyId, String symbol, Instant since) {
        long from = since == null ? Long.MIN_VALUE : since.toEpochMilli();
        return shared.withEngine("read signals of " + strategyId + " " + symbol, () -> {
            List<SignalPoint> out = new ArrayList<>();
            signals(strategyId, symbol)
                    .read(
                            shared.engine(),
                            from,
                            Long.MAX_VALUE,
                            (k, v) -> out.add(new SignalPoint(Instant.ofEpochMilli(k), v[0])));
            return out;
        });
    }
}
