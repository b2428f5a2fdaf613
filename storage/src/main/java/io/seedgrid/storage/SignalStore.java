package io.seedgrid.storage;

import java.time.Instant;
import java.util.List;

/** Strategy signals by (strategy, symbol, time). The rules of {@link Store} apply. */
public interface SignalStore {

    /**
     * Upserts a strategy's signals for {@code symbol} by time (times must be unique within {@code points}).
     *
     * @return how many points were new or had a different value
     */
    int writeSignals(String strategyId, String symbol, List<SignalPoint> points);

    /** A strategy's signals for {@code symbol} at or after {@code since} (null: all), in time order. */
    List<SignalPoint> readSignals(String strategyId, String symbol, Instant since);
}
