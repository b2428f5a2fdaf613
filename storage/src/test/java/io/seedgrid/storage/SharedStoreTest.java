package io.seedgrid.storage;

/** The contract on the shared backend: a directory of Parquet and JSON files. */
class SharedStoreTest extends StoreContractTest {
    @Override
    StorageConfig freshConfig() {
        return StorageConfig.shared(temp.resolve("shared mount's dir"));
    }

    @Override
    String expectedBackend() {
        return "shared";
    }
}
