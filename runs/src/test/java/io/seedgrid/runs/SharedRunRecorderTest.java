package io.seedgrid.runs;

import io.seedgrid.storage.StorageConfig;

class SharedRunRecorderTest extends RunRecorderContractTest {
    @Override
    StorageConfig freshConfig() {
        return StorageConfig.shared(temp.resolve("shared"));
    }
}
