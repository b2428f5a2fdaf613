package io.seedgrid.validation;

import io.seedgrid.seeds.bars.Bars;
import io.seedgrid.seeds.bars.BundledData;
import io.seedgrid.storage.Ingest;
import io.seedgrid.storage.StorageConfig;
import io.seedgrid.storage.Store;
import io.seedgrid.storage.Stores;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;

/** Real deployments for tests: real stores in a temp directory with real bundled bars ingested. */
final class Deployments {
    /** Lighter sizes for tests whose point is elsewhere: the same checks, fewer genomes in the seed analyses. */
    static final ValidationSettings LIGHT = ValidationSettings.DEFAULT.toBuilder()
            .lookahead(700, 2, 2)
            .recursiveGenomes(1)
            .build();

    private Deployments() {}

    /** A local DuckDB file holding the bundled AAPL bars (252 daily bars: every seed deployable). */
    static StorageConfig localWithAapl(Path dir) {
        StorageConfig config = StorageConfig.local(dir.resolve("seedgrid.duckdb"));
        ingest(config, BundledData.load("AAPL"));
        return config;
    }

    /** A shared directory holding the bundled AAPL bars. */
    static StorageConfig sharedWithAapl(Path dir) {
        StorageConfig config = StorageConfig.shared(dir.resolve("shared"));
        ingest(config, BundledData.load("AAPL"));
        return config;
    }

    static void ingest(StorageConfig config, Bars bars) {
        try (Store store = Stores.open(config)) {
            Ingest.bars(store.bars(), bars, "test " + bars.symbol(), bars.size());
        }
    }

    /** A PostgreSQL URL on 127.0.0.1 where nothing listens: storage that cannot be reached. */
    static StorageConfig unreachablePostgres() {
        return StorageConfig.postgres("jdbc:postgresql://127.0.0.1:" + freePort() + "/seedgrid", "seedgrid", "secret");
    }

    static int freePort() {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
