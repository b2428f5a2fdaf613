package io.seedgrid.strategies;

import io.seedgrid.storage.Store;
import java.util.Objects;

/** Opens the {@link SignalService} of a store's registered strategies. */
public final class SignalServices {
    private SignalServices() {}

    /** Signals of the strategies in {@code registry}, kept in {@code store} (the registry's store). */
    public static SignalService open(Store store, StrategyRegistry registry) {
        return new StoreSignalService(
                Objects.requireNonNull(store, "store"), Objects.requireNonNull(registry, "registry"));
    }
}
