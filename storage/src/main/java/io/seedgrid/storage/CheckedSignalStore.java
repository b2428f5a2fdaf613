package io.seedgrid.storage;

import io.seedgrid.seeds.bars.Bars;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;

/** The signals of a {@link CheckedStore}: arguments checked and normalised once, so backends can trust them. */
final class CheckedSignalStore implements SignalStore {
    private final Guard guard;
    private final SignalStore backend;

    CheckedSignalStore(Guard guard, SignalStore backend) {
        this.guard = guard;
        this.backend = backend;
    }

    @Override
    public int writeSignals(String strategyId, String symbol, List<SignalPoint> points) {
        Checks.id("strategy id", strategyId);
        Bars.requireSymbol(symbol);
        Objects.requireNonNull(points, "points");
        List<SignalPoint> sorted = new ArrayList<>(points.size());
        for (SignalPoint p : points) {
            sorted.add(Objects.requireNonNull(p, "signal point"));
        }
        sorted.sort(Comparator.comparing(SignalPoint::time));
        for (int i = 1; i < sorted.size(); i++) {
            if (sorted.get(i).time().equals(sorted.get(i - 1).time())) {
                throw new IllegalArgumentException(
                        "signal time " + sorted.get(i).time() + " appears twice");
            }
        }
        if (sorted.isEmpty()) {
            guard.open();
            return 0;
        }
        List<SignalPoint> list = List.copyOf(sorted);
        return guard.call(
                "write signals of " + strategyId + " " + symbol, () -> backend.writeSignals(strategyId, symbol, list));
    }

    @Override
    public List<SignalPoint> readSignals(String strategyId, String symbol, Instant since) {
        Checks.id("strategy id", strategyId);
        Bars.requireSymbol(symbol);
        Instant from = Checks.ceilMillis(since);
        return List.copyOf(guard.call(
                "read signals of " + strategyId + " " + symbol, () -> backend.readSignals(strategyId, symbol, from)));
    }
}
