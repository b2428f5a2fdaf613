package io.seedgrid.storage.postgres;

import io.seedgrid.storage.StorageConfig;
import io.seedgrid.storage.Store;

/** Internal entry to the postgres backend; use {@link io.seedgrid.storage.Stores#open}, which checks arguments. */
public final class PostgresBackend {
    private PostgresBackend() {}

    public static Store open(StorageConfig config) {
        return PostgresStore.open(config);
    }
}
