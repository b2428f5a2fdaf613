package io.seedgrid.cli;

import io.seedgrid.storage.StorageConfig;
import io.seedgrid.storage.StorageException;
import io.seedgrid.storage.Store;
import io.seedgrid.storage.Stores;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Option;

/**
 * Which storage backend a command uses: {@code --storage}, else env {@code STORAGE_BACKEND}, else
 * {@code $SEEDGRID_HOME/seedgrid.properties}, else {@code local}. Locations may be given here or in the usual
 * variables (DUCKDB_PATH, SHARED_STORAGE_PATH, DATABASE_URL / NEON_DATABASE_URL with PGUSER / PGPASSWORD).
 */
final class StorageOptions {
    @Option(
            names = "--storage",
            paramLabel = "BACKEND",
            description = "Storage backend: local (a DuckDB file), shared (a directory many nodes use, e.g. NFS) or "
                    + "postgres (alias neon). Default: env STORAGE_BACKEND, the config file, else local.")
    String backend;

    @Option(
            names = "--duckdb",
            paramLabel = "FILE",
            description =
                    "DuckDB file of the local backend (default: env DUCKDB_PATH, else $SEEDGRID_HOME/seedgrid.duckdb).")
    Path duckdb;

    @Option(
            names = "--shared-dir",
            paramLabel = "DIR",
            description = "Directory of the shared backend (default: env SHARED_STORAGE_PATH).")
    Path sharedDir;

    @Option(
            names = "--database-url",
            paramLabel = "URL",
            description = "JDBC URL of the postgres backend (default: env DATABASE_URL or NEON_DATABASE_URL). "
                    + "Credentials: PGUSER / PGPASSWORD or the config file; never logged.")
    String databaseUrl;

    /** The resolved configuration; the location options act as the environment variables they stand for. */
    StorageConfig config() {
        if (backend != null) {
            try {
                StorageConfig.Backend.parse(backend);
            } catch (StorageException e) {
                throw new IllegalArgumentException("--storage: " + e.getMessage(), e); // a usage error: exit 2
            }
        }
        return StorageConfig.resolve(backend, environment(), null);
    }

    Store open() {
        return Stores.open(config());
    }

    /**
     * The selected backend first, then every other backend that has a location configured (for {@code health --all}).
     */
    List<StorageConfig> allConfigured() {
        StorageConfig chosen = config();
        List<StorageConfig> all = new ArrayList<>(List.of(chosen));
        for (StorageConfig.Backend other : StorageConfig.Backend.values()) {
            if (other != chosen.backend()) {
                try {
                    all.add(StorageConfig.resolve(other.toString(), environment(), null));
                } catch (StorageException notConfigured) {
                    // no location for this backend: not part of this deployment
                }
            }
        }
        return all;
    }

    /**
     * The backends of this deployment, for {@code validate}: the selected one first, then every other backend with a
     * location configured, except a local DuckDB file that is neither selected nor exists (the default path is always
     * "configured", and checking it would create it).
     */
    List<StorageConfig> deploymentBackends() {
        List<StorageConfig> all = allConfigured();
        List<StorageConfig> used = new ArrayList<>(List.of(all.get(0)));
        for (StorageConfig other : all.subList(1, all.size())) {
            if (other.backend() != StorageConfig.Backend.LOCAL || Files.exists(other.duckdbPath())) {
                used.add(other);
            }
        }
        return used;
    }

    private Map<String, String> environment() {
        Map<String, String> env = new HashMap<>(System.getenv());
        if (duckdb != null) {
            env.put(StorageConfig.ENV_DUCKDB_PATH, duckdb.toString());
        }
        if (sharedDir != null) {
            env.put(StorageConfig.ENV_SHARED_PATH, sharedDir.toString());
        }
        if (databaseUrl != null) {
            env.put(StorageConfig.ENV_DATABASE_URL, databaseUrl);
            env.remove(StorageConfig.ENV_NEON_DATABASE_URL);
        }
        return env;
    }
}
