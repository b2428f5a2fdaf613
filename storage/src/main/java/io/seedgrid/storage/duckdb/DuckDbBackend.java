package io.seedgrid.storage.duckdb;

import io.seedgrid.storage.StorageConfig;
import io.seedgrid.storage.Store;

/** Internal entry to the local backend; use {@link io.seedgrid.storage.Stores#open}, which checks arguments. */
public final class DuckDbBackend {
    private DuckDbBackend() {}

    public static Store open(StorageConfig config) {
        return DuckDbStore.open(config.duckdbPath(), config.duckdbLockWait());
    }
}
