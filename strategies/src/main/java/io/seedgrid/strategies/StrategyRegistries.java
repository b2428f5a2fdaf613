package io.seedgrid.strategies;

import io.seedgrid.storage.Store;
import java.time.Clock;
import java.util.Objects;

/** Opens the {@link StrategyRegistry} kept in a store. */
public final class StrategyRegistries {
    private StrategyRegistries() {}

    /**
     * The registry in {@code store} (which stays the caller's to close), judging promotions by {@code gates} and
     * stamping lifecycle events with {@code clock}.
     */
    public static StrategyRegistry open(Store store, Clock clock, GateConfig gates) {
        return new StoreRegistry(
                Objects.requireNonNull(store, "store"),
                Objects.requireNonNull(clock, "clock"),
                Objects.requireNonNull(gates, "gates"));
    }

    /** With the default gates and the system clock. */
    public static StrategyRegistry open(Store store) {
        return open(store, Clock.systemUTC(), GateConfig.DEFAULT);
    }
}
