package io.seedgrid.strategies;

import io.seedgrid.storage.StorageConfig;

/** The registry contract on the shared backend. */
class SharedRegistryTest extends StrategyRegistryContractTest {
    @Override
    StorageConfig freshConfig() {
        return StorageConfig.shared(temp.resolve("shared"));
    }
}
