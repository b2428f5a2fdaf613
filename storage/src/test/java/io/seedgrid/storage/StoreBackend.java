package io.seedgrid.storage;

import java.nio.file.Path;

/** A backend the role contracts run on: each backend's test class is one, with one nested class per contract. */
interface StoreBackend {
    /** A config for a fresh, empty store of this backend; {@code temp} is the test's own temporary directory. */
    StorageConfig freshConfig(Path temp) throws Exception;

    /** The name the store gives, e.g. "local". */
    String name();
}
