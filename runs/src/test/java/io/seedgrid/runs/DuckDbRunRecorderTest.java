package io.seedgrid.runs;

import io.seedgrid.storage.StorageConfig;

class DuckDbRunRecorderTest extends RunRecorderContractTest {
    @Override
    StorageConfig freshConfig() {
        return StorageConfig.local(temp.resolve("seedgrid.duckdb"));
    }
}
