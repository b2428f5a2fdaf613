package io.seedgrid.cli;

import io.seedgrid.storage.SeedgridHome;
import io.seedgrid.storage.StorageConfig;
import io.seedgrid.storage.Store;
import io.seedgrid.storage.Stores;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/**
 * Which storage backend a command uses: {@code --storage}, else env {@code STORAGE_BACKEND}, else
 * {@code $SEEDGRID_HOME/seedgrid.properties}, else {@code local}. Locations may be given here or in the usual
 * variables (DUCKDB_PATH, SHARED_STORAGE_PATH, DATABASE_URL / NEON_DATABASE_URL with PGUSER / PGPASSWORD).
 */
final class StorageOptions {
    @Option(names = "--storage", paramLabel = "BACKEND",
            description = "Storage backend: local (a DuckDB file), shared (a directory many nodes use, e.g. NFS) or "
                    + "postgres (alias neon). Default: env STORAGE_BACKEND, the config file, else local.")
    String backend;

    @Option(names = "--duckdb", paramLabel = "FILE",
            description = "DuckDB file of the local backend (default: env DUCKDB_PATH, else $SEEDGRID_HOME/seedgrid.duckdb).")
    Path duckdb;

    @Option(names = "--shared-dir", paramLabel = "DIR", description = "Directory of the shared backend (default: env SHARED_STORAGE_PATH).")
    Path sharedDir;

    @Option(names = "--database-url", paramLabel = "URL",
            description = "JDBC URL of the postgres backend (default: env DATABASE_URL or NEON_DATABASE_URL). "
                    + "Credentials: PGUSER / PGPASSWORD or the config file; never logged.")
    String databaseUrl;

    StorageConfig config() {
        StorageConfig resolved = StorageConfig.resolve(backend);
        return new StorageConfig(resolved.backend(), duckdb != null ? duckdb : resolved.duckdbPath(),
                sharedDir != null ? sharedDir : resolved.sharedPath(),
                databaseUrl != null ? databaseUrl : resolved.databaseUrl(), resolved.user(), resolved.password(),
                resolved.source());
    }

    Store open() {
        return Stores.open(config());
    }

    /** The configured backend first, then every other backend whose location is known (for {@code health --all}). */
    List<StorageConfig> allConfigured() {
        StorageConfig chosen = config();
        List<StorageConfig> all = new ArrayList<>(List.of(chosen));
        for (StorageConfig.Backend other : StorageConfig.Backend.values()) {
            if (other == chosen.backend()) {
                continue;
            }
            StorageConfig candidate = new StorageConfig(other, chosen.duckdbPath() != null ? chosen.duckdbPath()
                    : SeedgridHome.resolve().resolve(StorageConfig.DEFAULT_DUCKDB_FILE), chosen.sharedPath(),
                    chosen.databaseUrl(), chosen.user(), chosen.password(), "configured");
            boolean known = switch (other) {
                case LOCAL -> true;
                case SHARED -> candidate.sharedPath() != null;
                case POSTGRES -> candidate.databaseUrl() != null;
            };
            if (known) {
                all.add(candidate);
            }
        }
        return all;
    }
}
