package io.seedgrid.storage.shared;

import io.seedgrid.storage.StorageConfig;
import io.seedgrid.storage.Store;

/** Internal entry to the shared backend; use {@link io.seedgrid.storage.Stores#open}, which checks arguments. */
public final class SharedBackend {
    private SharedBackend() {}

    public static Store open(StorageConfig config) {
        return SharedStore.open(config.sharedPath());
    }
}
