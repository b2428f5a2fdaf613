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

    @Override
    boolean secondHandleIsSeparate() {
        return false; // one process holds the DuckDB file: concurrent writers are its threads
    }
}
