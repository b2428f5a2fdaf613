package io.seedgrid.storage;

import java.nio.file.Path;

/** A backend the role contracts run on: each backend's test class is one, with one nested class per contract. */
interface StoreBackend {
    /** A config for a fresh, empty store of this backend; {@code temp} is the test's own temporary directory. */
    StorageConfig freshConfig(Path temp) throws Exception;

    /** The name the store gives, e.g. "local". */
    String name();

    /**
     * Whether another store opened on the same config is a separate handle, as a second process would have. Not on
     * the local backend: one process holds the DuckDB file, its concurrent writers are threads on one store.
     */
    default boolean separateHandles() {
        return true;
    }
}
