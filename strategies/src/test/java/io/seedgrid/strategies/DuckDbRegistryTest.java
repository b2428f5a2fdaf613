package io.seedgrid.strategies;

import io.seedgrid.storage.StorageConfig;

/** The registry contract on the local backend. */
class DuckDbRegistryTest extends StrategyRegistryContractTest {
    @Override
    StorageConfig freshConfig() {
        return StorageConfig.local(temp.resolve("seedgrid.duckdb"));
    }
}
