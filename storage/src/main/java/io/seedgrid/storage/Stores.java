package io.seedgrid.storage;

import io.seedgrid.storage.duckdb.DuckDbBackend;
import io.seedgrid.storage.internal.Texts;
import io.seedgrid.storage.postgres.PostgresBackend;
import io.seedgrid.storage.shared.SharedBackend;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The one way to open a {@link Store}: the backend is chosen by the {@link StorageConfig} alone. */
public final class Stores {
    private static final Logger LOG = LoggerFactory.getLogger(Stores.class);

    private Stores() {}

    /**
     * Opens the store {@code config} describes, creating its schema, file or directory layout when missing.
     *
     * @throws StorageException with a one-line message (no password) when it cannot be opened: unreachable
     *                          database, DuckDB file held by another process for longer than the lock wait,
     *                          directory that cannot be created
     */
    public static Store open(StorageConfig config) {
        Objects.requireNonNull(config, "config");
        Store backend;
        try {
            backend = switch (config.backend()) {
                case LOCAL -> DuckDbBackend.open(config);
                case SHARED -> SharedBackend.open(config);
                case POSTGRES -> PostgresBackend.open(config);
            };
        } catch (StorageException e) {
            String redacted = config.redact(e.getMessage());
            throw redacted.equals(e.getMessage()) ? e : new StorageException(redacted, e.getCause());
        } catch (RuntimeException e) {
            throw new StorageException(
                    "cannot open " + config.backend() + " storage at " + config.location() + ": "
                            + config.redact(Texts.messages(e)),
                    e);
        }
        LOG.debug("opened {} store at {}", config.backend(), config.location());
        return new CheckedStore(config, backend);
    }

    /** Opens the store chosen by {@code cliValue} (the {@code --storage} option, may be null), env and config file. */
    public static Store open(String cliValue) {
        return open(StorageConfig.resolve(cliValue));
    }

    /**
     * Opens the store, checks its health and closes it; never throws: a store that cannot be opened is UNHEALTHY
     * with the reason. Made for a {@code health} command.
     */
    public static StoreHealth health(StorageConfig config) {
        long start = System.nanoTime();
        try (Store store = open(config)) {
            return store.health();
        } catch (RuntimeException e) {
            Map<String, String> details = new LinkedHashMap<>();
            details.put("location", config.location());
            details.put("backend from", config.source());
            return StoreHealth.unhealthy(
                    config.backend().label(),
                    (System.nanoTime() - start) / 1e6,
                    config.redact(e instanceof StorageException ? e.getMessage() : Texts.messages(e)),
                    details);
        }
    }
}
