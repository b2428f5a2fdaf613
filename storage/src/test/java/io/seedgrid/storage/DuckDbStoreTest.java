package io.seedgrid.storage;

/** The contract on the local backend: a DuckDB file in a temporary directory. */
class DuckDbStoreTest extends StoreContractTest {
    @Override
    StorageConfig freshConfig() {
        return StorageConfig.local(temp.resolve("home").resolve("seedgrid.duckdb"));
    }

    @Override
    String expectedBackend() {
        return "local";
    }
}
