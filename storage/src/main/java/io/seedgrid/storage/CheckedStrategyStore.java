package io.seedgrid.storage;

import io.seedgrid.storage.internal.Texts;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/** The registry of a {@link CheckedStore}: arguments checked and normalised once, so backends can trust them. */
final class CheckedStrategyStore implements StrategyStore {
    private final Guard guard;
    private final StrategyStore backend;

    CheckedStrategyStore(Guard guard, StrategyStore backend) {
        this.guard = guard;
        this.backend = backend;
    }

    @Override
    public boolean createStrategy(StrategyVersionRecord strategy, StrategyEventRecord created) {
        Objects.requireNonNull(strategy, "strategy");
        Objects.requireNonNull(created, "created");
        if (!created.strategyId().equals(strategy.id()) || created.seq() != 1) {
            throw new IllegalArgumentException("the first log entry of strategy " + strategy.id()
                    + " must be its seq 1 but was seq " + created.seq() + " of " + created.strategyId());
        }
        return guard.call("create strategy " + strategy.id(), () -> backend.createStrategy(strategy, created));
    }

    @Override
    public Optional<StrategyVersionRecord> findStrategy(String strategyId) {
        Checks.id("strategy id", strategyId);
        return guard.call("find strategy " + strategyId, () -> backend.findStrategy(strategyId));
    }

    @Override
    public List<StrategyVersionRecord> listStrategies() {
        List<StrategyVersionRecord> list = new ArrayList<>(guard.call("list strategies", backend::listStrategies));
        list.sort(Comparator.comparing(StrategyVersionRecord::name, Texts.CODE_POINT_ORDER)
                .thenComparing(StrategyVersionRecord::createdAt)
                .thenComparing(StrategyVersionRecord::id, Texts.CODE_POINT_ORDER));
        return List.copyOf(list);
    }

    @Override
    public boolean appendStrategyEvent(StrategyEventRecord event) {
        Objects.requireNonNull(event, "event");
        if (event.seq() == 1) {
            guard.open();
            if (findStrategy(event.strategyId()).isEmpty()) {
                throw new StorageException("no strategy with id '" + event.strategyId() + "'");
            }
            return false; // seq 1 is always taken by the CREATED entry
        }
        return guard.call(
                "append to the log of strategy " + event.strategyId(), () -> backend.appendStrategyEvent(event));
    }

    @Override
    public List<StrategyEventRecord> strategyEvents(String strategyId) {
        Checks.id("strategy id", strategyId);
        List<StrategyEventRecord> list = new ArrayList<>(
                guard.call("read the log of strategy " + strategyId, () -> backend.strategyEvents(strategyId)));
        list.sort(Comparator.comparingInt(StrategyEventRecord::seq));
        return List.copyOf(list);
    }

    @Override
    public List<StrategyEventRecord> allStrategyEvents() {
        List<StrategyEventRecord> list =
                new ArrayList<>(guard.call("read the strategy logs", backend::allStrategyEvents));
        list.sort(Comparator.comparing(StrategyEventRecord::strategyId, Texts.CODE_POINT_ORDER)
                .thenComparingInt(StrategyEventRecord::seq));
        return List.copyOf(list);
    }
}
